"""Golden vectors for the form measurements: keypoints of posed bodies in, each frame's
raw angles out (:func:`pushup_mobile.form.measure.measure_frame`). The Android core's
``FormMeasure`` must give the same numbers; the counter's golden cases carry such
measurements per frame (:func:`side_form`) so the per-rep decision is checked too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from pushup_mobile.contract import JOINTS, J
from pushup_mobile.form.measure import FrameForm, measure_frame
from pushup_mobile.synth.poses import PushupStance, hip_offset_for, pushup_pose
from pushup_mobile.synth.skeleton import Body

FOLDER = "form"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
BODY = Body.from_stature(1.75)
STANCE = PushupStance(hand_width=0.45, feet_width=0.2, elbow_flare=0.3)
KNEES = PushupStance(hand_width=0.45, feet_width=0.2, elbow_flare=0.3, knees=True)
DEEP = PushupStance(hand_width=0.45, feet_width=0.2, elbow_flare=0.1, bottom_elbow=55.0)
PIXELS_PER_METRE = 300.0
JITTER_PX = 2.0


def _picture(joints: np.ndarray, rng: np.random.Generator, front: bool = False, turn_deg: float = 0.0,
             mirror: bool = False) -> np.ndarray:
    """Joints ``[17, 3]`` seen from the side (or head-on) in pixels, y down, jittered as a
    front-end would; the picture optionally turned and mirrored."""
    points = joints[:, [1 if front else 0, 2]] * np.array([-1.0 if mirror else 1.0, -1.0]) * PIXELS_PER_METRE
    c, s = math.cos(math.radians(turn_deg)), math.sin(math.radians(turn_deg))
    points = points @ np.array([[c, s], [-s, c]]) + np.array([320.0, 240.0])
    return points + rng.normal(0.0, JITTER_PX, size=points.shape)


def side_form(bend: float, depth: float, rng: np.random.Generator, front: bool = False,
              stance: PushupStance = STANCE) -> FrameForm:
    """One frame's measurements of a push-up whose hips bend the line ``bend`` degrees, at
    ``depth``, filmed from the side (or head-on), with the front-end's jitter."""
    joints = pushup_pose(BODY, stance, depth, hip_offset=hip_offset_for(BODY, stance, bend))
    return measure_frame(_picture(joints, rng, front), np.ones(len(JOINTS)))


def _case(poses: list[tuple[np.ndarray, dict[str, Any]]], rng: np.random.Generator,
          hide: list[str] | None = None) -> dict[str, Any]:
    keypoints, visibility = [], []
    for joints, view in poses:
        keypoints.append(np.round(_picture(joints, rng, **view), 3))
        seen = np.round(rng.uniform(0.6, 1.0, size=len(JOINTS)), 3)
        for name in hide or []:
            seen[J[name]] = round(float(rng.uniform(0.0, 0.45)), 3)
        visibility.append(seen)
    expected = [measure_frame(points, seen).to_list() for points, seen in zip(keypoints, visibility)]
    return {
        "keypoints": [k.tolist() for k in keypoints],
        "visibility": [v.tolist() for v in visibility],
        "expected": [[None if math.isnan(v) else v for v in form] for form in expected],
    }


def _rep(stance: PushupStance, bend: float = 0.0, head: float = 0.0) -> list[np.ndarray]:
    return [pushup_pose(BODY, stance, float(d), hip_offset=hip_offset_for(BODY, stance, bend), head_drop=math.radians(head))
            for d in np.linspace(0.0, 1.0, 5)]


def side_sag(rng: np.random.Generator) -> dict[str, Any]:
    return _case([(j, {}) for j in _rep(STANCE, bend=-20.0, head=30.0)], rng)


def turned_mirrored_pike(rng: np.random.Generator) -> dict[str, Any]:
    return _case([(j, {"turn_deg": 30.0, "mirror": True}) for j in _rep(STANCE, bend=18.0)], rng)


def knee_pushup(rng: np.random.Generator) -> dict[str, Any]:
    return _case([(j, {}) for j in _rep(KNEES)], rng)


def head_on(rng: np.random.Generator) -> dict[str, Any]:
    return _case([(j, {"front": True}) for j in _rep(STANCE)], rng)


def hidden_joints(rng: np.random.Generator) -> dict[str, Any]:
    """A shoulder, the ankles and an ear below the visibility threshold."""
    return _case([(j, {}) for j in _rep(STANCE, bend=-10.0)], rng,
                 hide=["right_shoulder", "left_ankle", "right_ankle", "left_ear", "left_wrist"])


CASES: dict[str, Callable[[np.random.Generator], dict[str, Any]]] = {
    "side_sag": side_sag,
    "turned_mirrored_pike": turned_mirrored_pike,
    "knee_pushup": knee_pushup,
    "head_on": head_on,
    "hidden_joints": hidden_joints,
}


def build_case(name: str) -> dict[str, Any]:
    return {"case": name, **CASES[name](np.random.default_rng(sorted(CASES).index(name)))}
