"""The model contract (docs/ARCHITECTURE.md): names, heads, labels and normalization in one place.

Everything that has to agree between training, export, the manifest and the Android app
reads it from here, so it cannot drift.
"""

from __future__ import annotations

from typing import Final

FAULTS: Final[tuple[str, ...]] = (
    "hip_sag",
    "hip_pike",
    "shallow_depth",
    "incomplete_lockout",
    "head_drop",
)
"""Form faults, in the order of the ``faults`` head's logits."""

JOINTS: Final[tuple[str, ...]] = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)
"""The COCO-17 joints (BlazePose's first keypoints): what the motion programs pose, the
pose family reads and the form measurements use, in this order."""
J: Final[dict[str, int]] = {name: i for i, name in enumerate(JOINTS)}

FRAME_INPUT: Final[str] = "frame"
HEADS: Final[tuple[str, ...]] = ("pushup", "depth", "faults")
"""The step form: ``frame`` and the family's named state tensors in; the heads and the
same named state out (a family's config declares its state: ``state_spec()``)."""
CLIP_INPUTS: Final[tuple[str, ...]] = ("frames",)

HEAD_MEANING: Final[dict[str, str]] = {
    "pushup": "logit: a push-up is being performed in this frame",
    "depth": "0..1: how far down the body is (0 arms locked out, 1 chest at floor)",
    "faults": "logits, multi-label, one per form fault",
}

# ImageNet statistics: the usual choice for MobileNet backbones, kept even without
# pretrained weights so that a pretrained backbone could be dropped in later.
NORM_MEAN: Final[tuple[float, float, float]] = (0.485, 0.456, 0.406)
NORM_STD: Final[tuple[float, float, float]] = (0.229, 0.224, 0.225)
CHANNEL_ORDER: Final[str] = "RGB"
FRAME_RATE: Final[float] = 15.0
"""Frames per second the model sees; videos are resampled to it."""
