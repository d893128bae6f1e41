"""Keypoint features: what they must not see (where the person is, how big, which side the
camera films from) and what they must keep (left is left, the head's side, missing joints)."""

import numpy as np
import pytest

from pushup_mobile.pose.features import (
    MIN_SCALE,
    NUM_FEATURES,
    SWAP,
    FeatureState,
    clip_features,
    step_features,
    torso_lengths,
)
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.contract import J
from pushup_mobile.synth.skeleton import LEFT_RIGHT_PAIRS
from pushup_mobile.synth.splits import SPLITS

SEED = 1  # training split: a side-view push-up set, portrait 216 x 384, head on the right
WIDTH, HEIGHT = 216, 384


@pytest.fixture(scope="module")
def pushup():
    clip = sample_clip(SEED, SPLITS["train"], frames=24, size=HEIGHT, variant="standard", view="side", framing="full",
                       edit="none")
    assert clip.program == "pushup_set" and (clip.camera.width, clip.camera.height) == (WIDTH, HEIGHT)
    return clip.keypoints, np.ones_like(clip.visibility)


def _mirror(keypoints, relabel):
    """The image flipped left-right; ``relabel``: joints named as a pose model would name
    them in the flipped image (the mirrored body's left arm is a right arm)."""
    out = keypoints.copy()
    out[..., 0] = 1.0 - out[..., 0]
    return out[:, SWAP] if relabel else out


def _as_joints(features):
    return features.reshape(len(features), -1, 3)


def test_shape_dtype_and_head_on_the_positive_side(pushup):
    features = clip_features(*pushup, WIDTH, HEIGHT)
    assert features.shape == (24, NUM_FEATURES) == (24, 51) and features.dtype == np.float32
    joints = _as_joints(features)
    assert (joints[:, J["nose"], 0] > 0.5).all()  # the head lies ahead of the hips, in torso lengths
    hips = joints[:, [J["left_hip"], J["right_hip"]], :2].mean(axis=1)
    np.testing.assert_allclose(hips, 0.0, atol=1e-6)


def test_translation_and_scale_of_the_person_do_not_change_the_features(pushup):
    keypoints, visibility = pushup
    moved = (keypoints - 0.5) * 0.6 + 0.5 + np.array([0.12, -0.07])
    np.testing.assert_allclose(clip_features(moved, visibility, WIDTH, HEIGHT),
                               clip_features(keypoints, visibility, WIDTH, HEIGHT), atol=1e-5)


def test_aspect_is_undone_so_distances_are_isotropic(pushup):
    keypoints, visibility = pushup
    # the same pixels described in a frame twice as wide: x fractions halve
    wide = keypoints * np.array([0.5, 1.0])
    np.testing.assert_allclose(clip_features(wide, visibility, 2 * WIDTH, HEIGHT),
                               clip_features(keypoints, visibility, WIDTH, HEIGHT), atol=1e-5)


def test_filming_from_the_other_side_gives_the_same_features(pushup):
    keypoints, visibility = pushup
    original = clip_features(keypoints, visibility, WIDTH, HEIGHT)
    np.testing.assert_allclose(clip_features(_mirror(keypoints, True), visibility, WIDTH, HEIGHT), original, atol=1e-5)


def test_a_mirrored_image_with_unchanged_names_swaps_left_and_right(pushup):
    keypoints, visibility = pushup
    original = _as_joints(clip_features(keypoints, visibility, WIDTH, HEIGHT))
    flipped = _as_joints(clip_features(_mirror(keypoints, False), visibility, WIDTH, HEIGHT))
    assert (flipped[:, J["nose"], 0] > 0.5).all()
    for left, right in LEFT_RIGHT_PAIRS:
        np.testing.assert_allclose(flipped[:, left], original[:, right], atol=1e-5)
    assert np.abs(flipped - original).max() > 0.1  # the swap is real: the far arm differs from the near one


def test_missing_joints_are_zeroed_and_flagged(pushup):
    keypoints, visibility = pushup
    visibility = visibility.copy()
    wrists = [J["left_wrist"], J["right_wrist"]]  # both: the mirror may swap left and right
    visibility[:, wrists] = 0.2
    joints = _as_joints(clip_features(keypoints, visibility, WIDTH, HEIGHT))
    np.testing.assert_array_equal(joints[:, wrists, :2], 0.0)
    np.testing.assert_allclose(joints[:, wrists, 2], 0.2)
    assert np.abs(joints[:, J["left_elbow"], :2]).sum() > 0  # the others stay
    visibility[5] = 0.0
    assert not clip_features(keypoints, visibility, WIDTH, HEIGHT)[5].any()


def test_step_form_equals_clip_form_with_state_carried(pushup):
    keypoints, visibility = pushup
    visibility = visibility.copy()
    visibility[8:11, [J["left_hip"], J["right_hip"]]] = 0.0  # hips lost: centre and scale come from the state
    clip = clip_features(keypoints, visibility, WIDTH, HEIGHT)
    state = FeatureState()
    for t in range(len(keypoints)):
        step, state = step_features(keypoints[t], visibility[t], WIDTH, HEIGHT, state)
        np.testing.assert_array_equal(step, clip[t])


def test_mirror_side_has_hysteresis_for_an_upright_body():
    """A standing person's head sways a little either side of the hips: the side must not
    flip at every sway, only once the head is clearly on the other side (lying down)."""
    frames = 12
    keypoints = np.zeros((frames, 17, 2))
    keypoints[:, :, 1] = 0.5
    keypoints[:, [J["left_shoulder"], J["right_shoulder"]], 1] = 0.3
    keypoints[:, [J["left_hip"], J["right_hip"]]] = 0.5
    sway = 0.02 * np.where(np.arange(frames) % 2 == 0, 1.0, -1.0)  # 0.1 torso lengths either way
    keypoints[:, [J["left_shoulder"], J["right_shoulder"]], 0] = 0.5 + sway[:, None]
    keypoints[:, 0, :] = keypoints[:, J["left_shoulder"]] - [0.0, 0.05]
    keypoints[8:, 0] = [0.3, 0.5]  # then the head goes well to the left of the hips
    visibility = np.zeros((frames, 17))
    visibility[:, [0, J["left_shoulder"], J["right_shoulder"], J["left_hip"], J["right_hip"]]] = 1.0
    nose_x = _as_joints(clip_features(keypoints, visibility, 100, 100))[:, 0, 0]
    np.testing.assert_array_equal(np.sign(nose_x[:8]), np.sign(sway[:8]))  # no mirroring while upright
    assert (nose_x[8:] > 0.5).all()  # mirrored once the head is clearly on the -x side


def test_torso_length_is_guarded_by_shoulder_breadth():
    points = np.tile([0.5, 0.52], (3, 17, 1))  # hips (and the rest) here: a torso seen end-on
    points[:, J["left_shoulder"]] = [0.4, 0.50]
    points[:, J["right_shoulder"]] = [0.6, 0.50]
    visible = np.ones((3, 17), dtype=bool)
    visible[1, J["right_shoulder"]] = False
    visible[2] = False
    lengths = torso_lengths(points, visible)
    assert lengths[0] == pytest.approx(0.2 / 0.8)
    assert lengths[1] == pytest.approx(np.hypot(0.1, 0.02))
    assert np.isnan(lengths[2])
    tiny = clip_features(points[:1] * 0.01, np.ones((1, 17)), 100, 100)  # a body a few pixels tall
    np.testing.assert_allclose(_as_joints(tiny)[0, J["right_shoulder"], 0], 0.001 / MIN_SCALE, rtol=1e-5)
