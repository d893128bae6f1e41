"""``pushup-mobile label``: a keypoint model (the teacher) labels people's own videos for
the pixel family (the student), frame by frame, in the own-video format.

The teacher sees real people through BlazePose, which Google trained on real people; the
pixel model has only seen renders. Its per-frame outputs on a team's own footage become
soft labels the student is fine-tuned on (``pushup-mobile train --family pixel --videos
DIR``), keeping only the frames the teacher is sure of (:func:`confident`). The teacher
runs through the app's own streaming session (:class:`pushup_mobile.runtime.session.StreamingSession`:
no push-up without a person, the app's counter). Per video, ``NAME.teacher.npz`` holds at
15 fps: ``t`` [T] seconds, ``pushup`` [T] (probability), ``depth`` [T], ``faults`` [T, K]
(probabilities), ``keypoints`` [T, 17, 2] (0..1 of the frame), ``visibility`` [T, 17],
``person`` [T] (1 where BlazePose held someone) and ``weight`` [T] (1 where confident).
``labels.json`` lists the videos (by path relative to the folder), the teacher's rep
count and the teacher model.
"""

from __future__ import annotations

import json
import os
from functools import partial
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from pushup_mobile.contract import FAULTS, FRAME_RATE
from pushup_mobile.errors import BadInputError
from pushup_mobile.files import atomic_path, write_text_atomic
from pushup_mobile.runtime.models import OpenedModel, open_model
from pushup_mobile.runtime.session import StreamingSession
from pushup_mobile.video import resampled_frames

UNSURE = (0.2, 0.8)
"""Push-up probabilities between these are the teacher's doubt: those frames teach nothing."""
TEACHER_SUFFIX = ".teacher.npz"


def confident(pushup: np.ndarray, person: np.ndarray) -> np.ndarray:
    """1 where the teacher's frame is worth learning from: the push-up call is clear, and
    BlazePose held the person, or the call is a clear "no push-up" (with nobody in view
    that is a lesson too: no rep without a person)."""
    clear = (pushup <= UNSURE[0]) | (pushup >= UNSURE[1])
    held = (person > 0) | (pushup <= UNSURE[0])
    return (clear & held).astype(np.float32)


def label_video(video: Path, teacher: OpenedModel,
                on_frame: Callable[[int, int], None] | None = None) -> dict[str, np.ndarray]:
    """The teacher's per-frame labels of one video (the arrays of ``NAME.teacher.npz``)
    and its rep count (``reps``), as ``analyze`` would count."""
    session = StreamingSession(teacher)
    info, frames = resampled_frames(video, FRAME_RATE)
    total = int(info.duration_s * FRAME_RATE) + 1
    rows: dict[str, list] = {key: [] for key in ("t", "pushup", "depth", "faults", "keypoints", "visibility", "person")}
    for index, (t, bgr) in enumerate(frames):
        result = session.push(bgr, t)
        keypoints, visibility = teacher.frame_input.keypoints() or (np.zeros((17, 2)), np.zeros(17))
        for key, value in (("t", t), ("pushup", result.pushup), ("depth", result.depth),
                           ("faults", [result.faults[name] for name in FAULTS]), ("keypoints", keypoints),
                           ("visibility", visibility), ("person", float(teacher.frame_input.person()))):
            rows[key].append(value)
        if on_frame is not None:
            on_frame(index + 1, total)
    if not rows["t"]:
        raise BadInputError(f"video has no frames: {video}")
    if on_frame is not None:
        on_frame(len(rows["t"]), len(rows["t"]))  # the header's estimate of the length may have been off
    labels = {key: np.asarray(value, dtype=np.float32) for key, value in rows.items()}
    labels["weight"] = confident(labels["pushup"], labels["person"])
    labels["reps"] = np.int32(session.counter.count)
    return labels


def label_videos(videos: Sequence[Path], out: Path, teacher: Path | str | None = None,
                 on_frame: Callable[[Path, int, int], None] | None = None) -> Path:
    """Label every video into ``out`` (created) with ``teacher`` (a keypoint family's
    checkpoint or name; default the shipped default); returns its ``labels.json``. Each
    video's file is written atomically as it is done; ``labels.json`` last, naming them all.
    ``on_frame(video, done, total)`` reports progress."""
    videos = [Path(video) for video in videos]
    missing = [str(video) for video in videos if not video.is_file()]
    if missing:  # all found before minutes of labelling, not one by one
        raise BadInputError(f"video not found: {', '.join(missing)}")
    names = [video.name for video in videos]
    if len(set(names)) != len(names):
        raise BadInputError("two videos share a file name; their labels would overwrite each other")
    opened = open_model(teacher)
    if opened.frame_input.to_manifest().get("front_end") != "blazepose":
        raise BadInputError(f"the teacher must see people through BlazePose (a keypoint family); "
                            f"{opened.name} reads pixels")
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for video in videos:
        labels = label_video(video, opened, None if on_frame is None else partial(on_frame, video))
        target = out / (video.name + TEACHER_SUFFIX)
        with atomic_path(target) as tmp, open(tmp, "wb") as handle:
            np.savez_compressed(handle, **labels)
        reps = int(labels["reps"])
        entries.append({"file": os.path.relpath(video.resolve(), out.resolve()),
                        "activity": "pushup" if reps else "unknown", "reps": reps, "teacher": target.name})
    record = {"videos": entries, "teacher": {"model": opened.name, "sha256": opened.sha256, "format": opened.format},
              "faults": list(FAULTS)}
    write_text_atomic(out / "labels.json", json.dumps(record, indent=2) + "\n")
    return out / "labels.json"
