"""A small temporal transformer over the last ``window`` frames of keypoint features.

The streaming state is the window itself (``[1, window, F]``, oldest frame first, zeros
before the stream starts: what the pose features of an empty frame are), so a step
shifts the window by one frame and runs the network on it; nothing else is remembered.

Each frame of the window becomes a token (a per-frame MLP, plus a learned embedding of its
place in the window); the current frame's token queries the window through ``layers``
pre-norm attention + feed-forward blocks and the result feeds the contract's heads. Only
the current frame asks, so the clip form is exactly the step form run over every frame
(the clip is padded in front with ``window - 1`` empty frames and cut into windows), and
training costs one query per frame rather than a full window of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import Tensor, nn

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError
from pushup_mobile.model.config import StoredConfig
from pushup_mobile.model.net import ClipOutputs, ContractHeads, StepOutputs
from pushup_mobile.pose.features import NUM_FEATURES
from pushup_mobile.pose.net import feature_embedding


@dataclass(frozen=True)
class TransformerConfig(StoredConfig):
    """Hyper-parameters of :class:`KeypointTransformer`; ``window`` frames of context
    (32 at 15 fps: 2.1 s, a rep and a half at an ordinary tempo)."""

    name: str = "blazepose-transformer"
    features: int = NUM_FEATURES
    window: int = 32
    d_model: int = 48
    heads: int = 4
    layers: int = 2
    ff: int = 96
    num_faults: int = len(FAULTS)
    dropout: float = 0.1

    family = "transformer"
    state_meaning: ClassVar[dict[str, str]] = {
        "window": "the last frames' keypoint features, oldest first (zeros before the stream starts)"}

    @property
    def frame_shape(self) -> tuple[int, ...]:
        return (self.features,)

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """The streaming state: the window of the last ``window`` frames' features."""
        return {"window": (batch, self.window, self.features)}

    def __post_init__(self) -> None:
        if self.d_model % self.heads:
            raise BadInputError(f"transformer config: d_model {self.d_model} is not a multiple of heads {self.heads}")


class _Readout(nn.Module):
    """One block: the query attends to the window's tokens, then a feed-forward step."""

    def __init__(self, cfg: TransformerConfig) -> None:
        super().__init__()
        self.heads, self.head_dim = cfg.heads, cfg.d_model // cfg.heads
        self.query_norm, self.token_norm = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.query = nn.Linear(cfg.d_model, cfg.d_model)
        self.key = nn.Linear(cfg.d_model, cfg.d_model)
        self.value = nn.Linear(cfg.d_model, cfg.d_model)  # two layers, not one split: TFLite has no fused split
        self.out = nn.Linear(cfg.d_model, cfg.d_model)
        self.feed_forward = nn.Sequential(
            nn.LayerNorm(cfg.d_model), nn.Linear(cfg.d_model, cfg.ff), nn.Hardswish(), nn.Dropout(cfg.dropout),
            nn.Linear(cfg.ff, cfg.d_model),
        )

    def forward(self, query: Tensor, tokens: Tensor) -> Tensor:
        """``query`` [N, d], ``tokens`` [N, W, d] -> the query updated [N, d]."""
        n, w, d = tokens.shape
        q = self.query(self.query_norm(query)).view(n, self.heads, 1, self.head_dim)
        normed = self.token_norm(tokens)
        k = self.key(normed).view(n, w, self.heads, self.head_dim).transpose(1, 2)  # [N, heads, W, head_dim]
        v = self.value(normed).view(n, w, self.heads, self.head_dim).transpose(1, 2)
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.head_dim), dim=-1)  # [N, heads, 1, W]
        query = query + self.out((weights @ v).reshape(n, d))
        return query + self.feed_forward(query)


class KeypointTransformer(ContractHeads):
    """Features ``[.., F]`` -> the contract's heads; the state is the window of features."""

    def __init__(self, cfg: TransformerConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = feature_embedding(cfg.features, cfg.d_model, cfg.dropout)
        self.place = nn.Parameter(torch.zeros(cfg.window, cfg.d_model))
        """A learned vector per place in the window (index 0: the oldest frame)."""
        self.blocks = nn.ModuleList(_Readout(cfg) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.d_model)
        self.add_heads(cfg.d_model, cfg.num_faults)

    def _read(self, tokens: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """Tokens of windows ``[N, W, d]`` (current frame last) -> heads ``[N, ...]``."""
        query = tokens[:, -1]
        tokens = tokens + self.place
        for block in self.blocks:
            query = block(query, tokens)
        return self._heads(self.norm(query))

    def forward(self, frames: Tensor) -> ClipOutputs:
        """Clip form: ``[B, T, F]`` from an empty window -> per-frame outputs."""
        b, t, f = frames.shape
        padded = torch.cat([frames.new_zeros(b, self.cfg.window - 1, f), frames], dim=1)
        tokens = self.embed(padded)  # [B, T + W - 1, d]
        windows = tokens.unfold(1, self.cfg.window, 1).transpose(-1, -2)  # [B, T, W, d]
        pushup, depth, faults = self._read(windows.reshape(b * t, self.cfg.window, -1))
        return ClipOutputs(pushup.view(b, t, 1), depth.view(b, t, 1), faults.view(b, t, -1), keypoints=None)

    def step(self, frame: Tensor, state: tuple[Tensor, ...]) -> StepOutputs:
        """Step form: one frame's features ``[B, F]`` and ``(window,)`` -> outputs and the
        window shifted by this frame."""
        window = torch.cat([state[0][:, 1:], frame.unsqueeze(1)], dim=1)
        return StepOutputs(*self._read(self.embed(window)), (window,))


def build_transformer(cfg: TransformerConfig, seed: int = 0) -> KeypointTransformer:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return KeypointTransformer(cfg).eval()
