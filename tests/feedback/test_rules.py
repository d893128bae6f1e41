import pytest

from pushup_mobile.contract import FAULTS
from pushup_mobile.errors import BadInputError
from pushup_mobile.feedback.rules import ADVICE, FeedbackRules, advice_for


def test_manifest_round_trip_keeps_types():
    rules = FeedbackRules(debounce_frames=3, depth_top=0.25)
    back = FeedbackRules.from_manifest(rules.to_manifest())
    assert back == rules and isinstance(back.debounce_frames, int)


def test_manifest_lists_every_fault_with_advice():
    section = FeedbackRules().to_manifest()
    assert [row["fault"] for row in section["advice"]] == list(FAULTS)
    assert all(row["text"] for row in section["advice"])


@pytest.mark.parametrize("bad", [{}, {"thresholds": {"pushup_on": 0.5}}, {"thresholds": None}])
def test_incomplete_rules_are_a_clear_error(bad):
    with pytest.raises(BadInputError, match="feedback rules"):
        FeedbackRules.from_manifest(bad)


def test_advice_is_ordered_by_priority():
    assert advice_for(["head_drop", "hip_sag"]) == [ADVICE["hip_sag"][0], ADVICE["head_drop"][0]]
    assert advice_for([]) == ["Good rep"]
