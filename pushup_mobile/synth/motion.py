"""Motion programs: a person doing something for a while, with exact labels per frame.

Every label comes from the program, never from pixels: the depth the program asked for,
the faults its reps show (measured on the program's own joints, :mod:`pushup_mobile.form`),
where each rep starts, bottoms out and ends,
and the set's push-up ``variant``. This module holds the labelled container and the
pieces programs are built from; :mod:`pushup_mobile.synth.pushups` writes push-up sets
and :mod:`pushup_mobile.synth.negatives` the activities the counter must ignore.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.synth.skeleton import Body

ACTIVITIES: tuple[str, ...] = (
    "pushup", "transition", "standing", "walking", "squat", "plank", "situp",
    "jumping_jack", "lying", "sitting", "stretching", "hang", "kneeling",
    "burpee", "mountain_climber", "downward_dog", "childs_pose", "crawling", "floor_rest", "nobody",
)
"""Frame activities; new ones are appended so the indices stored in shards keep their
meaning. ``nobody``: no person in the picture (an edited video's title card)."""
NO_VARIANT = "none"
"""The ``variant`` of a clip without push-ups."""


@dataclass
class Motion:
    """Joints ``[T, 17, 3]`` and the labels of every frame; ``variant`` names the kind of
    push-up the clip's set is (:data:`pushup_mobile.synth.pushups.VARIANTS`)."""

    fps: float
    joints: np.ndarray
    activity: np.ndarray  # [T] index into ACTIVITIES
    depth: np.ndarray  # [T] 0..1, zero outside push-ups
    faults: np.ndarray  # [T, K] 1 where the rep's measured form is past the fault's threshold
    reps: list[tuple[int, int, int]] = field(default_factory=list)  # (start, bottom, end) frames
    variant: str = NO_VARIANT

    @property
    def pushup(self) -> np.ndarray:
        return (self.activity == ACTIVITIES.index("pushup")).astype(np.float32)

    def __len__(self) -> int:
        return len(self.joints)


def smooth(u: np.ndarray | float) -> np.ndarray:
    """0 -> 1 with zero speed at both ends (cosine ease)."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def segment(fps: float, seconds: float) -> int:
    return max(1, int(round(seconds * fps)))


def labelled(fps: float, joints: np.ndarray, activity: str) -> Motion:
    n = len(joints)
    return Motion(fps, joints, np.full(n, ACTIVITIES.index(activity)), np.zeros(n), np.zeros((n, len(FAULTS))))


def still(fps: float, seconds: float, pose: np.ndarray, activity: str, rng: np.random.Generator, sway: float = 0.01) -> Motion:
    """A held pose with a little sway."""
    n = segment(fps, seconds)
    t = np.arange(n) / fps
    drift = sway * np.sin(2 * np.pi * (0.3 * t[:, None] + rng.uniform(0, 1, size=(1, 3))))
    joints = pose[None] + drift[:, None, :]
    joints[..., 2] = np.maximum(joints[..., 2], 0.0)  # swaying never sinks into the floor
    return labelled(fps, joints, activity)


def transition(a: np.ndarray, b: np.ndarray, fps: float, seconds: float, activity: str = "transition") -> Motion:
    """Getting from one pose to another: a smooth blend."""
    u = smooth(np.linspace(0.0, 1.0, segment(fps, seconds)))[:, None, None]
    return labelled(fps, (1 - u) * a[None] + u * b[None], activity)


def cycles(rng: np.random.Generator, fps: float, seconds: float, activity: str,
           pose_at: Callable[[float, float], np.ndarray], period: tuple[float, float] = (0.8, 2.5)) -> Motion:
    """A periodic activity: ``pose_at(phase 0..1 within a cycle, time)``."""
    n = segment(fps, seconds)
    length = float(rng.uniform(*period))
    t = np.arange(n) / fps
    return labelled(fps, np.stack([pose_at((ti / length) % 1.0, ti) for ti in t]), activity)


def wave(phase: float) -> float:
    """0 -> 1 -> 0 over one cycle."""
    return float(smooth(1.0 - abs(2 * phase - 1.0)))


def concat(parts: list[Motion]) -> Motion:
    offset = 0
    reps = []
    for part in parts:
        reps += [(s + offset, b + offset, e + offset) for s, b, e in part.reps]
        offset += len(part)
    variants = [p.variant for p in parts if p.variant != NO_VARIANT]
    return Motion(
        parts[0].fps,
        np.concatenate([p.joints for p in parts]),
        np.concatenate([p.activity for p in parts]),
        np.concatenate([p.depth for p in parts]),
        np.concatenate([p.faults for p in parts]),
        reps,
        variants[0] if variants else NO_VARIANT,
    )


def body_scale(body: Body) -> float:
    """The body's height relative to the 1.75 m the programs' metre figures are set for."""
    return body.height / 1.75
