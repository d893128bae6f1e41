"""The pixel model family's network: MobileNetV3-Small per frame -> LSTM -> heads.
Checkpoints of every family: :mod:`pushup_mobile.families`."""

from pushup_mobile.model.config import ModelConfig
from pushup_mobile.model.net import ClipOutputs, PushupNet, StepModel, StepOutputs, build_pixel_model, zero_state

__all__ = ["ClipOutputs", "ModelConfig", "PushupNet", "StepModel", "StepOutputs", "build_pixel_model", "zero_state"]
