"""Augmentation moves keypoints with the pixels and keeps every label true."""

import numpy as np
import pytest

from pushup_mobile.data.augment import Augmentation, augment_clip, sample_augmentation
from pushup_mobile.contract import J


def dot_clip(size=64, frames=3):
    """A dark clip with one bright dot where the left wrist is."""
    clip = np.zeros((frames, size, size, 3), dtype=np.uint8)
    keypoints = np.full((frames, 17, 2), 0.5, dtype=np.float32)
    keypoints[:, J["left_wrist"]] = [0.25, 0.375]
    keypoints[:, J["right_wrist"]] = [0.75, 0.375]
    clip[:, 24, 16] = 255
    return clip, keypoints, np.ones((frames, 17), dtype=np.float32)


def plain(**changes):
    base = dict(angle_deg=0.0, flip=False, scale=1.0, shift=(0.0, 0.0), brightness=0.0, contrast=1.0,
                saturation=1.0, blur=0, noise=0.0, erase=None)
    return Augmentation(**{**base, **changes})


@pytest.mark.parametrize("aug", [plain(angle_deg=9.0), plain(scale=1.1, shift=(0.05, -0.05)), plain(flip=True)])
def test_keypoints_follow_the_pixels(aug):
    frames, keypoints, visibility = dot_clip()
    out, moved, vis = augment_clip(frames, keypoints, visibility, aug, np.random.default_rng(0))
    y, x = np.unravel_index(out[0, ..., 0].argmax(), out.shape[1:3])
    joint = "right_wrist" if aug.flip else "left_wrist"  # after a flip the dot is the right wrist
    np.testing.assert_allclose(moved[0, J[joint]] * 64, [x + 0.5, y + 0.5], atol=1.5)
    assert vis.all()


def test_flip_swaps_left_and_right_labels():
    frames, keypoints, visibility = dot_clip()
    visibility[:, J["left_wrist"]] = 0.0
    _, moved, vis = augment_clip(frames, keypoints, visibility, plain(flip=True), np.random.default_rng(0))
    np.testing.assert_allclose(moved[0, J["left_wrist"]], [0.25, 0.375], atol=1e-6)  # the mirrored right wrist
    assert vis[0, J["right_wrist"]] == 0.0 and vis[0, J["left_wrist"]] == 1.0


def test_same_transform_on_every_frame_and_out_of_frame_points_hidden():
    frames, keypoints, visibility = dot_clip(frames=4)
    aug = plain(shift=(0.7, 0.0))
    out, moved, vis = augment_clip(frames, keypoints, visibility, aug, np.random.default_rng(0))
    assert all(np.array_equal(out[0], out[t]) for t in range(4))
    assert vis[0, J["right_wrist"]] == 0.0  # pushed past the right edge
    assert np.all(np.diff(moved, axis=0) == 0)


def test_sampled_augmentations_are_deterministic_and_keep_shapes():
    frames, keypoints, visibility = dot_clip()
    a = augment_clip(frames, keypoints, visibility, sample_augmentation(np.random.default_rng(3)), np.random.default_rng(3))
    b = augment_clip(frames, keypoints, visibility, sample_augmentation(np.random.default_rng(3)), np.random.default_rng(3))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert a[0].shape == frames.shape and a[0].dtype == np.uint8
