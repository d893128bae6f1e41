"""Model configuration: the architecture as data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Self

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError


class StoredConfig:
    """A frozen dataclass config as a checkpoint or manifest stores it: a plain dict out,
    and back in where unknown keys are a clear error (a file from another version)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        unknown = sorted(set(data) - {f.name for f in fields(cls)})  # type: ignore[arg-type]
        if unknown:
            raise BadInputError(f"{cls.__name__} has unknown keys: {', '.join(unknown)}")
        return cls(**data)


def lstm_state(layers: int, batch: int, hidden: int) -> dict[str, tuple[int, ...]]:
    """An LSTM's streaming state: ``h`` and ``c``, each ``[layers, batch, hidden]``."""
    return {"h": (layers, batch, hidden), "c": (layers, batch, hidden)}


@dataclass(frozen=True)
class ModelConfig(StoredConfig):
    """Hyper-parameters of the MobileNetV3-Small + LSTM pixel model.

    ``input_size`` is the square frame side in pixels and ``width_mult`` MobileNetV3's
    channel multiplier; the defaults (96 px, 0.5) are the shipped model's, chosen because a
    training step costs a quarter of 128 px at width 1.0, which decided what this project
    could train on 2 cores (README, Training). ``keypoints`` > 0 adds an
    auxiliary 2D-joint head that only the clip form (training) uses; the step form and
    every export leave it out. ``crop`` is the framing it was trained on and must be fed
    (:data:`pushup_mobile.preprocess.CROPS`): the whole frame letterboxed, or the square
    around the person.
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
    crop: str = "letterbox"

    family = "pixel"
    state_meaning: ClassVar[dict[str, str]] = {"h": "LSTM h", "c": "LSTM c"}

    def to_dict(self) -> dict[str, Any]:
        """As stored; a letterboxing model's dict is what it was before crops existed, so its
        checkpoints and provenance read the same everywhere."""
        stored = super().to_dict()
        if self.crop == "letterbox":
            del stored["crop"]
        return stored

    @property
    def frame_shape(self) -> tuple[int, ...]:
        """One frame's input without the batch axis, channels first: ``(3, S, S)``."""
        return (3, self.input_size, self.input_size)

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """The streaming state by name: the LSTM's ``h`` and ``c``, each ``[layers, batch, hidden]``."""
        return lstm_state(self.layers, batch, self.hidden)


