"""The evaluation grid on two tiny cells: every method scored from the same kept clips."""

import json

import numpy as np
import pytest

from pushup_mobile.experiments import grid
from pushup_mobile.families import FAMILIES, load_model
from pushup_mobile.pose.blazepose import BlazePose


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    out = tmp_path_factory.mktemp("grid")
    (out / "clips").mkdir()
    pixel = load_model("pixel").net.eval()
    full = {"full": BlazePose(landmark="full")}
    for number, cell in enumerate([grid.Cell("side", "standard"), grid.Cell("front_floor", "none")]):
        grid.render_cell_clip(out, number, cell, 0, 16, full, pixel)
    return out, pixel


def test_a_second_front_end_joins_the_kept_clips_and_every_method_is_scored(kept):
    out, pixel = kept
    path = out / "clips" / "side__standard__0.npz"
    with np.load(path) as raw:
        before = {key: raw[key] for key in raw.files}
    assert "keypoints_full" in before and "keypoints_lite" not in before
    grid.render_cell_clip(out, 0, grid.Cell("side", "standard"), 0, 16, {"lite": BlazePose(landmark="lite")}, pixel)
    with np.load(path) as raw:
        after = {key: raw[key] for key in raw.files}
    np.testing.assert_array_equal(after["keypoints_full"], before["keypoints_full"])  # the same clip, re-rendered
    assert after["keypoints_lite"].shape == before["keypoints_full"].shape
    assert json.loads(str(after["labels"]))["variant"] == "standard"

    result = grid.score(out, [FAMILIES["pose"].shipped_checkpoint], ["full", "lite"])
    assert result["clips"] == 2
    # lite is missing on one clip, so only full is compared
    assert result["methods"] == ["pose model, BlazePose full", "elbow recipe, BlazePose full", "pixel model"]
    for method in result["methods"]:
        push_up = result["cells"][method]["side|standard"]
        negative = result["cells"][method]["front_floor|none"]
        assert push_up["rep_obo"] in (0.0, 1.0) and negative["rep_obo"] is None
        assert negative["negatives_with_reps"] in (0.0, 1.0) and 0.0 <= push_up["miss_rate"] <= 1.0
    table = grid.markdown(result)
    assert "| side |" in table and "pose model, BlazePose full" in table
    grid.plot(result, out / "grid.png")
    assert (out / "grid.png").read_bytes()[:4] == b"\x89PNG"
