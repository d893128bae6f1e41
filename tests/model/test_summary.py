import torch
from torch import nn

from pushup_mobile.families import build_model
from pushup_mobile.model.summary import count_macs, summarize


def test_macs_of_known_layers():
    conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)  # 8x8 output
    assert count_macs(conv, torch.zeros(1, 3, 8, 8)) == 8 * 8 * 8 * 3 * 3 * 3
    depthwise = nn.Conv2d(4, 4, kernel_size=3, padding=1, groups=4)
    assert count_macs(depthwise, torch.zeros(1, 4, 5, 5)) == 4 * 5 * 5 * 9
    assert count_macs(nn.Linear(10, 7), torch.zeros(1, 10)) == 70
    lstm = nn.LSTM(6, 5, batch_first=True)
    assert count_macs(lstm, torch.zeros(1, 3, 6)) == 3 * 4 * 5 * (6 + 5)


def test_summary_of_the_full_width_128px_model_matches_its_parameters():
    from pushup_mobile.model import ModelConfig

    net = build_model(ModelConfig(input_size=128, width_mult=1.0))
    summary = summarize(net)
    assert summary.parameters == sum(p.numel() for p in net.parameters())
    # MobileNetV3-Small is ~56 M MACs at 224x224; at 128x128 about (128/224)^2 of it.
    assert 15e6 < summary.macs_per_frame < 22e6
    assert summary.state_spec == {"h": (1, 1, 128), "c": (1, 1, 128)}
