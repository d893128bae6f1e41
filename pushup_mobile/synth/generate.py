"""A clip's pixels: the skinned body rendered from its camera, with the camera's look,
and sometimes a second person walking or standing in the background as a distractor; an
``empty`` clip draws the room alone with things moving in it.

:func:`render_clip` is deterministic in the clip's seed. Frames come out at the camera's
own size (portrait or landscape, long side ``size``); the model's letterbox happens in
preprocessing, as with real phone videos.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from pushup_mobile.synth.clip import SyntheticClip
from pushup_mobile.synth.distractors import sample_movers
from pushup_mobile.synth.effects import sample_look
from pushup_mobile.synth.mesh import BodyMesh, load_mesh, skin
from pushup_mobile.synth.negatives import negative
from pushup_mobile.synth.render import SUPERSAMPLE, Renderer
from pushup_mobile.synth.scene import Scene, body_colors, sample_scene
from pushup_mobile.contract import J


@lru_cache(maxsize=1)
def renderer() -> Renderer:
    """One GL context per process (DataLoader workers each get their own)."""
    return Renderer()


def clip_scene(clip: SyntheticClip, rng: np.random.Generator, panorama_light: str = "measured") -> Scene:
    """What surrounds ``clip``'s person, drawn from ``rng`` (``render_clip`` seeds it with the clip)."""
    mesh = clip.mesh
    return sample_scene(rng, mesh.rest, mesh.regions, float(mesh.joints[J["left_eye"], 2]), clip.split.panoramas,
                        panorama_light)


DISTRACTOR_RATE = 0.2
OCCLUSION_MARGIN = 0.12
"""A joint lies inside the body: it counts as seen when the surface the camera sees at its
pixel is at most this much (metres) in front of it."""


def _seen(distance: np.ndarray, pixels: np.ndarray, depth: np.ndarray, visible: np.ndarray) -> np.ndarray:
    h, w = distance.shape
    seen = visible.copy()
    for k, ((x, y), d) in enumerate(zip(pixels * SUPERSAMPLE, depth)):
        if visible[k]:
            seen[k] = float(distance[min(int(y), h - 1), min(int(x), w - 1)] >= d - OCCLUSION_MARGIN)
    return seen


@dataclass(frozen=True)
class _People:
    """Everyone in the clip, as one mesh: the subject first, then any distractor."""

    faces: np.ndarray
    colors: np.ndarray
    poses: list[tuple[BodyMesh, np.ndarray, np.ndarray]]  # mesh, joints [T, 17, 3], offset

    def vertices(self, t: int) -> np.ndarray:
        return np.vstack([skin(mesh, joints[t]) + offset for mesh, joints, offset in self.poses])


def _people(clip: SyntheticClip, scene: Scene, rng: np.random.Generator) -> _People:
    mesh = clip.mesh
    poses = [(mesh, clip.motion.joints, np.zeros(3))]
    colors = [scene.vertex_colors]
    if rng.uniform() < DISTRACTOR_RATE:
        other = load_mesh(int(clip.split.shapes[int(rng.integers(len(clip.split.shapes)))]))
        motion = negative(other.body, rng, clip.motion.fps, len(clip.motion) / clip.motion.fps + 1.0)
        away = clip.camera.targets[0] - clip.camera.positions[0]
        away[2] = 0.0
        offset = clip.camera.targets[0] + away / np.linalg.norm(away) * rng.uniform(1.5, 4.0)
        offset[2] = 0.0
        poses.append((other, motion.joints[: len(clip.motion)] - motion.joints[0, :, :].mean(axis=0) * [1, 1, 0], offset))
        colors.append(body_colors(rng, other.rest, other.regions, float(other.joints[J["left_eye"], 2])))
    faces = np.vstack([mesh.faces + k * len(mesh.rest) for k in range(len(poses))])
    return _People(faces, np.vstack(colors), poses)


def _card(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """An edited video's title or end card: a plain or graded background and a line of text."""
    top, bottom = rng.uniform(0, 255, size=3), rng.uniform(0, 255, size=3) * rng.uniform(0.0, 1.0)
    ramp = np.linspace(0.0, 1.0, height)[:, None, None]
    card = np.broadcast_to((1 - ramp) * top + ramp * bottom, (height, width, 3)).astype(np.uint8).copy()
    text = str(rng.choice(["THE PUSH UP", "Push-ups", "WORKOUT", "Day 1", "Thanks for watching", "SUBSCRIBE"]))
    scale = max(0.4, width / 320)
    cv2.putText(card, text, (int(0.1 * width), int(0.5 * height)), cv2.FONT_HERSHEY_SIMPLEX, scale,
                (255, 255, 255), max(1, int(scale * 2)), cv2.LINE_AA)
    return card


def render_clip(clip: SyntheticClip, panorama_light: str = "measured") -> tuple[np.ndarray, np.ndarray]:
    """``[T, H, W, 3]`` uint8 RGB frames of ``clip`` and the keypoints' visibility
    ``[T, 17]`` with occlusion (in frame and not hidden behind the body). Title and end
    cards replace their frames; a cross-fade blends the view before the cut into the next.
    ``panorama_light``: see :data:`pushup_mobile.synth.scene.PANORAMA_LIGHTS`."""
    rng = np.random.default_rng([clip.seed, 1])
    scene = clip_scene(clip, rng, panorama_light)
    people = _people(clip, scene, rng)
    look = sample_look(rng)
    card = _card(rng, clip.camera.width, clip.camera.height) if clip.cards.any() else None
    empty = clip.edit == "empty"
    movers = sample_movers(rng, clip.motion.fps) if empty else []
    frames, seen = [], []
    previous = None
    pixels, depth = clip.camera.project(clip.motion.joints)
    size = (clip.camera.width, clip.camera.height)
    for t in range(len(clip.motion)):
        big = renderer().render(people.vertices(t), people.faces, people.colors, scene, clip.camera, t, people=not empty)
        seen.append(_seen(renderer().distance_map(), pixels[t], depth[t], clip.visibility[t]))
        small = cv2.resize(big, size, interpolation=cv2.INTER_AREA)
        if clip.before is not None and clip.fade[0] <= t < clip.fade[1]:
            old = cv2.resize(renderer().render(people.vertices(t), people.faces, people.colors, scene, clip.before, t),
                             size, interpolation=cv2.INTER_AREA)
            w = (t - clip.fade[0] + 1) / (clip.fade[1] - clip.fade[0] + 1)
            small = ((1 - w) * old + w * small).astype(np.uint8)
        if card is not None and clip.cards[t]:
            small = card.copy()
        for mover in movers:
            mover.draw(small, t)
        frame = look.apply(small, previous, rng, t)
        previous = small
        frames.append(frame)
    return np.stack(frames), np.stack(seen)


def body_masks(clip: SyntheticClip) -> np.ndarray:
    """``[T, H, W]`` bool: where the body is drawn (for checking labels against pixels)."""
    mesh = clip.mesh
    scene = clip_scene(clip, np.random.default_rng([clip.seed, 1]))
    masks = []
    for t, joints in enumerate(clip.motion.joints):
        big = renderer().render(skin(mesh, joints), mesh.faces, scene.vertex_colors, scene, clip.camera, t, mask=True)
        masks.append(cv2.resize(big[..., 0], (clip.camera.width, clip.camera.height), interpolation=cv2.INTER_AREA) > 64)
    return np.stack(masks)


