"""The (2+1)D family: causal in time, with the context its dilations promise (every
format: tests/families/test_named_state_formats.py)."""

import json

import torch

from pushup_mobile.cnn3d.net import Conv3DConfig, build_cnn3d

CFG = Conv3DConfig(input_size=32, stem=4, widths=(6, 8), dilations=(1, 3), embed_dim=8)
CONTEXT = 1 + 2 * sum(CFG.dilations)  # frames one output sees: the current one and 8 before it


def test_a_frame_reaches_exactly_the_outputs_of_its_context():
    net = build_cnn3d(CFG, seed=1)
    frames = torch.randn(1, 20, *CFG.frame_shape)
    changed = frames.clone()
    changed[:, 5] += 1.0
    with torch.no_grad():
        before, after = net(frames).pushup[0, :, 0], net(changed).pushup[0, :, 0]
    moved = (before - after).abs() > 1e-7
    assert not moved[:5].any()  # causal: nothing before the frame changes
    assert moved[5 : 5 + CONTEXT].all()
    assert not moved[5 + CONTEXT :].any()  # and the taps forget it after the context


def test_the_state_holds_each_blocks_last_frames():
    assert CFG.state_spec() == {"taps1": (1, 2 * 1 * 6, 8, 8), "taps2": (1, 2 * 3 * 8, 4, 4)}
    assert set(CFG.state_meaning) == set(CFG.state_spec())
    assert Conv3DConfig.from_dict(json.loads(json.dumps(CFG.to_dict()))) == CFG  # stored lists back as tuples
