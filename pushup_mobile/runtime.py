"""Open any model the user names (nothing, a checkpoint, or an exported artifact) as a
step runner with what the streaming loop needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pushup_mobile.errors import ManifestMismatchError
from pushup_mobile.export.runner import StepRunner, TorchRunner
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.preprocess import Preprocessing


@dataclass
class OpenedModel:
    runner: StepRunner
    name: str
    format: str
    sha256: str
    trained: bool
    preprocessing: Preprocessing
    rules: FeedbackRules
    state_shape: tuple[int, ...]

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.format, "sha256": self.sha256, "trained": self.trained}


def open_model(path: Path | None, threads: int = 1) -> OpenedModel:
    """``None`` is the shipped default; ``.pt`` a checkpoint; anything else an artifact
    checked against its manifest (unknown suffixes are a clear error)."""
    from pushup_mobile.model import load_model

    if path is None or Path(path).suffix == ".pt":
        loaded = load_model(path)
        cfg = loaded.cfg
        return OpenedModel(
            TorchRunner(loaded.net), cfg.name, "pytorch", loaded.sha256, loaded.trained,
            Preprocessing(size=cfg.input_size), FeedbackRules(), cfg.state_shape(),
        )
    from pushup_mobile.export.formats import load_runner

    runner, manifest = load_runner(Path(path), threads=threads)
    try:
        pre = manifest["preprocessing"]
        return OpenedModel(
            runner,
            manifest["model"]["name"],
            manifest["format"],
            manifest["artifact"]["sha256"],
            bool(manifest["model"]["trained"]),
            Preprocessing(**{**pre, "mean": tuple(pre["mean"]), "std": tuple(pre["std"])}),
            FeedbackRules.from_manifest(manifest["feedback"]),
            tuple(manifest["inputs"]["h"]["shape"]),
        )
    except (KeyError, TypeError) as exc:
        raise ManifestMismatchError(
            f"{Path(path).name}: its manifest lacks {exc}; re-export it with this version of pushup-export"
        ) from exc
