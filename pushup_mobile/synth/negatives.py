"""Activities that are not push-ups: what the counter must ignore.

Upright ones (squats, jumping jacks, walking) and, harder, the floor work that looks like
a push-up in one frame: planks that shift and sway, mountain climbers, squat-thrust
burpees (no push-up in them), downward dog and the dive from a plank into it, child's
pose, crawling on hands and knees, and a person resting on the floor doing nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pushup_mobile.synth.motion import Motion, cycles, still, wave
from pushup_mobile.synth.poses import (
    PushupStance, all_fours_pose, downward_dog_pose, forearm_plank_pose, kneeling_pose, lying_pose, mountain_climber_pose,
    pushup_pose, upright_pose,
)
from pushup_mobile.synth.pushups import burpee_set
from pushup_mobile.synth.skeleton import Body

Program = Callable[[Body, np.random.Generator, float, float], Motion]
"""(body, rng, fps, seconds) -> a motion at least ``seconds`` long."""


def _plank_stance(body: Body, rng: np.random.Generator) -> PushupStance:
    return PushupStance(body.shoulder_width * float(rng.uniform(1.1, 1.6)), float(rng.uniform(0.1, 0.3)), 0.3)


def _plank(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    """A held plank on straight arms (sometimes a low hold) or, as often, on the forearms
    (the elbows bent as at a push-up's bottom, but the body never moves up and down); half
    of them shift forward and back, side to side and rock the hips (the hard part: the
    shoulders move, the elbows do not bend and straighten)."""
    stance = _plank_stance(body, rng)
    forearms = bool(rng.uniform() < 0.5)
    hold = 0.0 if forearms else float(rng.choice([0.0, 0.0, 0.5]))
    if rng.uniform() < 0.5:
        pose = forearm_plank_pose(body, stance) if forearms else pushup_pose(body, stance, hold)
        return still(fps, seconds, pose, "plank", rng, sway=0.008)
    shift, side, hips = rng.uniform(0.03, 0.12), rng.uniform(0.0, 0.08), rng.uniform(-0.05, 0.08)

    def pose_at(phase: float, t: float) -> np.ndarray:
        s = np.sin(2 * np.pi * phase)
        if forearms:
            rocked = forearm_plank_pose(body, stance, shift=shift * s, hip_offset=hips * s)
        else:
            rocked = pushup_pose(body, stance, hold, hip_offset=hips * s)
            weight = (rocked[:, 2] - rocked[:, 2].min()) / max(np.ptp(rocked[:, 2]), 1e-6)  # feet stay, shoulders move
            rocked = rocked + weight[:, None] * np.array([shift * s, 0.0, 0.0])[None]
        return rocked + np.array([0.0, side * np.sin(np.pi * phase), 0.0])[None] * (rocked[:, 2:] > 0.1)

    return cycles(rng, fps, seconds, "plank", pose_at, period=(1.0, 4.0))


def _mountain_climbers(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    stance = _plank_stance(body, rng)
    return cycles(rng, fps, seconds, "mountain_climber", lambda p, t: mountain_climber_pose(
        body, stance, (wave(min(2 * p, 1.0)) if p < 0.5 else 0.0, wave(2 * p - 1.0) if p >= 0.5 else 0.0)),
        period=(0.5, 1.2))


def _burpees(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    motion = burpee_set(body, rng, fps, pushup=False, count=1)
    while len(motion) < seconds * fps:
        more = burpee_set(body, rng, fps, pushup=False, count=1)
        motion = Motion(fps, np.concatenate([motion.joints, more.joints]), np.concatenate([motion.activity, more.activity]),
                        np.concatenate([motion.depth, more.depth]), np.concatenate([motion.faults, more.faults]))
    return motion


def _downward_dog(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    stance = _plank_stance(body, rng)
    if rng.uniform() < 0.5:  # held
        return still(fps, seconds, downward_dog_pose(body, stance), "downward_dog", rng)
    return cycles(rng, fps, seconds, "downward_dog", lambda p, t: downward_dog_pose(body, stance, wave(p)), period=(2.0, 5.0))


def _childs_pose(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    if rng.uniform() < 0.5:
        return still(fps, seconds, all_fours_pose(body, childs=1.0), "childs_pose", rng)
    return cycles(rng, fps, seconds, "childs_pose", lambda p, t: all_fours_pose(body, childs=wave(p)), period=(3.0, 6.0))


def _crawling(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    stride, speed = rng.uniform(0.1, 0.25), rng.uniform(0.15, 0.4) * rng.choice([-1.0, 1.0])
    return cycles(rng, fps, seconds, "crawling", lambda p, t: all_fours_pose(
        body, step=(stride * np.sin(2 * np.pi * p), -stride * np.sin(2 * np.pi * p)),
        lift=(0.05 * max(0.0, np.sin(2 * np.pi * p)), 0.05 * max(0.0, -np.sin(2 * np.pi * p))), x=speed * t),
        period=(0.8, 1.6))


def _floor_rest(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    """Doing nothing on the floor: on all fours, lying on the front, or kneeling."""
    pose = [all_fours_pose(body), lying_pose(body, prone=True), kneeling_pose(body, torso_lean=0.3)][int(rng.integers(3))]
    return still(fps, seconds, pose, "floor_rest", rng, sway=0.015)


def _upright(name: str, pose_at: Callable[[Body, float, float], np.ndarray], period: tuple[float, float] = (0.8, 2.5)) -> Program:
    return lambda body, rng, fps, seconds: cycles(rng, fps, seconds, name, lambda p, t: pose_at(body, p, t), period)


def _walking(body: Body, rng: np.random.Generator, fps: float, seconds: float) -> Motion:
    speed = float(rng.uniform(0.6, 1.3)) * (1 if rng.uniform() < 0.5 else -1)
    return cycles(rng, fps, seconds, "walking", lambda p, t: upright_pose(
        body, step=(0.3 * np.sin(2 * np.pi * p), -0.3 * np.sin(2 * np.pi * p)),
        lift=(0.08 * max(0.0, np.sin(2 * np.pi * p)), 0.08 * max(0.0, -np.sin(2 * np.pi * p))),
        arm_forward=(-0.4 * np.sin(2 * np.pi * p), 0.4 * np.sin(2 * np.pi * p)), x=speed * t))


def _held(name: str, pose: Callable[[Body, np.random.Generator], np.ndarray]) -> Program:
    return lambda body, rng, fps, seconds: still(fps, seconds, pose(body, rng), name, rng)


def _leg(body: Body) -> float:
    return body.thigh + body.shin


NEGATIVES: dict[str, tuple[float, Program]] = {
    "standing": (0.06, _held("standing", lambda b, r: upright_pose(b, arm_raise=(0.1, 0.1)))),
    "walking": (0.06, _walking),
    "squat": (0.09, _upright("squat", lambda b, p, t: upright_pose(
        b, hip_drop=0.45 * _leg(b) * wave(p), torso_lean=0.6 * wave(p), arm_forward=(1.4 * wave(p),) * 2, feet_width=0.4))),
    "plank": (0.11, _plank),
    "situp": (0.08, _upright("situp", lambda b, p, t: lying_pose(b, curl=1.1 * wave(p), knee_bend=0.8))),
    "jumping_jack": (0.06, _upright("jumping_jack", lambda b, p, t: upright_pose(
        b, arm_raise=(2.8 * wave(p),) * 2, feet_width=0.2 + 0.5 * wave(p), z=0.08 * np.sin(np.pi * (2 * p % 1.0))))),
    "lying": (0.05, _held("lying", lambda b, r: lying_pose(b, prone=bool(r.uniform() < 0.5)))),
    "sitting": (0.04, _held("sitting", lambda b, r: upright_pose(b, hip_drop=0.48 * _leg(b), torso_lean=0.15))),
    "stretching": (0.04, _upright("stretching", lambda b, p, t: upright_pose(
        b, arm_raise=(3.0 * wave(p),) * 2, torso_lean=-0.2 * wave(p)))),
    "hang": (0.03, _upright("hang", lambda b, p, t: upright_pose(b, arm_raise=(np.pi, np.pi), z=0.3 + 0.35 * wave(p), feet_width=0.15))),
    "kneeling": (0.04, _held("kneeling", lambda b, r: kneeling_pose(b, torso_lean=float(r.uniform(-0.1, 0.4))))),
    "mountain_climber": (0.07, _mountain_climbers),
    "burpee": (0.06, _burpees),
    "downward_dog": (0.06, _downward_dog),
    "childs_pose": (0.04, _childs_pose),
    "crawling": (0.05, _crawling),
    "floor_rest": (0.06, _floor_rest),
}
"""Activity -> (share of negative clips, program). Floor work that resembles a push-up
takes about half."""


def negative(body: Body, rng: np.random.Generator, fps: float, seconds: float, name: str | None = None) -> Motion:
    """One non-push-up activity: ``name`` (one of :data:`NEGATIVES`), or one drawn by its share."""
    if name is None:
        names = list(NEGATIVES)
        weights = np.array([NEGATIVES[n][0] for n in names])
        name = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    return NEGATIVES[name][1](body, rng, fps, seconds)
