"""Which BlazePose front-end to ship: cost per frame against counting accuracy.

    python -m pushup_mobile.experiments.front_end --videos FOLDER --out runs/front_end

``FOLDER`` is an own-videos folder (``labels.json`` with ``file``, ``activity``, ``reps``:
:mod:`pushup_mobile.data.own_videos`). Each clip is resampled to the model's rate and run
through each front-end variant of :data:`VARIANTS` (landmark model full or lite; the
detector searching again with the frame turned a quarter each way when it finds nobody),
then the shipped pose model and the app's counter. Reports per variant the front-end's
milliseconds per frame (one thread, median over all frames; BlazePose's detector runs
only when the track is lost, so its cost is spread), each clip's count, rep MAE
(normalised by the true count, the RepCount convention) and OBO over push-up clips, and
non-push-up clips with a rep. Writes ``front_end.json`` and ``front_end.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.data.own_videos import read_labels
from pushup_mobile.errors import one_line_errors
from pushup_mobile.evaluate.metrics import count_reps
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import write_text_atomic
from pushup_mobile.model.net import clip_outputs
from pushup_mobile.pose.blazepose import BlazePose
from pushup_mobile.families import FAMILIES, load_checkpoint
from pushup_mobile.pose.features import clip_features
from pushup_mobile.pose.stream import observation
from pushup_mobile.video import resampled_frames

VARIANTS: dict[str, dict[str, Any]] = {
    "full": {"landmark": "full", "turn": False},
    "full + turned search": {"landmark": "full", "turn": True},
    "lite": {"landmark": "lite", "turn": False},
    "lite + turned search": {"landmark": "lite", "turn": True},
}


def keypoints(pose: BlazePose, frames: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Our joints and visibility per frame through ``pose`` (a fresh track), and the
    milliseconds each frame took."""
    pose.reset()
    points, scores, ms = [], [], []
    for frame in frames:
        start = time.perf_counter()
        result = pose(frame)
        ms.append(1000 * (time.perf_counter() - start))
        k, v = observation(result)
        points.append(k)
        scores.append(v)
    return np.stack(points), np.stack(scores), ms


def run(folder: Path, checkpoint: Path, variants: list[str]) -> dict[str, Any]:
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    net = load_checkpoint(checkpoint).net.eval()
    poses = {name: BlazePose(num_threads=1, **VARIANTS[name]) for name in variants}
    clips, timings = [], {name: [] for name in variants}
    labels = read_labels(folder)
    for index, label in enumerate(labels):
        _, stream = resampled_frames(folder / label.file, FRAME_RATE)
        frames = [cv2.cvtColor(image, cv2.COLOR_BGR2RGB) for _, image in stream]
        height, width = frames[0].shape[:2]
        counts = {}
        for name, pose in poses.items():
            points, scores, ms = keypoints(pose, frames)
            timings[name] += ms
            outputs = clip_outputs(net, clip_features(points, scores, width, height))
            counts[name] = {"reps": count_reps(outputs, FRAME_RATE, FeedbackRules()),
                            "missed": float(np.mean(scores.max(axis=1) < 0.5))}
        clips.append({"file": Path(label.file).name, "activity": label.activity, "true_reps": label.reps, "counts": counts})
        print(f"\rclip {index + 1}/{len(labels)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    summary = {}
    for name in variants:
        pushups = [c for c in clips if c["activity"] == "pushup"]
        errors = [abs(c["counts"][name]["reps"] - c["true_reps"]) for c in pushups]
        negatives = [c for c in clips if c["activity"] != "pushup"]
        summary[name] = {
            "ms_per_frame_p50": float(np.median(timings[name])), "ms_per_frame_mean": float(np.mean(timings[name])),
            "rep_mae_normalized": float(np.mean([e / max(c["true_reps"], 1) for e, c in zip(errors, pushups)])) if pushups else None,
            "rep_obo": float(np.mean([e <= 1 for e in errors])) if pushups else None,
            "negatives_with_reps": f"{sum(c['counts'][name]['reps'] > 0 for c in negatives)}/{len(negatives)}",
            "missed_frames": float(np.mean([c["counts"][name]["missed"] for c in clips])),
        }
    return {"videos": str(folder), "checkpoint": str(checkpoint), "summary": summary, "clips": clips}


def markdown(result: dict[str, Any]) -> str:
    names = list(result["summary"])
    lines = ["| front-end | ms / frame (p50, 1 thread) | rep MAE | rep OBO | negatives with reps | frames missed |",
             "|---|---|---|---|---|---|"]
    for name, s in result["summary"].items():
        lines.append(f"| {name} | {s['ms_per_frame_p50']:.1f} | {s['rep_mae_normalized']:.3f} | {s['rep_obo']:.3f} | "
                     f"{s['negatives_with_reps']} | {s['missed_frames']:.1%} |")
    lines += ["", "| clip | true | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for c in result["clips"]:
        lines.append(f"| {c['file']} | {c['true_reps']} | " + " | ".join(str(c["counts"][n]["reps"]) for n in names) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="BlazePose front-end variants: cost and counting accuracy.")
    parser.add_argument("--videos", type=Path, required=True, help="an own-videos folder (labels.json)")
    parser.add_argument("--checkpoint", type=Path, default=FAMILIES["pose"].shipped_checkpoint)
    parser.add_argument("--variant", action="append", choices=list(VARIANTS), default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with one_line_errors():
        result = run(args.videos, args.checkpoint, args.variant or list(VARIANTS))
    write_text_atomic(args.out / "front_end.json", json.dumps(result, indent=1) + "\n")
    table = markdown(result)
    write_text_atomic(args.out / "front_end.md", table)
    print(table)


if __name__ == "__main__":
    main()
