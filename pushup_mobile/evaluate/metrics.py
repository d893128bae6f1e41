"""Task metrics: what the user experiences, not how close two tensors are.

Frame-level push-up F1, fault macro-F1 over push-up frames (over the faults the clips
show), and rep counting through the same :class:`RepCounter` the app runs: absolute MAE
(reps per clip) and off-by-one accuracy (the RepCount convention).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from pushup_mobile.data.labelled_clips import LabelledClip
from pushup_mobile.feedback.counter import RepCounter, RepEvent
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.form.measure import FrameForm


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logits -> probabilities, as the app reads the heads."""
    return 1.0 / (1.0 + np.exp(-x))


def f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of boolean arrays; 1.0 when neither has a positive (nothing to find, nothing found)."""
    tp = float(np.sum(truth & predicted))
    fp = float(np.sum(~truth & predicted))
    fn = float(np.sum(truth & ~predicted))
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def fault_macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float | None:
    """Mean F1 over the faults that occur in ``truth`` (``[frames, faults]`` booleans), None
    when none does. A fault no frame shows has no F1 to average: counted as 1.0 (never
    shown, never predicted) it would lift the mean over the faults that do occur."""
    supported = [k for k in range(truth.shape[1]) if truth[:, k].any()]
    return float(np.mean([f1(truth[:, k], predicted[:, k]) for k in supported])) if supported else None


def metric_text(value: float | None) -> str:
    """A metric for a table or a log line; "-" when it is undefined on these clips."""
    return "-" if value is None else f"{value:.3f}"


def replay_counter(outputs: dict[str, np.ndarray], fps: float, rules: FeedbackRules,
                   forms: Sequence[FrameForm] | None = None) -> tuple[int, list[RepEvent]]:
    """A clip's stacked step outputs (logits) through the app's counter, frame by frame,
    with each frame's form measurements when the model sees keypoints: the count and
    every rep event (counted or not)."""
    counter = RepCounter(rules)
    pushup = sigmoid(outputs["pushup"].reshape(-1))
    depth = outputs["depth"].reshape(-1)
    faults = sigmoid(outputs["faults"].reshape(len(pushup), -1))
    events = []
    for t in range(len(pushup)):
        event = counter.update(t / fps, float(pushup[t]), float(depth[t]), [float(v) for v in faults[t]],
                               forms[t] if forms is not None else None)
        if event is not None:
            events.append(event)
    return counter.count, events


def count_reps(outputs: dict[str, np.ndarray], fps: float, rules: FeedbackRules) -> int:
    return replay_counter(outputs, fps, rules)[0]


@dataclass(frozen=True)
class TaskMetrics:
    pushup_f1: float
    fault_macro_f1: float | None
    """Over the faults these clips show (None: they show none)."""
    rep_mae: float
    """Absolute: the mean of |counted - true| reps per clip (not RepCount's normalized MAE)."""
    rep_obo: float
    clips: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def task_metrics(
    clips: tuple[LabelledClip, ...], outputs: list[dict[str, np.ndarray]], rules: FeedbackRules | None = None
) -> TaskMetrics:
    """``outputs[i]`` holds the stacked step outputs (logits) of ``clips[i]``."""
    rules = rules or FeedbackRules()
    truth = np.concatenate([c.pushup for c in clips]) > 0.5
    predicted = np.concatenate([sigmoid(o["pushup"].reshape(-1)) for o in outputs]) >= 0.5
    fault_truth = np.concatenate([c.faults for c in clips]) > 0.5
    fault_pred = np.concatenate([sigmoid(o["faults"].reshape(len(c.pushup), -1)) for c, o in zip(clips, outputs)]) >= 0.5
    on = truth  # faults are judged on push-up frames only
    errors = np.array([abs(count_reps(o, c.fps, rules) - c.rep_count) for c, o in zip(clips, outputs)])
    return TaskMetrics(
        pushup_f1=f1(truth, predicted),
        fault_macro_f1=fault_macro_f1(fault_truth[on], fault_pred[on]),
        rep_mae=float(errors.mean()),
        rep_obo=float(np.mean(errors <= 1)),
        clips=len(clips),
    )
