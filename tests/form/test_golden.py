"""The form golden files are the contract with the Android core's FormMeasure."""

import json
import math

import numpy as np
import pytest

from pushup_mobile.form.measure import measure_frame
from pushup_mobile.golden import form as golden
from tests.conftest import GOLDEN_ROOT


def test_every_case_has_a_file():
    assert sorted(p.stem for p in (GOLDEN_ROOT / golden.FOLDER).glob("*.json")) == sorted(golden.CASES)


@pytest.mark.parametrize("name", sorted(golden.CASES))
def test_files_are_what_the_generator_writes_and_measure_reproduces_them(name):
    on_disk = json.loads(((GOLDEN_ROOT / golden.FOLDER) / f"{name}.json").read_text())
    assert golden.build_case(name) == on_disk
    for points, seen, want in zip(on_disk["keypoints"], on_disk["visibility"], on_disk["expected"]):
        got = measure_frame(np.array(points), np.array(seen)).to_list()
        assert [None if math.isnan(v) else v for v in got] == want


def test_the_cases_cover_what_the_app_meets():
    """Side and head-on views, a knee push-up, a turned and mirrored picture, and frames
    where some measures are missing (a hidden shoulder reads as a side view)."""
    cases = {name: json.loads(((GOLDEN_ROOT / golden.FOLDER) / f"{name}.json").read_text())["expected"] for name in golden.CASES}
    assert all(row[4] > 60.0 for row in cases["head_on"])
    # raw bends are signed by the picture's normal: a sag lies on the wrists' side, a pike away from it
    assert all(abs(row[0]) > 10.0 and row[0] * row[1] > 0 for row in cases["side_sag"])
    assert all(abs(row[0]) > 10.0 and row[0] * row[1] < 0 for row in cases["turned_mirrored_pike"])
    assert any(None in row for row in cases["hidden_joints"]) and all(row[4] == 0.0 for row in cases["hidden_joints"])
