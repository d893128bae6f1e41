"""Per-rep form advice against the truth: on the rendered grid, by camera view, and on real
videos with clip-level fault labels.

    python -m pushup_mobile.experiments.form_reps grid --clips runs/grid --out runs/form_grid [--pose-checkpoint A.pt]
    python -m pushup_mobile.experiments.form_reps videos DIR --out runs/form_real [--model pose]

``grid`` reads the clips :mod:`pushup_mobile.experiments.grid` rendered and kept (the
keypoints BlazePose found, each rep's span and true form, the measured fault labels and
which faults the camera could show) and replays every method through the app's rep
counter: the pose model with the form measured on its keypoints (what ``analyze`` does),
the same model's fault heads alone, and the pixel model (heads only). A predicted rep's
truth is the fault label at its bottom frame; a true rep is found when a predicted rep
bottoms inside it. It also reports how far each measured angle strays from the true one
(the fault rules' margins).

``videos`` runs ``analyze``'s session over a folder in the own-video format
(``labels.json`` with clip-level ``faults``): every rep of a clip carries the clip's
faults as its truth (clip-level labels say a fault is visible in the clip, not on which
rep, so per-rep figures there are an approximation), and the per-clip list says which
faults were advised on which reps.

Both write ``form_reps.json``, ``form_reps.md`` (the README tables) and ``form_reps.png``
(truth against advice, per fault).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import torch
from rich.progress import track

from pushup_mobile.contract import FAULTS, FRAME_RATE
from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.evaluate.metrics import replay_counter
from pushup_mobile.feedback.counter import RepEvent
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import save_figure, write_text_atomic
from pushup_mobile.form.faults import FAULT_RULES
from pushup_mobile.form.measure import FrameForm, RepForm, measure_keypoints
from pushup_mobile.model.net import clip_outputs
from pushup_mobile.families import FAMILIES, labelled_models
from pushup_mobile.pose.features import clip_features

SIDE_VIEWS = ("side", "side_floor", "oblique", "high")
"""Views from which the body line and the head show: the targets are set on these."""
CLEAN = "clean"


def _forms(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int) -> list[FrameForm]:
    return [measure_keypoints(points, seen, width, height) for points, seen in zip(keypoints, visibility)]


class Tally:
    """Rep-level counts per fault: predicted reps advised rightly or wrongly, true faulted
    reps found or missed, faults advised where the view could not show them, and clean
    reps given any advice."""

    def __init__(self) -> None:
        self.tp = dict.fromkeys(FAULTS, 0)
        self.fp = dict.fromkeys(FAULTS, 0)
        self.fn = dict.fromkeys(FAULTS, 0)
        self.fp_milder = dict.fromkeys(FAULTS, 0)
        self.unseen_advised = 0
        self.unseen = 0
        self.clean = 0
        self.clean_advised = 0
        self.clean_uncounted_lower = 0
        self.confusion: dict[str, dict[str, int]] = {}

    def predicted(self, said: list[str], truth: set[str], shown: set[str], counted: bool = True,
                  milder: frozenset[str] = frozenset()) -> None:
        """One predicted rep: what was advised, its true faults, the faults its view shows,
        whether the counter counted it, and the faults its body shows only as "could be
        better" (past ``better_at``, short of ``fault_at``: wrong advice there is a matter of
        degrees, not a fault made up)."""
        for fault in FAULTS:
            if fault not in shown:
                self.unseen += 1
                self.unseen_advised += fault in said
            elif fault in said:
                if fault in truth:
                    self.tp[fault] += 1
                else:
                    self.fp[fault] += 1
                    self.fp_milder[fault] += fault in milder
        seen_truth = sorted(truth & shown) or [CLEAN]
        if seen_truth == [CLEAN]:
            self.clean += 1
            self.clean_advised += bool(set(said) & shown)
            self.clean_uncounted_lower += not counted and "shallow_depth" in said
        for row in seen_truth:
            for column in [f for f in said if f in shown] or [CLEAN]:
                self.confusion.setdefault(row, {}).setdefault(column, 0)
                self.confusion[row][column] += 1

    def missed(self, fault: str) -> None:
        self.fn[fault] += 1

    def figures(self) -> dict[str, Any]:
        per_fault = {}
        for fault in FAULTS:
            tp, fp, fn = self.tp[fault], self.fp[fault], self.fn[fault]
            per_fault[fault] = {"precision": tp / (tp + fp) if tp + fp else None,
                                "recall": tp / (tp + fn) if tp + fn else None, "tp": tp, "fp": fp, "fn": fn,
                                "fp_could_be_better": self.fp_milder[fault]}
        return {"faults": per_fault,
                "clean_reps": self.clean,
                "clean_reps_without_advice": 1.0 - self.clean_advised / self.clean if self.clean else None,
                "clean_reps_advised": self.clean_advised,
                "clean_reps_not_counted_told_to_go_lower": self.clean_uncounted_lower,
                "unseen_faults_advised": self.unseen_advised / self.unseen if self.unseen else None,
                "confusion": self.confusion}

    def merge(self, other: "Tally") -> None:
        for fault in FAULTS:
            self.tp[fault] += other.tp[fault]
            self.fp[fault] += other.fp[fault]
            self.fn[fault] += other.fn[fault]
            self.fp_milder[fault] += other.fp_milder[fault]
        self.unseen_advised += other.unseen_advised
        self.unseen += other.unseen
        self.clean += other.clean
        self.clean_advised += other.clean_advised
        self.clean_uncounted_lower += other.clean_uncounted_lower
        for row, columns in other.confusion.items():
            for column, n in columns.items():
                self.confusion.setdefault(row, {}).setdefault(column, 0)
                self.confusion[row][column] += n


def _true_form_at(data: dict[str, np.ndarray], frame: int) -> np.ndarray | None:
    """The true form (:class:`RepForm`'s fields in order) of the true rep that holds
    ``frame``, or None between reps."""
    return next((form for (start, _, end), form in zip(data["reps"], data["true_forms"]) if start <= frame <= end), None)


def _milder(body: RepForm | None) -> frozenset[str]:
    """The faults a rep's true form shows only as "could be better" (past ``better_at``,
    short of ``fault_at``)."""
    if body is None:
        return frozenset()
    return frozenset(name for name, rule in FAULT_RULES.items() if (value := getattr(body, rule.measure)) is not None
                     and not np.isnan(value) and rule.past(value, rule.better_at) and not rule.past(value, rule.fault_at))


def score_clip(tally: Tally, events: list[RepEvent], data: dict[str, np.ndarray]) -> None:
    """Predicted reps against the clip's measured labels at their bottom frames, and every
    true rep's faults against the reps that bottomed inside it."""
    labels, shown, last = data["form_faults"] > 0.5, data["judgeable"] > 0.5, len(data["form_faults"]) - 1
    bottoms = [min(last, int(round(e.bottom_s * FRAME_RATE))) for e in events]
    for event, frame in zip(events, bottoms):
        truth = {f for k, f in enumerate(FAULTS) if labels[frame, k]}
        body = _true_form_at(data, frame)
        tally.predicted(event.faults, truth, {f for k, f in enumerate(FAULTS) if shown[frame, k]}, event.counted,
                        _milder(None if body is None else RepForm(*body)))
    for start, bottom, end in data["reps"]:
        inside = [e for e, frame in zip(events, bottoms) if start <= frame <= end]
        for k, fault in enumerate(FAULTS):
            if labels[bottom, k] and shown[bottom, k] and not any(fault in e.faults for e in inside):
                tally.missed(fault)


MEASURES = tuple(f.name for f in fields(RepForm))


def measure_pairs(events: list[RepEvent], data: dict[str, np.ndarray]) -> list[list[float]]:
    """(measured, true) per measure for each counted rep that bottoms inside a true rep, as
    ``[measured..., true...]`` (NaN where unknown): how angles read through the front-end
    compare with the body's."""
    out = []
    for event in events:
        if not event.counted or event.form is None:
            continue
        truth = _true_form_at(data, int(round(event.bottom_s * FRAME_RATE)))
        if truth is not None:
            out.append([np.nan if event.form[m] is None else event.form[m] for m in MEASURES] + list(truth))
    return out


def error_table(pairs: list[list[float]]) -> dict[str, dict[str, float | int]]:
    """Per measure: percentiles of |measured - true| and the slope of measured on true (1: the
    front-end reads an angle's size as it is; below 1: it shrinks it)."""
    table = np.array(pairs, dtype=float).reshape(-1, 2 * len(MEASURES))
    out: dict[str, dict[str, float | int]] = {}
    for k, name in enumerate(MEASURES[:-1]):  # the side angle has no truth of its own
        measured, true = table[:, k], table[:, len(MEASURES) + k]
        kept = ~np.isnan(measured) & ~np.isnan(true)
        errors = np.abs(measured[kept] - true[kept])
        out[name] = {"reps": int(kept.sum()), **({f"p{q}": float(np.percentile(errors, q)) for q in (50, 75, 90)}
                                                 if kept.any() else {})}
        if kept.sum() >= 5 and np.ptp(true[kept]) > 0:
            out[name]["slope"] = float(np.polyfit(true[kept], measured[kept], 1)[0])
    return out


def grid(clips_dir: Path, checkpoints: list[Path]) -> dict[str, Any]:
    """Every kept grid clip through each method; tallies per method and view, and the
    first pose model's measurement errors per rep on the side views."""
    paths = sorted((clips_dir / "clips").glob("*.npz"))
    if not paths:
        raise BadInputError(f"no rendered grid clips in {clips_dir / 'clips'}: run the grid's render first")
    nets = labelled_models(checkpoints)
    rules = FeedbackRules()
    tallies: dict[str, dict[str, Tally]] = {}
    errors: list[list[float]] = []
    for path in track(paths, description="grid clips", transient=True):
        with np.load(path) as raw:
            data = {key: raw[key] for key in raw.files}
        if "form_faults" not in data:
            raise BadInputError(f"{path.name} was kept by an older grid render (no per-rep labels): render again")
        view = json.loads(str(data["labels"]))["view"]
        width, height = int(data["width"]), int(data["height"])
        keypoints, visibility = data["keypoints_full"], data["visibility_full"]
        features, forms = clip_features(keypoints, visibility, width, height), _forms(keypoints, visibility, width, height)
        runs = {}
        for name, net in nets.items():
            outputs = clip_outputs(net, features)
            runs[f"{name}, measured form"] = replay_counter(outputs, FRAME_RATE, rules, forms)[1]
            runs[f"{name}, fault heads alone"] = replay_counter(outputs, FRAME_RATE, rules)[1]
        pixel = {"pushup": data["pixel_pushup"], "depth": data["pixel_depth"], "faults": data["pixel_faults"]}
        runs["pixel model (fault heads)"] = replay_counter(pixel, FRAME_RATE, rules)[1]
        for method, events in runs.items():
            score_clip(tallies.setdefault(method, {}).setdefault(view, Tally()), events, data)
        if view in SIDE_VIEWS:
            errors += measure_pairs(next(iter(runs.values())), data)
    result: dict[str, Any] = {"clips": len(paths), "measure_errors_side_views": error_table(errors), "methods": {}}
    for method, by_view in tallies.items():
        side, every = Tally(), Tally()
        for view, tally in by_view.items():
            every.merge(tally)
            if view in SIDE_VIEWS:
                side.merge(tally)
        result["methods"][method] = {"side_views": side.figures(), "all_views": every.figures(),
                                     "by_view": {view: t.figures() for view, t in sorted(by_view.items())}}
    return result


def videos(folder: Path, model_name: str | None) -> dict[str, Any]:
    """``analyze``'s session over every labelled push-up video of ``folder``: per-clip reps
    and advice, and rep-level tallies with each clip's faults as every rep's truth."""
    from pushup_mobile.runtime.analyze import analyze_video
    from pushup_mobile.runtime.models import open_model

    listing = folder / "labels.json"
    try:
        entries = json.loads(listing.read_text())["videos"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInputError(f"{listing}: not an own-video labels file ({exc})") from exc
    model = open_model(Path(model_name) if model_name else None)
    tally, clips = Tally(), []
    for entry in track(entries, description="videos", transient=True):
        if entry.get("activity", "pushup") != "pushup":
            continue
        video = (listing.parent / entry["file"]).resolve()
        report = analyze_video(video, model).report
        truth, events = set(entry.get("faults") or []), report["rep_events"]
        for event in events:
            tally.predicted(event["faults"], truth, set(FAULTS), event["counted"])
        counted = [e for e in events if e["counted"]]
        for fault in truth:
            tally.fn[fault] += max(0, int(entry.get("reps", 0)) - sum(fault in e["faults"] for e in counted))
        clips.append({"file": Path(entry["file"]).name, "faults": sorted(truth), "reps": entry.get("reps"),
                      "counted": len(counted),
                      "rep_advice": [{"rep": e["index"] or "not counted", "faults": e["faults"], "details": e["details"],
                                      "could_improve": e["could_improve"], "not_judged": e["not_judged"], "form": e["form"]}
                                     for e in events]})
    return {"folder": str(folder), "model": model.describe(), "reps": tally.figures(), "clips": clips}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f} %"


def markdown(result: dict[str, Any]) -> str:
    def rows(name: str, figures: dict[str, Any]) -> list[str]:
        cells = [f"{_pct(f['precision'])} / {_pct(f['recall'])} ({f['tp'] + f['fn']})" for f in figures["faults"].values()]
        return [f"| {name} | " + " | ".join(cells) + f" | {_pct(figures['clean_reps_without_advice'])} |"]

    head = ["| | " + " | ".join(FAULTS) + " | clean reps without advice |", "|---|" + "---|" * (len(FAULTS) + 1)]
    lines = ["Per fault: precision / recall over reps (true faulted reps in brackets)."]
    if "methods" in result:
        errors = result["measure_errors_side_views"]
        lines += ["", f"How far an angle read through BlazePose full strays from the body's true angle, per rep "
                      f"(side, oblique, high views; {next(iter(result['methods']))}'s reps; slope: measured on true):", "",
                  "| measure | reps | median | 75th percentile | 90th percentile | slope |", "|---|---|---|---|---|---|"]
        lines += [f"| {name} | {e['reps']} | " + " | ".join(f"{e[q]:.2f}" if q == "slope" and q in e else f"{e[q]:.1f}" if q in e
                                                              else "-" for q in ("p50", "p75", "p90", "slope")) + " |"
                  for name, e in errors.items()]
        for method, figures in result["methods"].items():
            lines += ["", f"**{method}** ({result['clips']} rendered test-split clips)", "", *head,
                      *rows("side, oblique, high views", figures["side_views"]),
                      *rows("all views", figures["all_views"]),
                      *[r for view, f in figures["by_view"].items() for r in rows(view, f)],
                      "", f"Faults advised where the view could not show them: {_pct(figures['all_views']['unseen_faults_advised'])}. "
                      f"Side, oblique and high views: {figures['side_views']['clean_reps_advised']} of "
                      f"{figures['side_views']['clean_reps']} clean reps advised, "
                      f"{figures['side_views']['clean_reps_not_counted_told_to_go_lower']} of them reps the counter did not count "
                      "told to go lower. Wrong advice on reps whose body shows the fault as \"could be better\" "
                      "(side, oblique, high views): " + ", ".join(
                          f"{fault} {f['fp_could_be_better']} of {f['fp']}" for fault, f in figures["side_views"]["faults"].items()) + "."]
    else:
        lines += ["", *head, *rows(Path(result["folder"]).name, result["reps"]), "",
                  "| clip | labelled | reps (counted) | advice per rep |", "|---|---|---|---|"]
        for clip in result["clips"]:
            said = "; ".join(f"{a['rep']}: {', '.join(a['faults']) or '-'}"
                             + (f" (could be better: {', '.join(a['could_improve'])})" if a["could_improve"] else "")
                             for a in clip["rep_advice"]) or "no rep"
            lines.append(f"| {clip['file']} | {', '.join(clip['faults']) or '-'} | {clip['reps']} ({clip['counted']}) | {said} |")
    return "\n".join(lines) + "\n"


def plot(confusion: dict[str, dict[str, int]], title: str, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [*FAULTS, CLEAN]
    grid_counts = np.array([[confusion.get(r, {}).get(c, 0) for c in names] for r in names], dtype=float)
    fig, ax = plt.subplots(figsize=(6.5, 5.2))
    share = grid_counts / np.maximum(grid_counts.sum(axis=1, keepdims=True), 1)
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (r, c), n in np.ndenumerate(grid_counts):
        ax.text(c, r, f"{int(n)}", ha="center", va="center", color="black" if share[r, c] < 0.6 else "white", fontsize=9)
    ax.set_xticks(range(len(names)), names, rotation=35, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("advised")
    ax.set_ylabel("true (per rep)")
    ax.set_title(title, fontsize=10)
    save_figure(fig, target, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Per-rep form advice against the truth.")
    sub = parser.add_subparsers(dest="command", required=True)
    on_grid = sub.add_parser("grid", help="the rendered grid's kept clips")
    on_grid.add_argument("--clips", type=Path, required=True, help="the grid render's --out folder")
    on_grid.add_argument("--pose-checkpoint", type=Path, action="append", default=None)
    on_videos = sub.add_parser("videos", help="a folder of labelled videos (own-video format)")
    on_videos.add_argument("folder", type=Path)
    on_videos.add_argument("--model", default="pose", help="what analyze --model takes (default: the pose family)")
    for p in (on_grid, on_videos):
        p.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    with one_line_errors():
        args.out.mkdir(parents=True, exist_ok=True)
        if args.command == "grid":
            result = grid(args.clips, args.pose_checkpoint or [FAMILIES["pose"].shipped_checkpoint])
            first = next(iter(result["methods"]))
            confusion, title = result["methods"][first]["side_views"]["confusion"], f"{first}: side, oblique, high views"
        else:
            result = videos(args.folder, args.model)
            confusion, title = result["reps"]["confusion"], f"{Path(args.folder).name}: every rep, clip-level truth"
        write_text_atomic(args.out / "form_reps.json", json.dumps(result, indent=1) + "\n")
        write_text_atomic(args.out / "form_reps.md", markdown(result))
        plot(confusion, title, args.out / "form_reps.png")
        print(markdown(result))


if __name__ == "__main__":
    main()
