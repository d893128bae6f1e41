import pytest
import torch

from pushup_mobile.contract import FAULTS
from pushup_mobile.families import build_model, state_sha256
from pushup_mobile.model import ModelConfig, zero_state


def run_steps(net, frames):
    state = zero_state(net.cfg, batch=frames.shape[0])
    outs = []
    for t in range(frames.shape[1]):
        out = net.step(frames[:, t], state)
        state = out.state
        outs.append(out)
    return outs


def test_clip_and_step_forms_agree_on_16_frames(tiny_cfg):
    net = build_model(tiny_cfg, seed=1)
    frames = torch.randn(1, 16, 3, tiny_cfg.input_size, tiny_cfg.input_size)
    with torch.no_grad():
        clip = net(frames)
        steps = run_steps(net, frames)
    for name in ("pushup", "depth", "faults"):
        stepped = torch.stack([getattr(o, name) for o in steps], dim=1)
        assert stepped.shape == getattr(clip, name).shape
        assert (stepped - getattr(clip, name)).abs().max().item() <= 1e-5, name


def test_default_config_clip_and_step_agree():
    net = build_model(ModelConfig(), seed=0)
    frames = torch.randn(1, 16, *net.cfg.frame_shape)
    with torch.no_grad():
        clip = net(frames)
        steps = run_steps(net, frames)
    stepped = torch.stack([o.faults for o in steps], dim=1)
    assert (stepped - clip.faults).abs().max().item() <= 1e-5


def test_shapes_ranges_and_state(tiny_cfg):
    net = build_model(tiny_cfg, seed=0)
    frames = torch.randn(2, 5, 3, tiny_cfg.input_size, tiny_cfg.input_size) * 3
    with torch.no_grad():
        clip = net(frames)
        h, c = zero_state(tiny_cfg, batch=2)
        step = net.step(frames[:, 0], (h, c))
    assert clip.pushup.shape == (2, 5, 1)
    assert clip.depth.shape == (2, 5, 1)
    assert clip.faults.shape == (2, 5, len(FAULTS))
    assert clip.keypoints is None
    assert 0.0 <= clip.depth.min().item() and clip.depth.max().item() <= 1.0
    assert [tuple(t.shape) for t in step.state] == [(tiny_cfg.layers, 2, tiny_cfg.hidden)] * 2
    assert not torch.equal(step.state[0], h), "the state must move"


def test_keypoint_head_only_in_clip_form():
    cfg = ModelConfig(input_size=64, width_mult=0.5, embed_dim=32, hidden=32, keypoints=17)
    net = build_model(cfg)
    with torch.no_grad():
        clip = net(torch.randn(1, 3, 3, 64, 64))
        step = net.step(torch.randn(1, 3, 64, 64), zero_state(cfg))
    assert clip.keypoints.shape == (1, 3, 17, 2)
    assert len(step) == 4 and len(step.state) == 2


def test_same_seed_same_model_other_seed_differs(tiny_cfg):
    assert state_sha256(build_model(tiny_cfg, seed=7)) == state_sha256(build_model(tiny_cfg, seed=7))
    assert state_sha256(build_model(tiny_cfg, seed=7)) != state_sha256(build_model(tiny_cfg, seed=8))
    frames = torch.randn(1, 4, 3, 64, 64)
    with torch.no_grad():
        a = build_model(tiny_cfg, seed=7)(frames).faults
        b = build_model(tiny_cfg, seed=7)(frames).faults
    assert torch.equal(a, b)


@pytest.mark.parametrize("bad", [{"hidden": 32, "colour": 3}])
def test_config_rejects_unknown_keys(bad):
    from pushup_mobile.errors import BadInputError

    with pytest.raises(BadInputError, match="colour"):
        ModelConfig.from_dict(bad)
