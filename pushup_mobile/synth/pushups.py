"""Push-up sets as people do them: the variants, tempos, faults and how a set begins and ends.

Each set is one ``variant`` (the per-clip label the manifest and the evaluation report):
where the hands and feet rest, how fast the reps go, whether the hands leave the floor.
Reps are counted (``Motion.reps``) only when they go from the top to the bottom and back
(a rep that stops short of the bottom is a shallow, uncounted one); a set may begin or end half-way (the person already down, or stopping on the way down),
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
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.form.faults import true_faults
from pushup_mobile.form.measure import TOP_FRAMES, RepForm, measure_frame, summarise_rep
from pushup_mobile.synth.motion import ACTIVITIES, Motion, body_scale, concat, segment, smooth, still, transition
from pushup_mobile.synth.poses import (
    PushupStance, depth_for_elbow, hip_offset_for, kneeling_pose, lying_pose, pushup_pose, upright_pose,
)
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


FAULT_RANGES: dict[str, tuple[float, float]] = {
    "hip_sag": (4.0, 40.0),  # degrees below the line: a slight dip .. hips on the mat
    "hip_pike": (4.0, 50.0),  # degrees above the line: a slight pike .. a downward-dog push-up
    "shallow_depth": (92.0, 155.0),  # the elbow at the bottom, degrees: nearly 90 .. a nod of the arms
    "incomplete_lockout": (115.0, 168.0),  # the elbow at the top, degrees
    "head_drop": (6.0, 70.0),  # degrees the neck bends the head down on the way down (the ear-shoulder-hip angle
    # the rule measures turns about 2/3 of it): a nod .. face to the floor first
}
"""fault -> the range its size is drawn from, in the units its rule measures
(:data:`pushup_mobile.form.faults.FAULT_RULES`; the head's is the neck's bend). Each range straddles the rule's
threshold, so a set may be only "could be better": the labels come from measuring the
result, not from this draw."""
ELBOW_FAULTS = {"shallow_depth": "bottom", "incomplete_lockout": "top"}
"""Faults sized as an elbow angle, and where in the rep the elbow stops."""
LOCKED_ELBOW = 175.0
"""Elbow angle, degrees, of arms straightened at the top (:func:`pushup_mobile.synth.poses.arm_span`)."""
NATURAL_BEND = 4.0
"""Standard deviation, degrees, of a clean set's body line: nobody is a ruler."""
NATURAL_HEAD = 4.0
"""Standard deviation, degrees, of a clean set's head movement on the way down."""
HIGHEST_TOP = 0.25
"""Depth at the top of a rep whose arms stop short of straight, at most: below the
counter's ``depth_top``, so the rep still ends (an elbow that never opens is one long rep)."""
HEAD_LEAD_DEPTH = 0.3
"""Depth by which a dropping head is all the way down (it leads the descent)."""


def sample_faults(rng: np.random.Generator) -> dict[str, float]:
    """40 % sets without a fault, otherwise one or two, each with a size in its units."""
    roll = rng.uniform()
    if roll < 0.4:
        return {}
    count = 1 if roll < 0.85 else 2
    names = rng.choice(len(FAULTS), size=count, replace=False)
    faults = {FAULTS[i]: float(rng.uniform(*FAULT_RANGES[FAULTS[i]])) for i in names}
    if "hip_sag" in faults and "hip_pike" in faults:
        del faults["hip_pike"]
    return faults


def rep_forms(joints: np.ndarray, depth: np.ndarray, spans: list[tuple[int, int, int]]) -> list[RepForm]:
    """Each rep ``(start, bottom, end)`` of the joints ``[T, 17, 3]`` measured exactly from
    the side, with the frames at the top before it (where its lockout shows), as the
    counter measures a rep: its true form in a coach's units."""
    rules = FeedbackRules()
    side = joints[:, :, [0, 2]] * np.array([1.0, -1.0])
    seen = np.ones(side.shape[1])
    forms = [measure_frame(points, seen) for points in side]
    out = []
    for start, bottom, end in spans:
        first = max(0, start - TOP_FRAMES)
        out.append(summarise_rep(forms[first : end + 1], [float(d) for d in depth[first : end + 1]], bottom - first,
                                 rules.depth_top))
    return out


def label_faults(joints: np.ndarray, depth: np.ndarray, reps: list[tuple[int, int, int]],
                 partials: list[tuple[int, int, int]]) -> np.ndarray:
    """``[T, K]`` fault labels measured on the joints ``[T, 17, 3]``: each rep's true form
    (:func:`rep_forms`) past its rules' thresholds (:func:`~pushup_mobile.form.faults.true_faults`); a partial
    rep (past the counter's ``partial_depth``, short of its bottom) is a depth fault;
    push-up frames outside a rep take the nearest rep's verdict. No model and no severity
    knob: what the body does is what is labelled."""
    spans = sorted([(r, False) for r in reps] + [(r, True) for r in partials])
    if not spans:
        return np.zeros((len(joints), len(FAULTS)), dtype=np.float32)
    verdicts = []
    for form, (_, shallow) in zip(rep_forms(joints, depth, [span for span, _ in spans]), spans):
        faulted = true_faults(form, shallow)
        verdicts.append(np.array([name in faulted for name in FAULTS], dtype=np.float32))
    middles = np.array([(s + e) / 2 for (s, _, e), _ in spans])
    nearest = np.abs(np.arange(len(joints))[:, None] - middles[None]).argmin(axis=1)
    return np.stack(verdicts)[nearest]


class _SetWriter:
    """Frames of one set as they are emitted, with their depth and reps; the body line and
    head of the set's own build (``bend``, ``head``, degrees) under any fault's."""

    def __init__(self, body: Body, stance: PushupStance, bend: float, head: float) -> None:
        self.body, self.stance, self.bend, self.head = body, stance, bend, head
        self.scale = body_scale(body)
        self.frames: list[np.ndarray] = []
        self.depth: list[float] = []
        self.reps: list[tuple[int, int, int]] = []
        self.partials: list[tuple[int, int, int]] = []  # reps that stopped short of the bottom: not counted

    def emit(self, depth: float, active: dict[str, float], lift: float = 0.0, clap: float = 0.0) -> None:
        bend = self.bend - active.get("hip_sag", 0.0) + active.get("hip_pike", 0.0)
        # a dropped head leads the descent: down as soon as the body leaves the top
        head = self.head + active.get("head_drop", 0.0) * float(smooth(min(1.0, depth / HEAD_LEAD_DEPTH)))
        self.frames.append(pushup_pose(self.body, self.stance, depth, hip_offset=hip_offset_for(self.body, self.stance, bend),
                                       head_drop=float(np.radians(head)), lift=lift, clap=clap))
        self.depth.append(depth)

    def move(self, frames: int, start: float, end: float, active: dict[str, float], first: int = 0) -> None:
        """``frames`` frames easing from depth ``start`` to ``end`` (frames ``first``.. of them)."""
        for u in np.arange(first, frames + first) / frames:
            self.emit(float(start + (end - start) * smooth(u)), active)

    def hold(self, frames: int, depth: float, active: dict[str, float]) -> None:
        for _ in range(frames):
            self.emit(depth, active)

    def motion(self, fps: float, variant: str) -> Motion:
        joints, depth = np.stack(self.frames), np.array(self.depth)
        return Motion(fps, joints, np.full(len(depth), ACTIVITIES.index("pushup")), depth,
                      label_faults(joints, depth, self.reps, self.partials), self.reps, variant)


def _rep_faults(faults: dict[str, float], onset: dict[str, int], k: int, reps: int, ramp: bool,
                stance: PushupStance) -> dict[str, float]:
    """The faults rep ``k`` shows, at their size for that rep: none before their onset, and
    with ``ramp`` (fatigue) growing from clean at the onset to the drawn size at the last rep."""
    out = {}
    for name, size in faults.items():
        if k < onset[name]:
            continue
        share = min(1.0, (k - onset[name] + 1) / max(1, reps - onset[name])) if ramp else 1.0
        clean = 0.0 if name not in ELBOW_FAULTS else stance.bottom_elbow if ELBOW_FAULTS[name] == "bottom" else LOCKED_ELBOW
        out[name] = clean + share * (size - clean)
    return out


def pushup_set(body: Body, rng: np.random.Generator, fps: float, reps: int | None = None,
               faults: dict[str, float] | None = None, variant: str | None = None,
               partial: bool = True) -> Motion:
    """One set of ``variant`` (drawn when None): a plank at the top (or, with ``partial``,
    sometimes the person already down), reps with their own tempo and pauses, and
    sometimes a last descent the clip stops in. Drawn faults may set in part-way and grow
    rep by rep (fatigue); ``faults`` given (name -> size in its rule's units) show on every
    rep at that size."""
    variant = sample_variant(rng) if variant is None else variant
    style = VARIANTS[variant]
    stance = sample_stance(body, rng, variant)
    reps = int(rng.integers(1, 13)) if reps is None else reps
    drawn = faults is None
    faults = sample_faults(rng) if drawn else faults
    onset = {name: int(rng.integers(0, max(1, reps // 2) + 1)) if drawn and rng.uniform() < 0.3 else 0 for name in faults}
    ramp = drawn and rng.uniform() < 0.3  # fatigue: faults grow rep by rep from their onset
    starts_down = partial and rng.uniform() < 0.12
    ends_down = partial and rng.uniform() < 0.12
    out = _SetWriter(body, stance, float(np.clip(rng.normal(0.0, NATURAL_BEND), -8.0, 8.0)),
                     float(np.clip(rng.normal(0.0, NATURAL_HEAD), -8.0, 8.0)))
    counted = FeedbackRules()  # a rep counts when it reaches the counter's bottom
    if starts_down:  # the clip catches the person at the bottom: half a rep, not counted
        out.hold(segment(fps, rng.uniform(0.0, 0.4)), 1.0, {})
        out.move(segment(fps, rng.uniform(0.4, 1.2)), 1.0, 0.0, {}, first=1)
    out.hold(segment(fps, rng.uniform(0.3, 1.5)), 0.0, {})
    for k in range(reps):
        active = _rep_faults(faults, onset, k, reps, ramp, stance)
        low = depth_for_elbow(body, stance, active["shallow_depth"]) if "shallow_depth" in active else 1.0
        high = min(HIGHEST_TOP, depth_for_elbow(body, stance, active["incomplete_lockout"])) if "incomplete_lockout" in active else 0.0
        period = float(rng.uniform(*style.period))
        down = segment(fps, period * rng.uniform(0.4, 0.6))
        up = segment(fps, period) - down + 1
        start = len(out.frames)
        out.move(down, high, low, active)
        bottom = len(out.frames)
        out.hold(segment(fps, rng.uniform(*style.pause_bottom)), low, active)
        out.move(up, low, high, active, first=1)
        if low >= counted.depth_bottom:
            out.reps.append((start, bottom, len(out.frames) - 1))
        elif low >= counted.partial_depth:
            out.partials.append((start, bottom, len(out.frames) - 1))
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
