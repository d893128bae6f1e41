"""Every format x precision round trip on a tiny seeded model: parity within its gate,
state names, manifests (beside and embedded) and refusals of bad files."""

import json

import numpy as np
import pytest

from pushup_mobile.errors import BadInputError, ManifestMismatchError, UnsupportedFormatError
from pushup_mobile.export.formats import (
    FORMATS,
    artifacts_in,
    export_artifact,
    format_by_cli,
    format_for_path,
    load_runner,
    read_manifest,
)
from pushup_mobile.export.manifest import manifest_path
from pushup_mobile.export.parity import probe_frames
from pushup_mobile.export.runner import TorchRunner, next_state, zero_state
from pushup_mobile.export.verify import verify_artifact
from pushup_mobile.files import sha256_file

pytestmark = pytest.mark.slow  # real conversions of a tiny model, each format and precision

JOBS = [(fmt.cli, precision) for fmt in FORMATS for precision in fmt.precisions]
_cache: dict = {}


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("export")


@pytest.fixture
def artifact(request, export_dir, tiny_loaded):
    """Export once per (format, precision) for the whole module."""
    key = request.param
    if key not in _cache:
        _cache[key] = export_artifact(format_by_cli(key[0]), tiny_loaded, key[1], export_dir)
    return _cache[key]


@pytest.mark.parametrize("artifact", JOBS, indirect=True, ids=[f"{f}-{p}" for f, p in JOBS])
def test_round_trip_passes_its_gate(artifact, tiny_loaded):
    manifest = read_manifest(artifact.path)
    assert manifest["format"] == artifact.format.cli
    assert manifest["precision"] == artifact.precision
    assert manifest["model"]["source_sha256"] == tiny_loaded.sha256
    assert manifest["artifact"]["sha256"] == sha256_file(artifact.path)
    result = verify_artifact(artifact.path, tiny_loaded)
    assert result.passed, result.failure
    if artifact.precision == "fp32":
        assert result.parity.worst_diff <= artifact.format.fp32_tolerance
    else:
        assert result.parity.worst_diff > 0, "a quantized file that is bit-exact was not quantized"
        assert result.parity.worst_diff < 0.1


@pytest.mark.parametrize("artifact", JOBS, indirect=True, ids=[f"{f}-{p}" for f, p in JOBS])
def test_state_names_are_not_swapped(artifact, tiny_loaded):
    """Distinct h and c in, h' and c' out: a position-based mapping would swap them."""
    runner, _ = load_runner(artifact.path)
    reference = TorchRunner(tiny_loaded.net)
    frames = probe_frames(64, count=6, seed=5)
    state = zero_state(tiny_loaded.cfg.state_spec())
    for frame in frames[:-1]:  # states in their real range (int8 files are calibrated to it)
        state = next_state(reference.step(frame, state), state)
    got = runner.step(frames[-1], state)
    want = reference.step(frames[-1], state)
    tolerance = 1e-4 if artifact.precision == "fp32" else 3e-2
    for name in ("h", "c", "pushup", "depth", "faults"):
        assert got[name].shape == want[name].shape, name
        np.testing.assert_allclose(got[name], want[name], atol=tolerance, err_msg=name)
    assert np.abs(want["h"] - want["c"]).max() > 2 * tolerance  # the check can tell them apart


@pytest.mark.parametrize(
    "artifact", [j for j in JOBS if format_by_cli(j[0]).embedded], indirect=True, ids=lambda j: f"{j[0]}-{j[1]}"
)
def test_embedded_manifest_reads_back(artifact):
    embedded = artifact.format.embedded(artifact.path)
    beside = read_manifest(artifact.path)
    assert embedded["labels"] == beside["labels"]
    assert embedded["preprocessing"] == beside["preprocessing"]
    assert embedded["model"]["source_sha256"] == beside["model"]["source_sha256"]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.cli)
def test_corrupt_artifact_with_matching_manifest_is_refused(fmt, tmp_path, tiny_loaded):
    bad = tmp_path / f"pushup.fp32{fmt.suffix}"
    bad.write_bytes(b"\x00garbage" * 16)
    from pushup_mobile.export.manifest import build_manifest, describe_file

    manifest = build_manifest(tiny_loaded, format_name=fmt.cli, precision="fp32", layout=fmt.layout, parity={}, export={})
    manifest_path(bad).write_text(json.dumps({**manifest, "artifact": describe_file(bad, bad.name)}))
    with pytest.raises(BadInputError, match="not a valid"):
        load_runner(bad)


@pytest.mark.parametrize("artifact", [("tflite", "fp32")], indirect=True, ids=["tflite-fp32"])
def test_artifact_that_differs_from_its_manifest_is_refused(artifact, tmp_path):
    copy = tmp_path / artifact.path.name
    data = bytearray(artifact.path.read_bytes())
    data[-100] ^= 0xFF
    copy.write_bytes(bytes(data))
    manifest_path(copy).write_text(manifest_path(artifact.path).read_text())
    with pytest.raises(ManifestMismatchError, match="does not match its manifest"):
        load_runner(copy)
    copy.unlink()
    manifest_path(copy).unlink()
    copy.write_bytes(artifact.path.read_bytes())
    with pytest.raises(ManifestMismatchError, match="no manifest"):
        load_runner(copy)


@pytest.mark.parametrize("artifact", [("onnx", "fp32")], indirect=True, ids=["onnx-fp32"])
def test_verify_refuses_an_artifact_from_another_model(artifact):
    from pushup_mobile.families import LoadedModel, build_model, state_sha256
    from tests.conftest import TINY

    other = build_model(TINY, seed=99)
    loaded = LoadedModel(net=other, source="other", sha256=state_sha256(other), trained=False)
    with pytest.raises(ManifestMismatchError, match="exported from model"):
        verify_artifact(artifact.path, loaded)


def test_unknown_formats_and_precisions(tmp_path, tiny_loaded):
    with pytest.raises(UnsupportedFormatError, match="unknown artifact type"):
        format_for_path(tmp_path / "model.caffemodel")
    with pytest.raises(UnsupportedFormatError, match="unknown format"):
        format_by_cli("coreml")
    with pytest.raises(UnsupportedFormatError, match="not supported"):
        export_artifact(format_by_cli("torchscript"), tiny_loaded, "int8", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_failed_conversion_leaves_no_file(tmp_path, tiny_loaded):
    from dataclasses import replace

    from pushup_mobile.errors import ExportError

    def broken(loaded, precision, target):
        target.write_bytes(b"half")
        raise RuntimeError("converter crashed")

    fmt = replace(format_by_cli("onnx"), convert=broken)
    with pytest.raises(ExportError, match="onnx fp32: conversion failed: RuntimeError: converter crashed"):
        export_artifact(fmt, tiny_loaded, "fp32", tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert artifacts_in(tmp_path) == []
