"""The usual public recipe, with no learning: count a rep each time the elbow angle goes
from straight to bent and back.

Pose keypoints -> the angle at the elbow between shoulder and wrist (of the better-seen
arm) -> smoothing -> hysteresis: "down" once the angle drops below ``down_deg``, a rep
when it then rises above ``up_deg``. It is the yardstick the learned model must beat, and
its known failure is the reason the learned model exists: any activity that bends and
straightens the arms (squats with arms held forward, jumping jacks, sit-ups, stretching)
is counted as push-ups, since nothing asks whether a push-up is being done.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.pose.features import isotropic
from pushup_mobile.contract import J

ARMS = (
    (J["left_shoulder"], J["left_elbow"], J["left_wrist"]),
    (J["right_shoulder"], J["right_elbow"], J["right_wrist"]),
)


@dataclass(frozen=True)
class ElbowRecipe:
    """Thresholds as the common tutorials set them (down below ~90-100 degrees, up above
    ~150-160), an exponential smoothing weight for the newest angle, and the visibility
    below which an arm's joint is not used."""

    down_deg: float = 95.0
    up_deg: float = 155.0
    smoothing: float = 0.5
    min_visibility: float = 0.5


@dataclass(frozen=True)
class BaselineResult:
    count: int
    angles: np.ndarray  # [T] smoothed elbow angle, degrees; NaN before any arm was seen
    rep_frames: tuple[int, ...]  # the frame that completed each rep


def elbow_angles(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int,
                 min_visibility: float = ElbowRecipe.min_visibility) -> np.ndarray:
    """``[T]`` raw elbow angle in degrees of the arm whose worst joint is best seen; NaN
    where neither arm has all three joints at ``min_visibility``."""
    points = isotropic(np.asarray(keypoints, np.float64), width, height)
    angles = np.full(len(points), np.nan)
    for t in range(len(points)):
        worst = [float(np.min(visibility[t, list(arm)])) for arm in ARMS]
        best = int(np.argmax(worst))
        if worst[best] < min_visibility:
            continue
        shoulder, elbow, wrist = points[t, list(ARMS[best])]
        a, b = shoulder - elbow, wrist - elbow
        cosine = np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12)
        angles[t] = np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))
    return angles


def count_elbow_reps(raw_angles: np.ndarray, recipe: ElbowRecipe = ElbowRecipe()) -> BaselineResult:
    """Smoothing and hysteresis over an angle trace (NaN: no arm seen, the last value held)."""
    smoothed = np.full(len(raw_angles), np.nan)
    level: float | None = None
    stage: str | None = None
    reps = []
    for t, angle in enumerate(raw_angles):
        if not np.isnan(angle):
            level = angle if level is None else level + recipe.smoothing * (angle - level)
        if level is None:
            continue
        smoothed[t] = level
        if level > recipe.up_deg:
            if stage == "down":
                reps.append(t)
            stage = "up"
        elif level < recipe.down_deg and stage == "up":
            stage = "down"
    return BaselineResult(len(reps), smoothed, tuple(reps))


def elbow_baseline(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int,
                   recipe: ElbowRecipe = ElbowRecipe()) -> BaselineResult:
    """Keypoints ``[T, 17, 2]`` (0..1 of a ``width`` x ``height`` frame) and visibility
    ``[T, 17]`` -> the recipe's rep count and its smoothed angle per frame."""
    return count_elbow_reps(elbow_angles(keypoints, visibility, width, height, recipe.min_visibility), recipe)
