"""Open any model the user names (nothing, a family name, a checkpoint of any family,
or an exported artifact) as a step runner with what the streaming loop needs to know
about it: how a camera frame becomes the model's ``frame`` input, the feedback rules and
the state shape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pushup_mobile.errors import ManifestMismatchError
from pushup_mobile.export.runner import StepRunner, TorchRunner
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.families import FrameInput, family, family_of, is_family_name, load_model


@dataclass
class OpenedModel:
    runner: StepRunner
    name: str
    format: str
    sha256: str
    trained: bool
    frame_input: FrameInput
    rules: FeedbackRules
    state_spec: dict[str, tuple[int, ...]]
    """The streaming state by name and shape, in the order the step takes it."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.format, "sha256": self.sha256, "trained": self.trained}


def open_model(path: Path | None, threads: int = 1) -> OpenedModel:
    """``None`` is the shipped default family's model; a family name (``pose``, ``pixel``, ``transformer``) its
    shipped model; ``.pt`` a checkpoint of any family; anything else an artifact
    checked against its manifest (unknown suffixes are a clear error)."""
    if path is None or Path(path).suffix == ".pt" or is_family_name(path):
        loaded = load_model(path)
        cfg = loaded.cfg
        row = family_of(cfg)
        return OpenedModel(
            TorchRunner(loaded.net), cfg.name, "pytorch", loaded.sha256, loaded.trained,
            row.frame_input(row.preprocessing(cfg), threads), FeedbackRules(), cfg.state_spec(),
        )
    from pushup_mobile.export.formats import load_runner
    from pushup_mobile.export.manifest import state_spec

    runner, manifest = load_runner(Path(path), threads=threads)
    try:
        return OpenedModel(
            runner,
            manifest["model"]["name"],
            manifest["format"],
            manifest["artifact"]["sha256"],
            bool(manifest["model"]["trained"]),
            family(manifest["model"]["family"]).frame_input(manifest["preprocessing"], threads),
            FeedbackRules.from_manifest(manifest["feedback"]),
            {name: tuple(shape) for name, shape in state_spec(manifest).items()},
        )
    except (KeyError, TypeError) as exc:
        raise ManifestMismatchError(
            f"{Path(path).name}: its manifest lacks {exc}; re-export it with this version of pushup-export"
        ) from exc


def stage_inputs(net: Any, frames_rgb: Any) -> np.ndarray:
    """A clip's RGB frames ``[T, H, W, 3]`` through ``net``'s family's frame stage as one
    fresh stream (as an app would feed it: framing, person detector and all) -> the clip
    form's input ``[T, ...]``."""
    row = family_of(net.cfg)
    stage = row.frame_input(row.preprocessing(net.cfg), 1)
    stage.reset()
    return np.concatenate([stage(np.ascontiguousarray(frame[..., ::-1])) for frame in frames_rgb])
