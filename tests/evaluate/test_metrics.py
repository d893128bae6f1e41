import numpy as np
import pytest

from pushup_mobile.data.labelled_clips import LabelledClip
from pushup_mobile.evaluate.metrics import f1, task_metrics
from pushup_mobile.export.formats import task_gate
from pushup_mobile.golden import feedback as golden


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def test_f1_known_values():
    truth = np.array([1, 1, 0, 0], bool)
    assert f1(truth, np.array([1, 0, 1, 0], bool)) == pytest.approx(0.5)
    assert f1(np.zeros(3, bool), np.zeros(3, bool)) == 1.0


def test_task_metrics_of_a_perfect_and_a_blind_model():
    frames = golden.clean_reps(np.random.default_rng(0))  # 5 clean reps
    n = len(frames)
    pushup = np.array([f["pushup"] for f in frames])
    depth = np.array([f["depth"] for f in frames])
    clip = LabelledClip(np.zeros((n, 1, 3, 4, 4), np.float32), (pushup > 0.5).astype(np.float32),
                        np.zeros((n, 5), np.float32), depth, rep_count=5, fps=golden.FPS)
    perfect = {"pushup": logit(pushup)[:, None], "depth": depth[:, None], "faults": np.full((n, 5), -5.0)}
    blind = {"pushup": np.full((n, 1), -5.0), "depth": np.zeros((n, 1)), "faults": np.full((n, 5), 5.0)}
    good, bad = task_metrics((clip,), [perfect]), task_metrics((clip,), [blind])
    assert (good.pushup_f1, good.rep_mae, good.rep_obo, good.fault_macro_f1) == (1.0, 0.0, 1.0, None)  # no fault shown
    assert bad.pushup_f1 == 0.0 and bad.rep_mae == 5.0 and bad.rep_obo == 0.0
    assert task_gate(bad, good) is not None and task_gate(good, good) is None


def test_fault_macro_f1_averages_only_the_faults_the_clips_show():
    from pushup_mobile.evaluate.metrics import fault_macro_f1

    truth = np.zeros((10, 3), bool)
    predicted = np.zeros((10, 3), bool)
    assert fault_macro_f1(truth, predicted) is None  # nothing shown: no figure, not 1.0
    truth[:4, 0] = True
    predicted[:2, 0] = True  # F1 2/3 on the one fault shown
    predicted[5, 2] = True  # a false alarm on a fault never shown does not enter the mean
    assert fault_macro_f1(truth, predicted) == pytest.approx(2 / 3)
