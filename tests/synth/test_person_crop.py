"""The person crop's training squares: asked every PERSON_CHECK_EVERY frames like the
app's detector, held through misses, whole frame before the first sighting; shards cut to
them keep the joints inside the square."""

import numpy as np

from pushup_mobile.preprocess import PERSON_CHECK_EVERY
from pushup_mobile.synth.dataset import DatasetSpec, read_shard, write_dataset
from pushup_mobile.synth.person_crop import body_square, person_boxes


def _joints(frames: int) -> np.ndarray:
    body = np.zeros((17, 2))
    body[:, 0] = np.linspace(100, 300, 17)  # lying along x
    body[:, 1] = 200
    body[[11, 12]] = (200, 200)  # the hips in the middle
    return np.repeat(body[None], frames, axis=0)


def test_a_perfect_squares_side_is_the_bodys_span_times_the_detectors_ratio():
    cx, cy, side = body_square(_joints(1)[0])
    assert (cx, cy) == (200.0, 200.0) and np.isclose(side, 1.2 * 200)


def test_squares_change_only_when_the_detector_is_asked_and_never_before_the_person_is_in_view():
    frames = 40
    in_view = np.arange(frames) >= 12
    boxes = person_boxes(_joints(frames), in_view, np.random.default_rng(0))
    assert all(box is None for box in boxes[:12])  # nobody in view: the whole frame
    first = boxes.index(next(box for box in boxes if box is not None))
    assert first >= 15 and first % PERSON_CHECK_EVERY == 0  # found at the first check after they appear (or a later one)
    held = [boxes[t] == boxes[t - 1] for t in range(first + 1, frames) if t % PERSON_CHECK_EVERY]
    assert all(held)  # between checks the square holds
    assert len({box for box in boxes if box is not None}) > 1  # each check draws the detector's error anew
    sides = [box[2] for box in boxes if box is not None]
    assert 0.3 * 240 < min(sides) and max(sides) < 3 * 240  # the detector's spread, not wild


def test_person_crop_shards_keep_visible_joints_inside_the_square(tmp_path):
    spec = DatasetSpec(clips=2, seed=4, size=48, frames=10, shard_size=2, crop="person")
    shard = read_shard(write_dataset(tmp_path, spec)[0])
    assert shard["frames"].shape == (2, 10, 48, 48, 3)
    seen = shard["visibility"] > 0
    assert seen.any()
    inside = shard["keypoints"][seen]
    assert inside.min() >= 0.0 and inside.max() <= 1.0
    again = read_shard(write_dataset(tmp_path / "again", spec)[0])
    assert np.array_equal(again["frames"], shard["frames"])  # same spec, same bytes
