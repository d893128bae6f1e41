"""Models by checkpoint file or by family name, in one format for every family
(:mod:`pushup_mobile.checkpoint_format`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from pushup_mobile.checkpoint_format import read_checkpoint, save_checkpoint
from pushup_mobile.errors import BadInputError
from pushup_mobile.families.family import ModelConfigLike
from pushup_mobile.families.registry import DEFAULT_FAMILY, FAMILIES, family, family_of, is_family_name
from pushup_mobile.files import sha256_file

__all__ = ["LoadedModel", "build_model", "labelled_models", "load_checkpoint", "load_model", "save_checkpoint",
           "state_sha256"]


@dataclass
class LoadedModel:
    """A model of any family in eval mode, with where it came from."""

    net: nn.Module
    source: str
    sha256: str
    trained: bool
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def cfg(self) -> ModelConfigLike:
        return self.net.cfg


def build_model(cfg: Any, seed: int = 0) -> nn.Module:
    """A freshly initialised network of ``cfg``'s family in eval mode (same seed, same weights)."""
    return family_of(cfg).build(cfg, seed)


def state_sha256(net: nn.Module) -> str:
    """Hash of the weights themselves, for models that have no file."""
    digest = hashlib.sha256()
    for name, tensor in sorted(net.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def load_checkpoint(path: Path) -> LoadedModel:
    """A checkpoint of any family as its network; a missing, corrupt or foreign file, or one
    that does not fit its family's model, is one clear error."""
    contents = read_checkpoint(path)
    row = family(contents.family)
    try:
        with torch.random.fork_rng():  # builders seed torch; loading must not move the caller's random stream
            net = row.build(row.config_type.from_dict(contents.config), 0)
        net.load_state_dict(contents.state_dict)
    except Exception as exc:  # a config or weights that do not fit the family's model
        reason = str(exc) if isinstance(exc, BadInputError) else type(exc).__name__
        raise BadInputError(f"not a pushup-mobile checkpoint: {path} ({reason})") from exc
    return LoadedModel(net=net.eval(), source=str(path), sha256=sha256_file(Path(path)), trained=True,
                       meta=contents.meta)


def labelled_models(paths: list[Path]) -> dict[str, nn.Module]:
    """Checkpoints by a label for tables: ``"<family> model"`` for a family's shipped one,
    with the file's folder and name for any other; each network in eval mode."""
    models = {}
    for path in paths:
        loaded = load_checkpoint(path)
        row = family_of(loaded.cfg)
        shipped = Path(path).resolve() == row.shipped_checkpoint.resolve()
        label = f"{row.name} model" + ("" if shipped else f" ({Path(path).parent.name}/{Path(path).name})")
        models[label] = loaded.net.eval()
    return models


def load_model(checkpoint: Path | str | None) -> LoadedModel:
    """``checkpoint`` if given (a checkpoint file of any family, or a family's name for its
    shipped model), else the shipped model of :data:`DEFAULT_FAMILY`."""
    if checkpoint is None or is_family_name(checkpoint):
        return load_checkpoint(FAMILIES[str(checkpoint or DEFAULT_FAMILY)].shipped_checkpoint)
    return load_checkpoint(Path(checkpoint))
