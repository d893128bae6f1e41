"""What a model family is: one row of the family table (docs/ARCHITECTURE.md, "Model
families").

A family is everything that differs between, say, the MobileNetV3-LSTM on pixels and the
LSTM on BlazePose keypoints: its config and network, what its ``frame`` input is and how a
camera frame becomes it, the manifest's ``preprocessing`` section, the front-end files an
app needs, the labelled clips it is evaluated and trained on, and its shipped checkpoint.
Every tool asks the row instead of branching on the family's name, so a new family is one
folder plus one row in :mod:`pushup_mobile.families.registry`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

import numpy as np
from torch import nn

from pushup_mobile.form.measure import FrameForm

if TYPE_CHECKING:
    from pushup_mobile.data.labelled_clips import LabelledClip
    from pushup_mobile.model.summary import ModelSummary


class ModelConfigLike(Protocol):
    """What every family's model config offers (a frozen dataclass in practice)."""

    name: str
    family: str
    num_faults: int

    @property
    def frame_shape(self) -> tuple[int, ...]: ...

    state_meaning: dict[str, str]
    """What each state tensor holds (the manifest's and ``info``'s words)."""

    def state_spec(self, batch: int = 1) -> dict[str, tuple[int, ...]]:
        """The streaming state by name and shape, in the order the step form takes it."""
        ...

    def to_dict(self) -> dict[str, Any]: ...


class FrameInput(Protocol):
    """A family's per-frame stage before the step model: camera frame (BGR) -> the
    ``frame`` input. It may carry state across frames (a tracker, a running scale)."""

    fps: float

    def __call__(self, bgr: np.ndarray) -> np.ndarray: ...

    def reset(self) -> None: ...

    def form(self) -> FrameForm | None:
        """The last frame's form measurements, None when the stage sees no keypoints."""
        ...

    def person(self) -> bool:
        """Whether the last frame showed a person (the session counts no rep without one)."""
        ...

    def keypoints(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The last frame's 17 joints (0..1 of the frame) and their visibility, None when
        the stage sees no keypoints (what a teacher hands its student)."""
        ...

    def to_manifest(self) -> dict[str, Any]: ...


Samples = Callable[[Any, str, int, int, int], list[dict[str, Any]]]
"""(model config, split, clips, frames per clip, seed) -> labelled samples (``frames`` as
the clip form takes them, ``pushup``, ``depth``, ``faults``, ``activity``, ``rep_count``)."""


@dataclass(frozen=True)
class Family:
    """One model family. Hooks import what they need when called, so looking a family up
    costs nothing (BlazePose, the renderer and the trainers load only when used)."""

    name: str
    """What ``--checkpoint NAME`` / ``--model NAME`` take for its shipped model."""
    summary: str
    config_type: Any
    """The model config class; ``config_type.from_dict`` reads a checkpoint's config."""
    build: Callable[[Any, int], nn.Module]
    """(config, seed) -> a fresh network in eval mode; the same seed gives the same weights."""
    shipped_checkpoint: Path
    artifact_stem: str
    """File stem of its exported artifacts, so every family's artifacts share a folder."""
    frame_meaning: str
    """What the ``frame`` input holds, for the manifest and ``info``."""
    clip_layout: str
    """Axis order of the clip form's ``frames`` input (manifest of clip exports)."""
    preprocessing: Callable[[Any], dict[str, Any]]
    """Model config -> the manifest's ``preprocessing`` section."""
    frame_input: Callable[[dict[str, Any], int], FrameInput]
    """(``preprocessing`` section, threads) -> the per-frame stage an app runs."""
    front_end_files: Callable[[dict[str, Any]], list[Path]]
    """``preprocessing`` section -> model files the app needs besides the artifact."""
    cost: Callable[[Any, "ModelSummary"], str]
    """What ``info`` says one frame costs, and the model's shape in a line or two."""
    eval_samples: Samples
    """Rendered clips of a split through the family's own front-end, as an app sees them
    (``eval``, threshold calibration)."""
    stream_clips: Callable[[Any, str, int, int, int], "tuple[LabelledClip, ...]"]
    """Labelled clips as step-model streams (``[T, 1, *frame_shape]``): what every export's
    parity check, task gate and int8 calibration run on."""
    video_samples: Callable[[Any, Path], list[dict[str, Any]]]
    """(config, folder of own videos with labels.json) -> labelled samples."""
    training_config: Callable[[str], Any]
    """A training configuration by name (``tiny``, ``default``): what ``train --config`` takes."""
    train: Callable[["TrainRequest"], Any]
    """What ``pushup-mobile train --family`` asked for -> the run's
    :class:`pushup_mobile.train.loop.TrainResult`."""


@dataclass(frozen=True)
class TrainRequest:
    """One ``pushup-mobile train`` call: the training config's name, the output folder, and
    the options a family may take or refuse: ``resume`` an interrupted run, rendered
    ``data`` made elsewhere, teacher-labelled ``videos`` to mix in (``pushup-mobile label``),
    a trained model to ``init`` from (fine-tuning; loaded by the caller)."""

    config: str
    out: Path
    resume: bool = False
    data: Path | None = None
    videos: Path | None = None
    init: Any = None
    """A :class:`pushup_mobile.families.LoadedModel`, or None."""
