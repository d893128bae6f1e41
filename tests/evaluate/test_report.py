import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pushup_mobile.evaluate.report import ClipResult, auroc, summarize
from pushup_mobile.families import build_model, save_checkpoint

BIN = Path(sys.executable).parent


def test_auroc_known_values():
    truth = np.array([True, True, False, False])
    assert auroc(truth, np.array([0.9, 0.8, 0.2, 0.1])) == 1.0
    assert auroc(truth, np.array([0.1, 0.2, 0.8, 0.9])) == 0.0
    assert auroc(truth, np.full(4, 0.5)) == 0.5
    assert auroc(np.ones(3, bool), np.zeros(3)) is None


def result(pushup, reps_true, reps_pred, faults_prob):
    n = len(pushup)
    depth = np.where(pushup, 0.5, 0.0)
    return ClipResult(pushup, pushup.astype(float), depth, depth, np.zeros((n, 5), bool), faults_prob,
                      np.where(pushup, 0, 2), reps_true, reps_pred, n / 15)


def test_summary_of_a_perfect_model_and_of_false_reps():
    on = np.array([True] * 30)
    off = np.array([False] * 30)
    good = summarize([result(on, 3, 3, np.zeros((30, 5))), result(off, 0, 0, np.zeros((30, 5)))])
    assert good["pushup_f1"] == 1.0 and good["pushup_auroc"] == 1.0 and good["depth_mae"] == 0.0
    assert good["rep_obo"] == 1.0 and good["false_reps_per_minute"] == 0.0
    assert good["pushup_rate_by_activity"] == {"pushup": 1.0, "standing": 0.0}
    bad = summarize([result(on, 3, 3, np.ones((30, 5))), result(off, 0, 2, np.zeros((30, 5)))])
    assert bad["false_reps_per_minute"] == pytest.approx(60 * 2 / 2.0)
    assert bad["faults"]["hip_sag"]["precision"] == 0.0 and bad["non_pushup_clips_without_reps"] == 0.0


def test_eval_cli_writes_metrics_and_plots(tmp_path, tiny_cfg):
    checkpoint = tmp_path / "model.pt"
    save_checkpoint(build_model(tiny_cfg), checkpoint)
    result = subprocess.run(
        [str(BIN / "pushup-mobile"), "eval", "--checkpoint", str(checkpoint), "--clips", "2", "--frames", "8",
         "--out", str(tmp_path / "eval"), "--json", str(tmp_path / "m.json")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["clips"] == 2 and set(metrics["faults"]) >= {"hip_sag", "head_drop"}
    for name in ("metrics.json", "metrics.md", "faults.png"):
        assert (tmp_path / "eval" / name).stat().st_size > 0
