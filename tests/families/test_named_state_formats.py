"""Families whose state is not an LSTM's h and c, through every format: the manifest names
their state, verify passes, and a stream stepped past the state's whole memory matches
PyTorch tensor by tensor."""

import json

import numpy as np
import pytest

from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.runner import next_state, zero_state
from pushup_mobile.export.verify import verify_artifact
from pushup_mobile.families import build_model, family_of, load_model, save_checkpoint
from pushup_mobile.runtime.models import open_model
from tests.conftest import TINY_FAMILY_CONFIGS

MEMORY = {
    "transformer": TINY_FAMILY_CONFIGS["transformer"].window,  # the window of the last frames' features
    "cnn3d": 1 + 2 * sum(TINY_FAMILY_CONFIGS["cnn3d"].dilations),  # per block, its input over the last 2d frames
    "two_stream": 2,  # h, c and the previous frame
}
"""Steps a stream must run before its state has forgotten the first frame."""


@pytest.fixture(scope="module", params=sorted(MEMORY))
def checkpoint(request, tmp_path_factory):
    cfg = TINY_FAMILY_CONFIGS[request.param]
    path = tmp_path_factory.mktemp(request.param) / f"{request.param}.pt"
    save_checkpoint(build_model(cfg, seed=3), path, {"epoch": 0})
    return path, cfg, MEMORY[request.param]


@pytest.mark.slow
@pytest.mark.parametrize("cli", ["tflite", "onnx", "torchscript", "executorch"])
def test_each_format_carries_the_named_state_and_matches_pytorch(checkpoint, tmp_path, cli):
    path, cfg, memory = checkpoint
    loaded = load_model(path)
    artifact = export_artifact(format_by_cli(cli), loaded, "fp32", tmp_path)
    row = family_of(cfg)
    assert artifact.path.name == f"{row.artifact_stem}.fp32{format_by_cli(cli).suffix}"
    manifest = json.loads(artifact.manifest_path.read_text())
    names = list(cfg.state_spec())
    assert manifest["model"]["family"] == row.name and manifest["state"] == names
    assert all(manifest["inputs"][n]["shape"] == manifest["outputs"][n]["shape"] for n in names)
    assert verify_artifact(artifact.path, loaded).passed
    opened, reference = open_model(artifact.path), open_model(path)
    assert opened.state_spec == reference.state_spec == cfg.state_spec()
    rng = np.random.default_rng(0)
    state = zero_state(opened.state_spec)
    for _ in range(memory + 2):  # past the whole memory: the oldest frame has been dropped
        frame = rng.uniform(-1, 1, (1, *cfg.frame_shape)).astype(np.float32)
        got, want = opened.runner.step(frame, state), reference.runner.step(frame, state)
        for name in ("pushup", "depth", "faults", *names):
            np.testing.assert_allclose(got[name], want[name], atol=1e-4, err_msg=name)
        state = next_state(got, state)
