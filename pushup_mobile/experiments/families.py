"""Every model family in the table, and the elbow-angle recipe, on the same rendered
test-split clips: accuracy, and what a frame costs on the phone's path.

    python -m pushup_mobile.experiments.families --clips 48 --frames 150 --out benchmarks/results/amd-epyc-2c/families

Each family sees the clips through its own front-end, as an app would (its row's
``eval_samples``: normalized pixels, or BlazePose features of the same rendered frames);
the recipe counts on the BlazePose keypoints of the same frames. Reps are counted by the
app's counter with today's rules. Cost per frame, one thread: the family's front-end
(its ``frame_input`` on rendered frames, mean: letterbox and person detector, or BlazePose) and
the step of its shipped model exported to fp32 TFLite (p50 over warm steps), with the
artifact's size. Writes ``families.json``, ``families.md`` and ``families.png``
(rep OBO against cost).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.evaluate.report import run_clips, summarize
from pushup_mobile.families import FAMILIES, LoadedModel, family_of, load_model
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import save_figure, write_text_atomic
from pushup_mobile.pose.baseline import elbow_baseline
from pushup_mobile.pose.stream import rendered_samples

RECIPE = "elbow-angle recipe"
RECIPE_FAMILY = "pose"
"""The family whose samples carry the BlazePose keypoints the recipe counts on."""
STEP_WARMUP, FRONT_END_FRAMES = 30, 60


@dataclass(frozen=True)
class FamilyRow:
    """One line of the table; None where a method has no such output or cost."""

    method: str
    checkpoint: str
    pushup_f1: float | None
    rep_mae: float
    rep_obo: float
    fault_macro_f1: float | None
    negative_clips_with_reps: str
    front_end_ms: float | None
    step_ms: float | None
    artifact_mb: float | None


def _negatives(counts: list[tuple[int, int, bool]]) -> str:
    """``k/n``: clips without a push-up that got a rep, of all such clips (``counts``:
    true reps, counted reps, whether the clip has a push-up)."""
    negative = [predicted for _, predicted, has_pushup in counts if not has_pushup]
    return f"{sum(p > 0 for p in negative)}/{len(negative)}"


def accuracy(loaded: LoadedModel, clips: int, frames: int) -> dict[str, Any]:
    """Task figures of a model on the test clips, seen through its family's front-end."""
    samples = family_of(loaded.cfg).eval_samples(loaded.cfg, "test", clips, frames, 0)
    results = run_clips(loaded.net, samples, FRAME_RATE, FeedbackRules())
    summary = summarize(results)
    counts = [(r.reps_true, r.reps_pred, bool(r.pushup_true.any())) for r in results]
    return {"pushup_f1": summary["pushup_f1"], "rep_mae": summary["rep_mae"], "rep_obo": summary["rep_obo"],
            "fault_macro_f1": summary["fault_macro_f1"], "negative_clips_with_reps": _negatives(counts)}


def recipe_accuracy(clips: int, frames: int) -> dict[str, Any]:
    """The recipe's reps on BlazePose keypoints of the same clips (no detector, no faults)."""
    samples = rendered_samples("test", clips, frames)
    counts = [(int(s["rep_count"]), elbow_baseline(s["keypoints"], s["visibility"], *s["frame_size"]).count,
               bool(np.asarray(s["pushup"]).any())) for s in samples]
    errors = np.array([abs(true - predicted) for true, predicted, _ in counts])
    return {"pushup_f1": None, "rep_mae": float(errors.mean()), "rep_obo": float(np.mean(errors <= 1)),
            "fault_macro_f1": None, "negative_clips_with_reps": _negatives(counts)}


def front_end_ms(loaded: LoadedModel, frames: np.ndarray) -> float:
    """Mean cost of the family's per-frame stage on ``frames`` (BGR), one thread, in a
    stream: the mean, not the median, so that work done every few frames (the pixel
    family's person detector, BlazePose's re-detection) is paid for."""
    row = family_of(loaded.cfg)
    stage = row.frame_input(row.preprocessing(loaded.cfg), 1)
    stage.reset()
    times = []
    for frame in frames:
        start = time.perf_counter()
        stage(frame)
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.mean(times[5:]))  # the first frames load models and start the track


def step_cost(loaded: LoadedModel, folder: Path, runs: int) -> tuple[float, float]:
    """(p50 step ms, artifact MB) of the model exported to fp32 TFLite, one thread, timed
    in a fresh process as ``pushup-export bench`` does."""
    from pushup_mobile.bench.suite import measure_in_fresh_process
    from pushup_mobile.export.formats import export_artifact, format_by_cli

    artifact = export_artifact(format_by_cli("tflite"), loaded, "fp32", folder)
    record = measure_in_fresh_process(str(artifact.path), threads=1, runs=runs, warmup=STEP_WARMUP)
    return float(record.latency.p50_ms), artifact.path.stat().st_size / 1e6


def probe_frames_bgr(frames: int) -> np.ndarray:
    """Rendered frames (BGR) of the first test clip, for the front-end timings."""
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.generate import render_clip
    from pushup_mobile.synth.splits import clip_seed, get_split

    split = get_split("test")
    rgb, _ = render_clip(sample_clip(clip_seed(split, 0, 0), split, frames, FRAME_RATE, 384))
    return np.stack([cv2.cvtColor(frame, cv2.COLOR_RGB2BGR) for frame in rgb])


def compare(checkpoints: dict[str, str], clips: int, frames: int, runs: int = 300) -> list[FamilyRow]:
    """Every family's model in ``checkpoints`` (name -> its name or a file), then the recipe."""
    probe = probe_frames_bgr(FRONT_END_FRAMES)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, checkpoint in checkpoints.items():
            loaded = load_model(checkpoint)
            print(f"{name}: accuracy on {clips} clips", flush=True)
            figures = accuracy(loaded, clips, frames)
            print(f"{name}: cost", flush=True)
            step, size = step_cost(loaded, Path(tmp) / name, runs)
            rows.append(FamilyRow(name, checkpoint, **figures, front_end_ms=front_end_ms(loaded, probe),
                                  step_ms=step, artifact_mb=size))
    blazepose = next((r.front_end_ms for r in rows if r.method == RECIPE_FAMILY), None)
    rows.append(FamilyRow(RECIPE, "-", **recipe_accuracy(clips, frames), front_end_ms=blazepose, step_ms=None,
                          artifact_mb=None))
    return rows


def markdown(rows: list[FamilyRow], clips: int, frames: int) -> str:
    def cell(value: float | None, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        f"{clips} rendered test-split clips x {frames} frames, each family through its own front-end; "
        "cost per frame on one thread of this machine (front-end: mean on rendered frames; step: p50 of the fp32 TFLite).",
        "",
        "| method | push-up F1 | rep MAE | rep OBO | fault macro-F1 | non-push-up clips with a rep "
        "| front-end ms | step ms | fp32 TFLite MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r.method} | {cell(r.pushup_f1)} | {r.rep_mae:.3f} | {r.rep_obo:.3f} | {cell(r.fault_macro_f1)} "
                     f"| {r.negative_clips_with_reps} | {cell(r.front_end_ms, 2)} | {cell(r.step_ms, 3)} "
                     f"| {cell(r.artifact_mb, 2)} |")
    return "\n".join(lines) + "\n"


def plot(rows: list[FamilyRow], target: Path) -> None:
    """Rep OBO against the cost of a frame (front-end + step), one point per method."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for r, marker in zip(rows, "osD^vPX*"):
        ax.scatter((r.front_end_ms or 0.0) + (r.step_ms or 0.0), r.rep_obo, s=60, marker=marker, label=r.method)
    ax.legend(loc="lower center", fontsize=9)  # a legend: the BlazePose methods sit too close for labels
    ax.set_xlabel("ms per frame, one thread (front-end + step)")
    ax.set_ylabel("rep OBO on rendered test clips")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.set_title("Accuracy against cost per frame")
    save_figure(fig, target)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Every model family and the elbow-angle recipe on the same test clips.")
    parser.add_argument("--clips", type=int, default=48)
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--runs", type=int, default=300, help="timed steps per model")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="FAMILY=CHECKPOINT",
                        help="a family's model other than its shipped one (repeatable)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    with one_line_errors():
        if any("=" not in item for item in args.checkpoint):
            raise BadInputError("--checkpoint takes FAMILY=CHECKPOINT")
        checkpoints = {name: name for name in FAMILIES}
        checkpoints.update(dict(item.split("=", 1) for item in args.checkpoint))
        rows = compare(checkpoints, args.clips, args.frames, args.runs)
    report = {"clips": args.clips, "frames": args.frames, "rows": [asdict(r) for r in rows]}
    write_text_atomic(args.out / "families.json", json.dumps(report, indent=2) + "\n")
    table = markdown(rows, args.clips, args.frames)
    write_text_atomic(args.out / "families.md", table)
    plot(rows, args.out / "families.png")
    print(table)


if __name__ == "__main__":
    main()
