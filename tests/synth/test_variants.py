"""Push-up variants and hard negatives: each is the body it claims to be, labelled as such."""

import numpy as np
import pytest

from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.synth.negatives import NEGATIVES, negative
from pushup_mobile.synth.pushups import VARIANTS, burpee_set, pushup_set
from pushup_mobile.contract import J
from pushup_mobile.synth.skeleton import Body


def angle(a, b, c):
    u, v = a - b, c - b
    return np.degrees(np.arccos(np.sum(u * v, -1) / np.linalg.norm(u, axis=-1) / np.linalg.norm(v, axis=-1)))


def mid(joints, name):
    return joints[:, [J[f"left_{name}"], J[f"right_{name}"]]].mean(axis=1)


def body_tilt(joints):
    """Degrees the shoulder-ankle (or shoulder-knee) line rises from the floor."""
    shoulder, ankle = mid(joints, "shoulder"), mid(joints, "ankle")
    return np.degrees(np.arctan2(shoulder[:, 2] - ankle[:, 2], np.abs(shoulder[:, 0] - ankle[:, 0])))


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "burpee"])
@pytest.mark.parametrize("height", [1.5, 1.95])
def test_every_variant_keeps_limbs_counts_its_reps_and_bends_the_elbows(variant, height):
    body = Body.from_stature(height)
    for seed in range(4):
        motion = pushup_set(body, np.random.default_rng(seed), 15.0, reps=3, faults={}, variant=variant, partial=False)
        j = motion.joints
        assert motion.variant == variant and len(motion.reps) == 3 and motion.pushup.all()
        for side in ("left", "right"):
            upper = np.linalg.norm(j[:, J[f"{side}_shoulder"]] - j[:, J[f"{side}_elbow"]], axis=-1)
            fore = np.linalg.norm(j[:, J[f"{side}_elbow"]] - j[:, J[f"{side}_wrist"]], axis=-1)
            np.testing.assert_allclose(upper, body.upper_arm, rtol=0.01)
            np.testing.assert_allclose(fore, body.forearm, rtol=0.01)
        elbow = angle(j[:, J["left_shoulder"]], j[:, J["left_elbow"]], j[:, J["left_wrist"]])
        for start, bottom, end in motion.reps:
            assert elbow[start] > 150 and elbow[bottom] < 95, (variant, seed)
        assert j[..., 2].min() >= 0.0


def test_incline_tilts_the_body_and_decline_raises_the_feet():
    body = Body.from_stature(1.75)
    for seed in range(8):
        incline = pushup_set(body, np.random.default_rng(seed), 15.0, reps=1, faults={}, variant="incline", partial=False)
        top = body_tilt(incline.joints)[0]
        assert 10 <= top <= 75 and incline.joints[0, J["left_wrist"], 2] >= 0.2
        decline = pushup_set(body, np.random.default_rng(seed), 15.0, reps=1, faults={}, variant="decline", partial=False)
        assert decline.joints[0, J["left_ankle"], 2] > 0.25 + 0.5 * body.foot_length
        assert body_tilt(decline.joints)[decline.reps[0][1]] < -5  # head below the feet at the bottom


def test_clap_reps_leave_the_floor_and_planted_variants_do_not():
    body = Body.from_stature(1.75)
    clap = pushup_set(body, np.random.default_rng(1), 15.0, reps=4, faults={}, variant="clap", partial=False)
    assert clap.joints[:, J["left_wrist"], 2].max() > 0.05 + clap.joints[0, J["left_wrist"], 2]
    wide = pushup_set(body, np.random.default_rng(1), 15.0, reps=4, faults={}, variant="wide", partial=False)
    assert np.ptp(wide.joints[:, J["left_wrist"]], axis=0).max() < 1e-9


def test_tempo_variants_are_fast_and_slow():
    body = Body.from_stature(1.75)
    fast = pushup_set(body, np.random.default_rng(0), 15.0, reps=6, faults={}, variant="fast", partial=False)
    slow = pushup_set(body, np.random.default_rng(0), 15.0, reps=6, faults={}, variant="slow", partial=False)
    per_rep = lambda m: np.mean([(e - s + 1) / m.fps for s, _, e in m.reps])  # noqa: E731
    assert per_rep(fast) <= 0.95 and per_rep(slow) >= 3.4


def test_half_reps_at_the_edges_are_push_up_frames_but_not_reps():
    body = Body.from_stature(1.75)
    found = 0
    for seed in range(60):
        motion = pushup_set(body, np.random.default_rng(seed), 15.0, reps=2, faults={}, variant="standard")
        assert len(motion.reps) == 2
        first = motion.reps[0][0]
        if motion.depth[0] == 1.0:  # caught at the bottom
            found += 1
            assert motion.pushup[:first].all()
    assert found > 0


def test_a_burpee_with_a_push_up_counts_it_and_one_without_does_not():
    body = Body.from_stature(1.75)
    rng = np.random.default_rng(3)
    counted = burpee_set(body, rng, 15.0, pushup=True, count=3)
    assert len(counted.reps) == 3 and counted.variant == "burpee" and counted.pushup.any()
    thrust = burpee_set(body, rng, 15.0, pushup=False, count=3)
    assert thrust.reps == [] and thrust.pushup.sum() == 0 and thrust.depth.max() == 0


@pytest.mark.parametrize("name", list(NEGATIVES))
def test_each_negative_is_labelled_as_itself_and_stays_above_the_floor(name):
    motion = negative(Body.from_stature(1.7), np.random.default_rng(5), 15.0, 4.0, name)
    assert len(motion) >= 4.0 * 15 - 1
    assert motion.pushup.sum() == 0 and motion.reps == [] and motion.depth.max() == 0
    assert {ACTIVITIES[a] for a in np.unique(motion.activity)} == {name}
    assert motion.joints[..., 2].min() >= 0.0 and np.isfinite(motion.joints).all()


def test_floor_negatives_keep_the_elbows_straight_or_the_chest_up():
    """Planks, mountain climbers, crawling: the shoulders never go down to the floor as
    in a push-up's bottom (a chest depth above it)."""
    body = Body.from_stature(1.75)
    for name in ("plank", "mountain_climber", "crawling", "downward_dog"):
        for seed in range(4):
            j = negative(body, np.random.default_rng(seed), 15.0, 4.0, name).joints
            assert mid(j, "shoulder")[:, 2].min() > 1.5 * body.chest_depth, (name, seed)
