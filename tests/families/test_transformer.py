"""The transformer family through the whole tool chain: its state is a window of frames,
not an LSTM's h and c, and every format, verify and the streaming session take it by name."""

import json
from pathlib import Path

import numpy as np
import pytest

from pushup_mobile.export.bundle import bundle
from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.runner import next_state, zero_state
from pushup_mobile.export.verify import verify_artifact
from pushup_mobile.families import load_model, save_checkpoint
from pushup_mobile.pose.features import NUM_FEATURES
from pushup_mobile.runtime.models import open_model
from pushup_mobile.transformer.net import TransformerConfig, build_transformer

CFG = TransformerConfig(window=6, d_model=16, heads=2, layers=2, ff=32)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("transformer") / "transformer.pt"
    save_checkpoint(build_transformer(CFG, seed=3), path, {"epoch": 0})
    return path


@pytest.mark.slow
@pytest.mark.parametrize("cli", ["tflite", "onnx", "torchscript", "executorch"])
def test_each_format_carries_the_window_and_matches_pytorch(checkpoint, tmp_path, cli):
    loaded = load_model(checkpoint)
    artifact = export_artifact(format_by_cli(cli), loaded, "fp32", tmp_path)
    assert artifact.path.name == f"pushup-transformer.fp32{format_by_cli(cli).suffix}"
    manifest = json.loads(artifact.manifest_path.read_text())
    assert manifest["model"]["family"] == "transformer" and manifest["state"] == ["window"]
    assert manifest["inputs"]["window"]["shape"] == manifest["outputs"]["window"]["shape"] == [1, 6, NUM_FEATURES]
    assert "h" not in manifest["inputs"]
    assert verify_artifact(artifact.path, loaded).passed
    opened, reference = open_model(artifact.path), open_model(checkpoint)
    assert opened.state_spec == reference.state_spec == {"window": (1, 6, NUM_FEATURES)}
    rng = np.random.default_rng(0)
    state = zero_state(opened.state_spec)
    for _ in range(CFG.window + 2):  # past a full window: the oldest frame has been dropped
        frame = rng.uniform(-1, 1, (1, NUM_FEATURES)).astype(np.float32)
        got, want = opened.runner.step(frame, state), reference.runner.step(frame, state)
        for name in ("pushup", "depth", "faults", "window"):
            np.testing.assert_allclose(got[name], want[name], atol=1e-4, err_msg=name)
        assert np.array_equal(got["window"][0, -1], frame[0])
        state = next_state(got, state)


@pytest.mark.slow
def test_the_app_takes_a_window_state_and_blazepose_with_it(checkpoint, tmp_path):
    """The Android app feeds back whatever state the manifest names, so a transformer
    artifact is bundled like a pose one: its window in the manifest, BlazePose beside it."""
    artifact = export_artifact(format_by_cli("tflite"), load_model(checkpoint), "fp32", tmp_path)
    app = tmp_path / "android_demo"
    (app / "app" / "src" / "main").mkdir(parents=True)
    (app / "app" / "src" / "main" / "AndroidManifest.xml").write_text("<manifest/>")
    result = bundle(artifact.path, app)
    shipped = json.loads(result.manifest.read_text())
    assert shipped["state"] == ["window"] and shipped["inputs"]["window"]["shape"] == [1, CFG.window, NUM_FEATURES]
    assets = result.model.parent
    assert all((assets / Path(ref).name).is_file() for ref in shipped["preprocessing"]["front_end_models"])
    assert json.loads(result.replay_expected.read_text())["reps"] == result.reps
