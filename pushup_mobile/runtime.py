"""Open any model the user names (nothing, a family name, a checkpoint of either family,
or an exported artifact) as a step runner with what the streaming loop needs to know
about it: how a camera frame becomes the model's ``frame`` input, the feedback rules and
the state shape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pushup_mobile.errors import ManifestMismatchError
from pushup_mobile.export.runner import StepRunner, TorchRunner
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.form.measure import FrameForm
from pushup_mobile.model.checkpoint import POSE_FAMILY, is_family_name
from pushup_mobile.preprocess import PixelInput, Preprocessing


class FrameInput(Protocol):
    """A family's per-frame stage before the step model: pixels for the pixel family,
    BlazePose keypoint features for the pose family. It may carry state across frames."""

    fps: float

    def __call__(self, bgr: np.ndarray) -> np.ndarray: ...

    def reset(self) -> None: ...

    def form(self) -> FrameForm | None:
        """The last frame's form measurements, None when the stage sees no keypoints."""
        ...

    def person(self) -> bool:
        """Whether the last frame showed a person (the session counts no rep without one)."""
        ...

    def to_manifest(self) -> dict[str, Any]: ...


@dataclass
class OpenedModel:
    runner: StepRunner
    name: str
    format: str
    sha256: str
    trained: bool
    frame_input: FrameInput
    rules: FeedbackRules
    state_shape: tuple[int, ...]

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.format, "sha256": self.sha256, "trained": self.trained}


def open_model(path: Path | None, threads: int = 1) -> OpenedModel:
    """``None`` is the shipped default family's model; ``pixel`` / ``pose`` a family's
    shipped model; ``.pt`` a checkpoint of either family; anything else an artifact
    checked against its manifest (unknown suffixes are a clear error)."""
    from pushup_mobile.model import load_model

    if path is None or Path(path).suffix == ".pt" or is_family_name(path):
        loaded = load_model(path)
        cfg = loaded.cfg
        return OpenedModel(
            TorchRunner(loaded.net), cfg.name, "pytorch", loaded.sha256, loaded.trained,
            _frame_input(cfg.family, Preprocessing(size=cfg.input_size) if cfg.family == "pixel" else None, threads),
            FeedbackRules(), cfg.state_shape(),
        )
    from pushup_mobile.export.formats import load_runner

    runner, manifest = load_runner(Path(path), threads=threads)
    try:
        pre = manifest["preprocessing"]
        family = manifest["model"]["family"]
        pixels = Preprocessing(**{**pre, "mean": tuple(pre["mean"]), "std": tuple(pre["std"])}) if family == "pixel" else None
        return OpenedModel(
            runner,
            manifest["model"]["name"],
            manifest["format"],
            manifest["artifact"]["sha256"],
            bool(manifest["model"]["trained"]),
            _frame_input(family, pixels, threads),
            FeedbackRules.from_manifest(manifest["feedback"]),
            tuple(manifest["inputs"]["h"]["shape"]),
        )
    except (KeyError, TypeError) as exc:
        raise ManifestMismatchError(
            f"{Path(path).name}: its manifest lacks {exc}; re-export it with this version of pushup-export"
        ) from exc


def _frame_input(family: str, pixels: Preprocessing | None, threads: int) -> FrameInput:
    if family == POSE_FAMILY:
        from pushup_mobile.pose.blazepose import BlazePose
        from pushup_mobile.pose.stream import PoseInput

        return PoseInput(BlazePose(num_threads=threads))
    from pushup_mobile.pose.blazepose import PersonDetector

    return PixelInput(pixels, PersonDetector(num_threads=threads).sees_someone)
