"""The pixel model family: MobileNetV3-Small per frame -> LSTM -> heads."""

from pushup_mobile.model.checkpoint import (
    LoadedModel,
    build_model,
    load_checkpoint,
    load_default,
    load_model,
    save_checkpoint,
)
from pushup_mobile.model.config import ModelConfig
from pushup_mobile.model.net import ClipOutputs, PushupNet, StepModel, StepOutputs, zero_state

__all__ = [
    "ClipOutputs",
    "LoadedModel",
    "ModelConfig",
    "PushupNet",
    "StepModel",
    "StepOutputs",
    "build_model",
    "load_checkpoint",
    "load_default",
    "load_model",
    "save_checkpoint",
    "zero_state",
]
