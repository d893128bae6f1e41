"""``pushup-mobile eval``: a checkpoint on labelled clips, measured the way users feel it.

Frame level: push-up F1 and AUROC, depth MAE on push-up frames. Rep level: count MAE and
off-by-one accuracy through the app's own counter, and false reps per minute on clips with
no push-ups. Form: per-fault precision, recall and F1 on push-up frames. Activities: how
often each one is taken for a push-up. Written as JSON, a markdown table and plots.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from torch import nn

from pushup_mobile.contract import FAULTS
from pushup_mobile.evaluate.metrics import count_reps, f1, fault_macro_f1, sigmoid
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import save_figure, write_text_atomic
from pushup_mobile.model.net import clip_outputs
from pushup_mobile.synth.motion import ACTIVITIES


@dataclass
class ClipResult:
    pushup_true: np.ndarray
    pushup_prob: np.ndarray
    depth_true: np.ndarray
    depth_pred: np.ndarray
    faults_true: np.ndarray
    faults_prob: np.ndarray
    activity: np.ndarray
    reps_true: int
    reps_pred: int
    seconds: float
    variant: str = ""  # the clip's push-up variant and camera view, where known (synthetic clips)
    view: str = ""


def run_clips(net: nn.Module, samples: list[dict[str, Any]], fps: float, rules: FeedbackRules) -> list[ClipResult]:
    net.eval()
    results = []
    for sample in samples:
        logits = clip_outputs(net, sample["frames"])
        results.append(ClipResult(
            pushup_true=np.asarray(sample["pushup"]) > 0.5,
            pushup_prob=sigmoid(logits["pushup"][:, 0]),
            depth_true=np.asarray(sample["depth"], dtype=np.float64),
            depth_pred=logits["depth"][:, 0],
            faults_true=np.asarray(sample["faults"]) > 0.5,
            faults_prob=sigmoid(logits["faults"]),
            activity=np.asarray(sample["activity"]),
            reps_true=int(sample["rep_count"]),
            reps_pred=count_reps(logits, fps, rules),
            seconds=len(sample["pushup"]) / fps,
            variant=str(sample.get("variant", "")),
            view=str(sample.get("view", "")),
        ))
    return results


def auroc(truth: np.ndarray, score: np.ndarray) -> float | None:
    """Probability that a random positive outranks a random negative (ties count half)."""
    pos, neg = score[truth], score[~truth]
    if len(pos) == 0 or len(neg) == 0:
        return None
    values = np.concatenate([pos, neg])
    order = np.argsort(values, kind="stable")
    _, first, counts = np.unique(values[order], return_index=True, return_counts=True)
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(first + (counts + 1) / 2, counts)  # tied scores share their mean rank
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def summarize(results: list[ClipResult]) -> dict[str, Any]:
    cat = lambda name: np.concatenate([getattr(r, name) for r in results])  # noqa: E731
    truth, prob = cat("pushup_true"), cat("pushup_prob")
    depth_true, depth_pred = cat("depth_true"), cat("depth_pred")
    known = truth & ~np.isnan(depth_true)
    faults_true, faults_prob = cat("faults_true")[truth], cat("faults_prob")[truth] >= 0.5
    per_fault = {}
    for k, name in enumerate(FAULTS):
        t, p = faults_true[:, k], faults_prob[:, k]
        tp = float(np.sum(t & p))
        per_fault[name] = {
            "precision": tp / max(float(p.sum()), 1.0), "recall": tp / max(float(t.sum()), 1.0),
            "f1": f1(t, p), "support": int(t.sum()),
        }
    errors = np.array([abs(r.reps_pred - r.reps_true) for r in results])
    negatives = [r for r in results if not r.pushup_true.any()]
    activity = cat("activity")
    confusion = {
        ACTIVITIES[a]: float(np.mean(prob[activity == a] >= 0.5)) for a in np.unique(activity)
    }
    return {
        "clips": len(results),
        "frames": int(len(truth)),
        "pushup_f1": f1(truth, prob >= 0.5),
        "pushup_auroc": auroc(truth, prob),
        "depth_mae": float(np.abs(depth_pred[known] - depth_true[known]).mean()) if known.any() else None,
        "rep_mae": float(errors.mean()),
        "rep_obo": float(np.mean(errors <= 1)),
        "fault_macro_f1": fault_macro_f1(faults_true, faults_prob),
        "faults": per_fault,
        "false_reps_per_minute": (
            60 * sum(r.reps_pred for r in negatives) / sum(r.seconds for r in negatives) if negatives else None
        ),
        "non_pushup_clips_without_reps": float(np.mean([r.reps_pred == 0 for r in negatives])) if negatives else None,
        "pushup_rate_by_activity": confusion,
        "rep_obo_by_variant": _obo_by(results, "variant"),
        "rep_obo_by_view": _obo_by(results, "view"),
    }


def _obo_by(results: list[ClipResult], key: str) -> dict[str, dict[str, float | int]]:
    """Rep OBO and clip count per value of ``key`` over clips with push-ups (empty when the
    clips do not say)."""
    groups: dict[str, list[ClipResult]] = {}
    for r in results:
        if getattr(r, key) and r.pushup_true.any():
            groups.setdefault(getattr(r, key), []).append(r)
    return {name: {"clips": len(rs), "rep_obo": float(np.mean([abs(r.reps_pred - r.reps_true) <= 1 for r in rs]))}
            for name, rs in sorted(groups.items())}


def markdown(summary: dict[str, Any]) -> str:
    def fmt(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| metric | value |", "|---|---|"]
    for key in ("clips", "frames", "pushup_f1", "pushup_auroc", "depth_mae", "rep_mae", "rep_obo",
                "fault_macro_f1", "false_reps_per_minute", "non_pushup_clips_without_reps"):
        lines.append(f"| {key} | {fmt(summary[key])} |")
    lines += ["", "fault_macro_f1 averages the faults with support (frames showing them) only; rep_mae is "
              "absolute (reps per clip).", "", "| fault | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, v in summary["faults"].items():
        lines.append(f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
    lines += ["", "| activity | frames called push-up |", "|---|---|"]
    lines += [f"| {a} | {rate:.1%} |" for a, rate in summary["pushup_rate_by_activity"].items()]
    for key in ("variant", "view"):
        if summary.get(f"rep_obo_by_{key}"):
            lines += ["", f"| {key} | push-up clips | rep OBO |", "|---|---|---|"]
            lines += [f"| {k} | {v['clips']} | {v['rep_obo']:.3f} |" for k, v in summary[f"rep_obo_by_{key}"].items()]
    return "\n".join(lines) + "\n"


def plots(results: list[ClipResult], summary: dict[str, Any], out: Path, history: Path | None) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    fig, ax = plt.subplots(figsize=(6, 3.5))
    names = list(summary["faults"])
    x = np.arange(len(names))
    for offset, key in ((-0.25, "precision"), (0.0, "recall"), (0.25, "f1")):
        ax.bar(x + offset, [summary["faults"][n][key] for n in names], width=0.25, label=key)
    ax.set_xticks(x, names, rotation=20, fontsize=7)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=7)
    ax.set_title("per-fault precision / recall / F1 (push-up frames)")
    written.append(_save(fig, out / "faults.png"))
    traces = [r for r in results if r.pushup_true.any()][:4]
    if traces:
        fig, axes = plt.subplots(len(traces), 1, figsize=(7, 1.8 * len(traces)), squeeze=False)
        for ax, r in zip(axes[:, 0], traces):
            ax.plot(np.nan_to_num(r.depth_true), label="depth (truth)")
            ax.plot(r.depth_pred, label="depth (model)")
            ax.plot(r.pushup_prob, ":", label="push-up prob")
            ax.set_ylim(-0.05, 1.05)
        axes[0, 0].legend(fontsize=6, loc="upper right")
        written.append(_save(fig, out / "depth_traces.png"))
    if history is not None and history.is_file():
        data = json.loads(history.read_text())
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot([h["epoch"] for h in data], [h["train_loss"] for h in data], "o-", label="train loss")
        ax2 = ax.twinx()
        ax2.plot([h["epoch"] for h in data], [h["score"] for h in data], "s-", color="tab:green", label="val score")
        ax.set_xlabel("epoch")
        ax.set_title("training curves")
        written.append(_save(fig, out / "training_curves.png"))
    return written


def _save(fig: Any, target: Path) -> Path:
    import matplotlib.pyplot as plt

    save_figure(fig, target, dpi=100)
    return target


def write_report(summary: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "metrics.json", json.dumps(summary, indent=2) + "\n")
    write_text_atomic(out / "metrics.md", markdown(summary))
    return [out / "metrics.json", out / "metrics.md"]
