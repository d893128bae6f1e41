"""The (2+1)D convolutional family: the pixel family's frames (the square around the
person), rendered clips and detector gate, with a causal (2+1)D net
(:mod:`pushup_mobile.cnn3d`) instead of MobileNetV3-Small + LSTM."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pushup_mobile.cnn3d.net import Conv3DConfig, build_cnn3d
from pushup_mobile.errors import BadInputError
from pushup_mobile.families.family import Family
from pushup_mobile.families.pixel import PIXEL, frame_trainer
from pushup_mobile.model.summary import ModelSummary

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "cnn3d.pt"

MODELS = {
    "tiny": Conv3DConfig(input_size=64, stem=8, widths=(8, 16), dilations=(1, 2), embed_dim=16),
    "default": Conv3DConfig(),
}


def _training_config(name: str) -> Any:
    """The pixel family's person-crop recipe of that name on the same rendered clips (a
    per-frame stage on shuffled single frames, then the clip stage: the same budget) with
    this family's model, which trains as it is in the per-frame stage."""
    from pushup_mobile.train.config import CONFIGS

    if name not in MODELS:
        raise BadInputError(f"unknown cnn3d training config {name!r} (known: {', '.join(MODELS)})")
    return replace(CONFIGS["tiny" if name == "tiny" else "person"], name=name, model=MODELS[name])


def _cost(cfg: Conv3DConfig, summary: ModelSummary) -> str:
    return (f"MACs per frame at {cfg.input_size}x{cfg.input_size}: {summary.macs_per_frame / 1e6:.1f} M\n"
            f"input: the square around the person (BlazePose's detector)\n"
            f"blocks: {', '.join(map(str, cfg.widths))} channels, temporal dilations "
            f"{', '.join(map(str, cfg.dilations))} ({1 + 2 * sum(cfg.dilations)} frames of context)")


CNN3D: Family = replace(
    PIXEL,
    name="cnn3d",
    summary="a causal (2+1)D CNN on camera pixels, streamed with per-block frame taps",
    config_type=Conv3DConfig,
    build=build_cnn3d,
    shipped_checkpoint=SHIPPED,
    artifact_stem="pushup-cnn3d",
    cost=_cost,
    training_config=_training_config,
    train=frame_trainer(_training_config, build_cnn3d, frame_stage="as_is"),
)
