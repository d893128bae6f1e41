"""People's own labelled videos, read into the same per-frame labels as synthetic clips.

Folder format (documented in the README)::

    my_videos/
      labels.json
      front_door.mp4
      ...

``labels.json``::

    {"videos": [
      {"file": "front_door.mp4", "activity": "pushup", "reps": 12,
       "rep_bottoms_s": [1.2, 2.9], "faults": ["hip_sag"]},
      {"file": "squats.mp4", "activity": "squat", "reps": 0}
    ]}

``activity`` is one of the generator's activities; ``reps`` the count a person made;
``rep_bottoms_s`` (optional) the times of the rep bottoms; ``faults`` (optional) fault
tags for the whole video. Depth is unknown in own videos (NaN): the trainer masks it.

A folder written by ``pushup-mobile label`` (:mod:`pushup_mobile.runtime.label`) has a
``teacher`` file per video instead: per-frame soft labels from a keypoint model, with the
frames it is sure of weighted 1 (``weight``); its ``activity`` may be ``unknown`` (the
teacher counted no rep), since the frames carry their own labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.contract import FAULTS, FRAME_RATE
from pushup_mobile.errors import BadInputError
from pushup_mobile.preprocess import letterbox
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.video import resampled_frames


@dataclass(frozen=True)
class VideoLabel:
    file: str
    activity: str
    reps: int
    rep_bottoms_s: list[float] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    teacher: str | None = None
    """``NAME.teacher.npz`` beside labels.json: per-frame labels from a teacher model."""


@dataclass
class OwnClip:
    label: VideoLabel
    frames: np.ndarray  # [T, S, S, 3] uint8 RGB, letterboxed
    times: np.ndarray  # [T] seconds
    pushup: np.ndarray  # [T]
    depth: np.ndarray  # [T] NaN: unknown
    faults: np.ndarray  # [T, K]
    activity: np.ndarray  # [T]
    weight: np.ndarray  # [T] how much each frame's labels count (1: a person's labels, or a sure teacher)


def read_labels(folder: Path) -> list[VideoLabel]:
    """The labels file, checked: every entry complete and every named video present."""
    path = Path(folder) / "labels.json"
    if not path.is_file():
        raise BadInputError(f"labels file not found: {path}")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["videos"]
        labels = [VideoLabel(**entry) for entry in entries]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise BadInputError(f"{path}: not a valid labels file ({exc})") from exc
    for label in labels:
        if label.activity == UNKNOWN and label.teacher:
            pass
        elif label.activity not in ACTIVITIES:
            raise BadInputError(f"{path}: {label.file}: unknown activity {label.activity!r}")
        unknown = sorted(set(label.faults) - set(FAULTS))
        if unknown:
            raise BadInputError(f"{path}: {label.file}: unknown fault(s) {', '.join(unknown)}")
        if not (Path(folder) / label.file).is_file():
            raise BadInputError(f"{path} names a missing video: {label.file}")
        if label.teacher and not (Path(folder) / label.teacher).is_file():
            raise BadInputError(f"{path} names a missing teacher file: {label.teacher}")
    return labels


UNKNOWN = "unknown"
"""The activity of a teacher-labelled video on which the teacher counted no rep."""


def load_clip(folder: Path, label: VideoLabel, size: int = 128, fps: float = FRAME_RATE) -> OwnClip:
    info, stream = resampled_frames(Path(folder) / label.file, fps)
    times, frames = [], []
    for t, bgr in stream:
        times.append(t)
        frames.append(letterbox(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), size))
    if not frames:
        raise BadInputError(f"video has no frames: {Path(folder) / label.file}")
    n = len(frames)
    if label.teacher:
        return _taught(folder, label, np.stack(frames), np.array(times))
    is_pushup = label.activity == "pushup"
    faults = np.zeros((n, len(FAULTS)), dtype=np.float32)
    for name in label.faults:
        faults[:, FAULTS.index(name)] = 1.0
    return OwnClip(
        label=label,
        frames=np.stack(frames),
        times=np.array(times),
        pushup=np.full(n, float(is_pushup), dtype=np.float32),
        depth=np.full(n, np.nan if is_pushup else 0.0, dtype=np.float32),
        faults=faults,
        activity=np.full(n, ACTIVITIES.index(label.activity)),
        weight=np.ones(n, dtype=np.float32),
    )


TEACHER_ARRAYS = ("t", "pushup", "depth", "faults", "keypoints", "visibility", "weight")


def read_teacher(folder: Path, label: VideoLabel, times: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """A video's teacher labels, checked against its frame ``times`` when given (same
    resampling, so frame for frame)."""
    path = Path(folder) / str(label.teacher)
    try:
        with np.load(path) as data:
            taught = {key: data[key] for key in TEACHER_ARRAYS}
    except (OSError, ValueError, KeyError) as exc:
        raise BadInputError(f"not a teacher file: {path} ({exc})") from exc
    if times is not None and (len(taught["t"]) != len(times) or not np.allclose(taught["t"], times, atol=1e-3)):
        raise BadInputError(f"{path} labels {len(taught['t'])} frames, the video has {len(times)}: label it again")
    return taught


def taught_activity(pushup: np.ndarray) -> np.ndarray:
    """Per-frame activity indices from a teacher's push-up probabilities: it tells push-ups
    from the rest, not one other activity from another (``transition`` stands for them)."""
    return np.where(pushup >= 0.5, ACTIVITIES.index("pushup"), ACTIVITIES.index("transition"))


def _taught(folder: Path, label: VideoLabel, frames: np.ndarray, times: np.ndarray) -> OwnClip:
    """A video with its teacher's per-frame labels."""
    taught = read_teacher(folder, label, times)
    return OwnClip(label=label, frames=frames, times=times, pushup=taught["pushup"], depth=taught["depth"],
                   faults=taught["faults"], activity=taught_activity(taught["pushup"]), weight=taught["weight"])


def own_clips(folder: Path, size: int = 128, fps: float = FRAME_RATE) -> Iterator[OwnClip]:
    for label in read_labels(folder):
        yield load_clip(folder, label, size, fps)
