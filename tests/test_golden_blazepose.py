import json

import pytest

from pushup_mobile.golden import blazepose
from tests.conftest import GOLDEN_ROOT


@pytest.mark.parametrize("name", sorted(blazepose.TRACK_CASES))
def test_blazepose_track_golden_files_are_current(name):
    """The Android tracker replays these; they must be what today's Python BlazePose makes."""
    on_disk = json.loads(((GOLDEN_ROOT / blazepose.TRACK_FOLDER) / f"{name}.json").read_text())
    assert json.loads(json.dumps(blazepose.build_track_case(name))) == on_disk


def test_track_golden_covers_tracking_losing_and_detecting_again():
    cases = [json.loads(((GOLDEN_ROOT / blazepose.TRACK_FOLDER) / f"{name}.json").read_text()) for name in blazepose.TRACK_CASES]
    frames = [frame for case in cases for frame in case["expected"]]
    assert any(not f["detected"] for f in frames), "no frame was tracked from the previous ROI"
    assert sum(f["detected"] for f in frames) > len(cases), "no stream lost the person and detected again"
    assert any(f["presence"] == 0.0 for f in frames), "no frame where the detector found nobody"


@pytest.mark.parametrize("name", sorted(blazepose.CROP_CASES))
def test_blazepose_crop_golden_files_are_current(name):
    on_disk = json.loads(((GOLDEN_ROOT / blazepose.CROP_FOLDER) / f"{name}.json").read_text())
    assert blazepose.build_crop_case(name) == on_disk
