"""The feedback rules in one table: advice per fault and the counter's thresholds.

:meth:`FeedbackRules.to_manifest` goes into every artifact's manifest, and the Android
app reads its rules from there, so Python and the app cannot disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError

ADVICE: dict[str, tuple[str, int]] = {
    "hip_sag": ("Keep your back straight", 1),
    "hip_pike": ("Lower your hips", 2),
    "shallow_depth": ("Lower your body more", 3),
    "incomplete_lockout": ("Straighten your arms at the top", 4),
    "head_drop": ("Keep your head in line with your body", 5),
}
"""fault -> (advice a person understands, priority: 1 is said first)."""
assert tuple(ADVICE) == FAULTS, "one advice row per fault, in the contract's order"

CLEAN_REP_TEXT = "Good rep"


@dataclass(frozen=True)
class FeedbackRules:
    """Thresholds of the rep counter and of advice selection.

    Depth runs from 0 (arms locked out) to 1 (chest at the floor): a rep goes down past
    ``depth_bottom`` and comes back up past ``depth_top``. The gap between the two, the
    debounce and the minimum duration are what keep noisy depth from counting phantom reps.
    """

    pushup_on: float = 0.6
    pushup_off: float = 0.4
    depth_bottom: float = 0.6
    depth_top: float = 0.3
    debounce_frames: int = 2
    min_rep_s: float = 0.5
    max_rep_s: float = 8.0
    fault_threshold: float = 0.5
    fault_fraction: float = 0.4
    reset_gap_s: float = 1.0

    def to_manifest(self) -> dict[str, Any]:
        return {
            "thresholds": asdict(self),
            "advice": [
                {"fault": fault, "text": text, "priority": priority} for fault, (text, priority) in ADVICE.items()
            ],
            "clean_rep": CLEAN_REP_TEXT,
        }

    @classmethod
    def from_manifest(cls, data: dict[str, Any]) -> "FeedbackRules":
        try:
            thresholds = data["thresholds"]
            values = {f.name: (int if f.type == "int" else float)(thresholds[f.name]) for f in fields(cls)}
        except (KeyError, TypeError, ValueError) as exc:
            raise BadInputError(f"manifest feedback rules are incomplete or malformed: {exc}") from exc
        return cls(**values)


def advice_for(faults: list[str]) -> list[str]:
    """Advice texts for the faults of one rep, most important first; a clean rep says so."""
    if not faults:
        return [CLEAN_REP_TEXT]
    return [ADVICE[f][0] for f in sorted(faults, key=lambda f: ADVICE[f][1])]
