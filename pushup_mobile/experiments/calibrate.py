"""Pick the rep counter's depth thresholds on validation clips, never on test clips.

The counter's defaults in :class:`~pushup_mobile.feedback.rules.FeedbackRules` are a
choice about a trained model's depth output: how far down it must say the body went for
a rep to count, and how far back up. This sweeps those two thresholds over the model's
outputs on rendered validation clips (long ones, so that clips hold several reps) and
reports rep MAE, off-by-one accuracy and reps counted on clips with no push-ups.

    python -m pushup_mobile.experiments.calibrate --checkpoint runs/default/best.pt
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.errors import one_line_errors
from pushup_mobile.evaluate.report import ClipResult
from pushup_mobile.feedback.counter import RepCounter
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import write_text_atomic

BOTTOMS = (0.45, 0.5, 0.55, 0.6, 0.65)
TOPS = (0.2, 0.25, 0.3, 0.35, 0.4)
MIN_GAP = 0.15
"""The hysteresis band (bottom - top) never narrows below this: noisy depth must not count."""


@dataclass(frozen=True)
class Candidate:
    depth_bottom: float
    depth_top: float
    rep_mae: float
    rep_obo: float
    negatives_without_reps: float


def recount(result: ClipResult, rules: FeedbackRules, fps: float) -> int:
    """The reps the app's counter finds in one clip's (already computed) outputs."""
    counter = RepCounter(rules)
    for t in range(len(result.pushup_prob)):
        counter.update(t / fps, float(result.pushup_prob[t]), float(result.depth_pred[t]),
                       [float(v) for v in result.faults_prob[t]])
    return counter.count


def sweep(results: list[ClipResult], fps: float, base: FeedbackRules | None = None) -> list[Candidate]:
    """Every (bottom, top) pair with a wide enough band, best first: fewest counting
    errors, then most clips within one rep, then fewest reps on non-push-up clips."""
    base = base or FeedbackRules()
    negatives = [not r.pushup_true.any() for r in results]
    rows = []
    for bottom in BOTTOMS:
        for top in TOPS:
            if bottom - top < MIN_GAP - 1e-9:
                continue
            rules = replace(base, depth_bottom=bottom, depth_top=top)
            errors = np.array([abs(recount(r, rules, fps) - r.reps_true) for r in results])
            clean = [e == 0 for e, negative in zip(errors, negatives) if negative]
            rows.append(Candidate(bottom, top, float(errors.mean()), float(np.mean(errors <= 1)),
                                  float(np.mean(clean)) if clean else 1.0))
    return sorted(rows, key=lambda c: (c.rep_mae, -c.rep_obo, -c.negatives_without_reps))


def markdown(rows: list[Candidate], current: FeedbackRules) -> str:
    lines = ["| depth_bottom | depth_top | rep MAE | rep OBO | non-push-up clips without reps |", "|---|---|---|---|---|"]
    for c in rows:
        mark = " (current)" if (c.depth_bottom, c.depth_top) == (current.depth_bottom, current.depth_top) else ""
        lines.append(f"| {c.depth_bottom:.2f}{mark} | {c.depth_top:.2f} | {c.rep_mae:.3f} | {c.rep_obo:.3f} "
                     f"| {c.negatives_without_reps:.1%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Sweep the rep counter's depth thresholds on validation clips.")
    parser.add_argument("--checkpoint", type=Path, default=None, help="any family's checkpoint, or a family name: `pose` (the default), `pixel`, `transformer`")
    parser.add_argument("--clips", type=int, default=96)
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--out", type=Path, default=Path("runs/calibrate"))
    args = parser.parse_args(argv)
    from pushup_mobile.evaluate.report import run_clips
    from pushup_mobile.families import family_of, load_model

    with one_line_errors():
        loaded = load_model(args.checkpoint)
        samples = family_of(loaded.cfg).eval_samples(loaded.cfg, "val", args.clips, args.frames, 0)
    current = FeedbackRules()
    results = run_clips(loaded.net, samples, FRAME_RATE, current)
    rows = sweep(results, FRAME_RATE, current)
    table = markdown(rows, current)
    write_text_atomic(args.out / "calibration.json", json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    write_text_atomic(args.out / "calibration.md", table)
    print(table + f"\nwrote {args.out / 'calibration.json'} and calibration.md")


if __name__ == "__main__":
    main()
