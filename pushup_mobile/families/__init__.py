"""Model families: one table of what differs between models (docs/ARCHITECTURE.md, "Model
families"), and one checkpoint format for all of them."""

from pushup_mobile.families.checkpoint import (
    LoadedModel, build_model, labelled_models, load_checkpoint, load_model, save_checkpoint, state_sha256,
)
from pushup_mobile.families.family import Family, FrameInput, TrainRequest
from pushup_mobile.families.registry import DEFAULT_FAMILY, DEFAULT_REASON, FAMILIES, family, family_of, is_family_name

__all__ = [
    "DEFAULT_FAMILY", "DEFAULT_REASON", "FAMILIES", "Family", "FrameInput", "LoadedModel", "build_model", "family",
    "family_of", "is_family_name", "labelled_models", "load_checkpoint", "load_model", "save_checkpoint", "state_sha256",
    "TrainRequest",
]
