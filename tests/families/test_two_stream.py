"""The two-stream family: its motion stream reads frame differences and its state carries
the last frame (every format: tests/families/test_named_state_formats.py)."""

import torch

from pushup_mobile.model.net import zero_state
from pushup_mobile.train.frames import FrameModel
from pushup_mobile.two_stream.net import TwoStreamConfig, build_two_stream

CFG = TwoStreamConfig(input_size=32, embed_dim=8, hidden=8, keypoints=17, motion_widths=(4, 8), motion_dim=8)


def test_the_state_carries_the_frame_a_step_took():
    net = build_two_stream(CFG, seed=0)
    frame = torch.randn(1, *CFG.frame_shape)
    with torch.no_grad():
        out = net.step(frame, zero_state(CFG))
    assert torch.equal(out.state[2], frame) and list(CFG.state_spec()) == ["h", "c", "previous"]


def test_the_motion_stream_is_fed_the_change_since_the_last_frame():
    net = build_two_stream(CFG, seed=0)
    seen = []
    net.motion.register_forward_hook(lambda module, args, out: seen.append(args[0].clone()))
    frames = torch.randn(1, 4, *CFG.frame_shape)
    with torch.no_grad():
        net(frames)
        state = zero_state(CFG)
        for t in range(4):
            state = net.step(frames[:, t], state).state
    previous = torch.cat([torch.zeros_like(frames[:, :1]), frames[:, :-1]], dim=1)
    expected = (frames - previous)[0]
    assert torch.equal(seen[0], expected)  # the clip form: every frame's change, zeros before the first
    assert all(torch.equal(step[0], expected[t]) for t, step in enumerate(seen[1:]))  # the step form alike


def test_the_per_frame_stage_trains_the_appearance_stream_alone():
    """The pixel recipe's first stage gives the appearance stream the pixel family's budget."""
    net = build_two_stream(CFG, seed=0)
    staged = {id(p) for p in FrameModel(net).parameters()}
    appearance = [*net.features.parameters(), *net.project.parameters(), *net.keypoint_head.parameters()]
    assert all(id(p) in staged for p in appearance)
    assert not any(id(p) in staged for p in [*net.motion.parameters(), *net.lstm.parameters()])
