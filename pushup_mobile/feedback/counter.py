"""The streaming rep counter: per-frame push-up probability, depth and fault
probabilities in, rep events out.

Written as a small state machine over plain floats so that the Android core ports it line
by line (``android_demo/core``); the golden vectors in ``tests/golden/feedback`` hold the
two to the same behaviour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pushup_mobile.contract import FAULTS
from pushup_mobile.feedback.rules import FeedbackRules, advice_for

UP = "up"
DOWN = "down"


@dataclass(frozen=True)
class RepEvent:
    index: int
    start_s: float
    bottom_s: float
    end_s: float
    faults: list[str]
    advice: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Rep:
    """The rep in progress: from leaving the top to coming back up."""

    start_s: float
    bottom_s: float
    bottom_depth: float
    frames: int = 0
    fault_frames: list[int] = field(default_factory=lambda: [0] * len(FAULTS))


class RepCounter:
    """Hysteresis on depth, gated by the push-up probability, with debounce and duration
    limits. Feed frames in time order with :meth:`update`; it returns the rep that a frame
    completes, if any."""

    def __init__(self, rules: FeedbackRules | None = None) -> None:
        self.rules = rules or FeedbackRules()
        self.count = 0
        self.reset()

    def reset(self) -> None:
        """Forget the rep in progress and the gate (the count stays)."""
        self.active = False
        self.phase = UP
        self.rep: _Rep | None = None
        self.last_top_s: float | None = None
        self.last_t: float | None = None
        self._gate_run = 0
        self._down_run = 0
        self._up_run = 0

    def update(self, t: float, pushup: float, depth: float, faults: list[float]) -> RepEvent | None:
        r = self.rules
        if self.last_t is not None and t - self.last_t > r.reset_gap_s:
            self.reset()
        self.last_t = t
        self._update_gate(pushup)
        if not self.active:
            self.phase, self.rep = UP, None
            self._down_run = self._up_run = 0
            return None
        if self.phase == UP:
            return self._while_up(t, depth, faults)
        return self._while_down(t, depth, faults)

    def _update_gate(self, pushup: float) -> None:
        """Hysteresis with debounce on the push-up probability."""
        r = self.rules
        crossing = pushup < r.pushup_off if self.active else pushup >= r.pushup_on
        self._gate_run = self._gate_run + 1 if crossing else 0
        if self._gate_run >= r.debounce_frames:
            self.active = not self.active
            self._gate_run = 0

    def _while_up(self, t: float, depth: float, faults: list[float]) -> None:
        r = self.rules
        if depth <= r.depth_top:
            self.last_top_s = t
        if self.rep is None and self.last_top_s is not None and depth > r.depth_top:
            self.rep = _Rep(start_s=self.last_top_s, bottom_s=t, bottom_depth=depth)
        if self.rep is not None:
            self._accumulate(t, depth, faults)
            if depth <= r.depth_top:
                self.rep = None  # came back up without reaching the bottom: a half rep
        self._down_run = self._down_run + 1 if depth >= r.depth_bottom else 0
        if self._down_run >= r.debounce_frames and self.rep is not None:
            self.phase = DOWN
            self._down_run = 0
        return None

    def _while_down(self, t: float, depth: float, faults: list[float]) -> RepEvent | None:
        r = self.rules
        assert self.rep is not None
        self._accumulate(t, depth, faults)
        self._up_run = self._up_run + 1 if depth <= r.depth_top else 0
        if self._up_run < r.debounce_frames:
            return None
        rep, self.rep = self.rep, None
        self.phase, self._up_run = UP, 0
        self.last_top_s = t
        duration = t - rep.start_s
        if not r.min_rep_s <= duration <= r.max_rep_s:
            return None
        self.count += 1
        flagged = [
            name
            for name, hits in zip(FAULTS, rep.fault_frames)
            if rep.frames > 0 and hits / rep.frames >= r.fault_fraction
        ]
        return RepEvent(self.count, rep.start_s, rep.bottom_s, t, flagged, advice_for(flagged))

    def _accumulate(self, t: float, depth: float, faults: list[float]) -> None:
        rep = self.rep
        assert rep is not None
        rep.frames += 1
        if depth > rep.bottom_depth:
            rep.bottom_depth, rep.bottom_s = depth, t
        for k, probability in enumerate(faults):
            if probability >= self.rules.fault_threshold:
                rep.fault_frames[k] += 1
