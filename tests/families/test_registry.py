"""The family table is the one place that knows families apart."""

import ast
from pathlib import Path

import pytest
import torch

import pushup_mobile
from pushup_mobile.errors import BadInputError
from pushup_mobile.export.manifest_schema import ModelSection
from pushup_mobile.families import FAMILIES, build_model, family, family_of, is_family_name
from pushup_mobile.model.summary import summarize
from pushup_mobile.model.net import zero_state
from tests.conftest import TINY_FAMILY_CONFIGS

PACKAGE = Path(pushup_mobile.__file__).parent


def test_every_family_has_a_tiny_config_here():
    assert set(TINY_FAMILY_CONFIGS) == set(FAMILIES)


def _family_branches(source: str) -> list[int]:
    """Lines comparing something with a family's name (``x == "pose"``, ``family != "pixel"``,
    ``cfg.family in (...)``): a tool deciding by family instead of asking the table."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        names = {o.value for o in operands if isinstance(o, ast.Constant)} & set(FAMILIES)
        reads_family = any(isinstance(o, ast.Attribute) and o.attr == "family" for o in operands)
        if names or reads_family:
            lines.append(node.lineno)
    return lines


def test_the_branch_finder_finds_branches():
    assert _family_branches('if cfg.family == "pose":\n    pass\nx = "pixel" != y\n') == [1, 3]
    assert _family_branches('name = "pose"\nif a == b:\n    pass\n') == []


def test_no_tool_branches_on_a_family_outside_the_table():
    found = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if path.parent.name != "families" and (lines := _family_branches(path.read_text()))}
    assert found == {}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_row_builds_describes_and_names_its_manifest(name):
    row, cfg = family(name), TINY_FAMILY_CONFIGS[name]
    net = build_model(cfg, seed=0)
    assert family_of(net.cfg) is row and row.config_type.from_dict(cfg.to_dict()) == cfg
    assert row.cost(cfg, summarize(net)).strip()
    section = row.preprocessing(cfg)
    assert section["fps"] > 0
    ModelSection.model_validate({"name": cfg.name, "family": name, "trained": False, "source_sha256": "0" * 64,
                                 "config": cfg.to_dict()})
    assert all(path.is_file() for path in row.front_end_files(section))


def test_every_family_has_its_own_artifact_stem():
    assert len({row.artifact_stem for row in FAMILIES.values()}) == len(FAMILIES)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_step_form_run_from_zero_state_is_the_clip_form(name):
    """The contract every family honours (docs/ARCHITECTURE.md): streaming one frame at a
    time with the declared state gives what training's clip form gives."""
    cfg = TINY_FAMILY_CONFIGS[name]
    net = build_model(cfg, seed=1)
    frames = torch.randn(2, 10, *cfg.frame_shape)
    with torch.no_grad():
        clip, state, steps = net(frames), zero_state(cfg, batch=2), []
        for t in range(frames.shape[1]):
            out = net.step(frames[:, t], state)
            assert [tuple(s.shape) for s in out.state] == list(cfg.state_spec(2).values())
            state = out.state
            steps.append(out)
    for head in ("pushup", "depth", "faults"):
        stepped = torch.stack([getattr(s, head) for s in steps], dim=1)
        assert (stepped - getattr(clip, head)).abs().max() <= 1e-5, head


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_row_streams_labelled_clips_its_model_takes(name):
    row, cfg = family(name), TINY_FAMILY_CONFIGS[name]
    clip = row.stream_clips(cfg, "test", 1, 8, 0)[0]
    assert clip.frames.shape == (8, 1, *cfg.frame_shape) and clip.pushup.shape == (8,)


def test_unknown_names_are_one_clear_error():
    with pytest.raises(BadInputError, match="unknown model family 'hologram' \\(known: pixel, pose, transformer, cnn3d, two_stream\\)"):
        family("hologram")
    assert is_family_name("pose") and not is_family_name("hologram") and not is_family_name(None)
