"""The breadth-signal experiment: what it reads as a depth signal and when it says nothing."""

import numpy as np
import pytest

from pushup_mobile.contract import J
from pushup_mobile.errors import BadInputError
from pushup_mobile.experiments.breadth_signal import MIN_FRAMES, breadth, clip_figures, measure


def _frames(count: int, span: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keypoints = np.full((count, 17, 2), 0.5)
    keypoints[:, J["left_shoulder"], 0] = 0.5 - span / 2
    keypoints[:, J["right_shoulder"], 0] = 0.5 + span / 2
    return keypoints, np.ones((count, 17))


def test_breadth_is_the_shoulders_distance_in_long_side_units_and_nan_when_an_elbow_is_lost():
    keypoints, visibility = _frames(4, np.full(4, 0.2))
    visibility[2, J["left_elbow"]] = 0.1
    got = breadth(keypoints, visibility, 200, 100)  # x is the long side
    np.testing.assert_allclose(got[[0, 1, 3]], 0.2)
    assert np.isnan(got[2])


def test_shoulders_that_narrow_as_the_body_goes_down_correlate_negatively_with_depth():
    t = np.arange(60)
    depth = 0.5 - 0.5 * np.cos(2 * np.pi * t / 30)
    keypoints, visibility = _frames(60, 0.2 * (1 - 0.05 * depth))
    correlation, change = clip_figures(breadth(keypoints, visibility, 100, 100), depth)
    assert correlation < -0.99 and 0 < change < 0.01


def test_too_few_seen_frames_or_a_still_body_say_nothing():
    keypoints, visibility = _frames(MIN_FRAMES + 5, np.full(MIN_FRAMES + 5, 0.2))
    visibility[: 10, J["right_elbow"]] = 0.0
    moving = np.linspace(0, 1, MIN_FRAMES + 5)
    assert clip_figures(breadth(keypoints, visibility, 100, 100), moving) is None
    assert clip_figures(breadth(*_frames(40, np.full(40, 0.2)), 100, 100), np.zeros(40)) is None


def test_a_folder_without_the_view_is_one_clear_error(tmp_path):
    (tmp_path / "clips").mkdir()
    with pytest.raises(BadInputError, match="run the grid's render first"):
        measure(tmp_path, "overhead")
