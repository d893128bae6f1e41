"""Checkpoints on disk, the shipped models by family name, and the default model every
command uses without arguments.

``pixel`` names the shipped MobileNetV3-LSTM (until one is shipped, the model built from
a fixed seed, and :class:`LoadedModel` says so, so that no output can pass a random-weight
model off as a trained one); ``pose`` the shipped pose-family model. The default is
:data:`DEFAULT_FAMILY`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import atomic_path, sha256_file
from pushup_mobile.model.config import ModelConfig
from pushup_mobile.model.net import PushupNet

SHIPPED_CHECKPOINT = Path(__file__).resolve().parent.parent / "assets" / "models" / "default.pt"
SEED = 0
"""Seed of the stand-in model used while no trained checkpoint is shipped."""


@dataclass
class LoadedModel:
    """A model in eval mode with where it came from."""

    net: PushupNet
    source: str
    sha256: str
    trained: bool
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def cfg(self) -> ModelConfig:
        return self.net.cfg


def build_model(cfg: ModelConfig, seed: int = SEED) -> PushupNet:
    """A freshly initialised model in eval mode; the same seed gives the same weights."""
    torch.manual_seed(seed)
    return PushupNet(cfg).eval()


def state_sha256(net: PushupNet) -> str:
    """Hash of the weights themselves, for models that have no file."""
    digest = hashlib.sha256()
    for name, tensor in sorted(net.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def save_checkpoint(net: PushupNet, path: Path, meta: dict[str, Any] | None = None) -> None:
    payload = {"config": net.cfg.to_dict(), "state_dict": net.state_dict(), "meta": meta or {}}
    with atomic_path(Path(path)) as tmp:
        torch.save(payload, tmp)


def load_checkpoint(path: Path) -> LoadedModel:
    """Load a checkpoint written by :func:`save_checkpoint`; bad files are one clear error."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"checkpoint not found: {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
        cfg = ModelConfig.from_dict(payload["config"])
        net = PushupNet(cfg)
        net.load_state_dict(payload["state_dict"])
    except BadInputError:
        raise
    except Exception as exc:  # torch raises many types for a corrupt or foreign file
        raise BadInputError(f"not a pushup-mobile checkpoint: {path} ({type(exc).__name__})") from exc
    return LoadedModel(
        net=net.eval(),
        source=str(path),
        sha256=sha256_file(path),
        trained=True,
        meta=dict(payload.get("meta", {})),
    )


def load_default(cfg: ModelConfig | None = None) -> LoadedModel:
    """The shipped pixel checkpoint, or the seeded stand-in while none is shipped."""
    if SHIPPED_CHECKPOINT.is_file():
        return load_checkpoint(SHIPPED_CHECKPOINT)
    net = build_model(cfg or ModelConfig(), SEED)
    return LoadedModel(net=net, source=f"seeded(seed={SEED})", sha256=state_sha256(net), trained=False)


PIXEL_FAMILY = "pixel"
POSE_FAMILY = "pose"
FAMILY_NAMES = (PIXEL_FAMILY, POSE_FAMILY)
"""What ``--checkpoint NAME`` / ``--model NAME`` take besides a file: a shipped model."""
DEFAULT_FAMILY = POSE_FAMILY
DEFAULT_REASON = ("best on the rendered view x variant grid (held-clip rep OBO 0.85 against 0.63 for the pixel "
                  "family) and on real phone clips (rep OBO 1.00 against 0.67, no rep on 5 of 5 hard negatives "
                  "against 1 of 5); README, \"The pose family, and which family to ship\"")
"""Why the default is the default: what ``info`` prints (README, "The pose family, and which
family to ship", has the commands behind the figures)."""


def is_family_name(checkpoint: Path | str | None) -> bool:
    """``pixel`` or ``pose`` naming a shipped model (a file of that name wins)."""
    return checkpoint is not None and str(checkpoint) in FAMILY_NAMES and not Path(checkpoint).exists()


def load_model(checkpoint: Path | str | None) -> LoadedModel:
    """``checkpoint`` if given (either family's file, or a family name: ``pixel``,
    ``pose``), else the shipped model of :data:`DEFAULT_FAMILY`. A pose checkpoint comes
    back as a :class:`LoadedModel` whose ``net`` is the keypoint model: both nets share the
    step contract, so export, verify and the session take either."""
    family = DEFAULT_FAMILY if checkpoint is None else str(checkpoint) if is_family_name(checkpoint) else None
    if family == PIXEL_FAMILY:
        return load_default()
    from pushup_mobile.pose.checkpoint import SHIPPED_POSE_CHECKPOINT, is_pose_checkpoint, load_pose_checkpoint

    if family == POSE_FAMILY:
        checkpoint = SHIPPED_POSE_CHECKPOINT
    if is_pose_checkpoint(checkpoint):
        pose = load_pose_checkpoint(checkpoint)
        return LoadedModel(net=pose.net, source=str(checkpoint), sha256=sha256_file(Path(checkpoint)), trained=True,
                           meta=pose.meta)
    return load_checkpoint(checkpoint)
