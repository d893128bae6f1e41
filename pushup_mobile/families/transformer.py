"""The transformer family: the pose family's front-end, features, clips and training
sequences, with a small transformer over a window of frames as the temporal model
(:mod:`pushup_mobile.transformer`) instead of an LSTM."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pushup_mobile.errors import BadInputError
from pushup_mobile.families.family import Family
from pushup_mobile.families.pose import POSE, keypoint_trainer
from pushup_mobile.model.summary import ModelSummary
from pushup_mobile.transformer.net import TransformerConfig, build_transformer

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "transformer.pt"


MODELS = {"tiny": TransformerConfig(window=8, d_model=16, heads=2, layers=1, ff=32), "default": TransformerConfig()}


def _training_config(name: str) -> Any:
    """The pose family's training configuration of that name (same sequences, epochs and
    schedule: the same budget) with this family's model."""
    from pushup_mobile.train.pose_config import POSE_CONFIGS

    if name not in MODELS:
        raise BadInputError(f"unknown transformer training config {name!r} (known: {', '.join(MODELS)})")
    return replace(POSE_CONFIGS[name], model=MODELS[name])


def _cost(cfg: TransformerConfig, summary: ModelSummary) -> str:
    return (f"MACs per frame (temporal model; BlazePose runs before it): {summary.macs_per_frame / 1e6:.3f} M\n"
            f"input: {cfg.features} keypoint features  window: {cfg.window} frames  "
            f"{cfg.layers} attention block(s), d={cfg.d_model}, {cfg.heads} heads")


TRANSFORMER: Family = replace(
    POSE,
    name="transformer",
    summary="BlazePose keypoints -> features -> attention over the last frames",
    config_type=TransformerConfig,
    build=build_transformer,
    shipped_checkpoint=SHIPPED,
    artifact_stem="pushup-transformer",
    cost=_cost,
    training_config=_training_config,
    train=keypoint_trainer(_training_config, build_transformer),
)
