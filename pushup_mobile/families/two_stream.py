"""The two-stream family: the pixel family's frames (the square around the person),
rendered clips, detector gate and training recipe, with a motion stream on frame
differences beside the appearance stream (:mod:`pushup_mobile.two_stream`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pushup_mobile.families.family import Family
from pushup_mobile.families.pixel import PIXEL, frame_trainer, person_recipe
from pushup_mobile.model.summary import ModelSummary
from pushup_mobile.two_stream.net import TwoStreamConfig, build_two_stream

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "two_stream.pt"

MODELS = {"tiny": TwoStreamConfig(input_size=64, embed_dim=32, hidden=32, keypoints=17, motion_widths=(8, 16),
                                  motion_dim=16),
          "default": TwoStreamConfig(keypoints=17)}


_training_config = person_recipe("two_stream", MODELS)
"""The per-frame stage trains the appearance stream (the pixel family's per-frame half)."""


def _cost(cfg: TwoStreamConfig, summary: ModelSummary) -> str:
    return (f"MACs per frame at {cfg.input_size}x{cfg.input_size}: {summary.macs_per_frame / 1e6:.1f} M\n"
            f"input: the square around the person (BlazePose's detector), and its change since the last frame\n"
            f"appearance: MobileNetV3-Small width {cfg.width_mult}; motion: {len(cfg.motion_widths)} convolutions "
            f"({', '.join(map(str, cfg.motion_widths))} channels); LSTM: {cfg.layers} layer(s) x {cfg.hidden}")


TWO_STREAM: Family = replace(
    PIXEL,
    name="two_stream",
    summary="MobileNetV3-Small on the frame + a small CNN on the frame difference -> LSTM",
    config_type=TwoStreamConfig,
    build=build_two_stream,
    shipped_checkpoint=SHIPPED,
    artifact_stem="pushup-two-stream",
    cost=_cost,
    training_config=_training_config,
    train=frame_trainer(_training_config, build_two_stream),
)
