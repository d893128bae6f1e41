"""Whole-body poses from a few meaningful parameters: the vocabulary motion programs use.

Hands and feet are planted where the activity plants them and the limbs between are
solved with two-bone IK, so every pose is a body a person could hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.synth.skeleton import JOINTS, J, Body, two_bone_ik

WRIST_HEIGHT = 0.03
FLOOR_CLEARANCE = 0.01


def _head(joints: np.ndarray, body: Body, neck: np.ndarray, up: np.ndarray, face: np.ndarray) -> None:
    """Nose, eyes and ears from the neck, the head's up direction and where the face looks."""
    left = np.cross(up, face)
    left = left / max(float(np.linalg.norm(left)), 1e-9)
    centre = neck + 0.07 * body.height * up
    joints[J["nose"]] = centre + 0.055 * body.height * face
    for side, sign in (("left", 1.0), ("right", -1.0)):
        joints[J[f"{side}_eye"]] = centre + 0.045 * body.height * face + 0.015 * up * body.height + sign * 0.018 * body.height * left
        joints[J[f"{side}_ear"]] = centre + 0.005 * body.height * face + sign * 0.045 * body.height * left


def _rotate(vector: np.ndarray, towards: np.ndarray, angle: float) -> np.ndarray:
    return np.cos(angle) * vector + np.sin(angle) * towards


@dataclass(frozen=True)
class PushupStance:
    """Where hands and feet are planted for one set."""

    hand_width: float  # wrist to wrist, metres
    feet_width: float
    hand_forward: float  # hands ahead of the shoulders' top position, metres (>= 0)
    elbow_flare: float  # 0 tucked .. 1 flared
    knees: bool = False  # knee push-ups


def pushup_pose(
    body: Body, stance: PushupStance, depth: float, hip_offset: float = 0.0, head_drop: float = 0.0
) -> np.ndarray:
    """A push-up frame: the body a straight line rotating about the feet (or knees).

    ``depth`` 0 is arms locked out, 1 chest at the floor. ``hip_offset`` moves the hips
    off the ankle-shoulder line (negative sags, positive pikes), metres. ``head_drop``
    bends the head towards the floor, radians.
    """
    joints = np.zeros((len(JOINTS), 3))
    # on the toes the feet stand almost upright (they move with the shins), so the ankles
    # ride a foot length above the floor
    pivot_z = 0.06 if stance.knees else 0.85 * body.foot_length
    length = body.torso + body.thigh + (0.0 if stance.knees else body.shin)
    # at the top the arm is straight (99.5 %) from the planted wrist to the shoulder
    lateral = abs(stance.hand_width - body.shoulder_width) / 2
    top = WRIST_HEIGHT + np.sqrt(max((0.995 * body.arm) ** 2 - lateral**2 - stance.hand_forward**2, 0.01))
    bottom = body.chest_depth
    z_s = top - float(np.clip(depth, 0.0, 1.0)) * (top - bottom)
    theta_top = np.arcsin(np.clip((top - pivot_z) / length, -1.0, 1.0))
    theta = np.arcsin(np.clip((z_s - pivot_z) / length, -1.0, 1.0))
    along = np.array([np.cos(theta), 0.0, np.sin(theta)])
    down = np.array([np.sin(theta), 0.0, -np.cos(theta)])
    pivot = np.array([0.0, 0.0, pivot_z])
    shoulder_mid = pivot + length * along
    hand_x = length * np.cos(theta_top) + stance.hand_forward
    for side, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = shoulder_mid + np.array([0.0, sign * body.shoulder_width / 2, 0.0])
        wrist = np.array([hand_x, sign * stance.hand_width / 2, WRIST_HEIGHT])
        bend = np.array([-1.0, sign * (0.2 + 1.2 * stance.elbow_flare), 0.4])
        joints[J[f"{side}_shoulder"]] = shoulder
        joints[J[f"{side}_wrist"]] = wrist
        joints[J[f"{side}_elbow"]] = two_bone_ik(shoulder, wrist, body.upper_arm, body.forearm, bend)
        lateral = np.array([0.0, sign, 0.0])
        leg_start = (body.shin if not stance.knees else 0.0)
        hip = pivot + (leg_start + body.thigh) * along - hip_offset * down + lateral * body.hip_width / 2
        joints[J[f"{side}_hip"]] = hip
        if stance.knees:
            joints[J[f"{side}_knee"]] = pivot + lateral * stance.feet_width / 2
            joints[J[f"{side}_ankle"]] = pivot + np.array([-body.shin * 0.6, 0.0, 0.8 * body.shin]) + lateral * stance.feet_width / 2
        else:
            ankle = pivot + lateral * stance.feet_width / 2
            knee_share = body.shin / (body.shin + body.thigh)
            joints[J[f"{side}_knee"]] = ankle + body.shin * along - knee_share * hip_offset * down + lateral * (body.hip_width - stance.feet_width) / 4
            joints[J[f"{side}_ankle"]] = ankle
    neck = shoulder_mid + 0.04 * body.height * along
    _head(joints, body, neck, _rotate(along, down, head_drop), _rotate(down, -along, head_drop))
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)  # a dropped head stops at the floor
    return joints


def upright_pose(
    body: Body,
    hip_drop: float = 0.0,
    torso_lean: float = 0.0,
    arm_raise: tuple[float, float] = (0.0, 0.0),
    arm_forward: tuple[float, float] = (0.0, 0.0),
    feet_width: float = 0.25,
    step: tuple[float, float] = (0.0, 0.0),
    lift: tuple[float, float] = (0.0, 0.0),
    x: float = 0.0,
    z: float = 0.0,
) -> np.ndarray:
    """Standing, walking, squatting, jumping, hanging: feet below, hips above them.

    ``hip_drop`` lowers the hips (squats, sitting: knees bend forward), ``torso_lean``
    tilts the trunk forward, radians. ``arm_raise`` (sideways) and ``arm_forward`` are arm
    angles per side from hanging down, radians. ``step`` moves each foot forward and
    ``lift`` raises it (walking), metres; ``x`` moves the body along the floor and ``z``
    lifts it all (jumps, hangs).
    """
    joints = np.zeros((len(JOINTS), 3))
    leg = body.thigh + body.shin
    hip_z = body.ankle_height + leg * 0.995 - hip_drop + z
    hip_mid = np.array([x, 0.0, hip_z])
    up = np.array([np.sin(torso_lean), 0.0, np.cos(torso_lean)])
    shoulder_mid = hip_mid + body.torso * up
    for k, (side, sign) in enumerate((("left", 1.0), ("right", -1.0))):
        lateral = np.array([0.0, sign, 0.0])
        hip = hip_mid + lateral * body.hip_width / 2
        ankle = np.array([x + step[k], sign * feet_width / 2, body.ankle_height + lift[k] + z])
        joints[J[f"{side}_hip"]] = hip
        joints[J[f"{side}_ankle"]] = ankle
        joints[J[f"{side}_knee"]] = two_bone_ik(hip, ankle, body.thigh, body.shin, np.array([1.0, 0.0, 0.0]))
        shoulder = shoulder_mid + lateral * body.shoulder_width / 2
        hang = -up
        direction = np.cos(arm_raise[k]) * hang + np.sin(arm_raise[k]) * lateral
        direction = np.cos(arm_forward[k]) * direction + np.sin(arm_forward[k]) * np.array([1.0, 0.0, 0.0])
        direction = direction / np.linalg.norm(direction)
        elbow = shoulder + body.upper_arm * direction
        joints[J[f"{side}_shoulder"]] = shoulder
        joints[J[f"{side}_elbow"]] = elbow
        joints[J[f"{side}_wrist"]] = elbow + body.forearm * direction
    neck = shoulder_mid + 0.04 * body.height * up
    _head(joints, body, neck, up, np.array([np.cos(torso_lean), 0.0, -np.sin(torso_lean)]))
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)  # hands reaching down stop at the floor
    return joints


def kneeling_pose(body: Body, torso_lean: float = 0.0) -> np.ndarray:
    """Upright on both knees, shins on the floor behind, hands on the thighs."""
    drop = body.shin + body.ankle_height - 0.06
    joints = upright_pose(body, hip_drop=drop, torso_lean=torso_lean, arm_forward=(0.5, 0.5))
    for side in ("left", "right"):
        hip = joints[J[f"{side}_hip"]]
        knee = np.array([hip[0] + 0.05, hip[1], 0.06])
        joints[J[f"{side}_knee"]] = knee
        joints[J[f"{side}_ankle"]] = knee + np.array([-body.shin, 0.0, 0.04])
    return joints


def lying_pose(body: Body, curl: float = 0.0, knee_bend: float = 0.0, prone: bool = False) -> np.ndarray:
    """On the floor: supine (sit-ups curl the trunk up by ``curl`` radians, knees bent by
    ``knee_bend`` 0..1) or prone."""
    joints = np.zeros((len(JOINTS), 3))
    floor = 0.09 if not prone else 0.1
    hip_mid = np.array([0.0, 0.0, floor])
    up = np.array([np.cos(curl), 0.0, np.sin(curl)])  # trunk direction, towards the head
    shoulder_mid = hip_mid + body.torso * up
    for side, sign in (("left", 1.0), ("right", -1.0)):
        lateral = np.array([0.0, sign, 0.0])
        hip = hip_mid + lateral * body.hip_width / 2
        feet_x = -(body.thigh + body.shin) * (1.0 - 0.45 * knee_bend)
        ankle = np.array([feet_x, sign * 0.12, body.ankle_height])
        joints[J[f"{side}_hip"]] = hip
        joints[J[f"{side}_ankle"]] = ankle
        joints[J[f"{side}_knee"]] = two_bone_ik(hip, ankle, body.thigh, body.shin, np.array([0.0, 0.0, 1.0]))
        shoulder = shoulder_mid + lateral * body.shoulder_width / 2
        arm_dir = -up + np.array([0.0, sign * 0.25, 0.0])  # along the trunk, towards the feet
        arm_dir = arm_dir / np.linalg.norm(arm_dir)
        joints[J[f"{side}_shoulder"]] = shoulder
        joints[J[f"{side}_elbow"]] = shoulder + body.upper_arm * arm_dir
        joints[J[f"{side}_wrist"]] = shoulder + body.arm * arm_dir
    neck = shoulder_mid + 0.04 * body.height * up
    face = np.array([-np.sin(curl), 0.0, np.cos(curl)]) * (-1.0 if prone else 1.0)
    _head(joints, body, neck, up, face)
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)  # nothing sinks into the floor
    return joints
