"""Motion programs and cameras: labels agree with the geometry they come from."""

import numpy as np
import pytest

from pushup_mobile.contract import FAULTS, J
from pushup_mobile.form.measure import measure_frame
from pushup_mobile.synth.camera import Camera
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.synth.negatives import negative
from pushup_mobile.synth.pushups import pushup_set
from pushup_mobile.synth.skeleton import Body
from pushup_mobile.synth.splits import SPLITS


def angle(a, b, c):
    u, v = a - b, c - b
    return np.degrees(np.arccos(np.sum(u * v, -1) / np.linalg.norm(u, axis=-1) / np.linalg.norm(v, axis=-1)))


def test_same_seed_same_clip_other_seed_differs():
    train = SPLITS["train"]
    a, b, c = sample_clip(11, train), sample_clip(11, train), sample_clip(12, train)
    assert np.array_equal(a.keypoints, b.keypoints) and np.array_equal(a.motion.depth, b.motion.depth)
    assert not np.array_equal(a.keypoints, c.keypoints)


@pytest.mark.parametrize("height", [1.5, 1.75, 1.95])
def test_depth_follows_elbow_angle_and_limbs_keep_their_length(height):
    body = Body.from_stature(height)
    motion = pushup_set(body, np.random.default_rng(0), 15.0, reps=3, faults={}, variant="standard", partial=False)
    j = motion.joints
    elbow = angle(j[:, J["left_shoulder"]], j[:, J["left_elbow"]], j[:, J["left_wrist"]])
    assert np.corrcoef(motion.depth, elbow)[0, 1] < -0.95
    assert elbow[motion.depth == 0].min() > 150  # locked out at the top
    assert elbow[motion.depth.argmax()] < 90
    upper = np.linalg.norm(j[:, J["left_shoulder"]] - j[:, J["left_elbow"]], axis=-1)
    fore = np.linalg.norm(j[:, J["left_elbow"]] - j[:, J["left_wrist"]], axis=-1)
    np.testing.assert_allclose(upper, body.upper_arm, atol=1e-6)
    np.testing.assert_allclose(fore, body.forearm, atol=1e-5)


def test_hands_and_feet_stay_planted():
    motion = pushup_set(Body.from_stature(1.8), np.random.default_rng(1), 15.0, reps=4, faults={}, variant="standard", partial=False)
    for name in ("left_wrist", "right_wrist", "left_ankle", "right_ankle"):
        assert np.ptp(motion.joints[:, J[name]], axis=0).max() < 1e-9, name


def hip_offset(motion):
    """Signed height of the hips above the ankle-shoulder line in the side plane (metres)."""
    j = motion.joints[..., [0, 2]]
    ankle, shoulder, hip = j[:, J["left_ankle"]], j[:, J["left_shoulder"]], j[:, J["left_hip"]]
    u = (shoulder - ankle) / np.linalg.norm(shoulder - ankle, axis=-1, keepdims=True)
    along = np.sum((hip - ankle) * u, -1, keepdims=True)
    return (hip - ankle - along * u)[:, 1]


def head_bend(motion, frame):
    """Degrees the ear leaves the hip-shoulder line at ``frame``, seen from the side."""
    side = motion.joints[frame][:, [0, 2]] * np.array([1.0, -1.0])
    return abs(measure_frame(side, np.ones(len(J))).head_bend)


@pytest.mark.parametrize(("fault", "size", "check"), [
    ("hip_sag", 30.0, lambda m: hip_offset(m)[m.reps[-1][0]:].max() < -0.05),
    ("hip_pike", 35.0, lambda m: hip_offset(m)[m.reps[-1][0]:].min() > 0.1),
    ("incomplete_lockout", 130.0, lambda m: m.depth[m.reps[-1][0]:].min() > 0.1),
    ("head_drop", 50.0, lambda m: head_bend(m, m.reps[-1][1]) - head_bend(m, m.reps[-1][0] - 1) > 20.0),
])
def test_faults_change_the_body_and_are_labelled(fault, size, check):
    """A fault drawn well past its threshold (in its units) shows in the body by the last
    rep (it may grow rep by rep, as with fatigue), and the measured labels name it, and
    only it, there."""
    motion = pushup_set(Body.from_stature(1.75), np.random.default_rng(2), 15.0, reps=3, faults={fault: size}, variant="standard", partial=False)
    if fault == "incomplete_lockout":
        assert motion.depth[: motion.reps[0][0]].max() == 0.0  # the lead-in plank is locked out
    assert check(motion)
    k = FAULTS.index(fault)
    assert motion.faults[motion.reps[-1][0]:, k].all() and motion.faults[:, [i for i in range(len(FAULTS)) if i != k]].sum() == 0


@pytest.mark.parametrize(("fault", "size"), [("hip_sag", 6.0), ("hip_pike", 6.0), ("head_drop", 8.0), ("incomplete_lockout", 168.0)])
def test_mild_faults_are_not_labelled(fault, size):
    """Inside the rule's tolerance the body still moves, but the measured label stays clean."""
    motion = pushup_set(Body.from_stature(1.75), np.random.default_rng(3), 15.0, reps=2, faults={fault: size}, variant="standard", partial=False)
    assert len(motion.reps) == 2 and motion.faults.sum() == 0


def test_a_rep_short_of_the_bottom_is_not_counted_but_labelled_shallow():
    """Elbows stopping at ~105 degrees: depth past the counter's partial_depth, short of its
    bottom. Not a rep; its frames are a depth fault."""
    motion = pushup_set(Body.from_stature(1.75), np.random.default_rng(5), 15.0, reps=3, faults={"shallow_depth": 105.0},
                        variant="standard", partial=False)
    assert motion.reps == [] and 0.45 <= motion.depth.max() < 0.6
    assert motion.faults[:, FAULTS.index("shallow_depth")].any()
    nodding = pushup_set(Body.from_stature(1.75), np.random.default_rng(5), 15.0, reps=3, faults={"shallow_depth": 150.0},
                         variant="standard", partial=False)
    assert nodding.reps == [] and nodding.faults.sum() == 0  # a nod of the arms is no attempt at a rep


def test_rep_boundaries_match_depth():
    motion = pushup_set(Body.from_stature(1.7), np.random.default_rng(4), 15.0, reps=5, faults={}, variant="standard", partial=False)
    assert len(motion.reps) == 5
    for start, bottom, end in motion.reps:
        assert start < bottom < end
        assert motion.depth[bottom] == motion.depth[start : end + 1].max() == pytest.approx(1.0)
        assert motion.depth[start] < 0.05 and motion.depth[end] < 0.05


@pytest.mark.parametrize("seed", range(12))
def test_negatives_have_no_pushup_labels(seed):
    motion = negative(Body.from_stature(1.7), np.random.default_rng(seed), 15.0, 3.0)
    assert motion.pushup.sum() == 0 and motion.depth.max() == 0 and motion.reps == []
    assert ACTIVITIES[motion.activity[0]] != "pushup"


@pytest.mark.parametrize("seed", range(20))
def test_every_clip_stays_above_the_floor_and_mostly_in_frame(seed):
    clip = sample_clip(seed, SPLITS["train"])
    assert clip.motion.joints[..., 2].min() >= -1e-9
    assert len(clip.motion) == 64 and clip.keypoints.shape == (64, 17, 2)
    seen = ~clip.absent  # nobody in the picture on a title card or in an empty room
    assert seen.any() == (clip.edit != "empty")
    assert not seen.any() or clip.visibility[seen].mean() > 0.3
    assert set(np.unique(clip.motion.pushup)) <= {0.0, 1.0}


def test_projection_puts_the_target_at_the_centre():
    camera = Camera(np.array([[3.0, 0.0, 1.0]]), np.array([[0.0, 0.0, 1.0]]), np.zeros(1), 60.0, 128, 72)
    pixels, depth = camera.project(np.array([[[0.0, 0.0, 1.0], [0.0, -0.5, 1.0], [0.0, 0.0, 1.5]]]))
    np.testing.assert_allclose(pixels[0, 0], [64, 36], atol=1e-9)
    assert depth[0, 0] == pytest.approx(3.0)
    assert pixels[0, 1, 0] < 64  # camera on +x looking at -x: the body's right (-y) is to the left
    assert pixels[0, 2, 1] < 36  # up is up
    assert camera.visible(pixels, depth).tolist() == [[1.0, 1.0, 1.0]]


def test_a_clean_push_up_keeps_the_body_rigid_and_nearly_straight():
    """Without a fault the body line keeps one shape through the set (its person's own
    build, within NATURAL_BEND's clip of 8 degrees), and no frame is labelled."""
    for seed in range(6):
        body = Body.from_stature(1.75)
        motion = pushup_set(body, np.random.default_rng(seed), 15.0, reps=2, faults={}, variant="standard", partial=False)
        offset = hip_offset(motion)
        assert np.ptp(offset) < 5e-3 and motion.faults.sum() == 0  # millimetres: the floor may stop a low hip
        seen = np.ones(len(J))
        bends = [measure_frame(points, seen).hip_bend for points in motion.joints[:, :, [0, 2]] * np.array([1.0, -1.0])]
        assert np.abs(bends).max() <= 8.0 + 1e-6


def test_left_is_left():
    """The body's left side (+y) holds every left joint, face included, standing and in a push-up."""
    from pushup_mobile.synth.poses import PushupStance, pushup_pose, upright_pose
    from pushup_mobile.synth.skeleton import LEFT_RIGHT_PAIRS

    body = Body.from_stature(1.75)
    for pose in (upright_pose(body), pushup_pose(body, PushupStance(0.5, 0.2, 0.3), 0.5)):
        for left, right in LEFT_RIGHT_PAIRS:
            assert pose[left, 1] > pose[right, 1]
