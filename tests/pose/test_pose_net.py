"""The pose temporal model honours the contract: clip and step forms agree, the pixel
family's step wrapper and losses take it unchanged, and it is small."""

import numpy as np
import pytest
import torch

from pushup_mobile.contract import FAULTS, HEADS
from pushup_mobile.model import ModelConfig
from pushup_mobile.families import build_model, load_model
from pushup_mobile.model.net import StepModel, clip_outputs, zero_state
from pushup_mobile.pose.features import NUM_FEATURES
from pushup_mobile.pose.net import PoseModelConfig, build_pose_model, parameter_count
from pushup_mobile.train.losses import losses


@pytest.mark.parametrize("layers", [1, 2])
def test_step_form_from_zero_state_matches_the_clip_form(layers):
    cfg = PoseModelConfig(layers=layers)
    net = build_pose_model(cfg, seed=1)
    frames = torch.randn(2, 16, NUM_FEATURES)
    with torch.no_grad():
        clip = net(frames)
        state = zero_state(cfg, batch=2)
        steps = []
        for t in range(16):
            out = net.step(frames[:, t], state)
            state = out.state
            steps.append(out)
    assert clip.keypoints is None
    for name in ("pushup", "depth", "faults"):
        stepped = torch.stack([getattr(s, name) for s in steps], dim=1)
        assert stepped.shape == getattr(clip, name).shape
        assert (stepped - getattr(clip, name)).abs().max() <= 1e-5, name


def test_the_pixel_familys_step_wrapper_and_losses_take_it():
    net = build_pose_model(PoseModelConfig(), seed=0)
    with torch.no_grad():
        outputs = StepModel(net)(torch.randn(1, NUM_FEATURES), *zero_state(net.cfg))
    assert len(outputs) == len(HEADS) + len(net.cfg.state_spec())
    assert [tuple(o.shape) for o in outputs[:3]] == [(1, 1), (1, 1), (1, len(FAULTS))]
    assert 0.0 <= float(outputs[1]) <= 1.0
    batch = {"pushup": torch.ones(2, 8), "depth": torch.rand(2, 8), "faults": torch.zeros(2, 8, len(FAULTS))}
    parts = losses(net(torch.randn(2, 8, NUM_FEATURES)), batch)
    assert set(parts) == {"pushup", "depth", "faults"} and all(torch.isfinite(v) for v in parts.values())


def test_it_is_far_smaller_than_the_pixel_model():
    pose = parameter_count(build_pose_model(PoseModelConfig()))
    pixel = parameter_count(build_model(ModelConfig()))
    assert pose < 100_000 and pose * 5 < pixel, (pose, pixel)  # 70,375 against 426,287


def test_the_shipped_pose_model_does_not_call_an_empty_scene_a_push_up():
    """Six seconds with nobody seen, from the start of a stream: no push-up, so no push-up
    time and no rep (it once answered 0.83 here, having learned that unseen frames are
    mostly push-up frames)."""
    net = load_model("pose").net
    out = clip_outputs(net, np.zeros((90, net.cfg.features), np.float32))
    assert (1 / (1 + np.exp(-out["pushup"][:, 0])) < 0.5).all()
