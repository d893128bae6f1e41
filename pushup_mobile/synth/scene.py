"""What surrounds the person: clothing colours, floor and wall textures, light.

Seeded: skin tones across the human range, clothing per region (shirt with short or long
sleeves, shorts or trousers, shoes, hair); half the clips in front of real-photo
panoramas (``assets/panoramas``, seen through each camera's own view rays), half in
procedural rooms (floors of wood planks, tiles, carpet or mats; walls with furniture-like
blocks). In front of a panorama the body is lit by it (:mod:`pushup_mobile.synth.lighting`:
its irradiance per normal and its brightest region as the key light); in a procedural
room by a drawn light that takes its tint from the walls.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.errors import BadInputError
from pushup_mobile.synth.bake_body import REGIONS
from pushup_mobile.synth.lighting import PanoramaLight, measure

SKIN_TONES = np.array([  # sRGB, light to dark (Fitzpatrick-like range)
    [255, 224, 196], [241, 194, 167], [224, 172, 140], [198, 134, 98], [160, 105, 72], [120, 78, 52], [85, 55, 38],
]) / 255.0


PANORAMAS = Path(__file__).resolve().parent / "assets" / "panoramas"


@dataclass(frozen=True)
class Scene:
    vertex_colors: np.ndarray  # [V, 3] 0..1
    floor: np.ndarray  # [S, S, 3] uint8 texture
    floor_scale: float  # metres per texture repeat
    wall: np.ndarray  # [H, W, 3] uint8: a room image, or an equirectangular panorama
    panorama: bool
    yaw: float  # panorama rotation, radians
    light_dir: np.ndarray  # [3] towards the light
    light_color: np.ndarray  # [3]
    ambient: float
    sh: np.ndarray | None = None  # [9, 3] the panorama's irradiance (its own frame), None in a procedural room


def _fabric(rng: np.random.Generator) -> np.ndarray:
    hue = rng.uniform(0, 180)
    sat = rng.choice([rng.uniform(0, 40), rng.uniform(80, 230)])
    val = rng.uniform(30, 240)
    hsv = np.uint8([[[hue, sat, val]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0] / 255.0


def body_colors(rng: np.random.Generator, rest: np.ndarray, regions: np.ndarray, eye_height: float) -> np.ndarray:
    skin = SKIN_TONES[rng.integers(len(SKIN_TONES))] * rng.uniform(0.9, 1.05)
    shirt, bottoms, shoes = _fabric(rng), _fabric(rng), _fabric(rng)
    hair = np.array([0.08, 0.06, 0.05]) * rng.uniform(0.5, 4.0) if rng.uniform() < 0.85 else skin
    long_sleeves, trousers = rng.uniform() < 0.4, rng.uniform() < 0.5
    shirtless = rng.uniform() < 0.08
    by_region = {
        "head": skin, "hand": skin,
        "torso": skin if shirtless else shirt,
        "upper_arm": skin if shirtless else shirt,
        "forearm": shirt if long_sleeves and not shirtless else skin,
        "thigh": bottoms, "shin": bottoms if trousers else skin, "foot": shoes,
    }
    colors = np.array([by_region[REGIONS[r]] for r in regions], dtype=np.float64)
    head = regions == REGIONS.index("head")
    top = head & (rest[:, 2] > eye_height + 0.02)
    back = head & (rest[:, 0] < rest[head, 0].mean() - 0.02) & (rest[:, 2] > eye_height - 0.08)
    colors[top | back] = hair
    colors *= rng.uniform(0.85, 1.15, size=(len(colors), 1))  # weave, folds, shading noise
    return np.clip(colors, 0.0, 1.0)


def floor_texture(rng: np.random.Generator, size: int = 256) -> tuple[np.ndarray, float]:
    kind = rng.choice(["wood", "tiles", "carpet", "mat", "concrete"])
    base = rng.uniform(60, 200, size=3)
    noise = rng.normal(0, 1, size=(size // 8, size // 8))
    noise = cv2.resize(noise, (size, size), interpolation=cv2.INTER_CUBIC)[..., None]
    image = base + 12 * noise + rng.normal(0, 6, size=(size, size, 1))
    if kind == "wood":
        planks = (np.arange(size) // (size // 6))[:, None]
        image += (rng.uniform(-25, 25, size=planks.max() + 1)[planks])[..., None]
        image[(np.arange(size) % (size // 6)) < 2] *= 0.6
        scale = 1.2
    elif kind == "tiles":
        grid = ((np.arange(size) % (size // 4)) < 3)
        image[grid] = image[grid] * 0.5 + 80
        image[:, grid] = image[:, grid] * 0.5 + 80
        scale = 1.2
    elif kind == "mat":
        image = np.full_like(image, 1.0) * rng.uniform(20, 120, size=3) + 4 * noise
        scale = 2.0
    else:
        scale = 1.5
    return np.clip(image, 0, 255).astype(np.uint8), scale


def wall_image(rng: np.random.Generator, size: tuple[int, int] = (256, 512)) -> np.ndarray:
    """A room seen behind the person: painted wall, skirting, furniture-like blocks, a window."""
    h, w = size
    wall = rng.uniform(90, 235, size=3)
    gradient = np.linspace(1.1, 0.75, h)[:, None, None] * rng.uniform(0.9, 1.1)
    image = np.ones((h, w, 3)) * wall * gradient + rng.normal(0, 4, size=(h, w, 1))
    for _ in range(int(rng.integers(0, 5))):
        x0, x1 = sorted(rng.integers(0, w, size=2))
        top = int(rng.integers(h // 4, h - 10))
        color = rng.uniform(20, 220, size=3)
        image[top:, x0 : max(x1, x0 + 8)] = color * rng.uniform(0.8, 1.0, size=(h - top, 1, 1))
    if rng.uniform() < 0.4:
        x0 = int(rng.integers(0, w - w // 4))
        image[h // 8 : h // 2, x0 : x0 + w // 5] = rng.uniform(200, 255, size=3)
    return np.clip(image, 0, 255).astype(np.uint8)


@lru_cache(maxsize=16)
def load_panorama(name: str) -> np.ndarray:
    path = PANORAMAS / f"{name}.jpg"
    image = cv2.imread(str(path))
    if image is None:
        raise BadInputError(f"panorama missing: {path} (bake it: python -m pushup_mobile.synth.bake_panoramas)")
    return image[..., ::-1].copy()


@lru_cache(maxsize=16)
def panorama_light(name: str) -> PanoramaLight:
    """The light of a shipped panorama (:func:`pushup_mobile.synth.lighting.measure`), once per process."""
    return measure(load_panorama(name))


PANORAMA_LIGHTS = ("measured", "tint")
"""How a body in front of a photo panorama is lit: by the panorama's measured light (the
generator's), or by the drawn light tinted by the panorama's mean colour (the earlier
generator's, kept to measure what the measured light changes)."""


def sample_scene(
    rng: np.random.Generator, rest: np.ndarray, regions: np.ndarray, eye_height: float, panoramas: tuple[str, ...],
    panorama_light_kind: str = "measured",
) -> Scene:
    """``panoramas``: the photo backgrounds this clip's split may use; ``panorama_light_kind``
    one of :data:`PANORAMA_LIGHTS`."""
    if panorama_light_kind not in PANORAMA_LIGHTS:
        raise BadInputError(f"unknown panorama light {panorama_light_kind!r} (known: {', '.join(PANORAMA_LIGHTS)})")
    use_photo = bool(panoramas) and rng.uniform() < 0.5
    name = str(rng.choice(panoramas)) if use_photo else ""
    wall = load_panorama(name) if use_photo else wall_image(rng)
    floor, scale = floor_texture(rng)
    tint = wall.reshape(-1, 3).mean(axis=0) / 255.0
    light = np.array([rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(0.6, 1.5)])
    light_dir, light_color, sh = light / np.linalg.norm(light), 0.7 + 0.3 * tint / max(tint.max(), 1e-6), None
    colors = body_colors(rng, rest, regions, eye_height)
    yaw, ambient = float(rng.uniform(0, 2 * np.pi)), float(rng.uniform(0.3, 0.55))
    if use_photo and panorama_light_kind == "measured":  # lit by the place itself: the key light from its brightest region, turned with the panorama
        measured = panorama_light(name)
        c, s = np.cos(-yaw), np.sin(-yaw)
        light_dir = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]) @ measured.key_dir
        light_color, sh = measured.key_color, measured.sh
    return Scene(vertex_colors=colors, floor=floor, floor_scale=scale, wall=wall, panorama=use_photo, yaw=yaw,
                 light_dir=light_dir, light_color=light_color, ambient=ambient, sh=sh)
