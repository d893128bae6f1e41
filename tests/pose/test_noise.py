"""The noise model: seeded, and its statistics are the ones it was fitted to."""

from dataclasses import replace

import numpy as np
import pytest

from pushup_mobile.pose.features import isotropic
from pushup_mobile.pose.noise import CHAINS, DEFAULT, GROUPS, corrupt, far_side, view_noise
from pushup_mobile.synth.camera import VIEWS
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
    wrists = list(GROUPS).index("wrists")
    z = np.random.default_rng(9).standard_normal(100000) * DEFAULT.vis_logit_std

    def expected(level):  # the mean score a logit level gives under the fitted wander
        return float(np.mean(1.0 / (1.0 + np.exp(-(level + z)))))

    assert near_wrist == pytest.approx(expected(DEFAULT.vis_logit_near[wrists]), abs=0.03)
    assert far_wrist == pytest.approx(expected(DEFAULT.vis_logit_far[wrists]), abs=0.03)
    assert gone == pytest.approx(expected(DEFAULT.vis_logit_out), abs=0.03)
    assert near_wrist > far_wrist + 0.3


def test_gross_errors_hold_their_place_for_episodes_of_the_fitted_length():
    frames = 20000
    keypoints, inside, far = _standing(frames)
    params = replace(QUIET, outlier_rate=0.05, outlier_scale=0.6, outlier_off=0.4)
    noisy = corrupt(keypoints, inside, far, SIZE, SIZE, np.random.default_rng(4), params)
    off = np.abs(noisy.keypoints - keypoints).max(axis=2) > 1e-6  # [T, 17]
    assert off.mean() == pytest.approx(0.05, rel=0.2)
    starts = (off[1:] & ~off[:-1]).sum()
    assert off[1:].sum() / starts == pytest.approx(1 / 0.4, rel=0.2)  # mean episode length
    held = off[1:] & off[:-1]
    np.testing.assert_allclose(noisy.keypoints[1:][held], noisy.keypoints[:-1][held], atol=1e-6)


def test_both_shipped_fits_cover_every_view_and_differ_in_how_gross_errors_last():
    moments, typical = view_noise("moments"), view_noise("typical")
    assert set(moments.by_view) == set(typical.by_view) == set(VIEWS)
    assert all(p.outlier_off == 1.0 for p in moments.by_view.values())  # a fresh error every frame
    assert all(p.outlier_off < 0.9 for p in typical.by_view.values())  # held for a few frames
    # the typical fit's white jitter is the smaller: the tail is drawn as gross errors instead
    assert all(sum(typical[v].jitter_white) < sum(moments[v].jitter_white) for v in VIEWS)
