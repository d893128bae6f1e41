"""The threshold sweep finds the band that counts a model's real depth traces."""

import numpy as np

from pushup_mobile.evaluate.report import ClipResult
from pushup_mobile.experiments.calibrate import MIN_GAP, recount, sweep
from pushup_mobile.feedback.rules import FeedbackRules


def _clip(reps: int, bottom: float, top: float, pushup: bool = True) -> ClipResult:
    """``reps`` smooth reps at 15 fps whose depth only reaches ``bottom`` and returns to ``top``."""
    cycle = top + (bottom - top) * (1 - np.cos(np.linspace(0, 2 * np.pi, 30))) / 2
    depth = np.concatenate([np.full(10, top), np.tile(cycle, reps), np.full(10, top)])
    n = len(depth)
    on = np.full(n, pushup)
    return ClipResult(on, on * 0.95 + 0.02, depth, depth, np.zeros((n, 5), bool), np.zeros((n, 5)),
                      np.zeros(n, int), reps if pushup else 0, 0, n / 15)


def test_shallow_model_depth_is_counted_by_the_chosen_band():
    results = [_clip(3, bottom=0.55, top=0.15), _clip(2, bottom=0.58, top=0.1), _clip(4, bottom=0.9, top=0.05)]
    assert recount(results[0], FeedbackRules(), 15) == 0  # the default band (0.6) misses these reps
    best = sweep(results, 15)[0]
    assert best.depth_bottom <= 0.55 and best.rep_mae == 0.0 and best.rep_obo == 1.0


def test_every_candidate_keeps_a_wide_band_and_negatives_are_scored():
    results = [_clip(2, 0.9, 0.05), _clip(3, bottom=0.5, top=0.3, pushup=False)]
    rows = sweep(results, 15)
    assert all(c.depth_bottom - c.depth_top >= MIN_GAP - 1e-9 for c in rows)
    assert {c.negatives_without_reps for c in rows} == {1.0}  # the push-up gate stays shut on them
