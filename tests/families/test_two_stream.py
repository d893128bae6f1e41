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


def test_the_motion_stream_sees_change_and_not_a_still_picture():
    net = build_two_stream(CFG, seed=0)
    still = torch.randn(1, 1, *CFG.frame_shape).repeat(1, 6, 1, 1, 1)
    moving = still.clone()
    moving[:, 3:] += 0.5
    with torch.no_grad():
        motion = [net.motion((clip[0, 1:] - clip[0, :-1])) for clip in (still, moving)]
    assert torch.allclose(motion[0], motion[0][:1].expand_as(motion[0]))  # nothing moves: one embedding
    assert not torch.allclose(motion[1][2], motion[1][1])  # the frame that changed stands out


def test_the_per_frame_stage_trains_the_appearance_stream_alone():
    """The pixel recipe's first stage gives the appearance stream the pixel family's budget."""
    net = build_two_stream(CFG, seed=0)
    staged = {id(p) for p in FrameModel(net).parameters()}
    appearance = [*net.features.parameters(), *net.project.parameters(), *net.keypoint_head.parameters()]
    assert all(id(p) in staged for p in appearance)
    assert not any(id(p) in staged for p in [*net.motion.parameters(), *net.lstm.parameters()])
