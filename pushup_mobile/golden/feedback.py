"""Golden vectors: model-output traces (with, for the pose family, each frame's form
measurements) and the reps and advice the counter makes of them.

``python -m pushup_mobile.golden`` (with the preprocessing golden) writes one JSON
file per case. The Python tests check that the counter still reproduces every file, and
the Android core's JUnit tests replay the same files, so a change of behaviour on either
side fails until both agree (regenerate deliberately, then port the change).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.feedback.counter import RepCounter
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.form.measure import FrameForm
from pushup_mobile.golden.form import DEEP, side_form

FPS = 15.0
FOLDER = "feedback"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
Frame = dict[str, Any]


def _rep_depth(n_frames: int, peak: float) -> np.ndarray:
    """One rep: down and back up as a raised cosine reaching ``peak``."""
    phase = np.linspace(0.0, 2.0 * math.pi, n_frames, endpoint=False)
    return peak * 0.5 * (1.0 - np.cos(phase))


def _rounded(value: float) -> float | None:
    """4 decimals, NaN as JSON null."""
    return None if math.isnan(value) else round(value, 4)


def _frames(depth: np.ndarray, pushup: np.ndarray, faults: np.ndarray, start_t: float = 0.0,
            forms: list[FrameForm] | None = None) -> list[Frame]:
    """Rounded to 4 decimals: the JSON text is what both languages parse."""
    frames: list[Frame] = [
        {
            "t": round(start_t + i / FPS, 4),
            "pushup": round(float(pushup[i]), 4),
            "depth": round(float(np.clip(depth[i], 0.0, 1.0)), 4),
            "faults": [round(float(v), 4) for v in faults[i]],
        }
        for i in range(len(depth))
    ]
    for frame, form in zip(frames, forms or []):
        frame["form"] = [_rounded(v) for v in form.to_list()]
    return frames


def _form(frame: Frame) -> FrameForm | None:
    values = frame.get("form")
    return None if values is None else FrameForm(*(float("nan") if v is None else float(v) for v in values))


def _reps(peaks: list[float], rep_frames: int, rest: int = 6) -> np.ndarray:
    parts = [np.zeros(rest)]
    for peak in peaks:
        parts += [_rep_depth(rep_frames, peak), np.zeros(rest)]
    return np.concatenate(parts)


def _quiet_faults(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.uniform(0.0, 0.2, size=(n, len(FAULTS)))


def clean_reps(rng: np.random.Generator) -> list[Frame]:
    depth = _reps([0.95] * 5, rep_frames=18)
    return _frames(depth, np.full(len(depth), 0.95), _quiet_faults(len(depth), rng))


def noisy_depth(rng: np.random.Generator) -> list[Frame]:
    depth = _reps([0.9] * 6, rep_frames=20) + rng.normal(0.0, 0.06, size=6 + 6 * 26)
    pushup = np.clip(0.9 + rng.normal(0.0, 0.05, size=len(depth)), 0, 1)
    return _frames(depth, pushup, _quiet_faults(len(depth), rng))


def plank_hold(rng: np.random.Generator) -> list[Frame]:
    n = 150
    depth = 0.1 + rng.normal(0.0, 0.04, size=n)
    return _frames(depth, np.full(n, 0.8), _quiet_faults(n, rng))


def half_reps(rng: np.random.Generator) -> list[Frame]:
    depth = _reps([0.45, 0.5, 0.95, 0.4], rep_frames=18)
    return _frames(depth, np.full(len(depth), 0.9), _quiet_faults(len(depth), rng))


def pauses(rng: np.random.Generator) -> list[Frame]:
    down, up = _rep_depth(30, 0.95)[:15], _rep_depth(30, 0.95)[15:]
    slow = np.concatenate([np.zeros(5), down, np.full(20, 0.95), up, np.zeros(25), down, up, np.zeros(5)])
    return _frames(slow, np.full(len(slow), 0.9), _quiet_faults(len(slow), rng))


def faulted_reps(rng: np.random.Generator) -> list[Frame]:
    depth = _reps([0.95, 0.95, 0.95], rep_frames=18)
    faults = _quiet_faults(len(depth), rng)
    rep2 = slice(6 + 24, 6 + 24 + 18)
    faults[rep2, FAULTS.index("hip_sag")] = 0.9
    faults[rep2, FAULTS.index("head_drop")] = 0.7
    rep3 = slice(6 + 48, 6 + 48 + 18)
    faults[rep3, FAULTS.index("shallow_depth")] = 0.8
    faults[rep3.start : rep3.start + 4, FAULTS.index("hip_pike")] = 0.9  # too brief to count
    return _frames(depth, np.full(len(depth), 0.9), faults)


def squat_like(rng: np.random.Generator) -> list[Frame]:
    """Up-and-down motion the model does not call a push-up: no reps."""
    depth = _reps([0.9] * 5, rep_frames=20)
    pushup = np.clip(0.15 + rng.normal(0.0, 0.08, size=len(depth)), 0, 1)
    return _frames(depth, pushup, _quiet_faults(len(depth), rng))


def gap_reset(rng: np.random.Generator) -> list[Frame]:
    """A rep cut by a 2 s gap in the timestamps (camera stalled): it must not count."""
    down, up = _rep_depth(20, 0.95)[:10], _rep_depth(20, 0.95)[10:]
    first = np.concatenate([np.zeros(6), down])
    second = np.concatenate([up, np.zeros(6), _rep_depth(20, 0.95), np.zeros(6)])
    before = _frames(first, np.full(len(first), 0.9), _quiet_faults(len(first), rng))
    after = _frames(second, np.full(len(second), 0.9), _quiet_faults(len(second), rng), before[-1]["t"] + 2.0)
    return before + after


def measured_reps(rng: np.random.Generator) -> list[Frame]:
    """The pose family from the side: keypoint measurements decide. Rep 1 clean; rep 2 hips
    25 degrees low; rep 3 hips 11 degrees high with its head firing (past "could be better":
    a fault); rep 4 hips 14 degrees high alone (past "could be better" by more than the
    margin: "could be better"); rep 5 straight while the sag head fires (the angle overrules
    it); rep 6 arms stopping at ~140 degrees (past the lockout threshold but within the
    elbow's margin of it, the head silent: "could be better"); rep 7 all the way down while
    the model's depth stops at 0.5 (not counted, and not told to go lower: the elbow shows
    it went deep)."""
    bends, tops = [0.0, -25.0, 11.0, 14.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.22]
    depth, forms, faults = [], [], []
    for bend, top in zip(bends, tops):
        rep = np.concatenate([np.full(6, top), top + (1.0 - top) * _rep_depth(18, 1.0)])
        depth.append(rep)
        forms += [side_form(bend, float(d), rng) for d in rep]
        faults.append(_quiet_faults(len(rep), rng))
    # rep 7: the body goes all the way down (elbows to 55 degrees) but the model's depth stops at 0.5 (not counted);
    # the elbow seen from the side clearly bent deep, so no "Lower your body more"
    shown = np.concatenate([np.zeros(6), _rep_depth(18, 1.0)])
    depth.append(0.5 * shown)
    forms += [side_form(0.0, float(d), rng, stance=DEEP) for d in shown]
    faults.append(_quiet_faults(len(shown), rng))
    depth.append(np.zeros(6))
    forms += [side_form(0.0, 0.0, rng) for _ in range(6)]
    faults.append(_quiet_faults(6, rng))
    faults[2][:, FAULTS.index("hip_pike")] = 0.8
    faults[4][:, FAULTS.index("hip_sag")] = 0.9
    trace, heads = np.concatenate(depth), np.concatenate(faults)
    return _frames(trace, np.full(len(trace), 0.9), heads, forms=forms)


def front_view_reps(rng: np.random.Generator) -> list[Frame]:
    """The pose family head-on: the hips' line and the head are not judged, whatever the
    heads say; the depth and lockout heads still are."""
    depth = _reps([0.95, 0.95], rep_frames=18)
    faults = _quiet_faults(len(depth), rng)
    faults[:, FAULTS.index("hip_sag")] = 0.9
    faults[30:48, FAULTS.index("incomplete_lockout")] = 0.9
    forms = [side_form(-30.0, float(d), rng, front=True) for d in depth]
    return _frames(depth, np.full(len(depth), 0.9), faults, forms=forms)


CASES: dict[str, Callable[[np.random.Generator], list[Frame]]] = {
    "clean_reps": clean_reps,
    "noisy_depth": noisy_depth,
    "plank_hold": plank_hold,
    "half_reps": half_reps,
    "pauses": pauses,
    "faulted_reps": faulted_reps,
    "squat_like": squat_like,
    "gap_reset": gap_reset,
    "measured_reps": measured_reps,
    "front_view_reps": front_view_reps,
}


def replay(frames: list[Frame], rules: FeedbackRules) -> list[dict[str, Any]]:
    counter = RepCounter(rules)
    events = []
    for frame in frames:
        event = counter.update(frame["t"], frame["pushup"], frame["depth"], frame["faults"], _form(frame))
        if event is not None:
            events.append(event.to_dict())
    return events


def build_case(name: str, rules: FeedbackRules) -> dict[str, Any]:
    frames = CASES[name](np.random.default_rng(sorted(CASES).index(name)))
    events = replay(frames, rules)
    return {
        "case": name,
        "rules": rules.to_manifest(),
        "faults": list(FAULTS),
        "frames": frames,
        "expected": {"reps": sum(e["counted"] for e in events), "events": events},
    }
