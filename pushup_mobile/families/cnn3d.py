"""The (2+1)D convolutional family: the pixel family's frames (the square around the
person), rendered clips and detector gate, with a causal (2+1)D net
(:mod:`pushup_mobile.cnn3d`) instead of MobileNetV3-Small + LSTM."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pushup_mobile.cnn3d.net import Conv3DConfig, build_cnn3d
from pushup_mobile.families.family import Family
from pushup_mobile.families.pixel import PIXEL, frame_trainer, person_recipe
from pushup_mobile.model.summary import ModelSummary

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "cnn3d.pt"

MODELS = {
    "tiny": Conv3DConfig(input_size=64, stem=8, widths=(8, 16), dilations=(1, 2), embed_dim=16),
    "default": Conv3DConfig(),
}


_training_config = person_recipe("cnn3d", MODELS)
"""The (2+1)D model trains as it is in the per-frame stage (a one-frame clip is a per-frame net)."""


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
