"""TFLite round trip on a tiny seeded model: parity, names, manifest and refusals."""

import json

import numpy as np
import pytest

from pushup_mobile.errors import BadInputError, ManifestMismatchError, UnsupportedFormatError
from pushup_mobile.export.formats import export_artifact, format_by_cli, format_for_path, load_runner
from pushup_mobile.export.manifest import manifest_path, read_manifest
from pushup_mobile.export.runner import TorchRunner
from pushup_mobile.export.verify import verify_artifact


@pytest.fixture(scope="module")
def tflite_artifact(tmp_path_factory, tiny_loaded):
    out = tmp_path_factory.mktemp("export")
    return export_artifact(format_by_cli("tflite"), tiny_loaded, "fp32", out)


def test_export_writes_artifact_and_manifest_only(tflite_artifact):
    folder = tflite_artifact.path.parent
    assert sorted(p.name for p in folder.iterdir()) == ["pushup.fp32.tflite", "pushup.fp32.tflite.json"]
    manifest = read_manifest(tflite_artifact.path)
    assert manifest["layout"] == "NHWC"
    assert manifest["inputs"]["frame"]["shape"] == [1, 64, 64, 3]
    assert manifest["parity"]["worst_diff"] <= 1e-3


def test_verify_passes_within_fp32_gate(tflite_artifact, tiny_loaded):
    result = verify_artifact(tflite_artifact.path, tiny_loaded)
    assert result.passed, result.failure
    assert result.parity.worst_diff <= 1e-3
    assert result.parity.pushup_agreement == 1.0


def test_state_names_are_not_swapped(tflite_artifact, tiny_loaded):
    """Distinct h and c in, h' and c' out: a position-based mapping would swap them."""
    runner, _ = load_runner(tflite_artifact.path)
    rng = np.random.default_rng(0)
    shape = tiny_loaded.cfg.state_shape()
    frame = rng.normal(size=(1, 3, 64, 64)).astype(np.float32)
    h = rng.normal(size=shape).astype(np.float32)
    c = (rng.normal(size=shape) * 3).astype(np.float32)
    got = runner.step(frame, h, c)
    want = TorchRunner(tiny_loaded.net).step(frame, h, c)
    for name in ("h", "c", "pushup", "depth", "faults"):
        np.testing.assert_allclose(got[name], want[name], atol=1e-4, err_msg=name)
    assert np.abs(want["h"] - want["c"]).max() > 1e-2  # the check can tell them apart


def test_artifact_that_differs_from_its_manifest_is_refused(tflite_artifact, tmp_path):
    copy = tmp_path / tflite_artifact.path.name
    data = bytearray(tflite_artifact.path.read_bytes())
    data[-100] ^= 0xFF
    copy.write_bytes(bytes(data))
    manifest_path(copy).write_text(manifest_path(tflite_artifact.path).read_text())
    with pytest.raises(ManifestMismatchError, match="does not match its manifest"):
        load_runner(copy)


def test_corrupt_artifact_with_matching_manifest_is_refused(tflite_artifact, tmp_path):
    from pushup_mobile.files import sha256_file

    bad = tmp_path / "pushup.fp32.tflite"
    bad.write_bytes(b"\x00" * 64)
    manifest = json.loads(manifest_path(tflite_artifact.path).read_text())
    manifest["artifact"]["sha256"] = sha256_file(bad)
    manifest_path(bad).write_text(json.dumps(manifest))
    with pytest.raises(BadInputError, match="not a valid TFLite model"):
        load_runner(bad)


def test_missing_manifest_and_unknown_formats(tflite_artifact, tmp_path):
    lonely = tmp_path / "pushup.fp32.tflite"
    lonely.write_bytes(tflite_artifact.path.read_bytes())
    with pytest.raises(ManifestMismatchError, match="no manifest"):
        load_runner(lonely)
    with pytest.raises(UnsupportedFormatError, match="unknown artifact type"):
        format_for_path(tmp_path / "model.caffemodel")
    with pytest.raises(UnsupportedFormatError, match="unknown format"):
        format_by_cli("coreml")


def test_verify_refuses_an_artifact_from_another_model(tflite_artifact):
    from pushup_mobile.model import ModelConfig, build_model
    from pushup_mobile.model.checkpoint import LoadedModel, state_sha256

    other = build_model(ModelConfig(input_size=64, width_mult=0.5, embed_dim=32, hidden=32), seed=99)
    loaded = LoadedModel(net=other, source="other", sha256=state_sha256(other), trained=False)
    with pytest.raises(ManifestMismatchError, match="exported from model"):
        verify_artifact(tflite_artifact.path, loaded)
