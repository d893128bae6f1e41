"""Form measured in a coach's units: from one frame's keypoints to one rep's angles.

A learned fault head says "hip sag, probability 0.2"; a coach says "your hips are 14
degrees below the line". This module measures the second, from the 2D keypoints the pose
front-end gives (or, for the synthetic labels, from the generator's exact joints seen
from the side), so the per-rep decision (:mod:`pushup_mobile.form.faults`) can check a
head against the angle and tell a person how much. Units and thresholds, with the
coaching references they follow, are in ``docs/form.md``.

Per frame (:func:`measure_frame`), in the image plane:

- ``hip_bend``: the angle the hips bend the shoulder-hip-ankle line (shoulder-hip-knee
  when the knees bend), degrees, signed by which side of the line the hips are on (the
  image normal ``n`` of the shoulder->ankle direction);
- ``wrist_side``: the wrists' offset from that line, torso lengths, signed by the same
  normal: the hands are on the floor, so its sign says which side of the line the floor is;
- ``head_bend``: the angle the ear leaves the hip->shoulder line, degrees, same sign;
- ``elbow``: the shoulder-elbow-wrist angle, degrees (180 straight), on the arm the
  front-end sees better;
- ``side_angle``: how far the camera is from the body's side, degrees (0 side-on, 90
  end-on), from how far apart the shoulders appear against the torso's length.

Per rep (:func:`summarise_rep`), with the floor side settled over the whole rep: the
body line (negative below the line = sag, positive above = pike), the elbow at the
bottom and at the top, how far the head drops on the way down (negative: towards the
floor), and the camera's side angle. Every step is plain arithmetic on floats, so the
Android core ports it line by line (golden vectors in ``tests/golden/form``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from pushup_mobile.contract import J

NAN = float("nan")
VISIBLE = 0.5
"""A keypoint with a lower visibility score is not used (the pose features' threshold)."""
BREADTH_PER_TORSO = 0.8
"""Shoulder breadth over torso length of an adult (Drillis & Contini: 0.23 / 0.288)."""
MIN_FLOOR_SIDE = 0.1
"""Mean wrist offset from the shoulder-ankle line, torso lengths, below which a rep's floor
side is unknown (the line and the hands coincide: not a push-up seen from the side)."""
MIN_FRAMES = 3
"""Measured frames a rep (or its phase) needs before one of its angles is reported."""
TOP_FRAMES = 8
"""Frames at the top kept before a rep begins: where its lockout and its head at rest
are measured."""
BOTTOM_BAND = 0.1
"""Depth below a rep's deepest frame within which a frame is at its bottom."""
STRAIGHT_LEGS = 30.0
"""Bend at the knee, degrees, up to which the legs count as straight and the body line
ends at the ankles; past it (knee push-ups, kneeling) the line ends at the knees."""

_PAIRS = {part: (J[f"left_{part}"], J[f"right_{part}"]) for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "ear")}


@dataclass(frozen=True)
class FrameForm:
    """One frame's raw measurements (NaN where the keypoints do not allow one)."""

    hip_bend: float
    wrist_side: float
    head_bend: float
    elbow: float
    side_angle: float

    def to_list(self) -> list[float]:
        return [self.hip_bend, self.wrist_side, self.head_bend, self.elbow, self.side_angle]


@dataclass(frozen=True)
class RepForm:
    """One rep's form in a coach's units (None: not measurable from this rep's frames)."""

    body_line_deg: float | None
    bottom_elbow_deg: float | None
    top_elbow_deg: float | None
    head_deg: float | None
    side_angle_deg: float | None

    def to_dict(self) -> dict[str, float | None]:
        return {k: (None if v is None else round(v, 1)) for k, v in asdict(self).items()}


def _mid(points: Sequence[Sequence[float]], visibility: Sequence[float], part: str) -> tuple[float, float] | None:
    """The visibility-weighted midpoint of a left/right pair's visible keypoints."""
    total, x, y = 0.0, 0.0, 0.0
    for index in _PAIRS[part]:
        v = float(visibility[index])
        if v >= VISIBLE:
            total += v
            x += v * float(points[index][0])
            y += v * float(points[index][1])
    return None if total == 0.0 else (x / total, y / total)


def _turn(ax: float, ay: float, bx: float, by: float) -> float:
    """Unsigned angle, degrees, between directions a and b (0: b continues a straight on)."""
    return abs(math.degrees(math.atan2(ax * by - ay * bx, ax * bx + ay * by)))


def _sign(value: float) -> float:
    return 1.0 if value >= 0.0 else -1.0


def _elbow(points: Sequence[Sequence[float]], visibility: Sequence[float]) -> float:
    """The elbow angle on the side whose shoulder, elbow and wrist are seen best."""
    best, angle = 0.0, NAN
    for side in (0, 1):
        joints = [_PAIRS[part][side] for part in ("shoulder", "elbow", "wrist")]
        seen = min(float(visibility[j]) for j in joints)
        if seen >= VISIBLE and seen > best:
            (sx, sy), (ex, ey), (wx, wy) = ((float(points[j][0]), float(points[j][1])) for j in joints)
            best, angle = seen, 180.0 - _turn(ex - sx, ey - sy, wx - ex, wy - ey)
    return angle


def _line_end(points: Sequence[Sequence[float]], visibility: Sequence[float],
              hip: tuple[float, float] | None) -> tuple[float, float] | None:
    """Where the body line ends: the ankles with the legs straight, the knees when they
    bend (knee push-ups) or the ankles are not seen."""
    knee, ankle = _mid(points, visibility, "knee"), _mid(points, visibility, "ankle")
    if hip is None or knee is None or ankle is None:
        return ankle if knee is None else knee
    bend = _turn(knee[0] - hip[0], knee[1] - hip[1], ankle[0] - knee[0], ankle[1] - knee[1])
    return ankle if bend <= STRAIGHT_LEGS else knee


def measure_frame(points: Sequence[Sequence[float]], visibility: Sequence[float]) -> FrameForm:
    """Keypoints ``[17, 2]`` in pixels (x right, y down; any aspect ratio, never in 0..1
    of a non-square frame) and their visibility ``[17]`` -> this frame's measurements."""
    shoulder = _mid(points, visibility, "shoulder")
    hip = _mid(points, visibility, "hip")
    ankle = _line_end(points, visibility, hip)
    elbow = _elbow(points, visibility)
    if shoulder is None or hip is None:
        return FrameForm(NAN, NAN, NAN, elbow, NAN)
    torso_x, torso_y = shoulder[0] - hip[0], shoulder[1] - hip[1]
    torso = math.hypot(torso_x, torso_y)
    left, right = _PAIRS["shoulder"]
    both = min(float(visibility[left]), float(visibility[right])) >= VISIBLE
    # a shoulder hidden behind the body is what a side view looks like
    apart = math.hypot(float(points[left][0]) - float(points[right][0]), float(points[left][1]) - float(points[right][1])) if both else 0.0
    side_angle = math.degrees(math.atan2(apart / BREADTH_PER_TORSO, torso)) if torso > 0.0 or apart > 0.0 else NAN
    hip_bend, wrist_side, head_bend = NAN, NAN, NAN
    if ankle is not None and torso > 0.0:
        line_x, line_y = ankle[0] - shoulder[0], ankle[1] - shoulder[1]
        length = math.hypot(line_x, line_y)
        if length > 0.0:
            nx, ny = -line_y / length, line_x / length
            offset = (hip[0] - shoulder[0]) * nx + (hip[1] - shoulder[1]) * ny
            hip_bend = _sign(offset) * _turn(hip[0] - shoulder[0], hip[1] - shoulder[1], ankle[0] - hip[0], ankle[1] - hip[1])
            wrist = _mid(points, visibility, "wrist")
            if wrist is not None:
                wrist_side = ((wrist[0] - shoulder[0]) * nx + (wrist[1] - shoulder[1]) * ny) / torso
            ear = _mid(points, visibility, "ear")
            if ear is not None:
                away = (ear[0] - shoulder[0]) * nx + (ear[1] - shoulder[1]) * ny
                head_bend = _sign(away) * _turn(torso_x, torso_y, ear[0] - shoulder[0], ear[1] - shoulder[1])
    return FrameForm(hip_bend, wrist_side, head_bend, elbow, side_angle)


def measure_keypoints(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int) -> FrameForm:
    """:func:`measure_frame` for keypoints in 0..1 of a ``width`` x ``height`` frame (what
    the pose front-end gives): angles need pixels."""
    return measure_frame(keypoints * np.array([width, height]), visibility)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile of the finite values, nearest rank on the sorted list (index
    ``floor(q * (n - 1) + 0.5)``); None with fewer than :data:`MIN_FRAMES` of them."""
    kept = sorted(v for v in values if not math.isnan(v))
    if len(kept) < MIN_FRAMES:
        return None
    return kept[int(math.floor(q * (len(kept) - 1) + 0.5))]


def summarise_rep(frames: Sequence[FrameForm], depths: Sequence[float], bottom: int, top_at: float) -> RepForm:
    """A rep's frames (a few at the top before it, the way down to frame ``bottom``, the
    way up) and their depths (the model's: at most the counter's ``depth_top`` is the top,
    within :data:`BOTTOM_BAND` of the rep's deepest is the bottom) -> its form, each
    measure from the phase where it shows. Quantiles rather than extremes: one frame's
    keypoints may be far off.

    - body line: median hip bend over the whole rep, turned so that below the line
      (towards the floor, where the wrists are) is negative;
    - bottom elbow: 10th percentile of the elbow angle at the bottom; top elbow: 90th
      percentile at the top the rep starts from (the straightest the arms got). Not the
      top it ends in: the counter ends a rep as soon as the body is back up, before the
      arms have locked (past depth 0.1 the elbow is already bent ~30 degrees);
    - head: how far the head drops on the way down, against the same rep's top: the median
      head bend of the descent minus that of the top before it, below the line negative. Relative,
      because where an ear sits against the torso's line at rest differs from person to
      person and front-end to front-end; a head that leads the descent moves;
    - side angle: median.
    """
    floor = quantile([f.wrist_side for f in frames], 0.5)
    side = 0.0 if floor is None or abs(floor) < MIN_FLOOR_SIDE else _sign(floor)
    top = [f for i, (f, d) in enumerate(zip(frames, depths)) if i <= bottom and d <= top_at]
    deepest = max(depths, default=0.0)
    low = [f for f, d in zip(frames, depths) if d >= deepest - BOTTOM_BAND]
    descent = [f for i, (f, d) in enumerate(zip(frames, depths)) if i <= bottom and d > top_at]
    body_line = head = None
    if side != 0.0:
        line = quantile([f.hip_bend for f in frames], 0.5)
        body_line = None if line is None else -side * line
        moving = quantile([f.head_bend for f in descent], 0.5)
        resting = quantile([f.head_bend for f in top], 0.5)
        head = None if moving is None or resting is None else -side * (moving - resting)
    return RepForm(
        body_line_deg=body_line,
        bottom_elbow_deg=quantile([f.elbow for f in low], 0.1),
        top_elbow_deg=quantile([f.elbow for f in top], 0.9),
        head_deg=head,
        side_angle_deg=quantile([f.side_angle for f in frames], 0.5),
    )
