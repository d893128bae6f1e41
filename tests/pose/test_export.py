"""The pose family through the same exporters, verify and runtime as the pixel family."""

import json

import numpy as np
import pytest

from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.runner import zero_state
from pushup_mobile.export.verify import verify_artifact
from pushup_mobile.families import load_model, save_checkpoint
from pushup_mobile.pose.features import NUM_FEATURES
from pushup_mobile.pose.net import PoseModelConfig, build_pose_model
from pushup_mobile.runtime.models import open_model


@pytest.fixture(scope="module")
def pose_checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("pose") / "pose.pt"
    save_checkpoint(build_pose_model(PoseModelConfig(embed_dim=16, hidden=16), seed=1), path, {"epoch": 0})
    return path


@pytest.mark.parametrize(("cli", "layout_shape"), [("tflite", [1, NUM_FEATURES]), ("onnx", [1, NUM_FEATURES]),
                                                   ("torchscript", [1, NUM_FEATURES])])
def test_pose_artifacts_match_pytorch_and_say_what_they_take(pose_checkpoint, tmp_path, cli, layout_shape):
    loaded = load_model(pose_checkpoint)
    artifact = export_artifact(format_by_cli(cli), loaded, "fp32", tmp_path)
    assert artifact.path.name == f"pushup-pose.fp32{format_by_cli(cli).suffix}"
    manifest = json.loads(artifact.manifest_path.read_text())
    assert manifest["model"]["family"] == "pose" and manifest["inputs"]["frame"]["shape"] == layout_shape
    assert manifest["preprocessing"]["front_end"] == "blazepose"
    result = verify_artifact(artifact.path, loaded)
    assert result.passed and result.parity.worst_diff < 1e-4 and result.parity.frames > 0
    opened = open_model(artifact.path)  # the app's view: a pose front-end and the artifact's runner
    assert opened.frame_input.to_manifest() == manifest["preprocessing"]
    features = np.random.default_rng(0).uniform(-1, 1, (1, NUM_FEATURES)).astype(np.float32)
    state = zero_state(opened.state_spec)
    assert manifest["state"] == ["h", "c"] and opened.state_spec == {"h": (1, 1, 16), "c": (1, 1, 16)}
    reference = open_model(pose_checkpoint).runner.step(features, state)
    np.testing.assert_allclose(opened.runner.step(features, state)["depth"], reference["depth"], atol=1e-5)
