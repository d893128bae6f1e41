"""The noise model: seeded, and its statistics are the ones it was fitted to."""

from dataclasses import replace

import numpy as np
import pytest

from pushup_mobile.pose.features import isotropic
from pushup_mobile.pose.noise import CHAINS, DEFAULT, GROUPS, corrupt, far_side
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.contract import J
from pushup_mobile.synth.splits import SPLITS

SIZE = 100
QUIET = replace(DEFAULT, jitter_white=(0.0,) * 7, jitter_drift=(0.0,) * 7, outlier_rate=0.0, global_log_scale=0.0,
                global_offset=0.0, swap_on=0.0, miss_on=0.0)
"""Every error switched off; each test switches on the one it checks."""


def _standing(frames):
    """A body 0.6 of the frame tall (torso 0.2, longer than shoulder breadth / 0.8), arms
    and legs spread so left and right lie far apart: every swap is visible."""
    layout = {
        "nose": (0.5, 0.15), "left_eye": (0.48, 0.14), "right_eye": (0.52, 0.14), "left_ear": (0.45, 0.15),
        "right_ear": (0.55, 0.15), "left_shoulder": (0.45, 0.25), "right_shoulder": (0.55, 0.25),
        "left_elbow": (0.3, 0.3), "right_elbow": (0.7, 0.3), "left_wrist": (0.2, 0.35), "right_wrist": (0.8, 0.35),
        "left_hip": (0.44, 0.45), "right_hip": (0.56, 0.45), "left_knee": (0.38, 0.6), "right_knee": (0.62, 0.6),
        "left_ankle": (0.34, 0.75), "right_ankle": (0.66, 0.75),
    }
    points = np.array([layout[name] for name in sorted(layout, key=J.get)])
    return np.repeat(points[None], frames, axis=0), np.ones((frames, 17)), np.zeros((frames, 17), dtype=bool)


def test_same_seed_same_noise_and_another_seed_differs():
    keypoints, inside, far = _standing(40)
    a = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(5))
    b = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(5))
    c = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(6))
    np.testing.assert_array_equal(a.keypoints, b.keypoints)
    np.testing.assert_array_equal(a.visibility, b.visibility)
    assert np.abs(a.keypoints - c.keypoints).max() > 1e-3


def test_jitter_per_group_has_the_fitted_standard_deviation():
    frames = 4000
    keypoints, inside, far = _standing(frames)
    params = replace(QUIET, jitter_white=DEFAULT.jitter_white, jitter_drift=DEFAULT.jitter_drift)
    noisy = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(0), params)
    torso = 0.2  # shoulder midpoint (0.5, 0.25) to hip midpoint (0.5, 0.45)
    error = (noisy.keypoints - keypoints) / torso
    for g, joints in enumerate(GROUPS.values()):
        expected = np.hypot(DEFAULT.jitter_white[g], DEFAULT.jitter_drift[g])
        assert error[:, list(joints)].std() == pytest.approx(expected, rel=0.2), list(GROUPS)[g]


def test_default_errors_match_what_blazepose_showed_on_a_push_up():
    """Measured medians of the seen joints: 0.07-0.15 torso lengths per group (runs/pose_noise)."""
    clip = sample_clip(0, SPLITS["train"], frames=64, size=384, variant="standard", view="side", edit="none")
    _, depth = clip.camera.project(clip.motion.joints)
    noisy = corrupt(clip.keypoints, clip.visibility, far_side(depth), clip.camera.width, clip.camera.height,
                    np.random.default_rng(1))
    live = ~noisy.missed
    truth = isotropic(clip.keypoints, clip.camera.width, clip.camera.height)[live]
    seen = isotropic(noisy.keypoints, clip.camera.width, clip.camera.height)[live]
    torso = np.linalg.norm(truth[:, [5, 6]].mean(axis=1) - truth[:, [11, 12]].mean(axis=1), axis=1).mean()
    median = float(np.median(np.linalg.norm(seen - truth, axis=-1) / torso))
    assert 0.06 < median < 0.2, median


def test_chains_swap_at_the_fitted_rate():
    frames = 20000
    keypoints, inside, far = _standing(frames)
    noisy = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(2), replace(QUIET, swap_on=DEFAULT.swap_on))
    expected = DEFAULT.swap_on / (DEFAULT.swap_on + DEFAULT.swap_off)
    for name, chain in CHAINS.items():
        left, right = chain[0]
        swapped = np.abs(noisy.keypoints[:, left] - keypoints[:, right]).max(axis=1) < 1e-6
        assert swapped.mean() == pytest.approx(expected, rel=0.25), name
        for left, right in chain[1:]:  # the chain swaps as a whole
            np.testing.assert_allclose(noisy.keypoints[swapped, left], keypoints[swapped, right], atol=1e-6)
    np.testing.assert_allclose(noisy.keypoints[:, J["nose"]], keypoints[:, J["nose"]], atol=1e-6)


def test_missed_frames_and_visibility_levels():
    frames = 20000
    keypoints, inside, far = _standing(frames)
    inside[:, J["left_ankle"]] = 0.0  # out of frame
    far[:, J["right_wrist"]] = True
    noisy = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(3), replace(QUIET, miss_on=DEFAULT.miss_on))
    assert noisy.missed.mean() == pytest.approx(DEFAULT.miss_on / (DEFAULT.miss_on + DEFAULT.miss_off), rel=0.25)
    assert not noisy.visibility[noisy.missed].any()
    live = noisy.visibility[~noisy.missed]
    near_wrist, far_wrist, gone = (live[:, J[n]].mean() for n in ("left_wrist", "right_wrist", "left_ankle"))
    assert near_wrist > 0.85 and 0.3 < far_wrist < 0.6 and gone < 0.5
