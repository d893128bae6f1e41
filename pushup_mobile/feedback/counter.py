"""The streaming rep counter: per-frame push-up probability, depth, fault probabilities
and (when the model sees keypoints) the frame's form measurements in, rep events out.

Written as a small state machine over plain floats so that the Android core ports it line
by line (``android_demo/core``); the golden vectors in ``tests/golden/feedback`` hold the
two to the same behaviour.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

from pushup_mobile.contract import FAULTS
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.form.faults import advice_for, decide
from pushup_mobile.form.measure import TOP_FRAMES, FrameForm, summarise_rep

UP = "up"
DOWN = "down"


@dataclass(frozen=True)
class RepEvent:
    """A rep the counter saw end: counted (``index`` 1, 2, ...) or, when it stopped short of
    the bottom, not counted (``counted`` False, ``index`` 0) and advised to go lower."""

    index: int
    start_s: float
    bottom_s: float
    end_s: float
    faults: list[str]
    advice: list[str]
    details: list[str] = field(default_factory=list)
    """How much, for each advised fault with a measure ("hips 14° below the line")."""
    could_improve: list[str] = field(default_factory=list)
    not_judged: list[str] = field(default_factory=list)
    """Faults this view cannot show (the hips' line from the front)."""
    form: dict[str, float | None] | None = None
    """The rep's measured form (:class:`pushup_mobile.form.measure.RepForm`), or None
    when the model gives no keypoints."""
    counted: bool = True

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
    forms: list[FrameForm] = field(default_factory=list)
    depths: list[float] = field(default_factory=list)
    bottom_form: int = 0


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
        self._top: deque[tuple[FrameForm, float]] = deque(maxlen=TOP_FRAMES)

    def update(self, t: float, pushup: float, depth: float, faults: list[float],
               form: FrameForm | None = None) -> RepEvent | None:
        """One frame; ``form`` is its measurements when the model sees keypoints."""
        r = self.rules
        if self.last_t is not None and t - self.last_t > r.reset_gap_s:
            self.reset()
        self.last_t = t
        self._update_gate(pushup)
        if not self.active:
            self.phase, self.rep = UP, None
            self._down_run = self._up_run = 0
            self._top.clear()
            return None
        if self.phase == UP:
            return self._while_up(t, depth, faults, form)
        return self._while_down(t, depth, faults, form)

    def _update_gate(self, pushup: float) -> None:
        """Hysteresis with debounce on the push-up probability."""
        r = self.rules
        crossing = pushup < r.pushup_off if self.active else pushup >= r.pushup_on
        self._gate_run = self._gate_run + 1 if crossing else 0
        if self._gate_run >= r.debounce_frames:
            self.active = not self.active
            self._gate_run = 0

    def _while_up(self, t: float, depth: float, faults: list[float], form: FrameForm | None) -> RepEvent | None:
        r = self.rules
        if depth <= r.depth_top:
            self.last_top_s = t
        if self.rep is None and self.last_top_s is not None and depth > r.depth_top:
            self.rep = _Rep(start_s=self.last_top_s, bottom_s=t, bottom_depth=depth,
                            forms=[f for f, _ in self._top], depths=[d for _, d in self._top])
            self._top.clear()
        if self.rep is None:
            if form is not None and depth <= r.depth_top:
                self._top.append((form, depth))
        else:
            self._accumulate(t, depth, faults, form)
            if depth <= r.depth_top:  # came back up without reaching the bottom
                rep, self.rep = self.rep, None
                if rep.bottom_depth >= r.partial_depth and r.min_rep_s <= t - rep.start_s <= r.max_rep_s:
                    return self._event(rep, t, counted=False)
                return None  # a half rep: too little to be an attempt
        self._down_run = self._down_run + 1 if depth >= r.depth_bottom else 0
        if self._down_run >= r.debounce_frames and self.rep is not None:
            self.phase = DOWN
            self._down_run = 0
        return None

    def _while_down(self, t: float, depth: float, faults: list[float], form: FrameForm | None) -> RepEvent | None:
        r = self.rules
        assert self.rep is not None
        self._accumulate(t, depth, faults, form)
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
        return self._event(rep, t, counted=True)

    def _event(self, rep: _Rep, t: float, counted: bool) -> RepEvent:
        """The ended rep's verdict; a rep that stopped short is a depth fault by definition."""
        r = self.rules
        share = [hits / rep.frames if rep.frames > 0 else 0.0 for hits in rep.fault_frames]
        measured = summarise_rep(rep.forms, rep.depths, rep.bottom_form, r.depth_top) if rep.forms else None
        verdict = decide(measured, share, r.fault_fraction, shallow=not counted)
        return RepEvent(self.count if counted else 0, rep.start_s, rep.bottom_s, t, verdict.faults,
                        advice_for(verdict.faults), verdict.details, verdict.could_improve, verdict.not_judged,
                        None if measured is None else measured.to_dict(), counted)

    def _accumulate(self, t: float, depth: float, faults: list[float], form: FrameForm | None) -> None:
        rep = self.rep
        assert rep is not None
        rep.frames += 1
        if form is not None:
            rep.forms.append(form)
            rep.depths.append(depth)
        if depth > rep.bottom_depth:
            rep.bottom_depth, rep.bottom_s = depth, t
            rep.bottom_form = max(0, len(rep.forms) - 1)
        for k, probability in enumerate(faults):
            if probability >= self.rules.fault_threshold:
                rep.fault_frames[k] += 1
