"""Body proportions and the joint set every motion program poses.

Joints follow the COCO-17 order (also BlazePose's first keypoints), so the 2D labels feed
the keypoint head and the pose family without remapping. World frame: x along the floor
in the direction the head points in a push-up, y to the body's left, z up, metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.contract import JOINTS, J

LEFT_RIGHT_PAIRS = [(J[f"left_{n}"], J[f"right_{n}"]) for n in ("eye", "ear", "shoulder", "elbow", "wrist", "hip", "knee", "ankle")]
BONES: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"), ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"), ("right_knee", "right_ankle"),
    ("nose", "left_eye"), ("nose", "right_eye"), ("left_eye", "left_ear"), ("right_eye", "right_ear"),
)


@dataclass(frozen=True)
class Body:
    """Segment lengths of one person, metres.

    Built from a stature with the usual anthropometric ratios (:meth:`from_stature`,
    Drillis & Contini), or measured on a body mesh so that the skeleton fits the mesh the
    renderer skins.
    """

    height: float
    upper_arm: float
    forearm: float  # elbow to wrist
    thigh: float
    shin: float  # knee to ankle
    torso: float  # hip centre to shoulder centre
    shoulder_width: float  # shoulder joint to joint
    hip_width: float
    ankle_height: float
    chest_depth: float  # shoulder-joint height above the floor with the chest on it
    foot_length: float  # ankle joint to toe tip

    @property
    def arm(self) -> float:
        return self.upper_arm + self.forearm

    @classmethod
    def from_stature(cls, height: float, build: float = 0.0) -> "Body":
        """``build`` in -1..1 (slim..heavy) widens the trunk."""
        return cls(
            height=height,
            upper_arm=0.186 * height,
            forearm=0.146 * height,
            thigh=0.245 * height,
            shin=0.246 * height,
            torso=0.288 * height,
            shoulder_width=(0.23 + 0.015 * build) * height,
            hip_width=(0.191 + 0.025 * build) * height,
            ankle_height=0.039 * height,
            chest_depth=(0.09 + 0.02 * build) * height,
            foot_length=0.12 * height,
        )


def two_bone_ik(root: np.ndarray, end: np.ndarray, a: float, b: float, bend: np.ndarray) -> np.ndarray:
    """The middle joint (elbow, knee) of a two-bone chain from ``root`` to ``end`` with
    bone lengths ``a`` and ``b``, bending towards ``bend``. An unreachable end stretches
    the chain straight towards it."""
    axis = end - root
    dist = float(np.linalg.norm(axis))
    unit = axis / max(dist, 1e-9)
    dist = min(dist, a + b - 1e-6)
    along = (a * a - b * b + dist * dist) / (2 * dist)
    across = np.sqrt(max(a * a - along * along, 0.0))
    side = bend - np.dot(bend, unit) * unit
    side = side / max(float(np.linalg.norm(side)), 1e-9)
    return root + along * unit + across * side
