"""The evaluation grid: every camera view x every push-up variant (and the negatives), on
rendered test-split clips, for both model families and the elbow-angle recipe.

    python -m pushup_mobile.experiments.grid render --per-cell 2 --frames 120 --out runs/grid [--landmark full --landmark lite] [--view side ...]
    python -m pushup_mobile.experiments.grid score --out runs/grid [--pose-checkpoint A.pt --pose-checkpoint B.pt]

``render`` draws each cell's clips (bodies, places and camera distances no model trained
on; framing, hand-holding and edits drawn as usual), renders them at 384 px, runs
BlazePose over every frame as the app does and the shipped pixel model over the
frames as its frame stage prepares them, and keeps per clip the keypoints, the pixel model's outputs and the
labels, with each rep's span, the measured fault labels and which faults the camera can
show per frame, and each rep's true form, for the per-rep form evaluation (:mod:`pushup_mobile.experiments.form_reps`)
(one ``.npz`` per clip: an interrupted run resumes). ``score`` runs each pose
checkpoint's temporal model and the recipe on the kept keypoints and writes
``grid.json``, ``grid.md`` (the README tables) and ``grid.png`` (heat maps of rep OBO per
cell, front-end BlazePose full). Per cell: push-up frame F1, rep MAE and OBO over push-up clips, BlazePose's miss
rate (frames with nobody found), reps on negative clips, and fault macro-F1 over the
faults the view can show (:data:`VISIBLE_FAULTS`).
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

from pushup_mobile.contract import FAULTS, FRAME_RATE
from pushup_mobile.errors import one_line_errors
from pushup_mobile.evaluate.metrics import count_reps, f1, sigmoid
from pushup_mobile.experiments.front_end import keypoints
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import atomic_path, save_figure, write_text_atomic
from pushup_mobile.families import FAMILIES, labelled_models, load_model
from pushup_mobile.model.net import clip_outputs
from pushup_mobile.pose.baseline import elbow_baseline
from pushup_mobile.pose.features import clip_features
from pushup_mobile.pose.blazepose import BlazePose
from pushup_mobile.runtime.models import stage_inputs
from pushup_mobile.synth.camera import VIEWS
from pushup_mobile.synth.clip import judgeable, sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.motion import NO_VARIANT
from pushup_mobile.synth.pushups import VARIANTS, rep_forms
from pushup_mobile.synth.splits import clip_seed, get_split

COLUMNS: tuple[str, ...] = tuple(v for v in VARIANTS if VARIANTS[v].weight > 0) + (NO_VARIANT,)
"""Grid columns: the push-up variants, then ``none`` (clips without push-ups)."""
HIP_LINE = ("side", "side_floor", "oblique", "high")
VISIBLE_FAULTS: dict[str, tuple[str, ...]] = {
    view: tuple(f for f in FAULTS if view in HIP_LINE or f in ("shallow_depth", "incomplete_lockout"))
    for view in VIEWS
}
"""Faults each view can show: the hip line and the head only where the body is seen from
the side or at an angle; depth and lockout from every view."""
SIZE = 384


@dataclass(frozen=True)
class Cell:
    view: str
    column: str


def cells() -> list[Cell]:
    return [Cell(view, column) for view in VIEWS for column in COLUMNS]


def _clip_path(out: Path, cell: Cell, k: int) -> Path:
    return out / "clips" / f"{cell.view}__{cell.column}__{k}.npz"


def _rendered(cell: Cell, number: int, frames: int) -> tuple[Any, np.ndarray]:
    split = get_split("test")
    clip = sample_clip(clip_seed(split, 0, number), split, frames, FRAME_RATE, SIZE, variant=cell.column, view=cell.view)
    return clip, render_clip(clip)[0]


def render_cell_clip(out: Path, number: int, cell: Cell, k: int, frames: int, poses: dict[str, BlazePose],
                     pixel: Any) -> None:
    """Render one clip of ``cell``, run each BlazePose front-end and the pixel model on it,
    keep the results; a clip already kept only gains the front-ends it lacks."""
    path = _clip_path(out, cell, k)
    kept: dict[str, Any] = {}
    if path.is_file():
        with np.load(path) as raw:
            kept = {key: raw[key] for key in raw.files}
    missing = [name for name in poses if f"keypoints_{name}" not in kept]
    if not missing:
        return
    clip, rgb = _rendered(cell, number, frames)
    for name in missing:
        kept[f"keypoints_{name}"], kept[f"visibility_{name}"], _ = keypoints(poses[name], list(rgb))
    if "pixel_pushup" not in kept:
        outputs = clip_outputs(pixel, stage_inputs(pixel, rgb))  # framed as the app frames it
        m = clip.motion
        kept |= dict(width=clip.camera.width, height=clip.camera.height, pushup=m.pushup, faults=clip.fault_labels,
                     rep_count=clip.rep_count, reps=np.array(m.reps, dtype=np.int32).reshape(-1, 3), depth=m.depth,
                     form_faults=m.faults, judgeable=judgeable(clip.camera),
                     true_forms=np.array([[np.nan if v is None else v for v in asdict(f).values()]
                                          for f in rep_forms(m.joints, m.depth, m.reps)]).reshape(-1, 5),
                     pixel_pushup=outputs["pushup"], pixel_depth=outputs["depth"],
                     pixel_faults=outputs["faults"], labels=json.dumps({**clip.labels(), "seed": clip.seed}))
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **kept)


def render(out: Path, per_cell: int, frames: int, landmarks: list[str], views: list[str] | None = None) -> None:
    """Render every cell (or the cells of ``views``: clips keep the numbers, hence the
    seeds, they have in the whole grid, so parallel runs over different views never repeat
    a clip)."""
    torch.set_num_threads(1)
    (out / "clips").mkdir(parents=True, exist_ok=True)
    poses = {name: BlazePose(num_threads=1, landmark=name) for name in landmarks}
    pixel = load_model("pixel").net.eval()
    todo = [(n, cell, k) for n, (cell, k) in enumerate((c, k) for c in cells() for k in range(per_cell))
            if views is None or cell.view in views]
    for done, (number, cell, k) in enumerate(todo):
        render_cell_clip(out, number, cell, k, frames, poses, pixel)
        print(f"\rclip {done + 1}/{len(todo)} ({cell.view}, {cell.column})        ", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def _method_outputs(data: dict[str, np.ndarray], nets: dict[str, Any],
                    landmarks: list[str]) -> dict[str, tuple[int, dict | None]]:
    """Per method (each pose model and the recipe on each front-end's keypoints, the pixel
    model): the rep count and the per-frame outputs (None for the recipe)."""
    width, height = int(data["width"]), int(data["height"])
    results = {}
    for landmark in landmarks:
        keypoints, visibility = data[f"keypoints_{landmark}"], data[f"visibility_{landmark}"]
        features = clip_features(keypoints, visibility, width, height)
        for name, net in nets.items():
            outputs = clip_outputs(net, features)
            results[f"{name}, BlazePose {landmark}"] = (count_reps(outputs, FRAME_RATE, FeedbackRules()), outputs)
        results[f"elbow recipe, BlazePose {landmark}"] = (elbow_baseline(keypoints, visibility, width, height).count, None)
    pixel = {"pushup": data["pixel_pushup"], "depth": data["pixel_depth"], "faults": data["pixel_faults"]}
    results["pixel model"] = (count_reps(pixel, FRAME_RATE, FeedbackRules()), pixel)
    return results


def _front_end(method: str) -> str:
    """The visibility array a method's keypoints came with (the pixel model: BlazePose full's,
    for the miss rate column)."""
    return f"visibility_{method.rsplit('BlazePose ', 1)[1]}" if "BlazePose " in method else "visibility_full"


def cell_figures(clips: list[dict[str, Any]], method: str, view: str) -> dict[str, float | int | None]:
    """One method's figures over one cell's clips."""
    pushup_clips = [c for c in clips if c["rep_count"] > 0 or c["pushup"].any()]
    negatives = [c for c in clips if not c["pushup"].any()]
    errors = np.array([abs(c["methods"][method][0] - c["rep_count"]) for c in pushup_clips])
    figures: dict[str, float | int | None] = {
        "clips": len(clips),
        "rep_mae": float(errors.mean()) if len(errors) else None,
        "rep_obo": float(np.mean(errors <= 1)) if len(errors) else None,
        "negatives_with_reps": float(np.mean([c["methods"][method][0] > 0 for c in negatives])) if negatives else None,
        "miss_rate": float(np.mean(np.concatenate([c[_front_end(method)].max(axis=1) < 0.5 for c in clips]))),
        "pushup_f1": None, "fault_f1": None,
    }
    outputs = [c["methods"][method][1] for c in clips]
    if outputs[0] is not None:
        truth = np.concatenate([c["pushup"] for c in clips]) > 0.5
        said = np.concatenate([sigmoid(o["pushup"].reshape(-1)) for o in outputs]) >= 0.5
        figures["pushup_f1"] = f1(truth, said)
        shown = [FAULTS.index(f) for f in VISIBLE_FAULTS[view]]
        fault_truth = np.concatenate([c["faults"] for c in clips])[truth][:, shown] > 0.5
        fault_said = np.concatenate([sigmoid(o["faults"].reshape(len(c["pushup"]), -1)) for c, o in zip(clips, outputs)])
        fault_said = fault_said[truth][:, shown] >= 0.5
        figures["fault_f1"] = float(np.mean([f1(fault_truth[:, k], fault_said[:, k]) for k in range(len(shown))]))
    return figures


def score(out: Path, checkpoints: list[Path], landmarks: list[str]) -> dict[str, Any]:
    nets = labelled_models(checkpoints)
    by_cell: dict[tuple[str, str], list[dict[str, Any]]] = {}
    kept = []
    for path in sorted((out / "clips").glob("*.npz")):
        with np.load(path) as raw:
            kept.append({key: raw[key] for key in raw.files})
    landmarks = [name for name in landmarks if all(f"keypoints_{name}" in data for data in kept)]
    for data in kept:
        labels = json.loads(str(data["labels"]))
        data["methods"] = _method_outputs(data, nets, landmarks)
        data["labels"] = labels
        by_cell.setdefault((labels["view"], labels["variant"] if labels["program"] != "negative" else NO_VARIANT), []).append(data)
    methods = list(dict.fromkeys(m for clips in by_cell.values() for c in clips for m in c["methods"]))
    table = {method: {f"{v}|{c}": cell_figures(clips, method, v) for (v, c), clips in by_cell.items()} for method in methods}
    framing: dict[str, dict[str, Any]] = {}
    for method in methods:
        groups: dict[str, list[dict[str, Any]]] = {}
        for (view, column), clips in by_cell.items():
            for c in clips:
                if column != NO_VARIANT:
                    groups.setdefault(f"{view}|{c['labels']['framing']}", []).append(c)
        framing[method] = {key: cell_figures(clips, method, key.split("|")[0]) for key, clips in groups.items()}
    everything = [c for clips in by_cell.values() for c in clips]
    held = [c for c in everything if _held(c)]
    summary = {method: {"all": cell_figures(everything, method, "side"), "held": cell_figures(held, method, "side"),
                        "side_faults": cell_figures([c for c in everything if c["labels"]["view"] in HIP_LINE], method, "side"),
                        "by_view": {v: cell_figures([c for c in held if c["labels"]["view"] == v], method, v)
                                    for v in VIEWS if any(c["labels"]["view"] == v for c in held)},
                        "by_variant": {col: cell_figures([c for c in held if _column(c) == col], method, "side")
                                       for col in COLUMNS if any(_column(c) == col for c in held)}}
               for method in methods}
    return {"methods": methods, "summary": summary, "cells": table, "view_by_framing": framing,
            "clips": len(everything), "held_clips": len(held), "visible_faults": VISIBLE_FAULTS}


HELD = 0.8
"""A clip counts as one where BlazePose held the person when it found them on this share of
frames (the grid's targets are set on those)."""


def _held(clip: dict[str, Any]) -> bool:
    return float(np.mean(clip["visibility_full"].max(axis=1) >= 0.5)) >= HELD


def _column(clip: dict[str, Any]) -> str:
    return NO_VARIANT if clip["labels"]["program"] == "negative" else clip["labels"]["variant"]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def markdown(result: dict[str, Any]) -> str:
    """A summary per method, its OBO per view and per variant on clips where BlazePose held
    the person, then per method a view x column table of OBO (push-up columns) and reps on
    negatives, over all clips."""
    held = f"held: the {result['held_clips']} clips where BlazePose (full) found the person on >= {HELD:.0%} of frames"
    lines = [f"{result['clips']} rendered test-split clips ({held}).", "",
             "| method | rep MAE | rep OBO | rep OBO, held | push-up F1 | negatives with a rep | fault macro-F1, side views |",
             "|---|---|---|---|---|---|---|"]
    for method, summary in result["summary"].items():
        a, h, f = summary["all"], summary["held"], summary["side_faults"]
        lines.append(f"| {method} | {_fmt(a['rep_mae'])} | {_fmt(a['rep_obo'])} | {_fmt(h['rep_obo'])} | "
                     f"{_fmt(a['pushup_f1'])} | {_fmt(a['negatives_with_reps'])} | {_fmt(f['fault_f1'])} |")
    for key, names in (("by_view", list(VIEWS)), ("by_variant", list(COLUMNS))):
        title = "by view (clips per view in brackets)" if key == "by_view" else \
            "by variant (last column: clips without push-ups, the share with a rep)"
        lines += ["", f"Rep OBO on held clips, {title}:", "",
                  "| method | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for method, summary in result["summary"].items():
            row = []
            for name in names:
                figures = summary[key].get(name)
                value = None if figures is None else figures["negatives_with_reps" if name == NO_VARIANT else "rep_obo"]
                row.append(f"{_fmt(value)} ({figures['clips']})" if figures else "")
            lines.append(f"| {method} | " + " | ".join(row) + " |")
    lines += ["", "Per cell, all clips: rep OBO over push-up clips (negatives column: share of clips with a rep); "
              "BlazePose miss rate per view in the last column.", ""]
    for method in result["methods"]:
        cells_ = result["cells"][method]
        lines += [f"**{method}**", "", "| view | " + " | ".join(COLUMNS) + " | miss |", "|---" * (len(COLUMNS) + 2) + "|"]
        for view in VIEWS:
            row = []
            for column in COLUMNS:
                figures = cells_.get(f"{view}|{column}")
                key = "negatives_with_reps" if column == NO_VARIANT else "rep_obo"
                row.append(_fmt(figures[key]) if figures else "")
            misses = [cells_[f"{view}|{c}"]["miss_rate"] for c in COLUMNS if f"{view}|{c}" in cells_]
            lines.append(f"| {view} | " + " | ".join(row) + f" | {_fmt(float(np.mean(misses)) if misses else None)} |")
        lines.append("")
    return "\n".join(lines)


def plot(result: dict[str, Any], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    methods = [m for m in result["methods"] if "BlazePose lite" not in m]  # the front-end shipped, and the pixel model
    fig, axes = plt.subplots(1, len(methods), figsize=(4.2 * len(methods), 4.6), squeeze=False)
    for ax, method in zip(axes[0], methods):
        grid = np.full((len(VIEWS), len(COLUMNS)), np.nan)
        for i, view in enumerate(VIEWS):
            for j, column in enumerate(COLUMNS):
                figures = result["cells"][method].get(f"{view}|{column}")
                if figures:
                    value = figures["negatives_with_reps"] if column == NO_VARIANT else figures["rep_obo"]
                    grid[i, j] = np.nan if value is None else (1.0 - value if column == NO_VARIANT else value)
        ax.imshow(grid, vmin=0, vmax=1, cmap="RdYlGn")
        ax.set_xticks(range(len(COLUMNS)), COLUMNS, rotation=70, fontsize=7)
        ax.set_yticks(range(len(VIEWS)), list(VIEWS), fontsize=7)
        ax.set_title(method, fontsize=8)
    fig.suptitle("rep OBO per view x variant (last column: share of negative clips with no rep); green is good", fontsize=9)
    save_figure(fig, target, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The view x variant evaluation grid.")
    parser.add_argument("stage", choices=["render", "score"])
    parser.add_argument("--per-cell", type=int, default=2)
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--pose-checkpoint", type=Path, action="append", default=None)
    parser.add_argument("--landmark", action="append", choices=["full", "lite"], default=None,
                        help="BlazePose landmark model(s) to run (default: full)")
    parser.add_argument("--view", action="append", choices=list(VIEWS), default=None,
                        help="render only these views' cells (default: all)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with one_line_errors():
        if args.stage == "render":
            render(args.out, args.per_cell, args.frames, args.landmark or ["full"], args.view)
            return
        result = score(args.out, args.pose_checkpoint or [FAMILIES["pose"].shipped_checkpoint], ["full", "lite"])
    write_text_atomic(args.out / "grid.json", json.dumps(result, indent=1, default=float) + "\n")
    table = markdown(result)
    write_text_atomic(args.out / "grid.md", table)
    plot(result, args.out / "grid.png")
    print(table)


if __name__ == "__main__":
    main()
