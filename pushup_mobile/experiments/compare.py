"""Both model families and the elbow-angle recipe on the same rendered test-split clips.

    python -m pushup_mobile.experiments.compare --clips 48 --frames 90 --out runs/compare

Each clip is rendered once (test split: bodies, views and places no model trained on).
The pose model and the recipe see the same keypoints in two conditions: ``blazepose``
(frames -> BlazePose -> our joints: what an app would run, through
:class:`~pushup_mobile.pose.stream.PoseStream`'s step form) and ``simulated`` (the
generator's exact keypoints through the noise model: what the pose model trained on; the
gap between the two rows is the noise model's shortfall). The pixel model sees the same
frames framed by its own stage, as the app does. Learned models are scored with the task metrics; the
recipe has no push-up detector and no fault heads, so it gets the rep figures only. False
reps on clips without a single push-up frame are reported for all: the failure the
learned models exist to avoid.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.errors import one_line_errors
from pushup_mobile.data.labelled_clips import LabelledClip
from pushup_mobile.evaluate.metrics import count_reps, task_metrics
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import write_text_atomic
from pushup_mobile.runtime.models import stage_inputs
from pushup_mobile.pose.baseline import elbow_baseline
from pushup_mobile.pose.blazepose import BlazePose
from pushup_mobile.families import FAMILIES, load_checkpoint, load_model
from pushup_mobile.model.net import PushupNet, clip_outputs
from pushup_mobile.pose.features import clip_features
from pushup_mobile.pose.net import PoseTemporalNet
from pushup_mobile.pose.noise import DEFAULT as NOISE
from pushup_mobile.pose.noise import corrupt
from pushup_mobile.pose.sequences import CleanSequence
from pushup_mobile.pose.stream import PoseStream
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.synth.splits import clip_seed, get_split

CONDITIONS = ("blazepose", "simulated")


@dataclass(frozen=True)
class CompareSpec:
    clips: int
    frames: int = 48
    size: int = 384
    seed: int = 0
    split: str = "test"


POSE_MODEL, RECIPE, PIXEL_MODEL = ("pose model (BlazePose keypoints + LSTM)", "elbow-angle recipe",
                                   "pixel model (MobileNetV3-Small + LSTM)")


@dataclass(frozen=True)
class ClipResult:
    """One clip, one method, one input condition: truth, the count, and the per-frame
    outputs for the task metrics (None for the recipe, which has no heads)."""

    seed: int
    method: str
    condition: str
    activities: tuple[str, ...]
    true_reps: int
    reps: int
    missed_frames: int
    outputs: dict[str, np.ndarray] | None
    labels: LabelledClip


@dataclass(frozen=True)
class MethodRow:
    """One line of the table; None where the method has no such output."""

    method: str
    condition: str
    clips: int
    pushup_f1: float | None
    fault_macro_f1: float | None
    rep_mae: float
    rep_obo: float
    negative_clips: int
    false_reps_per_negative_clip: float
    negative_clips_with_reps: float


def run_clip(seed: int, spec: CompareSpec, stream: PoseStream, pixel: PushupNet | None = None) -> list[ClipResult]:
    """Every method and condition for one clip."""
    clip = sample_clip(seed, get_split(spec.split), spec.frames, size=spec.size)
    clean = CleanSequence.from_clip(clip)
    width, height = clean.width, clean.height
    labels = LabelledClip(np.zeros(0), clean.pushup, clean.faults, clean.depth, clean.rep_count, FRAME_RATE)
    activities = tuple(sorted({ACTIVITIES[a] for a in clip.motion.activity}))
    frames, _ = render_clip(clip)
    stream.reset()
    steps = [stream(frame) for frame in frames]
    seen = {
        "blazepose": (np.stack([s.keypoints for s in steps]), np.stack([s.visibility for s in steps]),
                      {k: np.stack([getattr(s, k) for s in steps]) for k in ("pushup", "depth", "faults")}),
    }
    noisy = corrupt(clean.keypoints, clean.in_frame, clean.far, width, height, np.random.default_rng([seed, 3]), NOISE)
    seen["simulated"] = (noisy.keypoints, noisy.visibility,
                         clip_outputs(stream.net, clip_features(noisy.keypoints, noisy.visibility, width, height)))

    def result(method: str, condition: str, reps: int, missed: int, outputs: dict | None) -> ClipResult:
        return ClipResult(seed, method, condition, activities, clean.rep_count, reps, missed, outputs, labels)

    results = []
    for condition, (keypoints, visibility, outputs) in seen.items():
        missed = int((visibility.max(axis=1) < 0.5).sum())
        results.append(result(POSE_MODEL, condition, count_reps(outputs, FRAME_RATE, FeedbackRules()), missed, outputs))
        results.append(result(RECIPE, condition, elbow_baseline(keypoints, visibility, width, height).count, missed, None))
    if pixel is not None:
        outputs = clip_outputs(pixel, stage_inputs(pixel, frames))  # framed as the app frames it
        results.append(result(PIXEL_MODEL, "pixels", count_reps(outputs, FRAME_RATE, FeedbackRules()), 0, outputs))
    return results


def _rep_figures(results: list[ClipResult]) -> dict[str, float | int]:
    errors = np.array([abs(r.reps - r.true_reps) for r in results])
    negative = [r.reps for r in results if not r.labels.pushup.any()]
    return {
        "rep_mae": float(errors.mean()),
        "rep_obo": float(np.mean(errors <= 1)),
        "negative_clips": len(negative),
        "false_reps_per_negative_clip": float(np.mean(negative)) if negative else 0.0,
        "negative_clips_with_reps": float(np.mean(np.array(negative) > 0)) if negative else 0.0,
    }


def table_rows(results: list[ClipResult]) -> list[MethodRow]:
    """One row per (method, condition), in the order they first appear."""
    rows = []
    for method, condition in dict.fromkeys((r.method, r.condition) for r in results):
        mine = [r for r in results if (r.method, r.condition) == (method, condition)]
        f1 = fault_f1 = None
        if mine[0].outputs is not None:
            metrics = task_metrics(tuple(r.labels for r in mine), [r.outputs for r in mine])
            f1, fault_f1 = metrics.pushup_f1, metrics.fault_macro_f1
        rows.append(MethodRow(method, condition, len(mine), f1, fault_f1, **_rep_figures(mine)))
    return rows


def markdown(rows: list[MethodRow], spec: CompareSpec) -> str:
    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines = [
        f"{spec.clips} rendered {spec.split}-split clips x {spec.frames} frames ({spec.size} px long side), "
        f"{rows[0].negative_clips} of them without push-ups.",
        "",
        "| method | keypoints | push-up frame F1 | rep MAE | rep OBO | fault macro-F1 | false reps / non-push-up clip "
        "| non-push-up clips with a rep |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r.method} | {r.condition} | {cell(r.pushup_f1)} | {r.rep_mae:.3f} | {r.rep_obo:.3f} | "
                     f"{cell(r.fault_macro_f1)} | {r.false_reps_per_negative_clip:.3f} | {r.negative_clips_with_reps:.3f} |")
    return "\n".join(lines) + "\n"


def compare(spec: CompareSpec, net: PoseTemporalNet, pixel: PushupNet | None = None,
            progress: bool = True) -> tuple[list[MethodRow], list[ClipResult]]:
    stream = PoseStream(net, BlazePose(num_threads=1))
    split = get_split(spec.split)
    results = []
    for index in range(spec.clips):
        results += run_clip(clip_seed(split, spec.seed, index), spec, stream, pixel)
        if progress:
            print(f"\rclip {index + 1}/{spec.clips}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return table_rows(results), results


def report(spec: CompareSpec, checkpoints: dict[str, str], rows: list[MethodRow], results: list[ClipResult]) -> dict[str, Any]:
    keep = ("seed", "method", "condition", "activities", "true_reps", "reps", "missed_frames")
    return {
        "spec": asdict(spec),
        "checkpoints": checkpoints,
        "rows": [asdict(r) for r in rows],
        "clips": [{k: getattr(r, k) for k in keep} for r in results],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Compare the pose model with the elbow-angle recipe on test clips.")
    parser.add_argument("--clips", type=int, default=32)
    parser.add_argument("--frames", type=int, default=48)
    parser.add_argument("--size", type=int, default=384, help="long side of the rendered frames")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checkpoint", type=Path, default=FAMILIES["pose"].shipped_checkpoint, help="pose-family checkpoint")
    parser.add_argument("--pixel-checkpoint", type=Path, default=Path("pixel"),
                        help="pixel-family checkpoint (default: the shipped one)")
    parser.add_argument("--no-pixel", action="store_true", help="leave the pixel model out")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    spec = CompareSpec(args.clips, args.frames, args.size, args.seed)
    with one_line_errors():
        pose = load_checkpoint(args.checkpoint)
        pixel = None if args.no_pixel else load_model(args.pixel_checkpoint)
        rows, results = compare(spec, pose.net, pixel.net if pixel else None)
    checkpoints = {"pose": str(args.checkpoint), **({"pixel": pixel.source} if pixel else {})}
    write_text_atomic(args.out / "compare.json", json.dumps(report(spec, checkpoints, rows, results), indent=2) + "\n")
    table = markdown(rows, spec)
    write_text_atomic(args.out / "compare.md", table)
    print(table)


if __name__ == "__main__":
    main()
