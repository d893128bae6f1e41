"""``pushup-mobile label``: a keypoint model (the teacher) labels people's own videos for
the pixel family (the student), frame by frame, in the own-video format.

The teacher sees real people through BlazePose, which Google trained on real people; the
pixel model has only seen renders. Its per-frame outputs on a team's own footage become
soft labels the student is fine-tuned on (``pushup-mobile train --family pixel --videos
DIR``), keeping only the frames the teacher is sure of (:func:`confident`). Per video,
``NAME.teacher.npz`` holds at 15 fps: ``t`` [T] seconds, ``pushup`` [T] (probability),
``depth`` [T], ``faults`` [T, K] (probabilities), ``keypoints`` [T, 17, 2] (0..1 of the
frame), ``visibility`` [T, 17], ``presence`` [T] (BlazePose's pose presence) and
``weight`` [T] (1 where confident). ``labels.json`` lists the videos (by path relative to
the folder), the teacher's rep count and the teacher model.
"""

from __future__ import annotations

import json
import os
from functools import partial
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.contract import FAULTS, FRAME_RATE
from pushup_mobile.errors import BadInputError
from pushup_mobile.evaluate.metrics import sigmoid
from pushup_mobile.feedback.counter import RepCounter
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import atomic_path, write_text_atomic
from pushup_mobile.video import resampled_frames

UNSURE = (0.2, 0.8)
"""Push-up probabilities between these are the teacher's doubt: those frames teach nothing."""
TEACHER_SUFFIX = ".teacher.npz"


def confident(pushup: np.ndarray, presence: np.ndarray) -> np.ndarray:
    """1 where the teacher's frame is worth learning from: BlazePose held the person (or
    there was clearly nobody, presence near 0, with a clear "no push-up") and the push-up
    call is clear."""
    from pushup_mobile.pose.blazepose import MIN_PRESENCE

    clear = (pushup <= UNSURE[0]) | (pushup >= UNSURE[1])
    held = (presence >= MIN_PRESENCE) | (pushup <= UNSURE[0])
    return (clear & held).astype(np.float32)


def label_video(video: Path, net: object, on_frame: Callable[[int, int], None] | None = None) -> dict[str, np.ndarray]:
    """The teacher's per-frame labels of one video (the arrays of ``NAME.teacher.npz``)
    and its rep count under the app's counter (``reps``)."""
    from pushup_mobile.pose.stream import PoseStream

    stream = PoseStream(net)
    info, frames = resampled_frames(video, FRAME_RATE)
    total = int(info.duration_s * FRAME_RATE) + 1
    counter = RepCounter(FeedbackRules())
    rows: dict[str, list] = {key: [] for key in ("t", "pushup", "depth", "faults", "keypoints", "visibility", "presence")}
    for index, (t, bgr) in enumerate(frames):
        step = stream(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        pushup, faults = float(sigmoid(step.pushup)[0]), sigmoid(step.faults).astype(np.float32)
        counter.update(t, pushup, float(step.depth[0]), [float(f) for f in faults], stream.input.form())
        for key, value in (("t", t), ("pushup", pushup), ("depth", float(step.depth[0])), ("faults", faults),
                           ("keypoints", step.keypoints), ("visibility", step.visibility),
                           ("presence", stream.input.last_presence)):
            rows[key].append(value)
        if on_frame is not None:
            on_frame(index + 1, total)
    if not rows["t"]:
        raise BadInputError(f"video has no frames: {video}")
    if on_frame is not None:
        on_frame(len(rows["t"]), len(rows["t"]))  # the header's estimate of the length may have been off
    labels = {key: np.asarray(value, dtype=np.float32) for key, value in rows.items()}
    labels["weight"] = confident(labels["pushup"], labels["presence"])
    labels["reps"] = np.int32(counter.count)
    return labels


def label_videos(videos: Sequence[Path], out: Path, teacher: str | None = None,
                 on_frame: Callable[[Path, int, int], None] | None = None) -> Path:
    """Label every video into ``out`` (created) with ``teacher`` (a keypoint family's
    checkpoint or name; default the shipped default); returns its ``labels.json``. Each
    video's file is written atomically as it is done; ``labels.json`` last, naming them all.
    ``on_frame(video, done, total)`` reports progress."""
    from pushup_mobile.families import family_of, load_model

    loaded = load_model(teacher)
    row = family_of(loaded.cfg)
    if row.preprocessing(loaded.cfg).get("front_end") != "blazepose":
        raise BadInputError(f"the teacher must see people through BlazePose (a keypoint family); "
                            f"{loaded.source} is a {row.name}-family model")
    out.mkdir(parents=True, exist_ok=True)
    names = [Path(video).name for video in videos]
    if len(set(names)) != len(names):
        raise BadInputError("two videos share a file name; their labels would overwrite each other")
    entries = []
    for video in map(Path, videos):
        if not video.is_file():
            raise BadInputError(f"video not found: {video}")
        labels = label_video(video, loaded.net, None if on_frame is None else partial(on_frame, video))
        target = out / (video.name + TEACHER_SUFFIX)
        with atomic_path(target) as tmp, open(tmp, "wb") as handle:
            np.savez_compressed(handle, **labels)
        reps = int(labels["reps"])
        entries.append({"file": os.path.relpath(video.resolve(), out.resolve()),
                        "activity": "pushup" if reps else "unknown", "reps": reps, "teacher": target.name})
    record = {"videos": entries, "teacher": {"model": loaded.source, "sha256": loaded.sha256, "family": row.name},
              "faults": list(FAULTS)}
    write_text_atomic(out / "labels.json", json.dumps(record, indent=2) + "\n")
    return out / "labels.json"
