"""Body proportions and the joint set every motion program poses.

Joints follow the COCO-17 order (also BlazePose's first keypoints), so the 2D labels feed
the keypoint head and the pose family without remapping. World frame: x along the floor
in the direction the head points in a push-up, y to the body's left, z up, metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

JOINTS: tuple[str, ...] = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)
J = {name: i for i, name in enumerate(JOINTS)}
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
    """Segment lengths of one person, from stature and build.

    Ratios to stature are the usual anthropometric averages (Drillis & Contini); ``build``
    in -1..1 (slim..heavy) widens the trunk, which matters for how close the chest gets to
    the floor at the bottom of a push-up.
    """

    height: float
    build: float = 0.0

    @property
    def upper_arm(self) -> float:
        return 0.186 * self.height

    @property
    def forearm(self) -> float:
        return 0.146 * self.height  # elbow to wrist

    @property
    def arm(self) -> float:
        return self.upper_arm + self.forearm

    @property
    def thigh(self) -> float:
        return 0.245 * self.height

    @property
    def shin(self) -> float:
        return 0.246 * self.height  # knee to ankle

    @property
    def torso(self) -> float:
        return 0.288 * self.height  # hip to shoulder

    @property
    def neck_to_nose(self) -> float:
        return 0.11 * self.height

    @property
    def shoulder_width(self) -> float:
        return (0.23 + 0.015 * self.build) * self.height  # shoulder joint to joint

    @property
    def hip_width(self) -> float:
        return (0.191 + 0.025 * self.build) * self.height

    @property
    def ankle_height(self) -> float:
        return 0.039 * self.height

    @property
    def chest_depth(self) -> float:
        """Shoulder-joint height above the floor with the chest touching it."""
        return (0.09 + 0.02 * self.build) * self.height


def sample_body(rng: np.random.Generator, height_range: tuple[float, float] = (1.5, 1.95)) -> Body:
    return Body(height=float(rng.uniform(*height_range)), build=float(rng.uniform(-1.0, 1.0)))


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
