"""The transformer family: its state is the window of the last frames, and the app takes it
(every format: tests/families/test_named_state_formats.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from pushup_mobile.export.bundle import bundle
from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.runner import next_state, zero_state
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


def test_a_step_shifts_the_window_by_the_frame_it_took(checkpoint):
    reference = open_model(checkpoint)
    rng = np.random.default_rng(0)
    state = zero_state(reference.state_spec)
    frames = [rng.uniform(-1, 1, (1, NUM_FEATURES)).astype(np.float32) for _ in range(CFG.window + 2)]
    for frame in frames:
        state = next_state(reference.runner.step(frame, state), state)
    np.testing.assert_array_equal(state["window"][0], np.concatenate(frames[-CFG.window:]))


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
