"""Per-frame keypoint features: the pose family's ``frame`` input.

17 COCO joints in 0..1 of the frame become a body-centred, size-free, side-free vector:
centred on the hip midpoint, divided by a torso length, mirrored so the head lies on the
+x side of the hips (left and right joints swapped with it, so a "left wrist" is still a
left wrist of the mirrored body), invisible joints zeroed and the visibility score kept
as a channel. What remains is the pose itself, which is what tells a push-up from a
squat; where the person stands, how far the camera is and which side it films from do
not.

Two decisions need the past, so they live in :class:`FeatureState`, carried between
frames exactly as the model carries its LSTM state: the torso length is smoothed (one
frame's shoulders or hips may be missing or jitter) and the mirror side has hysteresis
(a standing person's head is right above the hips, so a per-frame sign would flip at
random; the side is kept until the head is clearly on the other side). Both forms run
the same code (:func:`step_features` is :func:`clip_features` on one frame with the state
carried), so they cannot drift apart.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from pushup_mobile.contract import JOINTS, J
from pushup_mobile.synth.skeleton import LEFT_RIGHT_PAIRS

NUM_JOINTS = len(JOINTS)
CHANNELS = 3  # x, y, visibility
NUM_FEATURES = NUM_JOINTS * CHANNELS
"""F: the model's per-frame input width, joint-major (x, y, v of joint 0, then joint 1, ...)."""

VISIBLE = 0.5
"""A joint whose visibility score is below this is missing: its coordinates are zeroed."""
SCALE_SMOOTHING = 0.3
"""Weight of the new frame's torso length in the running scale (15 fps: ~3-frame memory)."""
MIN_SCALE = 0.02
"""Smallest torso length, as a fraction of the frame's long side (a few pixels of torso
would blow jitter up into huge features)."""
BREADTH_PER_TORSO = 0.8
"""Shoulder breadth over torso length of an adult (Drillis & Contini: 0.23 / 0.288). A torso
seen end-on (front view of a push-up) is short in the image while the shoulders are not,
so the scale is the longer of the two estimates."""
SPAN_PER_TORSO = 3.0
"""Visible-joint span over torso length, for the first frames when no torso is measurable."""
MIRROR_MARGIN = 0.25
"""Head-to-hip x offset, in torso lengths, past which the mirror side changes."""
LIMIT = 5.0
"""Coordinates are clipped to +-LIMIT torso lengths: a joint placed far off by the
front-end must not dominate the input."""

HEAD = [J[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear")]
SHOULDERS = [J["left_shoulder"], J["right_shoulder"]]
HIPS = [J["left_hip"], J["right_hip"]]
SWAP = np.arange(NUM_JOINTS)
for _left, _right in LEFT_RIGHT_PAIRS:
    SWAP[_left], SWAP[_right] = _right, _left
"""Index permutation that exchanges every left joint with its right twin."""


@dataclass(frozen=True)
class FeatureState:
    """What one frame's features leave for the next: the running torso length (None
    until one was measured), the last hip centre (None until seen), the mirror side."""

    scale: float | None = None
    centre: tuple[float, float] | None = None
    mirrored: bool = False


def isotropic(keypoints: np.ndarray, width: int, height: int) -> np.ndarray:
    """0..1 of width and height -> fractions of the long side, so distances are true."""
    return keypoints * (np.array([width, height], dtype=np.float64) / max(width, height))


def _mean_visible(points: np.ndarray, visible: np.ndarray, joints: list[int]) -> np.ndarray:
    """``[T, 2]`` mean of the visible ones among ``joints`` per frame, NaN where none is."""
    weight = visible[:, joints].astype(np.float64)
    total = (points[:, joints] * weight[..., None]).sum(axis=1)
    count = weight.sum(axis=1, keepdims=True)
    return np.where(count > 0, total / np.maximum(count, 1.0), np.nan)


def torso_lengths(points: np.ndarray, visible: np.ndarray) -> np.ndarray:
    """``[T]`` torso length per frame (shoulder midpoint to hip midpoint, guarded by the
    shoulder breadth against foreshortening) in the units of ``points`` ``[T, 17, 2]``;
    NaN where neither can be measured."""
    trunk = np.linalg.norm(_mean_visible(points, visible, SHOULDERS) - _mean_visible(points, visible, HIPS), axis=1)
    breadth = np.linalg.norm(points[:, SHOULDERS[0]] - points[:, SHOULDERS[1]], axis=1) / BREADTH_PER_TORSO
    breadth = np.where(visible[:, SHOULDERS].all(axis=1), breadth, np.nan)
    return np.fmax(trunk, breadth)


def _recur(lengths: np.ndarray, spans: np.ndarray, hips: np.ndarray, fallback: np.ndarray, head_dx: np.ndarray,
           any_visible: np.ndarray, state: FeatureState) -> tuple[np.ndarray, np.ndarray, np.ndarray, FeatureState]:
    """The sequential part, on per-frame scalars: running scale, hip centre (the last one
    seen while the hips are missing) and mirror side with hysteresis."""
    frames = len(lengths)
    scale, centre, mirrored = np.ones(frames), np.zeros((frames, 2)), np.zeros(frames, dtype=bool)
    for t in range(frames):
        if not any_visible[t]:
            continue  # nothing seen: zero features, state unchanged
        measured = lengths[t] if not np.isnan(lengths[t]) else (spans[t] if state.scale is None else np.nan)
        running = state.scale if np.isnan(measured) else (
            measured if state.scale is None else state.scale + SCALE_SMOOTHING * (measured - state.scale))
        running = max(float(running), MIN_SCALE)
        hip_seen = not np.isnan(hips[t, 0])
        here = hips[t] if hip_seen else (np.array(state.centre) if state.centre is not None else fallback[t])
        side = state.mirrored
        dx = head_dx[t] / running  # head side in the camera's own x, torso lengths
        if dx < -MIRROR_MARGIN:
            side = True
        elif dx > MIRROR_MARGIN:
            side = False
        state = FeatureState(running, (float(here[0]), float(here[1])) if hip_seen else state.centre, side)
        scale[t], centre[t], mirrored[t] = running, here, side
    return scale, centre, mirrored, state


def _features(points: np.ndarray, scores: np.ndarray, state: FeatureState) -> tuple[np.ndarray, FeatureState]:
    """``[T, 17, 2]`` isotropic points and ``[T, 17]`` scores from ``state`` -> ``[T, F]``
    and the state after the last frame. Per-frame geometry is vectorised; only
    :func:`_recur` walks the frames."""
    visible = scores >= VISIBLE
    any_visible = visible.any(axis=1)
    hips = _mean_visible(points, visible, HIPS)
    upper = _mean_visible(points, visible, HEAD)
    upper = np.where(np.isnan(upper), _mean_visible(points, visible, SHOULDERS), upper)
    masked = np.where(visible[..., None], points, np.nan)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: frames with nothing seen
        spans = np.nanmax(np.nanmax(masked, axis=1) - np.nanmin(masked, axis=1), axis=1) / SPAN_PER_TORSO
        fallback = np.nanmean(masked, axis=1)
    scale, centre, mirrored, state = _recur(torso_lengths(points, visible), spans, hips, fallback,
                                            upper[:, 0] - hips[:, 0], any_visible, state)
    relative = np.clip((points - centre[:, None]) / scale[:, None, None], -LIMIT, LIMIT)
    relative[mirrored] = relative[mirrored][:, SWAP] * np.array([-1.0, 1.0])
    scores = np.where(mirrored[:, None], scores[:, SWAP], scores)
    visible = scores >= VISIBLE
    relative[~visible] = 0.0
    out = np.concatenate([relative, np.clip(scores, 0.0, 1.0)[..., None]], axis=2)
    out[~any_visible] = 0.0
    return out.reshape(len(points), NUM_FEATURES).astype(np.float32), state


def step_features(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int,
                  state: FeatureState) -> tuple[np.ndarray, FeatureState]:
    """Step form: one frame (keypoints ``[17, 2]`` in 0..1, visibility ``[17]``) and the
    state -> features ``[F]`` float32 and the state for the next frame."""
    points = isotropic(np.asarray(keypoints, np.float64)[None], width, height)
    out, state = _features(points, np.asarray(visibility, np.float64)[None], state)
    return out[0], state


def clip_features(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int,
                  state: FeatureState | None = None) -> np.ndarray:
    """Clip form: ``[T, 17, 2]`` and ``[T, 17]`` from ``state`` (default: the start of a
    stream) -> ``[T, F]`` float32, identical to :func:`step_features` frame by frame."""
    points = isotropic(np.asarray(keypoints, np.float64), width, height)
    return _features(points, np.asarray(visibility, np.float64), state or FeatureState())[0]
