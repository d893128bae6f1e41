"""Datasets on disk: clips rendered, framed as the model's input (letterboxed, or the
square around the person: ``crop``) and written in compressed shards with their labels.
Same arguments, same bytes.

Each shard ``shard-00000.npz`` holds up to ``shard_size`` clips as arrays with a leading
clip axis: ``frames`` [N, T, S, S, 3] uint8 RGB, ``pushup`` [N, T], ``depth`` [N, T],
``faults`` [N, T, K], ``activity`` [N, T], ``keypoints``
[N, T, 17, 2] (0..1 of the model's square), ``visibility`` [N, T, 17] (in that square and
not hidden by the body), ``reps``
[N, R, 3] (start, bottom, end frame; -1 padding), ``rep_count``, ``seed``, ``shape``,
``variant``, ``view``, ``framing``, ``edit`` (the clip's cell of the evaluation grid,
:meth:`pushup_mobile.synth.clip.SyntheticClip.labels`).
``dataset.json`` beside them records how they were made.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pushup_mobile import __version__
from pushup_mobile.errors import BadInputError
from pushup_mobile.files import atomic_path, write_text_atomic
from pushup_mobile.preprocess import letterbox
from pushup_mobile.synth.clip import SyntheticClip, sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.person_crop import RENDER_SIZE, cut, joints_in_squares, person_boxes
from pushup_mobile.synth.splits import clip_seed, get_split


CLIP_LABELS = ("variant", "view", "framing", "edit")


@dataclass(frozen=True)
class DatasetSpec:
    clips: int
    seed: int
    split: str = "train"
    size: int = 128
    frames: int = 64
    fps: float = 15.0
    shard_size: int = 32
    crop: str = "letterbox"
    """How each frame becomes the model's square (:data:`pushup_mobile.preprocess.CROPS`); a
    ``person`` crop is cut from a render with long side :data:`RENDER_SIZE`."""

    @property
    def render_size(self) -> int:
        return RENDER_SIZE if self.crop == "person" else self.size

    def to_record(self) -> dict[str, Any]:
        """The spec as ``dataset.json`` keeps it; a letterboxed dataset's record is what it was
        before crops existed, so folders rendered then are still recognised."""
        record = asdict(self)
        if self.crop == "letterbox":
            del record["crop"]
        return record


def letterboxed(clip: SyntheticClip, frames: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Frames fitted into ``size x size`` as preprocessing does, keypoints moved with them."""
    h, w = frames.shape[1:3]
    scale = size / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    top, left = (size - new_h) // 2, (size - new_w) // 2
    boxed = np.stack([letterbox(f, size) for f in frames])
    points = clip.keypoints * np.array([new_w, new_h]) + np.array([left, top])
    return boxed, points / size


def person_cropped(clip: SyntheticClip, frames: np.ndarray, size: int,
                   seen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frames cut to the square around the person as the app's detector would place it
    (:func:`pushup_mobile.synth.person_crop.person_boxes`), keypoints moved with them and
    unseen outside the square."""
    h, w = frames.shape[1:3]
    joints = clip.keypoints * np.array([w, h])
    in_view = ~clip.absent & (seen > 0).any(axis=1)
    boxes = person_boxes(joints, in_view, np.random.default_rng([clip.seed, 2]))
    points, inside = joints_in_squares(joints, boxes, w, h)
    return np.stack([cut(f, box, size) for f, box in zip(frames, boxes)]), points, seen * inside


def clip_labels(clip: SyntheticClip) -> dict[str, Any]:
    """Everything a shard keeps of a clip but its frames and keypoints."""
    m = clip.motion
    return {
        "pushup": m.pushup.astype(np.float32),
        "depth": m.depth.astype(np.float32),
        "faults": clip.fault_labels.astype(np.float32),
        "activity": m.activity.astype(np.int16),
        "reps": np.array(m.reps, dtype=np.int32).reshape(-1, 3),
        "rep_count": np.int32(clip.rep_count),
        "seed": np.int64(clip.seed),
        "shape": np.int32(clip.mesh.shape),
        **{key: np.str_(clip.labels()[key]) for key in CLIP_LABELS},
    }


def clip_record(clip: SyntheticClip, size: int, crop: str = "letterbox") -> dict[str, Any]:
    rendered, seen = render_clip(clip)
    if crop == "person":
        frames, keypoints, seen = person_cropped(clip, rendered, size, seen)
    else:
        frames, keypoints = letterboxed(clip, rendered, size)
    return {"frames": frames, "keypoints": keypoints.astype(np.float32), "visibility": seen.astype(np.float32),
            **clip_labels(clip)}


def _stack(records: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    most = max(1, max(len(r["reps"]) for r in records))
    padded = [np.vstack([r["reps"], -np.ones((most - len(r["reps"]), 3), dtype=np.int32)]) for r in records]
    stacked = {key: np.stack([r[key] for r in records]) for key in records[0] if key != "reps"}
    stacked["reps"] = np.stack(padded)
    return stacked


def _shard_path(out: Path, number: int) -> Path:
    return out / f"shard-{number:05d}.npz"


def _write_shard(out: Path, spec: DatasetSpec, number: int) -> int:
    """Render shard ``number`` of ``spec`` into ``out``; returns how many clips it holds."""
    split = get_split(spec.split)
    first = number * spec.shard_size
    records = []
    for index in range(first, min(first + spec.shard_size, spec.clips)):
        clip = sample_clip(clip_seed(split, spec.seed, index), split, spec.frames, spec.fps, spec.render_size)
        records.append(clip_record(clip, spec.size, spec.crop))
    with atomic_path(_shard_path(out, number)) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **_stack(records))
    return len(records)


def _one_thread_worker() -> None:
    """Worker processes split the cores between them: Mesa's rasteriser and OpenCV each
    get one thread (Mesa reads ``LP_NUM_THREADS`` when the worker makes its context)."""
    os.environ["LP_NUM_THREADS"] = "1"
    cv2.setNumThreads(1)


def write_dataset(
    out: Path, spec: DatasetSpec, on_clip: Callable[[int], None] | None = None, workers: int = 1
) -> list[Path]:
    """Render every shard of ``spec`` into ``out``, ``workers`` processes at a time.

    Each shard depends only on the spec and its number, so the bytes are the same for any
    worker count, and shards already on disk (written atomically, so complete) are kept:
    an interrupted run resumes where it stopped.
    """
    get_split(spec.split)
    numbers = range(-(-spec.clips // spec.shard_size))
    record = {"generator": f"pushup-mobile {__version__}", "spec": spec.to_record(),
              "shards": [_shard_path(out, n).name for n in numbers]}
    existing = out / "dataset.json"
    if existing.is_file() and json.loads(existing.read_text()).get("spec") != record["spec"]:
        raise BadInputError(f"{out} holds a different dataset (see its dataset.json): pick another folder")
    write_text_atomic(existing, json.dumps(record, indent=2) + "\n")
    todo = [n for n in numbers if not _shard_path(out, n).is_file()]
    done = spec.clips - sum(min(spec.shard_size, spec.clips - n * spec.shard_size) for n in todo)
    if on_clip is not None and done:
        on_clip(done)
    if workers > 1 and len(todo) > 1:
        context = multiprocessing.get_context("spawn")  # one fresh GL context per worker
        with context.Pool(min(workers, len(todo)), initializer=_one_thread_worker) as pool:
            for count in pool.imap_unordered(partial(_write_shard, out, spec), todo):
                done += count
                if on_clip is not None:
                    on_clip(done)
    else:
        for number in todo:
            done += _write_shard(out, spec, number)
            if on_clip is not None:
                on_clip(done)
    return [_shard_path(out, n) for n in numbers]


def read_shard(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {key: data[key] for key in data.files}
