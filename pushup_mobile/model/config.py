"""Model configuration: the architecture as data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters of the MobileNetV3-Small + LSTM pixel model.

    ``input_size`` is the square frame side in pixels and ``width_mult`` MobileNetV3's
    channel multiplier; the defaults (96 px, 0.5) are the shipped model's, chosen because a
    training step costs a quarter of 128 px at width 1.0, which decided what this project
    could train on 2 cores (README, Training). ``keypoints`` > 0 adds an
    auxiliary 2D-joint head that only the clip form (training) uses; the step form and
    every export leave it out.
    """

    name: str = "mnv3s-lstm"
    input_size: int = 96
    width_mult: float = 0.5
    embed_dim: int = 128
    hidden: int = 128
    layers: int = 1
    num_faults: int = len(FAULTS)
    keypoints: int = 0
    dropout: float = 0.2

    family = "pixel"

    @property
    def frame_shape(self) -> tuple[int, ...]:
        """One frame's input without the batch axis, channels first: ``(3, S, S)``."""
        return (3, self.input_size, self.input_size)

    def state_shape(self, batch: int = 1) -> tuple[int, int, int]:
        """Shape of each LSTM state tensor ``h`` and ``c``: ``[layers, batch, hidden]``."""
        return (self.layers, batch, self.hidden)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelConfig":
        """Build from a checkpoint or manifest dict; unknown keys are a clear error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadInputError(f"model config has unknown keys: {', '.join(unknown)}")
        return cls(**data)
