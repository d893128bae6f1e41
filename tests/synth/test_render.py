"""The rendered pixels agree with the labels, and datasets are reproducible and split."""

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.dataset import DatasetSpec, read_shard, write_dataset
from pushup_mobile.synth.generate import body_masks, render_clip
from pushup_mobile.synth.splits import SPLITS, clip_seed

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("seed", [1, 2, 3, 5])
def test_visible_keypoints_land_on_the_drawn_body(seed):
    clip = sample_clip(seed, SPLITS["train"], frames=12, size=128)
    masks = body_masks(clip)
    hits = total = 0
    for t in range(len(masks)):
        grown = cv2.dilate(masks[t].astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        for (x, y), visible in zip(clip.keypoints[t] * [clip.camera.width, clip.camera.height], clip.visibility[t]):
            if visible:
                total += 1
                hits += bool(grown[int(y), int(x)])
    assert total > 0 and hits / total > 0.9, f"{hits}/{total} keypoints on the body"


def test_rendered_frames_show_a_body_and_differ_over_time():
    clip = sample_clip(3, SPLITS["train"], frames=8, size=96)
    frames, seen = render_clip(clip)
    assert frames.shape == (8, clip.camera.height, clip.camera.width, 3) and frames.dtype == np.uint8
    assert body_masks(clip).any(axis=(1, 2)).all()
    assert frames.std() > 5
    assert seen.shape == (8, 17) and (seen <= clip.visibility).all()


def test_side_view_hides_the_far_side():
    """From the side, the far arm and leg are behind the body more often than the near ones."""
    import numpy as np

    from pushup_mobile.synth.camera import Camera
    from pushup_mobile.synth.pushups import pushup_set
    from pushup_mobile.synth.clip import SyntheticClip
    from pushup_mobile.synth.mesh import load_mesh
    from pushup_mobile.contract import J

    mesh = load_mesh(0)
    motion = pushup_set(mesh.body, np.random.default_rng(0), 15.0, reps=1, faults={}, variant="standard", partial=False)
    n = len(motion)
    centre = motion.joints.reshape(-1, 3).mean(axis=0)
    camera = Camera(np.repeat([[centre[0], 2.5, 0.4]], n, 0), np.repeat([centre], n, 0), np.zeros(n), 65.0, 128, 72)
    pixels, depth = camera.project(motion.joints)
    clip = SyntheticClip(0, "pushup_set", SPLITS["train"], mesh, camera, motion, pixels / [128, 72], camera.visible(pixels, depth))
    _, seen = render_clip(clip)
    near = seen[:, [J["left_elbow"], J["left_knee"]]].mean()  # camera on the body's left (+y)
    far = seen[:, [J["right_elbow"], J["right_knee"]]].mean()
    assert near > 0.9 and far < near - 0.3, (near, far)


def test_same_seed_same_bytes(tmp_path):
    spec = DatasetSpec(clips=2, seed=7, size=48, frames=8, shard_size=2)
    a = write_dataset(tmp_path / "a", spec)[0].read_bytes()
    b = write_dataset(tmp_path / "b", spec)[0].read_bytes()
    c = write_dataset(tmp_path / "c", DatasetSpec(clips=2, seed=8, size=48, frames=8, shard_size=2))[0].read_bytes()
    assert a == b and a != c


def test_workers_and_resume_give_the_same_bytes(tmp_path):
    spec = DatasetSpec(clips=3, seed=5, size=32, frames=6, shard_size=1)
    serial = [p.read_bytes() for p in write_dataset(tmp_path / "serial", spec)]
    shards = write_dataset(tmp_path / "parallel", spec, workers=2)
    assert [p.read_bytes() for p in shards] == serial
    shards[1].unlink()  # an interrupted run: the missing shard is made again, the others kept
    kept = shards[0].stat().st_mtime_ns
    seen = []
    write_dataset(tmp_path / "parallel", spec, on_clip=seen.append)
    assert shards[1].read_bytes() == serial[1] and shards[0].stat().st_mtime_ns == kept
    assert seen == [2, 3]
    with pytest.raises(BadInputError, match="different dataset"):
        write_dataset(tmp_path / "parallel", DatasetSpec(clips=3, seed=6, size=32, frames=6, shard_size=1))


def test_shard_contents_and_letterboxed_keypoints(tmp_path):
    shard = read_shard(write_dataset(tmp_path, DatasetSpec(clips=3, seed=1, size=64, frames=10, shard_size=2))[0])
    assert shard["frames"].shape == (2, 10, 64, 64, 3)
    assert shard["faults"].shape == (2, 10, 5) and shard["keypoints"].shape == (2, 10, 17, 2)
    visible = shard["visibility"] > 0
    assert (shard["keypoints"][visible] >= 0).all() and (shard["keypoints"][visible] <= 1).all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset.json", "shard-00000.npz", "shard-00001.npz"]


def test_splits_share_no_bodies_seeds_or_views():
    names = list(SPLITS)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            sa, sb = SPLITS[a], SPLITS[b]
            assert not set(sa.shapes) & set(sb.shapes)
            assert sa.distance[1] <= sb.distance[0] or sb.distance[1] <= sa.distance[0]
            seeds_a = {clip_seed(sa, s, k) for s in (0, 5, 999) for k in (0, 1, 999_999)}
            seeds_b = {clip_seed(sb, s, k) for s in (0, 5, 999) for k in (0, 1, 999_999)}
            assert not seeds_a & seeds_b
    clip = sample_clip(clip_seed(SPLITS["test"], 0, 3), SPLITS["test"], frames=8)
    assert clip.mesh.shape in SPLITS["test"].shapes


def test_synth_cli_writes_shards_and_previews(tmp_path):
    result = subprocess.run(
        [str(BIN / "pushup-mobile"), "synth", "--out", str(tmp_path), "--clips", "2", "--seed", "3",
         "--size", "48", "--frames", "8", "--split", "val"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in ("shard-00000.npz", "dataset.json", "preview.png", "preview.mp4"):
        assert (tmp_path / name).stat().st_size > 0
    bad = subprocess.run(
        [str(BIN / "pushup-mobile"), "synth", "--out", str(tmp_path / "x"), "--clips", "1", "--split", "holdout"],
        capture_output=True, text=True, timeout=300,
    )
    assert bad.returncode == 2 and bad.stderr.strip() == "error: unknown split 'holdout' (known: train, val, test)"


def test_each_clip_binds_its_own_scene_textures():
    """Every new scene gets its own background textures (the renderer once cached them by
    ``id(scene)``, which a freed scene's successor can reuse, and drew a clip over the
    previous clip's room)."""
    from pushup_mobile.synth.generate import clip_scene, renderer

    render = renderer()
    for seed in (3, 4, 5):
        clip = sample_clip(clip_seed(SPLITS["train"], 0, seed), SPLITS["train"], frames=4, size=64)
        scene = clip_scene(clip, np.random.default_rng(seed))
        render._bind_scene(scene)
        assert render.wall_tex.read() == np.ascontiguousarray(scene.wall).tobytes()
        del scene, clip  # frees the scene: the next one may be allocated at the same address
