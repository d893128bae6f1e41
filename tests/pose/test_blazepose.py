"""BlazePose: anchors and decoding against hand-computed values, the ROI geometry, and the
whole runner (detector, landmarks, tracker) against the renderer's exact keypoints."""

from importlib.metadata import PackageNotFoundError

import numpy as np
import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.pose import blazepose
from pushup_mobile.pose.anchors import Detections, decode, ssd_anchors, weighted_nms
from pushup_mobile.pose.blazepose import BLAZEPOSE_TO_COCO, BlazePose, PoseResult, Roi, to_coco
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.contract import J
from pushup_mobile.synth.splits import SPLITS

CASES = ((1, "none", "side"), (7, "standard", "oblique"), (5, "none", "side"), (17, "none", "side"))
"""Training-split clips (seed, variant, view), full framing: squats and sitting (portrait),
an oblique push-up and a plank (landscape)."""
SIZE = 384
FRAMES = 4
CHECKED = [J[f"{side}_{part}"] for part in ("shoulder", "hip", "ankle") for side in ("left", "right")]
# Errors as a fraction of the frame's long side. Measured on these clips: median 0.009-0.018
# per clip, worst 0.04 (15 px); the detector's hip centre within 0.039, every visible joint 0.1 or
# more inside its crop. Swapping x and y (detector or landmarks) or stretching the frame
# instead of letterboxing it puts the worst joint 0.4-0.65 off and the hip centre
# 0.12-0.48 off; letterboxing without undoing it shrinks the jumping jack's crop past its feet.
MEDIAN_TOLERANCE = 0.02
WORST_TOLERANCE = 0.06
HIP_TOLERANCE = 0.06


def test_anchors_tile_the_three_feature_maps_in_model_order():
    anchors = ssd_anchors()
    assert anchors.shape == (2254, 2)
    np.testing.assert_allclose(anchors[0], [0.5 / 28, 0.5 / 28])
    np.testing.assert_allclose(anchors[1], anchors[0])  # two anchors per cell at stride 8
    np.testing.assert_allclose(anchors[2], [1.5 / 28, 0.5 / 28])  # then along the row
    np.testing.assert_allclose(anchors[28 * 28 * 2], [0.5 / 14, 0.5 / 14])  # stride 16 starts
    np.testing.assert_allclose(anchors[-6:], np.full((6, 2), 6.5 / 7))  # three stride-32 layers share a cell
    np.testing.assert_allclose(anchors[-7], [5.5 / 7, 6.5 / 7])


def test_decoding_a_hand_made_tensor():
    raw = np.zeros((2254, 12), np.float32)
    logits = np.full((2254, 1), -20.0, np.float32)
    k = 1568 + (3 * 14 + 5) * 2  # stride 16, row 3, column 5: anchor centre (0.392857, 0.25)
    raw[k] = [22.4, -11.2, 44.8, 89.6, 0, 0, 11.2, 22.4, 0, 0, -22.4, 0]  # input pixels (224)
    logits[k] = 2.0
    found = decode(raw, logits, ssd_anchors())
    assert len(found) == 1
    np.testing.assert_allclose(found.boxes[0], [0.392857, 0.0, 0.592857, 0.4], atol=1e-5)
    expected = [[0.392857, 0.25], [0.442857, 0.35], [0.392857, 0.25], [0.292857, 0.25]]
    np.testing.assert_allclose(found.keypoints[0], expected, atol=1e-5)
    assert found.scores[0] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_weighted_nms_averages_a_cluster_and_keeps_separate_people():
    boxes = np.array([[0.1, 0.1, 0.3, 0.5], [0.12, 0.1, 0.32, 0.5], [0.6, 0.1, 0.8, 0.5]])
    keypoints = np.repeat(boxes[:, None, :2], 4, axis=1)
    merged = weighted_nms(Detections(boxes, keypoints, np.array([0.6, 0.9, 0.7])))
    assert len(merged) == 2
    np.testing.assert_allclose(merged.scores, [0.9, 0.7])
    np.testing.assert_allclose(merged.boxes, [[0.112, 0.1, 0.312, 0.5], boxes[2]])  # (0.9 b1 + 0.6 b0) / 1.5
    np.testing.assert_allclose(merged.keypoints[0, 0], [0.112, 0.1])


@pytest.mark.parametrize("degrees", [0, 90, 180, -135])
def test_roi_turns_the_body_axis_up_and_crops_what_it_maps(degrees):
    centre = np.array([120.0, 80.0])
    towards = centre + 40 * np.array([np.sin(np.radians(degrees)), -np.cos(np.radians(degrees))])  # 0: up, 90: right
    roi = Roi.aligned(centre, towards)
    assert roi.size == pytest.approx(2 * 40 * 1.25)
    np.testing.assert_allclose(roi.to_frame(np.array([0.5, 0.1])), towards, atol=1e-9)  # straight up in the crop
    frame = np.zeros((160, 240, 3), np.uint8)
    frame[70:73, 140:143] = 255  # a dot centred on (141.5, 71.5)
    weights = roi.crop(frame, 64)[..., 0].astype(float)
    rows, cols = np.mgrid[:64, :64] + 0.5
    dot = np.array([(cols * weights).sum(), (rows * weights).sum()]) / weights.sum() / 64
    np.testing.assert_allclose(roi.to_frame(dot), [141.5, 71.5], atol=0.5)


def test_coco_joints_are_picked_by_name():
    assert BLAZEPOSE_TO_COCO == (0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28)
    result = PoseResult(np.arange(66, dtype=np.float32).reshape(33, 2), np.arange(33, dtype=np.float32), 1.0, True)
    keypoints, visibility = to_coco(result)
    assert keypoints.shape == (17, 2) and visibility[J["left_hip"]] == 23
    np.testing.assert_array_equal(keypoints[J["right_ankle"]], [56, 57])


class _NoModels:
    version = "0.10.21"

    def locate_file(self, relative):
        return f"/nonexistent/{relative}"


def test_missing_mediapipe_says_how_to_install(monkeypatch):
    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(blazepose, "distribution", not_installed)
    with pytest.raises(BadInputError, match=r"pip install --no-deps mediapipe==0\.10\.21") as error:
        BlazePose()
    assert "\n" not in str(error.value)
    monkeypatch.setattr(blazepose, "distribution", lambda name: _NoModels())
    with pytest.raises(BadInputError, match=r"mediapipe 0\.10\.21 has no mediapipe/modules/pose_detection"):
        BlazePose()


@pytest.fixture(scope="module")
def runs():
    """Each clip rendered and run through one tracker: (clip, frames, seen, results)."""
    pose = BlazePose()
    out = []
    for seed, variant, view in CASES:
        clip = sample_clip(seed, SPLITS["train"], frames=FRAMES, size=SIZE, variant=variant, view=view, framing="full",
                           edit="none")
        frames, seen = render_clip(clip)
        pose.reset()
        out.append((clip, frames, seen, [pose(frame) for frame in frames]))
    return pose, out


def test_keypoints_land_on_the_rendered_truth(runs):
    _, clips = runs
    errors = []
    for clip, _, seen, results in clips:
        assert [r.detected for r in results] == [True] + [False] * (FRAMES - 1), clip.seed
        scale = np.array([clip.camera.width, clip.camera.height])
        for t, result in enumerate(results):
            assert result.presence > 0.5 and result.keypoints.dtype == np.float32
            keypoints, _ = to_coco(result)
            error = np.linalg.norm((keypoints - clip.keypoints[t]) * scale, axis=1) / scale.max()
            errors += [error[j] for j in CHECKED if seen[t, j]]
    errors = np.array(errors)
    assert len(errors) > 40
    assert np.median(errors) < MEDIAN_TOLERANCE and errors.max() < WORST_TOLERANCE, (np.median(errors), errors.max())


def test_detector_roi_is_centred_on_the_hips_and_holds_the_body(runs):
    pose, clips = runs
    for clip, frames, seen, _ in clips:
        scale = np.array([clip.camera.width, clip.camera.height])
        hips = clip.keypoints[0, [J["left_hip"], J["right_hip"]]].mean(axis=0) * scale
        roi = pose.detect(frames[0])
        assert np.linalg.norm(roi.centre - hips) / scale.max() < HIP_TOLERANCE, clip.seed
        c, s = np.cos(roi.rotation), np.sin(roi.rotation)
        in_crop = (clip.keypoints[0][seen[0] > 0] * scale - roi.centre) @ np.array([[c, -s], [s, c]]) / roi.size + 0.5
        assert (in_crop > 0).all() and (in_crop < 1).all(), (clip.seed, in_crop.min(), in_crop.max())


def test_tracking_skips_the_detector_until_the_pose_is_lost(runs, monkeypatch):
    pose, clips = runs
    frames = clips[0][1]
    calls = []
    monkeypatch.setattr(pose, "detect", lambda frame: calls.append(1) or BlazePose.detect(pose, frame))
    pose.reset()
    black = np.zeros_like(frames[0])
    results = [pose(frame) for frame in (frames[0], frames[1], frames[2], black, black, frames[3])]
    assert [r.detected for r in results] == [True, False, False, False, True, True]
    assert len(calls) == 3
    assert results[3].presence < 0.5 and results[4].presence == 0.0 and results[5].presence > 0.5
    with pytest.raises(BadInputError, match="uint8 RGB frame"):
        pose(frames[0][..., 0])


@pytest.mark.parametrize("landmark", ["full", "lite"])
def test_a_person_lying_along_the_long_axis_is_found_by_the_turned_search(landmark):
    """The push-up turned a quarter (as an overhead or head-on floor camera shows a body):
    the turned search finds it and the keypoints land on the turned truth, with either
    landmark model. (On this generator's training-split push-ups, side and oblique seeds
    0-7, the turned search finds 15 of 16.)"""
    clip = sample_clip(1, SPLITS["train"], frames=1, size=SIZE, variant="standard", view="side", framing="full", edit="none")
    frames, seen = render_clip(clip)
    turned = np.ascontiguousarray(np.rot90(frames[0]))  # counter-clockwise: (x, y) -> (y, W - x)
    width, height = clip.camera.width, clip.camera.height
    truth = np.stack([clip.keypoints[0, :, 1] * height, width - clip.keypoints[0, :, 0] * width], axis=1)
    pose = BlazePose(landmark=landmark, turn=True)
    result = pose(turned)
    assert result.presence > 0.5
    keypoints, _ = to_coco(result)
    error = np.linalg.norm(keypoints * [height, width] - truth, axis=1) / max(width, height)
    assert np.median(error[[j for j in CHECKED if seen[0, j]]]) < MEDIAN_TOLERANCE


def test_an_unknown_landmark_model_is_refused():
    with pytest.raises(BadInputError, match="known: full, lite"):
        BlazePose(landmark="heavy")
