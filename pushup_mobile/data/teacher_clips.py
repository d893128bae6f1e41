"""The pixel student's windows of people's own videos, labelled by a teacher
(``pushup-mobile label``, :mod:`pushup_mobile.runtime.label`).

Each video is decoded once at the model's frame rate and framed as the student sees it:
letterboxed, or cut to the square around the person, placed from the teacher's own
keypoints with the person detector's measured errors
(:func:`pushup_mobile.synth.person_crop.person_boxes`), as rendered clips are. Frames are
framed as they are decoded: only the small ones stay in memory. A sample is a window of ``frames`` frames with the teacher's
soft labels and a per-frame ``weight`` (1 where the teacher is sure, 0 elsewhere: the
losses ignore those frames), shaped like :class:`pushup_mobile.data.clips.ClipDataset`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.data.own_videos import read_labels, read_teacher, taught_activity
from pushup_mobile.errors import BadInputError
from pushup_mobile.preprocess import Preprocessing, normalize
from pushup_mobile.synth.person_crop import cut, joints_in_squares, person_boxes
from pushup_mobile.video import resampled_frames


class TeacherClips(torch.utils.data.Dataset):
    """Windows of ``frames`` frames, every ``frames // 2``, over the teacher-labelled
    videos in ``folder`` (a ``pushup-mobile label`` output), at ``size`` px with ``crop``."""

    def __init__(self, folder: Path, size: int, crop: str, frames: int, seed: int = 0) -> None:
        self.pre = Preprocessing(size=size, crop=crop)
        self.videos: list[dict[str, np.ndarray]] = []
        labels = read_labels(Path(folder))
        if not labels or not all(label.teacher for label in labels):
            raise BadInputError(f"{folder} is not a teacher-labelled folder: make one with `pushup-mobile label VIDEOS --out DIR`")
        for number, label in enumerate(labels):
            self.videos.append(self._load(Path(folder), label, np.random.default_rng([seed, number])))
        self.windows = [(v, start) for v, video in enumerate(self.videos)
                        for start in range(0, max(1, len(video["frames"]) - frames + 1), max(1, frames // 2))]
        self.frames = frames

    def _load(self, folder: Path, label: Any, rng: np.random.Generator) -> dict[str, np.ndarray]:
        teacher = read_teacher(folder, label)  # its keypoints place each square as the frames are decoded
        times = teacher["t"]
        info, stream = resampled_frames(folder / label.file, FRAME_RATE)
        joints = teacher["keypoints"] * np.array([info.width, info.height], dtype=np.float64)
        held = teacher["visibility"].max(axis=1) >= 0.5
        boxes = person_boxes(joints, held, rng) if self.pre.crop == "person" else [None] * len(times)
        small, decoded_times = [], []
        for box, (t, bgr) in zip(boxes, stream):  # boxes first: a longer video keeps its extra frame for the check
            small.append(cut(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), box, self.pre.size))
            decoded_times.append(t)
        longer = next(stream, None) is not None
        if longer or len(small) != len(times) or not np.allclose(decoded_times, times, atol=1e-3):
            raise BadInputError(f"{folder / str(label.teacher)} labels {len(times)} frames, the video has "
                                f"{'more' if longer else len(small)}: label it again")
        points, inside = joints_in_squares(joints, boxes, info.width, info.height)
        return {"frames": np.stack(small), "keypoints": points.astype(np.float32),
                "visibility": (teacher["visibility"] * inside).astype(np.float32),
                **{key: teacher[key] for key in ("pushup", "depth", "faults", "weight")}}

    def __len__(self) -> int:
        return len(self.windows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        v, start = self.windows[index]
        video = self.videos[v]
        span = slice(start, start + self.frames)
        pad = self.frames - len(video["frames"][span])  # a video shorter than a window: its last frame held, unweighted
        take = {key: video[key][span] for key in ("frames", "keypoints", "visibility", "pushup", "depth", "faults", "weight")}
        if pad:
            take = {key: np.concatenate([value, np.repeat(value[-1:], pad, axis=0)]) for key, value in take.items()}
            take["weight"][-pad:] = 0.0
        sample = {"frames": torch.from_numpy(normalize(take["frames"], self.pre)),
                  "activity": torch.from_numpy(taught_activity(take["pushup"])),
                  "rep_count": 0}
        for key in ("keypoints", "visibility", "pushup", "depth", "faults", "weight"):
            sample[key] = torch.from_numpy(np.ascontiguousarray(take[key], dtype=np.float32))
        return sample
