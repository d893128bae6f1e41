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


@dataclass
class OwnClip:
    label: VideoLabel
    frames: np.ndarray  # [T, S, S, 3] uint8 RGB, letterboxed
    times: np.ndarray  # [T] seconds
    pushup: np.ndarray  # [T]
    depth: np.ndarray  # [T] NaN: unknown
    faults: np.ndarray  # [T, K]
    activity: np.ndarray  # [T]


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
        if label.activity not in ACTIVITIES:
            raise BadInputError(f"{path}: {label.file}: unknown activity {label.activity!r}")
        unknown = sorted(set(label.faults) - set(FAULTS))
        if unknown:
            raise BadInputError(f"{path}: {label.file}: unknown fault(s) {', '.join(unknown)}")
        if not (Path(folder) / label.file).is_file():
            raise BadInputError(f"{path} names a missing video: {label.file}")
    return labels


def load_clip(folder: Path, label: VideoLabel, size: int = 128, fps: float = FRAME_RATE) -> OwnClip:
    info, stream = resampled_frames(Path(folder) / label.file, fps)
    times, frames = [], []
    for t, bgr in stream:
        times.append(t)
        frames.append(letterbox(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), size))
    if not frames:
        raise BadInputError(f"video has no frames: {Path(folder) / label.file}")
    n = len(frames)
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
    )


def own_clips(folder: Path, size: int = 128, fps: float = FRAME_RATE) -> Iterator[OwnClip]:
    for label in read_labels(folder):
        yield load_clip(folder, label, size, fps)
