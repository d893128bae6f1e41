import pytest

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError
from pushup_mobile.feedback.rules import FeedbackRules


def test_manifest_round_trip_keeps_types():
    rules = FeedbackRules(debounce_frames=3, depth_top=0.25)
    back = FeedbackRules.from_manifest(rules.to_manifest())
    assert back == rules and isinstance(back.debounce_frames, int)


def test_manifest_lists_every_fault_with_advice():
    section = FeedbackRules().to_manifest()
    assert [row["fault"] for row in section["advice"]] == list(FAULTS)
    assert all(row["text"] and row["amount"] and row["beyond"] in ("above", "below") for row in section["advice"])


@pytest.mark.parametrize("bad", [{}, {"thresholds": {"pushup_on": 0.5}}, {"thresholds": None}])
def test_incomplete_rules_are_a_clear_error(bad):
    with pytest.raises(BadInputError, match="feedback rules"):
        FeedbackRules.from_manifest(bad)
