"""Training configurations, all in one place. ``tiny`` trains in seconds for tests;
``default`` is what the shipped model is trained with."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pushup_mobile.errors import BadInputError
from pushup_mobile.model.config import ModelConfig


@dataclass(frozen=True)
class DataConfig:
    train_clips: int
    val_clips: int
    frames: int
    seed: int = 0


@dataclass(frozen=True)
class TrainConfig:
    name: str
    model: Any
    """The pixel family's :class:`ModelConfig`, or another model's on the same rendered frames
    (``input_size`` and ``crop`` say which shards it trains on)."""
    data: DataConfig
    batch_size: int
    epochs: int
    lr: float
    weight_decay: float = 0.05
    warmup_steps: int = 100
    grad_clip: float = 1.0
    seed: int = 0
    frame_epochs: int = 0
    """Epochs of the per-frame stage (:mod:`pushup_mobile.train.frames`) before the clip stage."""
    frame_batch: int = 128
    frame_lr: float = 3e-3
    loss_weights: dict[str, float] = field(
        default_factory=lambda: {"pushup": 1.0, "depth": 2.0, "faults": 1.0, "keypoints": 0.5}
    )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "model": self.model.to_dict()}


_DEFAULT = TrainConfig(
    name="default",
    model=ModelConfig(keypoints=17),
    data=DataConfig(train_clips=1536, val_clips=96, frames=48),
    batch_size=8,
    epochs=4,
    lr=1e-3,
    warmup_steps=100,
    frame_epochs=6,
    frame_batch=128,
    frame_lr=3e-3,
)


CONFIGS: dict[str, TrainConfig] = {
    "tiny": TrainConfig(
        name="tiny",
        model=ModelConfig(input_size=64, width_mult=0.5, embed_dim=32, hidden=32, keypoints=17),
        data=DataConfig(train_clips=4, val_clips=2, frames=12),
        batch_size=2,
        epochs=2,
        lr=3e-3,
        warmup_steps=2,
        frame_epochs=1,
        frame_batch=8,
    ),
    "default": _DEFAULT,
    # 3x the rendered clips (the clip stage shortened to match): the next lever once the
    # default run stops improving on validation, at ~3x its time (README, Training)
    "more-data": replace(_DEFAULT, name="more-data", data=DataConfig(train_clips=4608, val_clips=96, frames=48),
                         epochs=1, frame_epochs=3),
    # the default's recipe and budget on the square around the person (the detector's, as
    # the app finds it): the body fills the input instead of ~30 of 96 pixels
    "person": replace(_DEFAULT, name="person", model=replace(_DEFAULT.model, crop="person")),
    # the person run at 128 px (same width, recipe and clips, rendered at 128): the input
    # size question, a ~1.8x costlier step for a person 1.33x as tall in pixels (README, Training: Input size)
    "person-128": replace(_DEFAULT, name="person-128", model=replace(_DEFAULT.model, crop="person", input_size=128)),
    # fine-tuning a trained student (--init) on teacher-labelled videos (--videos) mixed with
    # the person run's rendered clips (--data): no frame stage, one clip epoch at a tenth of
    # the learning rate
    "teacher": replace(_DEFAULT, name="teacher", model=replace(_DEFAULT.model, crop="person"), epochs=1, lr=1e-4,
                       warmup_steps=20, frame_epochs=0),
}


def get_config(name: str) -> TrainConfig:
    if name not in CONFIGS:
        raise BadInputError(f"unknown training config {name!r} (known: {', '.join(CONFIGS)})")
    return CONFIGS[name]
