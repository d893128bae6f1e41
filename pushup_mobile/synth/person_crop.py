"""Where the pixel family's person crop falls on a rendered clip, as the app would place it.

At run time the square comes from BlazePose's person detector, asked every
:data:`~pushup_mobile.preprocess.PERSON_CHECK_EVERY` frames (:class:`pushup_mobile.preprocess.PixelInput`).
Training clips are rendered in thousands, so instead of running the detector on each the
square is drawn from the body's own joints with the detector's measured behaviour: its
side against the body's span, how far its centre strays, how often it misses (then the
last square holds; before the first sighting, the whole frame). The figures below were
measured on 231 detector calls over 40 rendered train-split clips:
``python -m pushup_mobile.experiments.person_box --clips 40``.
"""

from __future__ import annotations

import numpy as np

from pushup_mobile.preprocess import PERSON_CHECK_EVERY, PersonBox, letterbox, square_crop

RENDER_SIZE = 256
"""Long side, pixels, at which person-crop clips are rendered before their square is cut
out: a body ~80 px long, so a 96 px input loses no detail to the crop."""
SIDE_PER_SPAN = 1.2
"""Median of the detector's square side over twice the largest joint distance from the hips."""
SIDE_LOG_STD = 0.41
"""Spread of that ratio (standard deviation of its logarithm)."""
CENTRE_STD = 0.12
"""Standard deviation of the square's centre from the hips, per axis, as a share of its
side (measured 0.10 across, 0.14 up and down)."""
MISS_RATE = 0.13
"""Share of detector calls that found nobody although the person was in view."""


def body_square(keypoints: np.ndarray) -> PersonBox:
    """The square a perfect detector would give for one frame's joints ``[17, 2]`` (pixels):
    centred on the hips, :data:`SIDE_PER_SPAN` times the body's span."""
    hips = keypoints[[11, 12]].mean(axis=0)
    span = 2.0 * float(np.max(np.hypot(*(keypoints - hips).T)))
    return float(hips[0]), float(hips[1]), SIDE_PER_SPAN * max(span, 1.0)


def person_boxes(keypoints: np.ndarray, in_view: np.ndarray, rng: np.random.Generator) -> list[PersonBox | None]:
    """Per frame, the square the model sees (None: the whole frame, letterboxed), for joints
    ``[T, 17, 2]`` in pixels and ``in_view`` [T] (someone to detect: not a title card, not
    out of the picture). The detector is asked every :data:`PERSON_CHECK_EVERY` frames; its
    answer, with its errors, holds until the next."""
    boxes: list[PersonBox | None] = []
    current: PersonBox | None = None
    for t in range(len(keypoints)):
        if t % PERSON_CHECK_EVERY == 0 and in_view[t] and rng.uniform() >= MISS_RATE:
            cx, cy, side = body_square(keypoints[t])
            side *= float(np.exp(rng.normal(0.0, SIDE_LOG_STD)))
            cx, cy = cx + rng.normal(0.0, CENTRE_STD) * side, cy + rng.normal(0.0, CENTRE_STD) * side
            current = (cx, cy, side)
        boxes.append(current)
    return boxes


def cut(rgb: np.ndarray, box: PersonBox | None, size: int) -> np.ndarray:
    """One frame as the model sees it: the box's square, or the whole frame letterboxed."""
    return letterbox(rgb, size) if box is None else square_crop(rgb, box, size)


def joints_in_squares(joints: np.ndarray, boxes: list[PersonBox | None], width: int,
                      height: int) -> tuple[np.ndarray, np.ndarray]:
    """Joints ``[T, 17, 2]`` (frame pixels) in 0..1 of each frame's square (the whole
    frame's, centred, where the box is None, as the letterbox places it), and whether each
    lies inside it ``[T, 17]``."""
    whole: PersonBox = (width / 2, height / 2, float(max(width, height)))
    squares = np.array([box or whole for box in boxes], dtype=np.float64).reshape(-1, 3)
    corners = squares[:, :2] - squares[:, 2:] / 2
    points = (joints - corners[:, None]) / squares[:, 2, None, None]
    return points, ((points >= 0) & (points <= 1)).all(axis=2)
