"""Labelled clips ready to stream: synthetic ones rendered on demand (cached per process),
as the step input of either model family."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from pushup_mobile.preprocess import Preprocessing, normalize


@dataclass(frozen=True)
class LabelledClip:
    frames: np.ndarray  # [T, 1, *frame_shape] float32: the step model's inputs (normalized pixels or keypoint features)
    pushup: np.ndarray  # [T]
    faults: np.ndarray  # [T, K]
    depth: np.ndarray  # [T]
    rep_count: int
    fps: float


@lru_cache(maxsize=8)
def synthetic_samples(split: str, count: int, frames: int, size: int, seed: int = 0) -> tuple[dict, ...]:
    """``count`` rendered clips of ``split`` (test: bodies, views and places training never
    saw) as samples: normalized ``frames`` [T, 3, S, S] and every label."""
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.dataset import clip_record
    from pushup_mobile.synth.splits import clip_seed, get_split

    chosen = get_split(split)
    pre = Preprocessing(size=size)
    samples = []
    for index in range(count):
        record = clip_record(sample_clip(clip_seed(chosen, seed, index), chosen, frames, pre.fps, size), size)
        samples.append({**record, "frames": normalize(record["frames"], pre), "rep_count": int(record["rep_count"])})
    return tuple(samples)


def synthetic_clips(split: str, count: int, frames: int, size: int, seed: int = 0) -> tuple[LabelledClip, ...]:
    """The same clips as step-model streams."""
    return tuple(
        LabelledClip(s["frames"][:, None], s["pushup"], s["faults"], s["depth"], s["rep_count"], Preprocessing().fps)
        for s in synthetic_samples(split, count, frames, size, seed)
    )


def labelled_samples(cfg: Any, split: str, count: int, frames: int, seed: int = 0) -> list[dict]:
    """Rendered clips of ``split`` as clip-form inputs of the family ``cfg`` belongs to,
    with every label: normalized frames for the pixel family, BlazePose keypoint features
    of the same rendered frames for the pose family (what each sees in an app)."""
    if cfg.family == "pose":
        from pushup_mobile.pose.stream import rendered_samples

        return rendered_samples(split, count, frames, seed=seed)
    return list(synthetic_samples(split, count, frames, cfg.input_size, seed))


def model_clips(cfg: Any, split: str, count: int, frames: int, seed: int = 0) -> tuple[LabelledClip, ...]:
    """Synthetic clips of ``split`` as the step inputs of the family ``cfg`` belongs to:
    rendered frames for the pixel family; for the pose family, keypoint features of the
    same motion programs through the BlazePose noise model (fixed per clip), since
    running BlazePose on rendered frames is what :mod:`pushup_mobile.pose.compare` does."""
    if cfg.family == "pixel":
        return synthetic_clips(split, count, frames, cfg.input_size, seed)
    return _pose_clips(split, count, frames, seed)


@lru_cache(maxsize=8)
def _pose_clips(split: str, count: int, frames: int, seed: int) -> tuple[LabelledClip, ...]:
    from pushup_mobile.pose.sequences import PoseSequences, SequenceSpec

    sequences = PoseSequences(SequenceSpec(split, count, frames, seed))
    return tuple(
        LabelledClip(s["frames"].numpy()[:, None], s["pushup"].numpy(), s["faults"].numpy(), s["depth"].numpy(),
                     int(s["rep_count"]), Preprocessing().fps)
        for s in (sequences[i] for i in range(len(sequences)))
    )
