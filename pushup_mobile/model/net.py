"""MobileNetV3-Small per frame, an LSTM over time, and the contract's heads.

One set of weights, two forms: :meth:`PushupNet.forward` takes a clip ``[B, T, 3, H, W]``
(training, evaluation) and :meth:`PushupNet.step` takes one frame plus the LSTM state
(phones, streaming). The step form has plain tensors in and out and no data-dependent
control flow, so every exporter can trace it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import torch
from torch import Tensor, nn
from torchvision.models import mobilenet_v3_small

from pushup_mobile.model.config import ModelConfig


class ClipOutputs(NamedTuple):
    """Per-frame outputs of the clip form; ``keypoints`` is ``None`` without that head."""

    pushup: Tensor  # [B, T, 1] logits
    depth: Tensor  # [B, T, 1] in 0..1
    faults: Tensor  # [B, T, K] logits
    keypoints: Tensor | None  # [B, T, J, 2] in 0..1 image coordinates


class StepOutputs(NamedTuple):
    """Outputs of one streaming step: the heads (``contract.HEADS``) and the new state, in
    the order of the config's ``state_spec()``."""

    pushup: Tensor  # [B, 1]
    depth: Tensor  # [B, 1]
    faults: Tensor  # [B, K]
    state: tuple[Tensor, ...]


class ContractHeads(nn.Module):
    """The contract's three heads on a temporal model's features, shared by every family.
    A base class rather than a module of its own, so that checkpoints keep the head names
    (``pushup_head``, ``depth_head``, ``faults_head``) they were saved with."""

    def add_heads(self, width: int, num_faults: int) -> None:
        self.pushup_head = nn.Linear(width, 1)
        self.depth_head = nn.Linear(width, 1)
        self.faults_head = nn.Linear(width, num_faults)

    def _heads(self, hidden: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """``pushup`` logit, ``depth`` in 0..1, ``faults`` logits."""
        return self.pushup_head(hidden), torch.sigmoid(self.depth_head(hidden)), self.faults_head(hidden)


class PushupNet(ContractHeads):
    """The pixel model family. Build it with :func:`pushup_mobile.families.build_model`."""

    def __init__(self, cfg: ModelConfig, extra_input: int = 0) -> None:
        """``extra_input``: features a subclass adds beside the frame's embedding at the
        LSTM's input (the two-stream family's motion stream)."""
        super().__init__()
        self.cfg = cfg
        # torchvision's builder with weights=None: nothing is downloaded, the layer table
        # is torchvision's own.
        self.features = mobilenet_v3_small(weights=None, width_mult=cfg.width_mult).features
        channels = self.features[-1].out_channels
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.project = nn.Sequential(
            nn.Linear(channels, cfg.embed_dim), nn.Hardswish(), nn.Dropout(cfg.dropout)
        )
        self.lstm = nn.LSTM(cfg.embed_dim + extra_input, cfg.hidden, num_layers=cfg.layers, batch_first=True)
        self.add_heads(cfg.hidden, cfg.num_faults)
        self.keypoint_head = (
            nn.Linear(cfg.embed_dim, cfg.keypoints * 2) if cfg.keypoints > 0 else None
        )

    def embed(self, frames: Tensor) -> Tensor:
        """Per-frame embedding: ``[N, 3, H, W]`` -> ``[N, embed_dim]``."""
        return self.project(self.pool(self.features(frames)).flatten(1))


    def forward(self, frames: Tensor) -> ClipOutputs:
        """Clip form: ``[B, T, 3, H, W]`` from zero state -> per-frame outputs."""
        b, t = frames.shape[:2]
        emb = self.embed(frames.flatten(0, 1))
        seq, _ = self.lstm(emb.view(b, t, -1))
        return self.heads_on(seq, emb)

    def heads_on(self, seq: Tensor, emb: Tensor) -> ClipOutputs:
        """The heads on the LSTM's outputs ``[B, T, hidden]``, and the keypoint head (if
        any) on the frames' embeddings ``[B * T, embed_dim]``."""
        pushup, depth, faults = self._heads(seq)
        keypoints = None
        if self.keypoint_head is not None:
            keypoints = torch.sigmoid(self.keypoint_head(emb)).view(*seq.shape[:2], -1, 2)
        return ClipOutputs(pushup, depth, faults, keypoints)

    def step(self, frame: Tensor, state: tuple[Tensor, ...]) -> StepOutputs:
        """Step form: one frame ``[B, 3, H, W]`` and ``(h, c)`` -> outputs and the new state."""
        seq, (h_new, c_new) = self.lstm(self.embed(frame).unsqueeze(1), state)
        pushup, depth, faults = self._heads(seq[:, 0])
        return StepOutputs(pushup, depth, faults, (h_new, c_new))


def build_pixel_model(cfg: ModelConfig, seed: int = 0) -> PushupNet:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return PushupNet(cfg).eval()


class StepModel(nn.Module):
    """The step form as a module of its own, the graph the exporters trace: positional
    ``frame, *state`` in (state in ``state_spec()`` order), ``heads..., *new state`` out."""

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, frame: Tensor, *state: Tensor) -> tuple[Tensor, ...]:
        out = self.net.step(frame, state)
        return (out.pushup, out.depth, out.faults, *out.state)


def clip_outputs(net: nn.Module, frames: object) -> dict[str, np.ndarray]:
    """The clip form of any family on one clip (``[T, 3, H, W]`` frames or ``[T, F]``
    features, numpy or tensor) from zero state -> per-frame outputs as numpy (logits for
    ``pushup`` and ``faults``), the form :func:`pushup_mobile.evaluate.metrics.task_metrics`
    reads."""
    with torch.no_grad():
        out = net(torch.as_tensor(frames, dtype=torch.float32)[None])
    return {"pushup": out.pushup[0].numpy(), "depth": out.depth[0].numpy(), "faults": out.faults[0].numpy()}


def zero_state(cfg: Any, batch: int = 1) -> tuple[Tensor, ...]:
    """The state at the start of a stream, in ``state_spec()`` order: zeros."""
    return tuple(torch.zeros(shape) for shape in cfg.state_spec(batch).values())
