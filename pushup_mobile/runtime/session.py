"""The streaming session: camera frames in one at a time, outputs and reps out.

It owns the LSTM state (zeros at the start, carried frame to frame, reset on request or
after a gap in time) and the rep counter, so an app loop is just ``session.push(frame, t)``.
No rep without a person: while the frame stage has seen nobody for
``rules.person_memory_s``, the push-up probability is 0 whatever the model says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.evaluate.metrics import sigmoid
from pushup_mobile.export.runner import next_state, zero_state
from pushup_mobile.feedback.counter import RepCounter, RepEvent
from pushup_mobile.runtime.models import OpenedModel


@dataclass(frozen=True)
class FrameResult:
    t: float
    pushup: float
    depth: float
    faults: dict[str, float]
    rep: RepEvent | None
    count: int


class StreamingSession:
    def __init__(self, model: OpenedModel) -> None:
        self.model = model
        self.counter = RepCounter(model.rules)
        self.stage_seconds = {"preprocess": 0.0, "step": 0.0, "feedback": 0.0}
        """Time spent per stage since creation: what the end-to-end benchmark reports."""
        self.reset()

    def reset(self) -> None:
        """Start over: zero state, a fresh frame stage (the pose family forgets its track),
        no rep in progress (the count stays)."""
        self.model.frame_input.reset()
        self.state = zero_state(self.model.state_spec)
        self.counter.reset()
        self.last_t: float | None = None
        self.person_t: float | None = None

    def push(self, bgr: np.ndarray, t: float) -> FrameResult:
        if self.last_t is not None and t - self.last_t > self.model.rules.reset_gap_s:
            self.reset()
        self.last_t = t
        start = time.perf_counter()
        frame = self.model.frame_input(bgr)
        after_preprocess = time.perf_counter()
        out = self.model.runner.step(frame, self.state)
        after_step = time.perf_counter()
        self.state = next_state(out, self.state)
        if self.model.frame_input.person():
            self.person_t = t
        seen = self.person_t is not None and t - self.person_t <= self.model.rules.person_memory_s
        pushup = float(sigmoid(out["pushup"]).reshape(-1)[0]) if seen else 0.0
        depth = float(np.asarray(out["depth"]).reshape(-1)[0])
        faults = [float(v) for v in sigmoid(out["faults"]).reshape(-1)]
        rep = self.counter.update(t, pushup, depth, faults, self.model.frame_input.form())
        self.stage_seconds["preprocess"] += after_preprocess - start
        self.stage_seconds["step"] += after_step - after_preprocess
        self.stage_seconds["feedback"] += time.perf_counter() - after_step
        return FrameResult(t, pushup, depth, dict(zip(FAULTS, faults)), rep, self.counter.count)
