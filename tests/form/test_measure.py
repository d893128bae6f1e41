"""Form measurements on bodies whose angles are known by construction."""

import math

import numpy as np
import pytest

from pushup_mobile.contract import J, JOINTS
from pushup_mobile.form.measure import FrameForm, measure_frame, quantile, summarise_rep
from pushup_mobile.synth.poses import PushupStance, hip_offset_for, pushup_pose
from pushup_mobile.synth.skeleton import Body

BODY = Body.from_stature(1.75)
STANCE = PushupStance(hand_width=0.45, feet_width=0.2, elbow_flare=0.3)
SEEN = np.ones(len(JOINTS))


def side_view(joints: np.ndarray, turn_deg: float = 0.0, mirror: bool = False) -> np.ndarray:
    """Joints [17, 3] seen exactly from the side, in pixels (y down), the picture turned by
    ``turn_deg`` (a tilted phone) and optionally mirrored (filmed from the other side)."""
    points = joints[:, [0, 2]] * np.array([1.0, -1.0]) * 400.0
    if mirror:
        points[:, 0] *= -1.0
    c, s = math.cos(math.radians(turn_deg)), math.sin(math.radians(turn_deg))
    return points @ np.array([[c, s], [-s, c]]) + 300.0


def frame(bend: float = 0.0, depth: float = 0.0, head: float = 0.0, **view) -> FrameForm:
    joints = pushup_pose(BODY, STANCE, depth, hip_offset=hip_offset_for(BODY, STANCE, bend), head_drop=math.radians(head))
    return measure_frame(side_view(joints, **view), SEEN)


@pytest.mark.parametrize("view", [{}, {"turn_deg": 25.0}, {"mirror": True}, {"turn_deg": -40.0, "mirror": True}])
@pytest.mark.parametrize("bend", [-30.0, -12.0, 0.0, 12.0, 30.0])
def test_the_body_line_is_measured_in_degrees_below_or_above_whatever_the_picture(view, bend):
    """A rep whose hips bend the line by ``bend`` degrees (negative: sag) measures that
    bend, with the floor found from the hands, on a turned or mirrored picture too."""
    depths = [0.0] * 4 + [0.3, 0.6, 0.9, 1.0, 0.9, 0.6, 0.3] + [0.0] * 2
    frames = [frame(bend, d, **view) for d in depths]
    form = summarise_rep(frames, depths, bottom=7, top_at=0.3)
    assert form.body_line_deg == pytest.approx(bend, abs=0.5)
    assert form.side_angle_deg == pytest.approx(0.0, abs=1e-6)


def test_elbows_at_the_top_and_bottom_and_the_head_on_the_way_down():
    depths = [0.0] * 4 + [0.3, 0.6, 0.9, 1.0, 0.9, 0.6, 0.3] + [0.0] * 2
    frames = [frame(0.0, d, head=60.0 * min(1.0, d / 0.3)) for d in depths]
    form = summarise_rep(frames, depths, bottom=7, top_at=0.3)
    assert form.top_elbow_deg > 170.0  # arms straight at the top
    assert form.bottom_elbow_deg == pytest.approx(STANCE.bottom_elbow, abs=20.0)  # side projection of a flared elbow
    # the neck bends 60 degrees on the way down; the ear, 0.07 statures beyond a neck that
    # is 0.04 statures past the shoulder, turns ~38 degrees about the shoulder
    assert form.head_deg == pytest.approx(-38.0, abs=4.0)
    steady = summarise_rep([frame(0.0, d, head=60.0) for d in depths], depths, bottom=7, top_at=0.3)
    assert steady.head_deg == pytest.approx(0.0, abs=1.0)  # a head held low all along does not lead the descent


def test_knee_push_ups_measure_the_line_to_the_knees():
    knees = PushupStance(hand_width=0.45, feet_width=0.2, elbow_flare=0.3, knees=True)
    joints = pushup_pose(BODY, knees, 0.0)
    assert abs(measure_frame(side_view(joints), SEEN).hip_bend) < 1.0  # the shins up behind do not read as a sag


def test_a_front_view_is_far_from_the_side():
    joints = pushup_pose(BODY, STANCE, 0.0)
    front = joints[:, [1, 2]] * np.array([1.0, -1.0]) * 400.0 + 300.0  # looking along the body
    assert measure_frame(front, SEEN).side_angle > 60.0
    hidden = SEEN.copy()
    hidden[J["right_shoulder"]] = 0.0  # one shoulder behind the body: a side view
    assert measure_frame(side_view(joints), hidden).side_angle == pytest.approx(0.0, abs=1e-6)


def test_missing_keypoints_give_no_measure_rather_than_a_wrong_one():
    joints = pushup_pose(BODY, STANCE, 0.0)
    nothing = measure_frame(side_view(joints), np.zeros(len(JOINTS)))
    assert all(math.isnan(v) for v in nothing.to_list())
    no_hips = SEEN.copy()
    no_hips[[J["left_hip"], J["right_hip"]]] = 0.0
    partial = measure_frame(side_view(joints), no_hips)
    assert math.isnan(partial.hip_bend) and math.isnan(partial.head_bend) and not math.isnan(partial.elbow)
    assert quantile([float("nan"), 1.0, 2.0], 0.5) is None  # too few measured frames
    assert quantile([3.0, 1.0, 2.0, float("nan")], 0.5) == 2.0
