"""The fault rules' decisions: the measured angle where the view shows it, the head elsewhere."""

import pytest

from pushup_mobile.contract import FAULTS
from pushup_mobile.form.faults import FAULT_RULES, SIDE_CONE, advice_for, decide
from pushup_mobile.form.measure import RepForm

CLEAN = RepForm(body_line_deg=-2.0, bottom_elbow_deg=80.0, top_elbow_deg=175.0, head_deg=-3.0, side_angle_deg=10.0)
QUIET = [0.0] * len(FAULTS)


def heads(**share: float) -> list[float]:
    return [share.get(name, 0.0) for name in FAULTS]


def form(**changes: float) -> RepForm:
    return RepForm(**{**CLEAN.__dict__, **changes})


def test_a_clean_rep_is_clean_even_if_a_head_fires():
    verdict = decide(CLEAN, heads(hip_sag=1.0, head_drop=1.0), 0.4)
    assert verdict.faults == [] and verdict.could_improve == [] and verdict.not_judged == []


@pytest.mark.parametrize(("changes", "fault", "detail"), [
    ({"body_line_deg": -22.4}, "hip_sag", "hips 22° below the line"),
    ({"body_line_deg": 31.0}, "hip_pike", "hips 31° above the line"),
    ({"bottom_elbow_deg": 140.0}, "shallow_depth", "elbows bent only to 140° (aim for 90°)"),
    ({"top_elbow_deg": 119.5}, "incomplete_lockout", "arms straightened only to 120°"),
    ({"head_deg": -40.0}, "head_drop", "head 40° below the body line"),
])
def test_a_measured_fault_is_advised_with_how_much(changes, fault, detail):
    """Past the threshold by more than the measure's margin, the angle alone decides."""
    verdict = decide(form(**changes), QUIET, 0.4)
    assert verdict.faults == [fault] and verdict.details == [detail]


def test_within_the_margin_past_the_threshold_the_head_must_agree():
    rule = FAULT_RULES["shallow_depth"]
    unsure = form(bottom_elbow_deg=rule.fault_at + rule.margin / 2)
    assert decide(unsure, QUIET, 0.4).faults == [] and decide(unsure, QUIET, 0.4).could_improve == ["shallow_depth"]
    assert rule.fault_at + rule.margin / 2 > rule.better_at + rule.margin  # (so "could be better" is sure)
    assert decide(unsure, heads(shallow_depth=0.5), 0.4).faults == ["shallow_depth"]


def test_between_the_thresholds_the_head_decides_between_fault_and_could_be_better():
    mild = form(body_line_deg=-14.0)  # past "could be better" (-8) by more than the margin (5)
    assert decide(mild, QUIET, 0.4).could_improve == ["hip_sag"]
    assert decide(mild, QUIET, 0.4).faults == []
    assert decide(mild, heads(hip_sag=0.5), 0.4).faults == ["hip_sag"]
    unsure = form(body_line_deg=-11.0)  # within the margin of "could be better": nothing said alone
    assert decide(unsure, QUIET, 0.4).could_improve == [] and decide(unsure, heads(hip_sag=0.5), 0.4).faults == ["hip_sag"]


def test_a_view_that_cannot_show_the_body_line_does_not_judge_it():
    front = form(body_line_deg=-30.0, head_deg=-40.0, side_angle_deg=SIDE_CONE + 10.0)
    verdict = decide(front, heads(hip_sag=1.0, shallow_depth=1.0), 0.4)
    assert verdict.not_judged == ["hip_sag", "hip_pike", "head_drop"]
    assert verdict.faults == ["shallow_depth"]  # depth still judged, by its head (the elbow is foreshortened)


def test_without_keypoints_the_heads_decide():
    verdict = decide(None, heads(hip_pike=0.6, incomplete_lockout=0.2), 0.4)
    assert verdict.faults == ["hip_pike"] and verdict.details == [] and verdict.not_judged == []


def test_a_rep_short_of_the_bottom_is_a_depth_fault_unless_the_elbow_clearly_went_deep():
    verdict = decide(form(bottom_elbow_deg=104.0), QUIET, 0.4, shallow=True)
    assert verdict.faults == ["shallow_depth"] and verdict.details == ["elbows bent only to 104° (aim for 90°)"]
    rule = FAULT_RULES["shallow_depth"]
    deep = form(bottom_elbow_deg=rule.better_at - rule.margin - 1.0)  # the model's depth fell short, not the person
    assert decide(deep, QUIET, 0.4, shallow=True).faults == []
    assert decide(form(bottom_elbow_deg=deep.bottom_elbow_deg, side_angle_deg=80.0), QUIET, 0.4, shallow=True).faults == ["shallow_depth"]
    assert decide(None, QUIET, 0.4, shallow=True).faults == ["shallow_depth"]


def test_advice_follows_priority_and_rounding_is_half_up():
    assert advice_for(["head_drop", "hip_sag"]) == [FAULT_RULES["hip_sag"].advice, FAULT_RULES["head_drop"].advice]
    assert advice_for([]) == ["Good rep"]
    assert FAULT_RULES["hip_sag"].describe(-14.5) == "hips 15° below the line"
    assert FAULT_RULES["hip_sag"].describe(-14.49) == "hips 14° below the line"
