"""One synthetic clip's motion, camera and labels from one seed.

This is everything but the pixels: the renderer draws these exact bodies from these
exact cameras, and the pose family trains on the projected keypoints directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pushup_mobile.synth.camera import Camera, sample_camera
from pushup_mobile.synth.mesh import BodyMesh, load_mesh
from pushup_mobile.synth.motion import Motion, concat, mixed_clip, negative, pushup_set
from pushup_mobile.synth.skeleton import Body
from pushup_mobile.synth.splits import Split

PROGRAMS = {"pushup_set": 0.45, "mixed": 0.2, "negative": 0.35}


@dataclass
class SyntheticClip:
    seed: int
    program: str
    split: Split
    mesh: BodyMesh
    camera: Camera
    motion: Motion
    keypoints: np.ndarray  # [T, 17, 2] in 0..1 of the frame's width and height
    visibility: np.ndarray  # [T, 17]

    @property
    def rep_count(self) -> int:
        return len(self.motion.reps)


def _window(motion: Motion, frames: int, rng: np.random.Generator) -> Motion:
    """Exactly ``frames`` frames: a random window of a longer motion (reps cut by the window
    edges keep their frame labels but are not counted), or the motion held at its end."""
    if len(motion) < frames:
        pad = frames - len(motion)
        return Motion(
            motion.fps,
            np.concatenate([motion.joints, np.repeat(motion.joints[-1:], pad, axis=0)]),
            np.concatenate([motion.activity, np.repeat(motion.activity[-1:], pad)]),
            np.concatenate([motion.depth, np.repeat(motion.depth[-1:], pad)]),
            np.concatenate([motion.fault_severity, np.repeat(motion.fault_severity[-1:], pad, axis=0)]),
            list(motion.reps),
        )
    start = int(rng.integers(0, len(motion) - frames + 1))
    end = start + frames
    reps = [(s - start, b - start, e - start) for s, b, e in motion.reps if s >= start and e < end]
    return Motion(
        motion.fps, motion.joints[start:end], motion.activity[start:end], motion.depth[start:end],
        motion.fault_severity[start:end], reps,
    )


def sample_motion(body: Body, rng: np.random.Generator, fps: float, frames: int) -> tuple[str, Motion]:
    names = list(PROGRAMS)
    program = names[rng.choice(len(names), p=list(PROGRAMS.values()))]
    seconds = frames / fps
    if program == "pushup_set":
        motion = pushup_set(body, rng, fps)
    elif program == "mixed":
        motion = mixed_clip(body, rng, fps)
    else:
        motion = concat([negative(body, rng, fps, seconds / 2 + 0.5), negative(body, rng, fps, seconds / 2 + 0.5)]) \
            if rng.uniform() < 0.3 else negative(body, rng, fps, seconds + 1.0)
    return program, _window(motion, frames, rng)


def sample_clip(seed: int, split: Split, frames: int = 64, fps: float = 15.0, size: int = 128) -> SyntheticClip:
    """Deterministic in ``seed``: the same seed gives the same body, motion and camera,
    drawn from what ``split`` owns (its bodies and camera distances)."""
    rng = np.random.default_rng(seed)
    mesh = load_mesh(int(split.shapes[int(rng.integers(len(split.shapes)))]))
    program, motion = sample_motion(mesh.body, rng, fps, frames)
    camera = sample_camera(rng, motion.joints, size, distance_range=split.distance)
    pixels, depth = camera.project(motion.joints)
    keypoints = pixels / np.array([camera.width, camera.height])
    return SyntheticClip(seed, program, split, mesh, camera, motion, keypoints, camera.visible(pixels, depth))
