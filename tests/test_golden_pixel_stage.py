import json

import pytest

from pushup_mobile.golden import pixel_stage
from tests.conftest import GOLDEN_ROOT


def _on_disk(name):
    return json.loads(((GOLDEN_ROOT / pixel_stage.FOLDER) / f"{name}.json").read_text())


@pytest.mark.parametrize("name", sorted(pixel_stage.CASES))
def test_pixel_stage_golden_files_are_current(name):
    """The Android core's PixelStage replays these; they must be what today's Python stage does."""
    assert json.loads(json.dumps(pixel_stage.build_case(name))) == _on_disk(name)


def test_pixel_stage_golden_covers_the_whole_frame_a_held_square_and_a_new_one():
    frames = [frame for name in pixel_stage.CASES for frame in _on_disk(name)["expected"]]
    assert any(f["square"] is None for f in frames), "no frame before the first sighting (the whole frame)"
    assert any(not f["person"] and f["square"] is not None for f in frames), "no miss that held the last square"
    squares = {tuple(f["square"]) for f in frames if f["square"] is not None}
    assert len(squares) >= 3, "the square never moved with a new sighting"
