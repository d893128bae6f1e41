"""Push-up sets as people do them: the variants, tempos, faults and how a set begins and ends.

Each set is one ``variant`` (the per-clip label the manifest and the evaluation report):
where the hands and feet rest, how fast the reps go, whether the hands leave the floor.
Reps are counted (``Motion.reps``) only when they go from the top to the bottom and back;
a set may begin or end half-way (the person already down, or stopping on the way down),
and those halves are push-up frames but not reps.

Burpees: the squat-thrust burpee (hands down, feet back to a plank, back up) is a
negative (:mod:`pushup_mobile.synth.negatives`); a burpee whose plank includes a push-up
(chest lowered to the floor and pressed back up) counts that push-up as a rep, variant
``burpee``: it is a push-up a coach would count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.synth.motion import ACTIVITIES, Motion, body_scale, concat, segment, smooth, still, transition
from pushup_mobile.synth.poses import PushupStance, kneeling_pose, lying_pose, pushup_pose, upright_pose
from pushup_mobile.synth.skeleton import Body


@dataclass(frozen=True)
class Variant:
    """One kind of push-up: how often sets are drawn as it, and its tempo (seconds per rep)."""

    weight: float
    period: tuple[float, float] = (0.9, 3.0)
    pause_top: tuple[float, float] = (0.0, 0.8)
    pause_bottom: tuple[float, float] = (0.0, 0.5)


VARIANTS: dict[str, Variant] = {
    "standard": Variant(0.30),
    "knee": Variant(0.07),
    "incline": Variant(0.09),  # hands on a bench, box, bar or ledge: the body 12-60 degrees up
    "decline": Variant(0.06),  # feet on a box
    "wide": Variant(0.06),
    "narrow": Variant(0.05),
    "diamond": Variant(0.05),
    "handles": Variant(0.06),  # push-up handles or dumbbells under the hands
    "clap": Variant(0.07, period=(0.8, 1.4), pause_top=(0.0, 0.3), pause_bottom=(0.0, 0.1)),
    "fast": Variant(0.07, period=(0.6, 0.9), pause_top=(0.0, 0.1), pause_bottom=(0.0, 0.05)),
    "slow": Variant(0.07, period=(3.5, 6.0), pause_top=(0.5, 2.0), pause_bottom=(0.5, 2.0)),
    "burpee": Variant(0.0, period=(0.8, 1.6), pause_top=(0.0, 0.2), pause_bottom=(0.0, 0.1)),
}
"""Variant name -> its share of push-up sets and tempo: the clip-level ``variant`` label.
``burpee`` sets come only from :func:`burpee_set` (a fifth of the mixed clips)."""


def sample_variant(rng: np.random.Generator) -> str:
    names = list(VARIANTS)
    weights = np.array([VARIANTS[n].weight for n in names])
    return names[int(rng.choice(len(names), p=weights / weights.sum()))]


def _incline_height(body: Body, tilt: float) -> float:
    """How high the hands rest (metres, at least 0.2) for the body line to rise ``tilt``
    degrees at the top with the arms straight below the shoulders: 0.2-0.85 m for adults."""
    shoulder = 0.85 * body.foot_length + (body.torso + body.thigh + body.shin) * np.sin(np.radians(tilt))
    return max(0.2, float(shoulder - 0.95 * body.arm))


def sample_stance(body: Body, rng: np.random.Generator, variant: str) -> PushupStance:
    """Where the hands and feet go for ``variant``."""
    width = body.shoulder_width * float(rng.uniform(1.1, 1.9))
    flare = float(rng.uniform(0.0, 1.0))
    if variant == "wide":
        width, flare = body.shoulder_width * float(rng.uniform(1.9, 2.5)), float(rng.uniform(0.6, 1.0))
    elif variant == "narrow":
        width, flare = body.shoulder_width * float(rng.uniform(0.8, 1.05)), float(rng.uniform(0.0, 0.3))
    elif variant == "diamond":
        width, flare = float(rng.uniform(0.06, 0.15)), float(rng.uniform(0.6, 1.0))
    return PushupStance(
        hand_width=width,
        feet_width=float(rng.uniform(0.05, 0.4)),
        elbow_flare=flare,
        bottom_elbow=float(rng.uniform(60.0, 90.0)),
        knees=variant == "knee",
        hand_height=_incline_height(body, float(rng.uniform(12.0, 60.0))) if variant == "incline"
        else float(rng.uniform(0.08, 0.16)) if variant == "handles" else 0.0,
        feet_height=float(rng.uniform(0.25, 0.7)) if variant == "decline" else 0.0,
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


class _SetWriter:
    """Frames of one set as they are emitted, with their labels."""

    def __init__(self, body: Body, stance: PushupStance) -> None:
        self.body, self.stance = body, stance
        self.scale = body_scale(body)
        self.frames: list[np.ndarray] = []
        self.depth: list[float] = []
        self.severity: list[np.ndarray] = []
        self.reps: list[tuple[int, int, int]] = []

    def emit(self, depth: float, active: dict[str, float], lift: float = 0.0, clap: float = 0.0) -> None:
        hip = -0.13 * self.scale * active.get("hip_sag", 0.0) + 0.28 * self.scale * active.get("hip_pike", 0.0)
        self.frames.append(pushup_pose(self.body, self.stance, depth, hip_offset=hip,
                                       head_drop=0.75 * active.get("head_drop", 0.0), lift=lift, clap=clap))
        self.depth.append(depth)
        self.severity.append(np.array([active.get(name, 0.0) for name in FAULTS]))

    def move(self, frames: int, start: float, end: float, active: dict[str, float], first: int = 0) -> None:
        """``frames`` frames easing from depth ``start`` to ``end`` (frames ``first``.. of them)."""
        for u in np.arange(first, frames + first) / frames:
            self.emit(float(start + (end - start) * smooth(u)), active)

    def hold(self, frames: int, depth: float, active: dict[str, float]) -> None:
        for _ in range(frames):
            self.emit(depth, active)

    def motion(self, fps: float, variant: str) -> Motion:
        n = len(self.frames)
        return Motion(fps, np.stack(self.frames), np.full(n, ACTIVITIES.index("pushup")), np.array(self.depth),
                      np.stack(self.severity), self.reps, variant)


def pushup_set(body: Body, rng: np.random.Generator, fps: float, reps: int | None = None,
               faults: dict[str, float] | None = None, variant: str | None = None,
               partial: bool = True) -> Motion:
    """One set of ``variant`` (drawn when None): a plank at the top (or, with ``partial``,
    sometimes the person already down), reps with their own tempo and pauses, faults that
    may set in part-way, and sometimes a last descent the clip stops in."""
    variant = sample_variant(rng) if variant is None else variant
    style = VARIANTS[variant]
    stance = sample_stance(body, rng, variant)
    reps = int(rng.integers(1, 13)) if reps is None else reps
    faults = sample_faults(rng) if faults is None else faults
    onset = {name: int(rng.integers(0, max(1, reps // 2) + 1)) if rng.uniform() < 0.3 else 0 for name in faults}
    starts_down = partial and rng.uniform() < 0.12
    ends_down = partial and rng.uniform() < 0.12
    out = _SetWriter(body, stance)
    if starts_down:  # the clip catches the person at the bottom: half a rep, not counted
        out.hold(segment(fps, rng.uniform(0.0, 0.4)), 1.0, {})
        out.move(segment(fps, rng.uniform(0.4, 1.2)), 1.0, 0.0, {}, first=1)
    out.hold(segment(fps, rng.uniform(0.3, 1.5)), 0.0, {})
    for k in range(reps):
        active = {name: sev for name, sev in faults.items() if k >= onset[name]}
        low = 1.0 - 0.45 * active.get("shallow_depth", 0.0)
        high = 0.32 * active.get("incomplete_lockout", 0.0)
        period = float(rng.uniform(*style.period))
        down = segment(fps, period * rng.uniform(0.4, 0.6))
        up = segment(fps, period) - down + 1
        start = len(out.frames)
        out.move(down, high, low, active)
        bottom = len(out.frames)
        out.hold(segment(fps, rng.uniform(*style.pause_bottom)), low, active)
        out.move(up, low, high, active, first=1)
        out.reps.append((start, bottom, len(out.frames) - 1))
        if variant == "clap" and rng.uniform() < 0.75:  # the push-off leaves the floor, a clap in the air
            flight = segment(fps, rng.uniform(0.25, 0.45))
            height = float(rng.uniform(0.06, 0.22)) * out.scale
            for u in np.arange(1, flight + 1) / (flight + 1):
                out.emit(high, active, lift=height * float(np.sin(np.pi * u)), clap=float(np.sin(np.pi * u)))
        out.hold(segment(fps, rng.uniform(*style.pause_top)), high, active)
    if ends_down:  # the clip stops on the way down: push-up frames, no rep
        out.move(segment(fps, rng.uniform(0.6, 1.5)), 0.0, float(rng.uniform(0.3, 1.0)), {})
    return out.motion(fps, variant)


def mixed_clip(body: Body, rng: np.random.Generator, fps: float) -> Motion:
    """Get down, do a set, and end it as people do: standing up, kneeling, or lying down."""
    if rng.uniform() < 0.2:
        return burpee_set(body, rng, fps)
    stand = upright_pose(body)
    crouch = upright_pose(body, hip_drop=0.35 * (body.thigh + body.shin), torso_lean=1.2, arm_forward=(1.2, 1.2))
    reps = pushup_set(body, rng, fps, partial=False)
    first, last = reps.joints[0], reps.joints[-1]
    ending = str(rng.choice(["stand", "kneel", "lie"]))
    if ending == "stand":
        after = [transition(last, crouch, fps, rng.uniform(0.8, 1.6)), transition(crouch, stand, fps, rng.uniform(0.6, 1.2))]
    elif ending == "kneel":
        kneel = kneeling_pose(body, torso_lean=float(rng.uniform(0.0, 0.4)))
        after = [transition(last, kneel, fps, rng.uniform(0.8, 1.6)), still(fps, rng.uniform(0.5, 2.0), kneel, "kneeling", rng)]
    else:
        prone = lying_pose(body, prone=True)
        after = [transition(last, prone, fps, rng.uniform(0.6, 1.2)), still(fps, rng.uniform(0.5, 2.0), prone, "lying", rng)]
    return concat([
        still(fps, rng.uniform(0.5, 1.5), stand, "standing", rng),
        transition(stand, crouch, fps, rng.uniform(0.6, 1.2)),
        transition(crouch, first, fps, rng.uniform(0.8, 1.6)),
        reps,
        *after,
    ])


def burpee_set(body: Body, rng: np.random.Generator, fps: float, pushup: bool = True, count: int | None = None) -> Motion:
    """Burpees: stand, hands down, feet back to a plank, (one push-up,) feet in, jump up.
    Without ``pushup`` the whole clip is the negative activity ``burpee``."""
    stand = upright_pose(body)
    crouch = upright_pose(body, hip_drop=0.45 * (body.thigh + body.shin), torso_lean=1.3, arm_forward=(1.3, 1.3))
    jump = upright_pose(body, arm_raise=(2.8, 2.8), z=float(rng.uniform(0.05, 0.25)))
    moving = "transition" if pushup else "burpee"
    parts = []
    for _ in range(int(rng.integers(1, 5)) if count is None else count):
        rep = pushup_set(body, rng, fps, reps=1, faults={}, variant="burpee", partial=False) if pushup else None
        plank = rep.joints[0] if rep is not None else pushup_pose(body, PushupStance(body.shoulder_width * 1.4, 0.2, 0.3), 0.0)
        parts += [transition(stand, crouch, fps, rng.uniform(0.3, 0.6), moving),
                  transition(crouch, plank, fps, rng.uniform(0.2, 0.5), moving)]
        parts += [rep] if rep is not None else [still(fps, rng.uniform(0.1, 0.4), plank, "burpee", rng)]
        parts += [transition(plank, crouch, fps, rng.uniform(0.2, 0.5), moving),
                  transition(crouch, jump, fps, rng.uniform(0.3, 0.5), moving),
                  transition(jump, stand, fps, rng.uniform(0.2, 0.4), moving)]
    return concat(parts)
