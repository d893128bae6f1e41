"""Where a rep becomes a fault, in a coach's units, and the advice for it: one table.

Each fault is one row of :data:`FAULT_RULES`: the rep measure it reads
(:class:`pushup_mobile.form.measure.RepForm`), the value past which the rep is faulted
(``fault_at``) and the milder one past which it only "could be better" (``better_at``),
whether only a side view shows it, and what a person is told: the cue and how much. The
thresholds follow the coaching references in ``docs/form.md``; they were set before
looking at any real clip and are never tuned to one.

The same table labels the synthetic clips (their exact geometry measured from the side,
no model involved), decides each counted rep in the rep counter (the measured angle where
the keypoints show it, the fault heads elsewhere, see :func:`decide`), goes into every
artifact's manifest and drives the Android core.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pushup_mobile.contract import FAULTS
from pushup_mobile.form.measure import RepForm

SIDE_CONE = 55.0
"""Degrees from the body's side within which a camera shows the body line, the head and
the elbow's angle undistorted enough to measure (the synthetic labels' judgeable cone)."""


BODY_LINE_MARGIN = 5.0
ELBOW_MARGIN = 22.0
HEAD_MARGIN = 10.0
"""Degrees: the 75th percentile of |measured - true| per rep through BlazePose full on the
rendered grid's side, oblique and high views (body line 5.3, bottom elbow 23.8, top elbow
21.5, head 10.3 over 95-125 reps; ``docs/form.md`` has the command). The elbow reads
worst: on a rendered arm BlazePose's elbow strays most."""


@dataclass(frozen=True)
class FaultRule:
    """One fault: measured by ``measure`` (a :class:`RepForm` field), a fault past
    ``fault_at`` and "could be better" past ``better_at``, on the ``beyond`` side ("above"
    or "below"). ``margin``: how far a measure read through the pose front-end strays
    from the body's true angle (measured on rendered clips, ``docs/form.md``); the angle
    alone faults a rep only past ``fault_at`` by more than that. ``side_only``: no other
    view shows it (the hips' line from the front), so it is not judged there. ``amount``
    says how much, ``{value}`` being the measure's size in whole degrees."""

    advice: str
    priority: int
    measure: str
    beyond: str
    fault_at: float
    better_at: float
    margin: float
    side_only: bool
    amount: str

    def past(self, value: float, limit: float, margin: float = 0.0) -> bool:
        """``value`` lies past ``limit`` on the fault's side, by more than ``margin``."""
        return value > limit + margin if self.beyond == "above" else value < limit - margin

    def clear_of(self, value: float, limit: float, margin: float) -> bool:
        """``value`` lies on the good side of ``limit`` by more than ``margin``."""
        return value < limit - margin if self.beyond == "above" else value > limit + margin

    def describe(self, value: float) -> str:
        """``amount`` with the value in whole degrees (half up, as the Android core rounds)."""
        return self.amount.replace("{value}", str(int(math.floor(abs(value) + 0.5))))


FAULT_RULES: dict[str, FaultRule] = {
    "hip_sag": FaultRule("Keep your back straight", 1, "body_line_deg", "below", -15.0, -8.0, BODY_LINE_MARGIN, True,
                         "hips {value}° below the line"),
    "hip_pike": FaultRule("Lower your hips", 2, "body_line_deg", "above", 15.0, 8.0, BODY_LINE_MARGIN, True,
                          "hips {value}° above the line"),
    "shallow_depth": FaultRule("Lower your body more", 3, "bottom_elbow_deg", "above", 110.0, 95.0, ELBOW_MARGIN, False,
                               "elbows bent only to {value}° (aim for 90°)"),
    "incomplete_lockout": FaultRule("Straighten your arms at the top", 4, "top_elbow_deg", "below", 150.0, 165.0,
                                    ELBOW_MARGIN, False, "arms straightened only to {value}°"),
    "head_drop": FaultRule("Keep your head in line with your body", 5, "head_deg", "below", -25.0, -15.0, HEAD_MARGIN, True,
                           "head {value}° below the body line"),
}
"""fault -> its rule, in the contract's fault order."""
assert tuple(FAULT_RULES) == FAULTS, "one rule per fault, in the contract's order"

CLEAN_REP_TEXT = "Good rep"


@dataclass(frozen=True)
class Verdict:
    """One rep's form decision: the faults to advise, those that only could be better, and
    those this view cannot show (not judged), each in the contract's order; ``details``
    says how much for each advised fault whose measure is known."""

    faults: list[str]
    could_improve: list[str]
    not_judged: list[str]
    details: list[str]


def decide(form: RepForm | None, head_share: Sequence[float], fault_fraction: float, shallow: bool = False) -> Verdict:
    """A rep's faults from its measured form (None: no keypoints, as for the pixel family)
    and the share of its frames on which each fault head fired.

    - The view cannot show the fault (a side-only fault, the camera more than
      :data:`SIDE_CONE` off the side): not judged, whatever the head says.
    - The measure is known and the camera is within the cone: the angle decides; past
      ``fault_at`` by more than the measure's ``margin`` is a fault; past ``better_at`` it
      is a fault if the head agrees (share at least ``fault_fraction``), and otherwise
      "could be better" when past it by more than the margin too (an angle says nothing
      on its own within its error). A head alone cannot fault a rep whose angle is fine:
      the angle is the evidence the head is checked against.
    - Otherwise (no keypoints, or a depth fault seen from the front): the head decides.

    ``shallow``: the rep stopped short of the bottom (the counter did not count it), a
    depth fault unless the elbow, seen from the side, clearly bent past "could be better"
    (by more than its margin): then the model's depth fell short, not the person.
    """
    side_on = form is not None and form.side_angle_deg is not None and form.side_angle_deg <= SIDE_CONE
    faults, better, unjudged, details = [], [], [], []
    for (name, rule), share in zip(FAULT_RULES.items(), head_share):
        value = getattr(form, rule.measure) if form is not None else None
        if shallow and name == "shallow_depth":
            if not (side_on and value is not None and rule.clear_of(value, rule.better_at, rule.margin)):
                faults.append(name)
                if value is not None:
                    details.append(rule.describe(value))
        elif rule.side_only and form is not None and form.side_angle_deg is not None and not side_on:
            unjudged.append(name)
        elif value is not None and side_on:
            if rule.past(value, rule.fault_at, rule.margin) or (rule.past(value, rule.better_at) and share >= fault_fraction):
                faults.append(name)
                details.append(rule.describe(value))
            elif rule.past(value, rule.better_at, rule.margin):
                better.append(name)
        elif share >= fault_fraction:
            faults.append(name)
    return Verdict(faults, better, unjudged, details)


def true_faults(form: RepForm, shallow: bool = False) -> list[str]:
    """The faults of a rep whose form is exactly known (the generator's own joints): each
    measure past its ``fault_at``, no margin and no head; ``shallow``: the rep stopped
    short of the bottom. What the synthetic labels say."""
    return [name for name, rule in FAULT_RULES.items()
            if (shallow and name == "shallow_depth")
            or (getattr(form, rule.measure) is not None and rule.past(getattr(form, rule.measure), rule.fault_at))]


def advice_for(faults: Sequence[str]) -> list[str]:
    """Advice texts for the faults of one rep, most important first; a clean rep says so."""
    if not faults:
        return [CLEAN_REP_TEXT]
    return [FAULT_RULES[f].advice for f in sorted(faults, key=lambda f: FAULT_RULES[f].priority)]


def to_manifest() -> list[dict[str, object]]:
    """The rules as the manifest's ``feedback.advice`` rows (the Android core reads them)."""
    return [{"fault": name, "text": rule.advice, **{k: v for k, v in asdict(rule).items() if k != "advice"}}
            for name, rule in FAULT_RULES.items()]
