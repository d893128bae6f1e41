"""Pose-family checkpoints: one file with the model config, the weights and where they
came from, written atomically so a reader never sees half a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import atomic_path
from pushup_mobile.pose.net import PoseModelConfig, PoseTemporalNet

FAMILY = "pose"
SHIPPED_POSE_CHECKPOINT = Path(__file__).resolve().parent.parent / "assets" / "models" / "pose.pt"
"""The trained pose-family model shipped in the package (``--model pose``)."""


@dataclass
class LoadedPoseModel:
    """A pose model in eval mode with what its checkpoint says about it."""

    net: PoseTemporalNet
    source: Path
    meta: dict[str, Any] = field(default_factory=dict)


def save_pose_checkpoint(net: PoseTemporalNet, target: Path, meta: dict[str, Any]) -> None:
    """``meta`` (training config, epoch, metrics, ...) is stored beside the weights."""
    with atomic_path(target) as tmp:
        torch.save({"family": FAMILY, "model_config": net.cfg.to_dict(), "state_dict": net.state_dict(), **meta}, tmp)


def _read(path: Path) -> Any:
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"no pose checkpoint at {path}: train one with `python -m pushup_mobile.pose.train`")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a corrupt or foreign file
        raise BadInputError(f"not a pushup-mobile checkpoint: {path} ({type(exc).__name__})") from exc


def is_pose_checkpoint(path: Path) -> bool:
    """Whether ``path`` holds a pose-family checkpoint (False for anything else, which the
    pixel loader then judges)."""
    try:
        data = _read(path)
    except BadInputError:
        return False
    return isinstance(data, dict) and data.get("family") == FAMILY


def load_pose_checkpoint(path: Path) -> LoadedPoseModel:
    data = _read(path)
    if not isinstance(data, dict) or data.get("family") != FAMILY:
        raise BadInputError(f"{path} is not a pose-family checkpoint")
    net = PoseTemporalNet(PoseModelConfig.from_dict(data["model_config"]))
    net.load_state_dict(data["state_dict"])
    meta = {k: v for k, v in data.items() if k not in ("state_dict", "model_config", "family")}
    return LoadedPoseModel(net.eval(), path, meta)
