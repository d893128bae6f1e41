"""The checkpoint file every family writes: one ``torch.save`` dict with ``family`` (a name
in the family table), ``config`` (the model config), ``state_dict`` and ``meta`` (training
config, epoch, metrics, git commit: whatever provenance the trainer records), written
atomically so a reader never sees half a file.

Turning the contents into a network needs the family table:
:func:`pushup_mobile.families.load_checkpoint`. Files written before the table (both
shipped checkpoints among them) used two older layouts, read here too: pixel without
``family``, pose with ``model_config`` and the provenance beside the weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import atomic_path


@dataclass(frozen=True)
class CheckpointContents:
    family: str
    config: dict[str, Any]
    state_dict: dict[str, torch.Tensor]
    meta: dict[str, Any]


def save_checkpoint(net: nn.Module, path: Path, meta: dict[str, Any] | None = None) -> None:
    """``net`` (any family: its ``cfg`` says which) with ``meta`` beside its weights."""
    payload = {"family": net.cfg.family, "config": net.cfg.to_dict(), "state_dict": net.state_dict(),
               "meta": meta or {}}
    with atomic_path(Path(path)) as tmp:
        torch.save(payload, tmp)


def read_checkpoint(path: Path) -> CheckpointContents:
    """The contents of a checkpoint in any layout; a missing, corrupt or foreign file is
    one clear error."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"checkpoint not found: {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a corrupt or foreign file
        raise BadInputError(f"not a pushup-mobile checkpoint: {path} ({type(exc).__name__})") from exc
    if not isinstance(payload, dict) or "state_dict" not in payload or not ({"config", "model_config"} & set(payload)):
        raise BadInputError(f"not a pushup-mobile checkpoint: {path} (no model config and weights in it)")
    if "model_config" in payload:  # the pose family's first layout
        meta = {k: v for k, v in payload.items() if k not in ("family", "model_config", "state_dict")}
        return CheckpointContents(str(payload.get("family", "")), payload["model_config"], payload["state_dict"], meta)
    return CheckpointContents(str(payload.get("family", "pixel")), payload["config"], payload["state_dict"],
                              dict(payload.get("meta", {})))
