"""How BlazePose's person detector frames a rendered body: the figures behind the person
crop's training squares (:mod:`pushup_mobile.synth.person_crop`).

    python -m pushup_mobile.experiments.person_box --clips 40

Renders ``--clips`` train-split clips at the person crop's render size, asks the detector
every 5th frame, and compares its square with the body's joints: side over twice the
largest joint distance from the hips (median, spread of its log), centre offset from the
hips as a share of the side, and the miss rate while the person is in the picture.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from pushup_mobile.errors import one_line_errors
from pushup_mobile.preprocess import PERSON_CHECK_EVERY


def measure(clips: int, frames: int = 30, seed: int = 7) -> dict[str, float]:
    from pushup_mobile.pose.blazepose import PersonDetector
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.generate import render_clip
    from pushup_mobile.synth.person_crop import RENDER_SIZE
    from pushup_mobile.synth.splits import clip_seed, get_split

    split, detector = get_split("train"), PersonDetector()
    ratios, offsets, calls, misses = [], [], 0, 0
    for index in range(clips):
        clip = sample_clip(clip_seed(split, seed, index), split, frames, 15.0, RENDER_SIZE)
        rgb, _ = render_clip(clip)
        size = np.array(rgb.shape[2:0:-1], dtype=np.float64)
        for t in range(0, frames, PERSON_CHECK_EVERY):
            joints = clip.keypoints[t] * size
            if clip.absent[t] or not ((joints >= 0) & (joints <= size)).all(axis=1).any():
                continue
            calls += 1
            box = detector.person_box(rgb[t])
            if box is None:
                misses += 1
                continue
            hips = joints[[11, 12]].mean(axis=0)
            ratios.append(box[2] / (2.0 * np.max(np.hypot(*(joints - hips).T))))
            offsets.append((np.array(box[:2]) - hips) / box[2])
    offsets_array = np.array(offsets)
    return {"detector_calls": calls, "miss_rate": misses / max(calls, 1),
            "side_per_span_median": float(np.median(ratios)), "side_log_std": float(np.std(np.log(ratios))),
            "centre_std_x": float(offsets_array[:, 0].std()), "centre_std_y": float(offsets_array[:, 1].std())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure how BlazePose's person detector frames rendered bodies.")
    parser.add_argument("--clips", type=int, default=40)
    args = parser.parse_args(argv)
    with one_line_errors():
        print(json.dumps(measure(args.clips), indent=2))


if __name__ == "__main__":
    main()
