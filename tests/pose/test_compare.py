"""The comparison table: every method and condition scored on the same rendered clips."""

import numpy as np

from pushup_mobile.families import build_model
from pushup_mobile.model.config import ModelConfig
from pushup_mobile.experiments.compare import PIXEL_MODEL, POSE_MODEL, RECIPE, CompareSpec, compare, markdown
from pushup_mobile.pose.net import PoseModelConfig, build_pose_model


def test_every_method_and_condition_gets_a_row_on_the_same_clips():
    spec = CompareSpec(clips=2, frames=10, size=192)
    pose = build_pose_model(PoseModelConfig(embed_dim=8, hidden=8), seed=1)
    pixel = build_model(ModelConfig(input_size=64, width_mult=0.5, embed_dim=8, hidden=8), seed=1)
    rows, results = compare(spec, pose, pixel, progress=False)
    assert [(r.method, r.condition) for r in rows] == [
        (POSE_MODEL, "blazepose"), (RECIPE, "blazepose"), (POSE_MODEL, "simulated"), (RECIPE, "simulated"),
        (PIXEL_MODEL, "pixels")]
    assert all(r.clips == 2 for r in rows)
    assert [r.pushup_f1 is None for r in rows] == [False, True, False, True, False]
    truth = {r.seed: r.true_reps for r in results}
    assert len(truth) == 2 and all(r.true_reps == truth[r.seed] for r in results)
    for row in rows:  # MAE and OBO are those of the clips' own counts
        mine = [r for r in results if (r.method, r.condition) == (row.method, row.condition)]
        errors = np.array([abs(r.reps - r.true_reps) for r in mine])
        assert row.rep_mae == errors.mean() and row.rep_obo == np.mean(errors <= 1)
    table = markdown(rows, spec)
    assert table.count("\n| ") == 6 and "n/a" in table
