"""The pose model family's temporal model: keypoint features -> MLP -> LSTM -> heads.

It honours the same contract as the pixel family (docs/ARCHITECTURE.md): :meth:`PoseTemporalNet.forward`
takes a clip ``[B, T, F]`` and returns :class:`~pushup_mobile.model.net.ClipOutputs`
(``keypoints`` is None: the keypoints are the input here), :meth:`PoseTemporalNet.step`
takes one frame's features and the LSTM state and returns
:class:`~pushup_mobile.model.net.StepOutputs`. So the training losses,
:class:`~pushup_mobile.model.net.StepModel` and the exporters take either family. The
per-frame cost is a few matrix-vector products: the expensive part of this family is
BlazePose, the stage before its ``frame`` input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import Tensor, nn

from pushup_mobile.contract import FAULTS
from pushup_mobile.model.config import StoredConfig, lstm_state
from pushup_mobile.model.net import ClipOutputs, ContractHeads, StepOutputs
from pushup_mobile.pose.features import NUM_FEATURES


@dataclass(frozen=True)
class PoseModelConfig(StoredConfig):
    """Hyper-parameters of :class:`PoseTemporalNet`. ``features`` is the input width F
    (:data:`pushup_mobile.pose.features.NUM_FEATURES`)."""

    name: str = "blazepose-lstm"
    features: int = NUM_FEATURES
    embed_dim: int = 64
    hidden: int = 96
    layers: int = 1
    num_faults: int = len(FAULTS)
    dropout: float = 0.1

    family = "pose"
    state_meaning: ClassVar[dict[str, str]] = {"h": "LSTM h", "c": "LSTM c"}

    @property
    def frame_shape(self) -> tuple[int, ...]:
        """One frame's input without the batch axis: the ``F`` keypoint features."""
        return (self.features,)

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """The streaming state by name: the LSTM's ``h`` and ``c``, each ``[layers, batch, hidden]``."""
        return lstm_state(self.layers, batch, self.hidden)



def feature_embedding(features: int, width: int, dropout: float) -> nn.Sequential:
    """One frame's keypoint features -> an embedding of ``width``: two linear layers with
    hard-swish (what every keypoint family puts before its temporal model)."""
    return nn.Sequential(
        nn.Linear(features, width), nn.Hardswish(), nn.Linear(width, width), nn.Hardswish(), nn.Dropout(dropout),
    )


class PoseTemporalNet(ContractHeads):
    """Features ``[.., F]`` -> the contract's heads, one set of weights in two forms."""

    def __init__(self, cfg: PoseModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = feature_embedding(cfg.features, cfg.embed_dim, cfg.dropout)
        self.lstm = nn.LSTM(cfg.embed_dim, cfg.hidden, num_layers=cfg.layers, batch_first=True)
        self.add_heads(cfg.hidden, cfg.num_faults)


    def forward(self, frames: Tensor) -> ClipOutputs:
        """Clip form: ``[B, T, F]`` from zero state -> per-frame outputs."""
        seq, _ = self.lstm(self.embed(frames))
        return ClipOutputs(*self._heads(seq), keypoints=None)

    def step(self, frame: Tensor, state: tuple[Tensor, ...]) -> StepOutputs:
        """Step form: one frame's features ``[B, F]`` and ``(h, c)`` -> outputs and the new state."""
        seq, (h_new, c_new) = self.lstm(self.embed(frame).unsqueeze(1), state)
        return StepOutputs(*self._heads(seq[:, 0]), (h_new, c_new))


def build_pose_model(cfg: PoseModelConfig, seed: int = 0) -> PoseTemporalNet:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return PoseTemporalNet(cfg).eval()


def parameter_count(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())
