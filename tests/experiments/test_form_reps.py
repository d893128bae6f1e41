"""The per-rep form tally: predicted reps against measured labels, true reps against what was said."""

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.experiments.form_reps import Tally, markdown, score_clip
from pushup_mobile.feedback.counter import RepEvent

SAG, HEAD = FAULTS.index("hip_sag"), FAULTS.index("head_drop")


def clip(frames=90, reps=((10, 20, 30), (40, 50, 60), (65, 75, 85)), first_line=-10.0):
    """Labels at 15 fps: rep 2 sags; the head cannot be judged on rep 3 (camera turned away).
    Rep 1's body line is ``first_line`` (-10: "could be better", short of a sag)."""
    labels = np.zeros((frames, len(FAULTS)), np.float32)
    labels[40:61, SAG] = 1
    shown = np.ones_like(labels)
    shown[62:, HEAD] = 0
    labels[62:, HEAD] = 1  # the body drops its head there, but the view cannot show it
    # true form per rep: body line, bottom elbow, top elbow, head, side angle
    true_forms = np.array([[first_line, 85, 175, -3, 5], [-20, 85, 175, -3, 5], [-2, 85, 175, -40, 80]], float)
    return {"form_faults": labels, "judgeable": shown, "reps": np.array(reps), "true_forms": true_forms}


def event(bottom_frame, faults, counted=True):
    t = bottom_frame / 15.0
    return RepEvent(1, t - 0.5, t, t + 0.5, faults, [], counted=counted)


def test_right_wrong_missed_and_unseen_advice_are_told_apart():
    tally = Tally()
    # rep 1 advised a sag it does not have; rep 2's sag is missed; rep 3 advises the head the view cannot show
    score_clip(tally, [event(20, ["hip_sag"]), event(50, []), event(75, ["head_drop"])], clip())
    figures = tally.figures()
    assert figures["faults"]["hip_sag"] == {"precision": 0.0, "recall": 0.0, "tp": 0, "fp": 1, "fn": 1,
                                            "fp_could_be_better": 1}  # rep 1's hips are 10 degrees low
    assert figures["unseen_faults_advised"] == 1.0  # the one (rep, fault) its view could not show was advised
    assert figures["clean_reps"] == 2 and figures["clean_reps_without_advice"] == 0.5
    assert figures["clean_reps_not_counted_told_to_go_lower"] == 0
    assert figures["confusion"]["hip_sag"] == {"clean": 1}


def test_wrong_advice_on_a_straight_body_is_not_called_a_matter_of_degrees():
    tally = Tally()
    score_clip(tally, [event(20, ["hip_sag"])], clip(first_line=-3.0))
    sag = tally.figures()["faults"]["hip_sag"]
    assert (sag["fp"], sag["fp_could_be_better"]) == (1, 0)


def test_a_found_fault_counts_once_per_true_rep():
    tally = Tally()
    score_clip(tally, [event(20, []), event(50, ["hip_sag"]), event(75, [])], clip())
    sag = tally.figures()["faults"]["hip_sag"]
    assert (sag["tp"], sag["fp"], sag["fn"], sag["precision"], sag["recall"]) == (1, 0, 0, 1.0, 1.0)
    merged = Tally()
    merged.merge(tally)
    merged.merge(tally)
    assert merged.figures()["faults"]["hip_sag"]["tp"] == 2 and merged.figures()["clean_reps"] == 4


def test_a_clean_rep_not_counted_and_told_to_go_lower_is_counted_apart():
    tally = Tally()
    score_clip(tally, [event(20, ["shallow_depth"], counted=False)], clip())
    assert tally.figures()["clean_reps_not_counted_told_to_go_lower"] == 1


def test_the_markdown_lists_every_fault_and_the_quiet_clean_reps():
    tally = Tally()
    score_clip(tally, [event(20, []), event(50, ["hip_sag"]), event(75, [])], clip())
    figures = tally.figures()
    text = markdown({"folder": "mine", "reps": figures, "clips": []})
    assert all(f in text for f in FAULTS) and "100 % / 100 % (1)" in text and "clean reps without advice" in text
