"""Motion programs: a person doing something for a while, with exact labels per frame.

Every label comes from the program, never from pixels: the depth the program asked for,
the faults it put in (with their severity), where each rep starts, bottoms out and ends.
Push-up sets vary tempo, pauses, rep count, hand and feet width, elbow flare, knee
push-ups and faults that may set in part-way (fatigue); other activities are the
negatives the counter must ignore, squats and sit-ups above all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.synth.poses import PushupStance, kneeling_pose, lying_pose, pushup_pose, upright_pose
from pushup_mobile.synth.skeleton import Body

ACTIVITIES: tuple[str, ...] = (
    "pushup", "transition", "standing", "walking", "squat", "plank", "situp",
    "jumping_jack", "lying", "sitting", "stretching", "hang", "kneeling",
)
FAULT_LABEL_SEVERITY = 0.35
"""Severity from which a fault is labelled: milder ones are acceptable variation, which
teaches the model where the boundary lies."""


@dataclass
class Motion:
    """Joints ``[T, 17, 3]`` and the labels of every frame."""

    fps: float
    joints: np.ndarray
    activity: np.ndarray  # [T] index into ACTIVITIES
    depth: np.ndarray  # [T] 0..1, zero outside push-ups
    fault_severity: np.ndarray  # [T, K] 0..1
    reps: list[tuple[int, int, int]] = field(default_factory=list)  # (start, bottom, end) frames

    @property
    def pushup(self) -> np.ndarray:
        return (self.activity == ACTIVITIES.index("pushup")).astype(np.float32)

    @property
    def faults(self) -> np.ndarray:
        return (self.fault_severity >= FAULT_LABEL_SEVERITY).astype(np.float32)

    def __len__(self) -> int:
        return len(self.joints)


def _smooth(u: np.ndarray) -> np.ndarray:
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def _segment(fps: float, seconds: float) -> int:
    return max(1, int(round(seconds * fps)))


def _still(fps: float, seconds: float, pose: np.ndarray, activity: str, rng: np.random.Generator, sway: float = 0.01) -> Motion:
    n = _segment(fps, seconds)
    t = np.arange(n) / fps
    drift = sway * np.sin(2 * np.pi * (0.3 * t[:, None] + rng.uniform(0, 1, size=(1, 3))))
    return _labelled(fps, pose[None] + drift[:, None, :], activity)


def _labelled(fps: float, joints: np.ndarray, activity: str) -> Motion:
    n = len(joints)
    return Motion(fps, joints, np.full(n, ACTIVITIES.index(activity)), np.zeros(n), np.zeros((n, len(FAULTS))))


def concat(parts: list[Motion]) -> Motion:
    offset = 0
    reps = []
    for part in parts:
        reps += [(s + offset, b + offset, e + offset) for s, b, e in part.reps]
        offset += len(part)
    return Motion(
        parts[0].fps,
        np.concatenate([p.joints for p in parts]),
        np.concatenate([p.activity for p in parts]),
        np.concatenate([p.depth for p in parts]),
        np.concatenate([p.fault_severity for p in parts]),
        reps,
    )


def sample_faults(rng: np.random.Generator) -> dict[str, float]:
    """40 % clean sets, otherwise one or two faults at graded severity."""
    roll = rng.uniform()
    if roll < 0.4:
        return {}
    count = 1 if roll < 0.85 else 2
    names = rng.choice(len(FAULTS), size=count, replace=False)
    faults = {FAULTS[i]: float(rng.uniform(0.15, 1.0)) for i in names}
    if "hip_sag" in faults and "hip_pike" in faults:
        del faults["hip_pike"]
    return faults


def pushup_set(body: Body, rng: np.random.Generator, fps: float, reps: int | None = None, faults: dict[str, float] | None = None) -> Motion:
    """One set: a plank at the top, then reps with their own tempo and pauses."""
    stance = PushupStance(
        hand_width=body.shoulder_width * float(rng.uniform(1.1, 1.9)),
        feet_width=float(rng.uniform(0.05, 0.4)),
        hand_forward=float(rng.uniform(-0.03, 0.1)),
        elbow_flare=float(rng.uniform(0.0, 1.0)),
        knees=bool(rng.uniform() < 0.1),
    )
    reps = int(rng.integers(1, 13)) if reps is None else reps
    faults = sample_faults(rng) if faults is None else faults
    onset = {name: int(rng.integers(0, max(1, reps // 2) + 1)) if rng.uniform() < 0.3 else 0 for name in faults}
    scale = body.height / 1.75
    frames: list[np.ndarray] = []
    depth: list[float] = []
    severity: list[np.ndarray] = []
    rep_marks: list[tuple[int, int, int]] = []

    def emit(d: float, active: dict[str, float]) -> None:
        hip = -0.13 * scale * active.get("hip_sag", 0.0) + 0.28 * scale * active.get("hip_pike", 0.0)
        frames.append(pushup_pose(body, stance, d, hip_offset=hip, head_drop=0.75 * active.get("head_drop", 0.0)))
        depth.append(d)
        severity.append(np.array([active.get(name, 0.0) for name in FAULTS]))

    lead = _segment(fps, rng.uniform(0.3, 1.5))
    for _ in range(lead):
        emit(0.0, {})
    for k in range(reps):
        active = {name: sev for name, sev in faults.items() if k >= onset[name]}
        low = 1.0 - 0.45 * active.get("shallow_depth", 0.0)
        high = 0.32 * active.get("incomplete_lockout", 0.0)
        period = float(rng.uniform(0.9, 3.0))
        down = _segment(fps, period * rng.uniform(0.4, 0.6))
        up = _segment(fps, period) - down + 1
        start = len(frames)
        for u in np.arange(down) / down:
            emit(float(high + (low - high) * _smooth(np.array(u))), active)
        bottom = len(frames)
        for _ in range(_segment(fps, rng.uniform(0.0, 0.5))):
            emit(low, active)
        for u in np.arange(1, up + 1) / up:
            emit(float(low + (high - low) * _smooth(np.array(u))), active)
        rep_marks.append((start, bottom, len(frames) - 1))
        for _ in range(_segment(fps, rng.uniform(0.0, 0.8))):
            emit(high, active)
    joints = np.stack(frames)
    n = len(joints)
    return Motion(fps, joints, np.full(n, ACTIVITIES.index("pushup")), np.array(depth), np.stack(severity), rep_marks)


def transition(a: np.ndarray, b: np.ndarray, fps: float, seconds: float) -> Motion:
    """Getting into or out of the plank: a smooth blend between two poses."""
    u = _smooth(np.linspace(0.0, 1.0, _segment(fps, seconds)))[:, None, None]
    return _labelled(fps, (1 - u) * a[None] + u * b[None], "transition")


def mixed_clip(body: Body, rng: np.random.Generator, fps: float) -> Motion:
    """Stand, get down, do reps, get up."""
    stand = upright_pose(body)
    crouch = upright_pose(body, hip_drop=0.35 * (body.thigh + body.shin), torso_lean=1.2, arm_forward=(1.2, 1.2))
    reps = pushup_set(body, rng, fps)
    first, last = reps.joints[0], reps.joints[-1]
    return concat([
        _still(fps, rng.uniform(0.5, 1.5), stand, "standing", rng),
        transition(stand, crouch, fps, rng.uniform(0.6, 1.2)),
        transition(crouch, first, fps, rng.uniform(0.8, 1.6)),
        reps,
        transition(last, crouch, fps, rng.uniform(0.8, 1.6)),
        transition(crouch, stand, fps, rng.uniform(0.6, 1.2)),
    ])


def _cycles(body: Body, rng: np.random.Generator, fps: float, seconds: float, activity: str,
            pose_at: Callable[[float, float], np.ndarray]) -> Motion:
    """A periodic activity: ``pose_at(phase 0..1 within a cycle, time)``."""
    n = _segment(fps, seconds)
    period = float(rng.uniform(0.8, 2.5))
    t = np.arange(n) / fps
    return _labelled(fps, np.stack([pose_at((ti / period) % 1.0, ti) for ti in t]), activity)


NEGATIVES: tuple[str, ...] = ("standing", "walking", "squat", "plank", "situp", "jumping_jack", "lying", "sitting",
                              "stretching", "hang", "kneeling")


def negative(body: Body, rng: np.random.Generator, fps: float, seconds: float, name: str | None = None) -> Motion:
    """One non-push-up activity: ``name`` (one of :data:`NEGATIVES`), or one chosen at random."""
    leg = body.thigh + body.shin
    name = str(rng.choice(NEGATIVES)) if name is None else name
    wave = lambda phase: float(_smooth(np.array(1.0 - abs(2 * phase - 1.0))))  # 0 -> 1 -> 0
    if name == "standing":
        return _still(fps, seconds, upright_pose(body, arm_raise=(0.1, 0.1)), name, rng)
    if name == "plank":
        stance = PushupStance(body.shoulder_width * 1.4, 0.2, 0.02, 0.3)
        hold = float(rng.choice([0.0, 0.0, 0.5]))  # straight-arm plank, sometimes a low hold
        return _still(fps, seconds, pushup_pose(body, stance, hold), name, rng, sway=0.008)
    if name == "lying":
        return _still(fps, seconds, lying_pose(body, prone=bool(rng.uniform() < 0.5)), name, rng)
    if name == "kneeling":
        return _still(fps, seconds, kneeling_pose(body, torso_lean=float(rng.uniform(-0.1, 0.4))), name, rng)
    if name == "sitting":
        return _still(fps, seconds, upright_pose(body, hip_drop=0.48 * leg, torso_lean=0.15), name, rng)
    if name == "walking":
        speed = float(rng.uniform(0.6, 1.3)) * (1 if rng.uniform() < 0.5 else -1)
        return _cycles(body, rng, fps, seconds, name, lambda p, t: upright_pose(
            body, step=(0.3 * np.sin(2 * np.pi * p), -0.3 * np.sin(2 * np.pi * p)),
            lift=(0.08 * max(0.0, np.sin(2 * np.pi * p)), 0.08 * max(0.0, -np.sin(2 * np.pi * p))),
            arm_forward=(-0.4 * np.sin(2 * np.pi * p), 0.4 * np.sin(2 * np.pi * p)), x=speed * t))
    if name == "squat":
        return _cycles(body, rng, fps, seconds, name, lambda p, t: upright_pose(
            body, hip_drop=0.45 * leg * wave(p), torso_lean=0.6 * wave(p), arm_forward=(1.4 * wave(p), 1.4 * wave(p)), feet_width=0.4))
    if name == "situp":
        return _cycles(body, rng, fps, seconds, name, lambda p, t: lying_pose(body, curl=1.1 * wave(p), knee_bend=0.8))
    if name == "jumping_jack":
        return _cycles(body, rng, fps, seconds, name, lambda p, t: upright_pose(
            body, arm_raise=(2.8 * wave(p), 2.8 * wave(p)), feet_width=0.2 + 0.5 * wave(p), z=0.08 * np.sin(np.pi * (2 * p % 1.0))))
    if name == "stretching":
        return _cycles(body, rng, fps, seconds, name, lambda p, t: upright_pose(
            body, arm_raise=(3.0 * wave(p), 3.0 * wave(p)), torso_lean=-0.2 * wave(p)))
    return _cycles(body, rng, fps, seconds, name, lambda p, t: upright_pose(
        body, arm_raise=(np.pi, np.pi), z=0.3 + 0.35 * wave(p), feet_width=0.15))
