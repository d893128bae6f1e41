"""A clip's pixels: the skinned body rendered from its camera, with the camera's look.

:func:`render_clip` is deterministic in the clip's seed. Frames come out at the camera's
own size (portrait or landscape, long side ``size``); the model's letterbox happens in
preprocessing, as with real phone videos.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from pushup_mobile.synth.clip import SyntheticClip
from pushup_mobile.synth.effects import sample_look
from pushup_mobile.synth.mesh import skin
from pushup_mobile.synth.render import Renderer
from pushup_mobile.synth.scene import Scene, sample_scene
from pushup_mobile.synth.skeleton import J


@lru_cache(maxsize=1)
def renderer() -> Renderer:
    """One GL context per process (DataLoader workers each get their own)."""
    return Renderer()


def _scene(clip: SyntheticClip, rng: np.random.Generator) -> Scene:
    mesh = clip.mesh
    return sample_scene(rng, mesh.rest, mesh.regions, float(mesh.joints[J["left_eye"], 2]), clip.split.panoramas)


def render_clip(clip: SyntheticClip) -> np.ndarray:
    """``[T, H, W, 3]`` uint8 RGB frames of ``clip``."""
    rng = np.random.default_rng([clip.seed, 1])
    mesh = clip.mesh
    scene = _scene(clip, rng)
    look = sample_look(rng)
    frames = []
    previous = None
    for t, joints in enumerate(clip.motion.joints):
        big = renderer().render(skin(mesh, joints), mesh.faces, scene, clip.camera, t)
        small = cv2.resize(big, (clip.camera.width, clip.camera.height), interpolation=cv2.INTER_AREA)
        frame = look.apply(small, previous, rng)
        previous = small
        frames.append(frame)
    return np.stack(frames)


def body_masks(clip: SyntheticClip) -> np.ndarray:
    """``[T, H, W]`` bool: where the body is drawn (for checking labels against pixels)."""
    mesh = clip.mesh
    scene = _scene(clip, np.random.default_rng([clip.seed, 1]))
    masks = []
    for t, joints in enumerate(clip.motion.joints):
        big = renderer().render(skin(mesh, joints), mesh.faces, scene, clip.camera, t, mask=True)
        masks.append(cv2.resize(big[..., 0], (clip.camera.width, clip.camera.height), interpolation=cv2.INTER_AREA) > 64)
    return np.stack(masks)


