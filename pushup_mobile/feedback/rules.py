"""The counter's thresholds, and with the fault rules (:mod:`pushup_mobile.form.faults`)
the manifest's ``feedback`` section.

:meth:`FeedbackRules.to_manifest` goes into every artifact's manifest, and the Android
app reads its rules from there, so Python and the app cannot disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from pushup_mobile.errors import BadInputError
from pushup_mobile.form import faults

@dataclass(frozen=True)
class FeedbackRules:
    """Thresholds of the rep counter and of advice selection.

    Depth runs from 0 (arms locked out) to 1 (chest at the floor): a rep goes down past
    ``depth_bottom`` and comes back up past ``depth_top``. The gap between the two, the
    debounce and the minimum duration are what keep noisy depth from counting phantom reps.
    A rep that goes past ``partial_depth`` but not ``depth_bottom`` and back up is not
    counted, and says so: "Lower your body more".

    No rep without a person: a frame is a push-up only while the frame stage has seen a
    person within the last ``person_memory_s`` seconds (the pose family: BlazePose's
    presence; the pixel family: a person detector at a cadence), whatever the model says.
    The memory bridges the detector's misses on a real person.
    """

    pushup_on: float = 0.6
    pushup_off: float = 0.4
    depth_bottom: float = 0.6
    depth_top: float = 0.3
    partial_depth: float = 0.45
    debounce_frames: int = 2
    min_rep_s: float = 0.5
    max_rep_s: float = 8.0
    fault_threshold: float = 0.5
    fault_fraction: float = 0.4
    reset_gap_s: float = 1.0
    person_memory_s: float = 2.0

    def to_manifest(self) -> dict[str, Any]:
        return {
            "thresholds": asdict(self),
            "advice": faults.to_manifest(),
            "side_cone_deg": faults.SIDE_CONE,
            "clean_rep": faults.CLEAN_REP_TEXT,
        }

    @classmethod
    def from_manifest(cls, data: dict[str, Any]) -> "FeedbackRules":
        try:
            thresholds = data["thresholds"]
            values = {f.name: (int if f.type == "int" else float)(thresholds[f.name]) for f in fields(cls)}
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise BadInputError(f"manifest feedback rules are incomplete or malformed: {exc}") from exc
        return cls(**values)

