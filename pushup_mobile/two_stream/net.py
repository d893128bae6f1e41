"""Two streams, appearance and motion, fused before the LSTM.

The appearance stream is the pixel family's MobileNetV3-Small on the frame; the motion
stream is a small convolutional net on the difference between this frame and the last one
(a cheap stand-in for optical flow: what moved, and where). Their embeddings are joined and
the LSTM and the contract's heads follow as in the pixel family. The streaming state is the
LSTM's ``h`` and ``c`` plus ``previous``, the last frame as the model took it (zeros
before the stream starts, so the first difference is the frame itself, in the clip form
and the step form alike).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import torch
from torch import Tensor, nn

from pushup_mobile.model.config import ModelConfig
from pushup_mobile.model.net import ClipOutputs, PushupNet, StepOutputs


@dataclass(frozen=True)
class TwoStreamConfig(ModelConfig):
    """The pixel family's hyper-parameters (:class:`ModelConfig`) plus the motion stream's:
    ``motion_widths`` channels of its stride-2 convolutions, ``motion_dim`` its embedding."""

    name: str = "mnv3s-diff-lstm"
    crop: str = "person"
    motion_widths: tuple[int, ...] = (16, 32, 64, 64)
    motion_dim: int = 64

    family = "two_stream"
    state_meaning: ClassVar[dict[str, str]] = {
        "h": "LSTM h", "c": "LSTM c", "previous": "the last frame as the model took it (zeros at the start)"}

    def __post_init__(self) -> None:
        object.__setattr__(self, "motion_widths", tuple(self.motion_widths))  # a stored config's list

    def to_dict(self) -> dict[str, Any]:
        """As stored, the crop always named (no two-stream checkpoint predates crops)."""
        return {**super().to_dict(), "crop": self.crop}

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """The LSTM's ``h`` and ``c`` and the ``previous`` frame ``[batch, 3, S, S]``."""
        return {**super().state_spec(batch), "previous": (batch, *self.frame_shape)}


def _motion_stream(cfg: TwoStreamConfig) -> nn.Sequential:
    layers: list[nn.Module] = []
    channels = 3
    for width in cfg.motion_widths:
        layers += [nn.Conv2d(channels, width, 3, 2, 1, bias=False), nn.BatchNorm2d(width), nn.Hardswish()]
        channels = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, cfg.motion_dim),
                         nn.Hardswish())


class TwoStreamNet(PushupNet):
    """The two-stream family. Build it with :func:`build_two_stream`. ``embed`` stays the
    appearance stream alone, so the pixel recipe's per-frame stage trains it unchanged."""

    def __init__(self, cfg: TwoStreamConfig) -> None:
        super().__init__(cfg, extra_input=cfg.motion_dim)
        self.motion = _motion_stream(cfg)

    def forward(self, frames: Tensor) -> ClipOutputs:
        """Clip form: ``[B, T, 3, H, W]`` from zero state -> per-frame outputs."""
        b, t = frames.shape[:2]
        previous = torch.cat([torch.zeros_like(frames[:, :1]), frames[:, :-1]], dim=1)
        appearance = self.embed(frames.flatten(0, 1))
        motion = self.motion((frames - previous).flatten(0, 1))
        seq, _ = self.lstm(torch.cat([appearance, motion], dim=1).view(b, t, -1))
        return self.heads_on(seq, appearance)

    def step(self, frame: Tensor, state: tuple[Tensor, ...]) -> StepOutputs:
        """Step form: one frame ``[B, 3, H, W]`` and ``(h, c, previous)`` -> outputs and the new state."""
        h, c, previous = state
        fused = torch.cat([self.embed(frame), self.motion(frame - previous)], dim=1)
        seq, (h_new, c_new) = self.lstm(fused.unsqueeze(1), (h, c))
        pushup, depth, faults = self._heads(seq[:, 0])
        return StepOutputs(pushup, depth, faults, (h_new, c_new, frame))


def build_two_stream(cfg: TwoStreamConfig, seed: int = 0) -> TwoStreamNet:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return TwoStreamNet(cfg).eval()
