"""Labelled clips ready to stream, and the pixel family's: rendered on demand (cached per
process) as normalized frames. Each family's clips: its row in :mod:`pushup_mobile.families`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pushup_mobile.preprocess import PixelInput, Preprocessing, normalize


@dataclass(frozen=True)
class LabelledClip:
    frames: np.ndarray  # [T, 1, *frame_shape] float32: the step model's inputs (normalized pixels or keypoint features)
    pushup: np.ndarray  # [T]
    faults: np.ndarray  # [T, K]
    depth: np.ndarray  # [T]
    rep_count: int
    fps: float


@lru_cache(maxsize=8)
def synthetic_samples(split: str, count: int, frames: int, size: int, seed: int = 0,
                      crop: str = "letterbox") -> tuple[dict, ...]:
    """``count`` rendered clips of ``split`` (test: bodies, views and places training never
    saw) as samples: normalized ``frames`` [T, 3, S, S] and every label. A ``person`` crop
    is found as the app finds it: BlazePose's person detector on the rendered frames
    (:class:`pushup_mobile.preprocess.PixelInput`), not the generator's joints."""
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.dataset import DatasetSpec, clip_labels, clip_record
    from pushup_mobile.synth.generate import render_clip
    from pushup_mobile.synth.splits import clip_seed, get_split

    chosen = get_split(split)
    pre = Preprocessing(size=size, crop=crop)
    render_size = DatasetSpec(count, seed, split, size, frames, pre.fps, crop=crop).render_size
    stage = _detected_crop(pre) if crop == "person" else None
    samples = []
    for index in range(count):
        clip = sample_clip(clip_seed(chosen, seed, index), chosen, frames, pre.fps, render_size)
        if stage is None:
            record = clip_record(clip, size)
            inputs = normalize(record["frames"], pre)
        else:
            rendered, _ = render_clip(clip)
            stage.reset()
            record = clip_labels(clip)
            inputs = np.concatenate([stage(np.ascontiguousarray(rgb[..., ::-1])) for rgb in rendered])
        samples.append({**record, "frames": inputs, "rep_count": int(record["rep_count"])})
    return tuple(samples)


def _detected_crop(pre: Preprocessing) -> "PixelInput":
    from pushup_mobile.pose.blazepose import PersonDetector

    return PixelInput(pre, PersonDetector().person_box)


def synthetic_clips(split: str, count: int, frames: int, size: int, seed: int = 0,
                    crop: str = "letterbox") -> tuple[LabelledClip, ...]:
    """The same clips as step-model streams."""
    return tuple(
        LabelledClip(s["frames"][:, None], s["pushup"], s["faults"], s["depth"], s["rep_count"], Preprocessing().fps)
        for s in synthetic_samples(split, count, frames, size, seed, crop)
    )
