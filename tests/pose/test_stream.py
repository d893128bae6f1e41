"""The pose family end to end: frame by frame through BlazePose, the features' state and
the LSTM state gives what the clip forms give on the same keypoints."""

import numpy as np
import pytest

from pushup_mobile.pose.blazepose import BlazePose, PoseResult
from pushup_mobile.pose.features import clip_features
from pushup_mobile.model.net import clip_outputs
from pushup_mobile.pose.net import PoseModelConfig, build_pose_model
from pushup_mobile.pose.stream import PoseStream, observation
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.splits import SPLITS

SEED = 2  # training split: a side-view push-up, landscape


@pytest.fixture(scope="module")
def stream_and_frames():
    frames, _ = render_clip(sample_clip(SEED, SPLITS["train"], frames=6, size=384, variant="standard", view="side",
                                       framing="full", edit="none"))
    return PoseStream(build_pose_model(PoseModelConfig(embed_dim=16, hidden=16), seed=2), BlazePose()), frames


def test_streaming_equals_the_clip_forms_on_the_same_keypoints(stream_and_frames):
    stream, frames = stream_and_frames
    stream.reset()
    steps = [stream(frame) for frame in frames]
    assert all(s.visibility.max() > 0.5 for s in steps)  # BlazePose found the person throughout
    height, width = frames.shape[1:3]
    features = clip_features(np.stack([s.keypoints for s in steps]), np.stack([s.visibility for s in steps]), width, height)
    clip = clip_outputs(stream.net, features)
    for name in ("pushup", "depth", "faults"):
        np.testing.assert_allclose(np.stack([getattr(s, name) for s in steps]), clip[name], atol=1e-5)


def test_a_lost_person_reaches_the_model_as_a_frame_with_nothing_seen(stream_and_frames):
    stream, frames = stream_and_frames
    stream.reset()
    step = stream(np.zeros_like(frames[0]))
    assert not step.visibility.any()
    expected = clip_outputs(stream.net, np.zeros((1, stream.net.cfg.features), np.float32))
    np.testing.assert_allclose(step.pushup, expected["pushup"][0], atol=1e-6)


def test_low_presence_hides_every_joint():
    keypoints = np.random.default_rng(0).uniform(size=(33, 2)).astype(np.float32)
    visibility = np.full(33, 0.9, np.float32)
    _, kept = observation(PoseResult(keypoints, visibility, 0.8, False))
    _, dropped = observation(PoseResult(keypoints, visibility, 0.3, False))
    assert kept.shape == (17,) and (kept == 0.9).all() and not dropped.any()


def test_a_pose_checkpoint_runs_in_the_apps_session_as_the_stream_does(stream_and_frames, tmp_path):
    import cv2

    from pushup_mobile.runtime.session import StreamingSession
    from pushup_mobile.families import save_checkpoint
    from pushup_mobile.runtime.models import open_model

    stream, frames = stream_and_frames
    save_checkpoint(stream.net, tmp_path / "pose.pt", {"epoch": 0})
    opened = open_model(tmp_path / "pose.pt")
    assert opened.name == "blazepose-lstm" and opened.frame_input.to_manifest()["front_end"] == "blazepose"
    session = StreamingSession(opened)
    stream.reset()
    for i, frame in enumerate(frames):
        result = session.push(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), i / 15)
        expected = stream(frame)
        assert result.pushup == pytest.approx(1 / (1 + np.exp(-expected.pushup[0])), abs=1e-5)
        assert result.depth == pytest.approx(expected.depth[0], abs=1e-5)
