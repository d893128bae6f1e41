"""Whole-body poses from a few meaningful parameters: the vocabulary motion programs use.

Hands and feet are planted where the activity plants them and the limbs between are
solved with two-bone IK, so every pose is a body a person could hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.contract import JOINTS, J
from pushup_mobile.synth.skeleton import Body, two_bone_ik

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
    elbow_flare: float  # 0 tucked .. 1 flared
    bottom_elbow: float = 75.0  # elbow angle with the chest down, degrees: sets where the hands are
    knees: bool = False  # knee push-ups
    hand_height: float = 0.0  # what the hands rest on: handles ~0.1 m, a bench or ledge (incline) 0.2-1.1 m
    feet_height: float = 0.0  # a box under the feet (decline), metres


def _folded(body: Body, elbow_deg: float) -> float:
    """Shoulder-to-wrist distance with the elbow at ``elbow_deg`` (two bones, cosine rule)."""
    cos_elbow = np.cos(np.radians(elbow_deg))
    return float(np.sqrt(body.upper_arm**2 + body.forearm**2 - 2 * body.upper_arm * body.forearm * cos_elbow))


def arm_span(body: Body, stance: PushupStance) -> tuple[float, float]:
    """Shoulder-to-wrist distance at depth 0 (the arm straight: elbow ~175 degrees, as a
    locked-out arm looks) and at depth 1 (the elbow at ``stance.bottom_elbow``)."""
    return 0.999 * body.arm, _folded(body, stance.bottom_elbow)


def depth_for_elbow(body: Body, stance: PushupStance, elbow_deg: float) -> float:
    """The depth at which the elbow is bent to ``elbow_deg``: how the programs stop a rep
    short (a shallow bottom, arms not straightened at the top) in a coach's units."""
    reach, bottom = arm_span(body, stance)
    return float(np.clip((reach - _folded(body, elbow_deg)) / (reach - bottom), 0.0, 1.0))


def hip_offset_for(body: Body, stance: PushupStance, bend_deg: float) -> float:
    """The hips' offset from the shoulder-ankle line (metres, ``pushup_pose``'s
    ``hip_offset``) that bends the line by ``bend_deg`` degrees at the hips (negative: a
    sag). Solves atan(h/a) + atan(h/b) = bend for the torso ``a`` and the legs ``b``."""
    a = body.torso
    b = body.thigh + (0.0 if stance.knees else body.shin)
    tan = float(np.tan(np.radians(abs(bend_deg))))
    if tan < 1e-9:
        return 0.0
    h = (-(a + b) + np.sqrt((a + b) ** 2 + 4 * tan * tan * a * b)) / (2 * tan)
    return float(np.sign(bend_deg) * h)


def _rotation(pivot: np.ndarray, length: float, wrist: np.ndarray, reach: float, near: float) -> float:
    """The body's angle ``theta`` (about the pivot, in the x-z plane) at which the shoulder
    is ``reach`` from the wrist, on the branch that holds ``near`` (the top position)."""
    delta = pivot - wrist  # [lateral-free] x, z
    size = float(np.hypot(*delta))
    k = (reach * reach - size * size - length * length) / (2 * length)
    phi = float(np.arctan2(delta[1], delta[0]))
    first = phi - float(np.arccos(np.clip(k / max(size, 1e-9), -1.0, 1.0)))
    second = phi + float(np.arccos(np.clip(k / max(size, 1e-9), -1.0, 1.0)))
    wrap = lambda a: (a + np.pi) % (2 * np.pi) - np.pi  # noqa: E731
    return wrap(first) if abs(wrap(first - near)) <= abs(wrap(second - near)) else wrap(second)


def pushup_pose(
    body: Body, stance: PushupStance, depth: float, hip_offset: float = 0.0, head_drop: float = 0.0,
    lift: float = 0.0, clap: float = 0.0,
) -> np.ndarray:
    """A push-up frame: the body a straight line rotating about the feet (or knees).

    ``depth`` 0 is arms locked out, 1 chest at the hands' surface (the floor, handles, a
    bench); in between, the shoulder-to-wrist distance shrinks linearly, which is what
    the elbow angle measures from every view. ``hip_offset`` moves the hips off the
    ankle-shoulder line (negative sags, positive pikes), metres (:func:`hip_offset_for`
    turns a bend in degrees into it). ``head_drop`` bends the head towards the floor from
    the torso's line (the hip->shoulder direction, which a sag or pike tilts), radians. ``lift`` (metres) launches the body above the top
    with the hands off the floor (plyometric reps) and ``clap`` 0..1 brings the hands
    together meanwhile.
    """
    joints = np.zeros((len(JOINTS), 3))
    # on the toes the feet stand almost upright (they move with the shins), so the ankles
    # ride a foot length above the floor (or the box under them)
    pivot_z = stance.feet_height + (0.06 if stance.knees else 0.85 * body.foot_length)
    pivot = np.array([0.0, 0.0, pivot_z])
    length = body.torso + body.thigh + (0.0 if stance.knees else body.shin)
    lateral = abs(stance.hand_width - body.shoulder_width) / 2
    # the hands are placed so that with the chest down on their surface (the shoulders a
    # chest depth above it) the elbows bend to ``bottom_elbow``: beside the chest, a little
    # towards the feet
    hand_z = WRIST_HEIGHT + stance.hand_height
    low_z = stance.hand_height + body.chest_depth
    theta_low = float(np.arcsin(np.clip((low_z - pivot_z) / length, -1.0, 1.0)))
    reach, bottom = arm_span(body, stance)
    drop = body.chest_depth - WRIST_HEIGHT
    behind = np.sqrt(max(bottom**2 - lateral**2 - drop**2, 0.0))
    wrist_xz = np.array([length * np.cos(theta_low) - behind, hand_z])
    hand_x = float(wrist_xz[0])
    in_plane = lambda d: float(np.sqrt(max(d * d - lateral**2, 1e-6)))  # noqa: E731
    theta_top = _rotation(pivot[[0, 2]], length, wrist_xz, in_plane(reach), theta_low + 0.6)
    if lift > 0.0:
        top = pivot_z + length * np.sin(theta_top)
        theta = float(np.arcsin(np.clip((top + lift - pivot_z) / length, -1.0, 1.0)))
    else:
        target = reach - float(np.clip(depth, 0.0, 1.0)) * (reach - bottom)
        theta = _rotation(pivot[[0, 2]], length, wrist_xz, in_plane(target), theta_top)
    along = np.array([np.cos(theta), 0.0, np.sin(theta)])
    down = np.array([np.sin(theta), 0.0, -np.cos(theta)])
    shoulder_mid = pivot + length * along
    rise = shoulder_mid - (pivot + length * np.array([np.cos(theta_top), 0.0, np.sin(theta_top)]))
    for side, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = shoulder_mid + np.array([0.0, sign * body.shoulder_width / 2, 0.0])
        wrist = np.array([hand_x, sign * stance.hand_width / 2, hand_z])
        if lift > 0.0:  # the hands leave the floor with the body, towards each other for a clap
            wrist = wrist + rise
            wrist[1] = sign * ((1.0 - clap) * stance.hand_width / 2 + clap * 0.03)
            arm = wrist - shoulder
            wrist = shoulder + arm * min(1.0, reach / float(np.linalg.norm(arm)))  # the arm stays its length
        bend = np.array([-1.0, sign * (0.2 + 1.2 * stance.elbow_flare), 1.0])  # elbows back and up, never into the floor
        joints[J[f"{side}_shoulder"]] = shoulder
        joints[J[f"{side}_wrist"]] = wrist
        joints[J[f"{side}_elbow"]] = two_bone_ik(shoulder, wrist, body.upper_arm, body.forearm, bend)
        lateral_dir = np.array([0.0, sign, 0.0])
        leg_start = (body.shin if not stance.knees else 0.0)
        hip = pivot + (leg_start + body.thigh) * along - hip_offset * down + lateral_dir * body.hip_width / 2
        joints[J[f"{side}_hip"]] = hip
        if stance.knees:
            joints[J[f"{side}_knee"]] = pivot + lateral_dir * stance.feet_width / 2
            joints[J[f"{side}_ankle"]] = pivot + np.array([-body.shin * 0.6, 0.0, 0.8 * body.shin]) + lateral_dir * stance.feet_width / 2
        else:
            ankle = pivot + lateral_dir * stance.feet_width / 2
            knee_share = body.shin / (body.shin + body.thigh)
            joints[J[f"{side}_knee"]] = ankle + body.shin * along - knee_share * hip_offset * down + lateral_dir * (body.hip_width - stance.feet_width) / 4
            joints[J[f"{side}_ankle"]] = ankle
    hip_mid = (joints[J["left_hip"]] + joints[J["right_hip"]]) / 2
    torso = (shoulder_mid - hip_mid) / float(np.linalg.norm(shoulder_mid - hip_mid))
    belly = np.cross(np.array([0.0, 1.0, 0.0]), torso)  # towards the floor, across the torso
    neck = shoulder_mid + 0.04 * body.height * torso
    _head(joints, body, neck, _rotate(torso, belly, head_drop), _rotate(belly, -torso, head_drop))
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



def _limbs(joints: np.ndarray, body: Body, shoulder_mid: np.ndarray, hip_mid: np.ndarray,
           hands: list[np.ndarray], feet: list[np.ndarray], elbow_bend: np.ndarray,
           knees: list[np.ndarray] | None = None, knee_bend: np.ndarray | None = None) -> None:
    """Shoulders and hips across the body's width (y), wrists and ankles where given,
    elbows by two-bone IK (``elbow_bend`` for the left side, mirrored for the right), knees
    where given or by IK towards ``knee_bend``."""
    for k, (side, sign) in enumerate((("left", 1.0), ("right", -1.0))):
        shoulder = shoulder_mid + np.array([0.0, sign * body.shoulder_width / 2, 0.0])
        hip = hip_mid + np.array([0.0, sign * body.hip_width / 2, 0.0])
        joints[J[f"{side}_shoulder"]], joints[J[f"{side}_hip"]] = shoulder, hip
        joints[J[f"{side}_wrist"]], joints[J[f"{side}_ankle"]] = hands[k], feet[k]
        joints[J[f"{side}_elbow"]] = two_bone_ik(shoulder, hands[k], body.upper_arm, body.forearm, elbow_bend * [1.0, sign, 1.0])
        joints[J[f"{side}_knee"]] = knees[k] if knees is not None else two_bone_ik(hip, feet[k], body.thigh, body.shin, knee_bend)


def _facing_floor(trunk: np.ndarray) -> np.ndarray:
    """The face direction of a body whose trunk points along ``trunk``: perpendicular to
    it in the x-z plane, towards the floor."""
    face = np.array([trunk[2], 0.0, -trunk[0]])
    return face if face[2] <= 0 else -face


def downward_dog_pose(body: Body, stance: PushupStance, blend: float = 1.0) -> np.ndarray:
    """Hips high, heels towards the floor, arms and trunk one line down to the hands: the
    inverted V of yoga's downward dog; ``blend`` 0 is the plank it starts from."""
    plank = pushup_pose(body, stance, 0.0)
    joints = np.zeros((len(JOINTS), 3))
    hands = [plank[J["left_wrist"]], plank[J["right_wrist"]]]
    hand = (hands[0] + hands[1]) / 2
    ankle_x = 0.35 * (body.thigh + body.shin)  # the feet walk in towards the hands
    hip_xz = _apex(np.array([ankle_x, body.ankle_height]), hand[[0, 2]], body.thigh + body.shin, body.torso + 0.97 * body.arm)
    hip_mid = np.array([hip_xz[0], 0.0, hip_xz[1]])
    line = (hand - hip_mid) / np.linalg.norm(hand - hip_mid)
    shoulder_mid = hip_mid + body.torso * line
    feet = [np.array([ankle_x, s * stance.feet_width / 2, body.ankle_height]) for s in (1.0, -1.0)]
    _limbs(joints, body, shoulder_mid, hip_mid, hands, feet, np.array([0.0, 0.0, 1.0]), knee_bend=np.array([1.0, 0.0, 0.0]))
    _head(joints, body, shoulder_mid + 0.04 * body.height * line, line, _facing_floor(line))
    out = (1.0 - blend) * plank + blend * joints
    out[:, 2] = np.maximum(out[:, 2], FLOOR_CLEARANCE)
    return out


def all_fours_pose(body: Body, step: tuple[float, float] = (0.0, 0.0), lift: tuple[float, float] = (0.0, 0.0),
                   childs: float = 0.0, x: float = 0.0) -> np.ndarray:
    """On hands and knees (a table top; crawling with ``step`` per side moving a hand and
    the other knee forward and ``lift`` raising them), or, with ``childs`` 1, child's
    pose: sitting back on the heels, the trunk folded down, the arms reaching forward."""
    joints = np.zeros((len(JOINTS), 3))
    knee_z = 0.06
    table_hip = np.array([x, 0.0, knee_z + body.thigh])
    back = min(0.75 * body.shin, 0.9 * body.thigh)  # sitting on the heels: the thigh folded back over the shin
    folded_hip = np.array([x - back, 0.0, knee_z + np.sqrt(body.thigh**2 - back**2)])
    hip_mid = (1.0 - childs) * table_hip + childs * folded_hip
    trunk = np.array([np.cos(0.45 * childs), 0.0, -np.sin(0.45 * childs)])
    shoulder_mid = hip_mid + body.torso * trunk
    shoulder_mid[2] = max(shoulder_mid[2], 0.9 * body.chest_depth)
    reach = childs * 0.8 * body.arm
    hands, knees, feet = [], [], []
    for k, sign in enumerate((1.0, -1.0)):
        hands.append(np.array([shoulder_mid[0] + reach + step[k], sign * body.shoulder_width / 2, WRIST_HEIGHT + lift[k]]))
        knee = np.array([x + step[1 - k], sign * body.hip_width / 2, knee_z + lift[1 - k]])
        knees.append(knee)
        feet.append(knee + np.array([-body.shin, 0.0, 0.04]))
    _limbs(joints, body, shoulder_mid, hip_mid, hands, feet, np.array([-1.0, 0.3, 0.0]), knees=knees)
    _head(joints, body, shoulder_mid + 0.04 * body.height * trunk, trunk, _facing_floor(trunk))
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)
    return joints


def mountain_climber_pose(body: Body, stance: PushupStance, drive: tuple[float, float]) -> np.ndarray:
    """A straight-arm plank with each knee driven towards the chest by ``drive`` 0..1."""
    joints = pushup_pose(body, stance, 0.0)
    for k, side in enumerate(("left", "right")):
        hip, ankle = joints[J[f"{side}_hip"]], joints[J[f"{side}_ankle"]]
        tucked = np.array([hip[0] + 0.15 * body.thigh, ankle[1], 0.15])
        foot = (1.0 - drive[k]) * ankle + drive[k] * tucked
        joints[J[f"{side}_ankle"]] = foot
        joints[J[f"{side}_knee"]] = two_bone_ik(hip, foot, body.thigh, body.shin, np.array([0.3, 0.0, -1.0]))
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)
    return joints


def _apex(a: np.ndarray, b: np.ndarray, ra: float, rb: float) -> np.ndarray:
    """The point above the x-z segment a-b at distance ``ra`` from ``a`` and ``rb`` from
    ``b`` (two-circle intersection; the nearest reachable point when they do not meet)."""
    gap = float(np.linalg.norm(b - a))
    along = float(np.clip((ra * ra - rb * rb + gap * gap) / (2 * gap), -ra, ra))
    up = np.sqrt(max(ra * ra - along * along, 0.0))
    unit = (b - a) / gap
    normal = np.array([-unit[1], unit[0]])
    return a + along * unit + (up if normal[1] >= 0 else -up) * normal


def forearm_plank_pose(body: Body, stance: PushupStance, shift: float = 0.0, hip_offset: float = 0.0) -> np.ndarray:
    """A plank on the forearms: elbows on the floor below the shoulders, forearms flat
    ahead, the body a line from the feet; ``shift`` moves the shoulders forward (+) or back
    over the elbows, ``hip_offset`` lifts (+) or drops the hips, metres."""
    joints = pushup_pose(body, stance, 0.0, hip_offset=hip_offset)
    pivot_z = stance.feet_height + (0.06 if stance.knees else 0.85 * body.foot_length)
    length = body.torso + body.thigh + (0.0 if stance.knees else body.shin)
    shoulder_z = body.upper_arm + 0.04
    theta = float(np.arcsin(np.clip((shoulder_z - pivot_z) / length, -1.0, 1.0)))
    turn = theta - float(np.arcsin(np.clip((joints[J["left_shoulder"], 2] - pivot_z) / length, -1.0, 1.0)))
    c, s_ = np.cos(turn), np.sin(turn)
    pivot = np.array([0.0, 0.0, pivot_z])
    body_part = [i for i, name in enumerate(JOINTS) if not name.endswith(("wrist", "elbow"))]
    local = joints[body_part] - pivot  # turn the body line down about the feet, in the x-z plane
    joints[body_part] = pivot + np.stack([c * local[:, 0] - s_ * local[:, 2], local[:, 1], s_ * local[:, 0] + c * local[:, 2]], axis=1)
    for side in ("left", "right"):
        shoulder = joints[J[f"{side}_shoulder"]]
        elbow = np.array([shoulder[0] - shift, shoulder[1], 0.04])
        joints[J[f"{side}_elbow"]] = elbow
        joints[J[f"{side}_wrist"]] = elbow + np.array([body.forearm, -np.sign(shoulder[1]) * 0.05, -0.01])
    joints[:, 2] = np.maximum(joints[:, 2], FLOOR_CLEARANCE)
    return joints
