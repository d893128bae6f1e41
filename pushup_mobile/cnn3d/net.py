"""A tiny (2+1)D convolutional net over the last frames, streamed one frame at a time.

Each block is a spatial 3x3 convolution (stride 2) on the current frame followed by a
temporal convolution of three taps, ``x[t - 2d], x[t - d], x[t]``, with the block's dilation
``d`` (1, 2, 4, 8: together 31 frames, 2 s at 15 fps, a rep at an ordinary tempo). The taps
are one 1x1 convolution over the three frames' channels stacked, the same thing as a
``(3, 1, 1)`` 3D convolution but a 2D operator every exporter and phone runtime has.

Causal in time, so streaming is exact: a step keeps, per block, the last ``2d`` frames of
that block's input (the named state ``taps1`` ... ``taps4``, ``[1, 2d * C, H, W]``, oldest
frame first, zeros before the stream starts) instead of a window of camera frames, and
computes one frame's worth; the clip form pads the clip in front with the same zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import Tensor, nn

from pushup_mobile.contract import FAULTS
from pushup_mobile.model.config import StoredConfig
from pushup_mobile.model.net import ClipOutputs, ContractHeads, StepOutputs


@dataclass(frozen=True)
class Conv3DConfig(StoredConfig):
    """Hyper-parameters of :class:`CausalConvNet`. ``widths`` are the blocks' channels (after
    a ``stem``-channel stride-2 convolution), ``dilations`` their temporal dilations; ``input_size`` and ``crop``
    mean what they mean for the pixel family (:class:`pushup_mobile.model.config.ModelConfig`),
    whose frames and rendered clips this family shares."""

    name: str = "r2plus1d-tiny"  # tiny next to video (2+1)D nets: 152k parameters
    input_size: int = 96
    stem: int = 16
    widths: tuple[int, ...] = (24, 40, 64, 96)
    dilations: tuple[int, ...] = (1, 2, 4, 8)
    embed_dim: int = 128
    num_faults: int = len(FAULTS)
    dropout: float = 0.2
    crop: str = "person"

    family: ClassVar[str] = "cnn3d"

    def __post_init__(self) -> None:
        object.__setattr__(self, "widths", tuple(self.widths))  # a stored config's lists
        object.__setattr__(self, "dilations", tuple(self.dilations))

    @property
    def state_meaning(self) -> dict[str, str]:
        return {f"taps{i + 1}": f"block {i + 1}'s input over the last {2 * d} frames, oldest first "
                                "(zeros before the stream starts)" for i, d in enumerate(self.dilations)}

    @property
    def frame_shape(self) -> tuple[int, ...]:
        return (3, self.input_size, self.input_size)

    def sizes(self) -> list[int]:
        """Each block's output side in pixels (the stem and every block halve it)."""
        side, out = self.input_size, []
        side = (side + 1) // 2
        for _ in self.widths:
            side = (side + 1) // 2
            out.append(side)
        return out

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """Per block ``taps<i>``: its last ``2 d`` frames of ``C`` channels at its size."""
        return {f"taps{i + 1}": (batch, 2 * d * c, s, s)
                for i, (c, d, s) in enumerate(zip(self.widths, self.dilations, self.sizes()))}


def _conv_bn(cin: int, cout: int, kernel: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.Hardswish())


class Block(nn.Module):
    """Spatial 3x3 stride-2 convolution per frame, then three dilated causal temporal taps
    (one 1x1 convolution over the stacked frames) with a residual connection."""

    def __init__(self, cin: int, cout: int, dilation: int) -> None:
        super().__init__()
        self.dilation, self.channels = dilation, cout
        self.spatial = _conv_bn(cin, cout, 3, 2)
        self.temporal = _conv_bn(3 * cout, cout, 1)

    def clip(self, x: Tensor) -> Tensor:
        """``[B, T, C, H, W]`` -> ``[B, T, C', H', W']`` from zero state."""
        b, t = x.shape[:2]
        y = self.spatial(x.flatten(0, 1))
        y = y.view(b, t, *y.shape[1:])
        d = self.dilation
        padded = torch.cat([y.new_zeros(b, 2 * d, *y.shape[2:]), y], dim=1)
        taps = torch.cat([padded[:, 0:t], padded[:, d : d + t], padded[:, 2 * d :]], dim=2)
        return y + self.temporal(taps.flatten(0, 1)).view_as(y)

    def step(self, x: Tensor, taps: Tensor) -> tuple[Tensor, Tensor]:
        """One frame ``[B, C, H, W]`` and the last ``2d`` frames of this block's input
        (``[B, 2d * C', H', W']``, oldest first) -> the output and the shifted taps."""
        y = self.spatial(x)
        c, d = self.channels, self.dilation
        full = torch.cat([taps, y], dim=1)
        stacked = torch.cat([full[:, 0:c], full[:, d * c : (d + 1) * c], y], dim=1)
        return y + self.temporal(stacked), full[:, c:]


class CausalConvNet(ContractHeads):
    """The (2+1)D family. Build it with :func:`build_cnn3d`."""

    def __init__(self, cfg: Conv3DConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.stem = _conv_bn(3, cfg.stem, 3, 2)
        widths = (cfg.stem, *cfg.widths)
        self.blocks = nn.ModuleList(Block(cin, cout, d) for cin, cout, d in zip(widths, widths[1:], cfg.dilations))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.project = nn.Sequential(nn.Linear(widths[-1], cfg.embed_dim), nn.Hardswish(), nn.Dropout(cfg.dropout))
        self.add_heads(cfg.embed_dim, cfg.num_faults)

    def forward(self, frames: Tensor) -> ClipOutputs:
        """Clip form: ``[B, T, 3, H, W]`` from zero state -> per-frame outputs."""
        b, t = frames.shape[:2]
        x = self.stem(frames.flatten(0, 1))
        x = x.view(b, t, *x.shape[1:])
        for block in self.blocks:
            x = block.clip(x)
        hidden = self.project(self.pool(x.flatten(0, 1)).flatten(1)).view(b, t, -1)
        return ClipOutputs(*self._heads(hidden), None)

    def step(self, frame: Tensor, state: tuple[Tensor, ...]) -> StepOutputs:
        """Step form: one frame ``[B, 3, H, W]`` and ``taps1..`` -> outputs and the new taps."""
        x = self.stem(frame)
        new_state = []
        for block, taps in zip(self.blocks, state):
            x, shifted = block.step(x, taps)
            new_state.append(shifted)
        pushup, depth, faults = self._heads(self.project(self.pool(x).flatten(1)))
        return StepOutputs(pushup, depth, faults, tuple(new_state))


def build_cnn3d(cfg: Conv3DConfig, seed: int = 0) -> CausalConvNet:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return CausalConvNet(cfg).eval()
