"""Phone cameras: where people put the phone to film push-ups, and the projection.

Every view people use (:data:`VIEWS`): at the side (propped up or on the floor),
oblique, in front of the head (at hand level, or on the floor looking at the face),
behind the feet (straight or at an angle), high at the side, and straight overhead from a
shelf or tripod; framed as a fitness video does (the person fills 40-90 % of the frame),
as a phone left on the floor does, or from far away (:data:`FRAMINGS`); held still, or
hand-held by a second person who walks, reframes and zooms. Phone field of view, roll,
portrait or landscape, jitter and slow pans throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Camera:
    """A pinhole camera looking at ``target`` from ``position``, per frame."""

    positions: np.ndarray  # [T, 3]
    targets: np.ndarray  # [T, 3]
    roll: np.ndarray  # [T] radians
    fov_deg: float  # vertical field of view
    width: int
    height: int

    @property
    def focal(self) -> float:
        return 0.5 * self.height / np.tan(np.radians(self.fov_deg) / 2)

    def rotations(self) -> np.ndarray:
        """World -> camera rotation per frame: x right, y down, z forward."""
        forward = self.targets - self.positions
        forward /= np.linalg.norm(forward, axis=-1, keepdims=True)
        world_up = np.array([0.0, 0.0, 1.0])
        right = np.cross(forward, world_up)
        right /= np.maximum(np.linalg.norm(right, axis=-1, keepdims=True), 1e-9)
        down = np.cross(forward, right)
        c, s = np.cos(self.roll)[:, None], np.sin(self.roll)[:, None]
        right, down = c * right + s * down, -s * right + c * down
        return np.stack([right, down, forward], axis=1)

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``[T, N, 3]`` world points -> pixel coordinates ``[T, N, 2]`` and depth ``[T, N]``."""
        local = np.einsum("tij,tnj->tni", self.rotations(), points - self.positions[:, None, :])
        depth = local[..., 2]
        safe = np.where(depth > 1e-3, depth, 1e-3)
        pixels = np.stack(
            [self.focal * local[..., 0] / safe + self.width / 2, self.focal * local[..., 1] / safe + self.height / 2],
            axis=-1,
        )
        return pixels, depth

    def visible(self, pixels: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """In front of the camera and inside the frame (occlusion comes from the renderer)."""
        inside = (pixels[..., 0] >= 0) & (pixels[..., 0] < self.width) & (pixels[..., 1] >= 0) & (pixels[..., 1] < self.height)
        return (inside & (depth > 0.05)).astype(np.float32)


@dataclass(frozen=True)
class View:
    """Where the phone stands: azimuth from the direction the head points (0 in front of
    the head, 90 at the side, 180 behind the feet) +- ``spread`` degrees, mirrored at
    random; height above the floor; ``anchor`` what it is placed relative to and aims at
    (the body's centre, or the head for a phone on the floor looking at the face)."""

    weight: float
    azimuth: float
    spread: float
    height: tuple[float, float]
    anchor: str = "body"
    overhead: bool = False


VIEWS: dict[str, View] = {
    "side": View(0.24, 90.0, 20.0, (0.3, 1.2)),
    "side_floor": View(0.10, 90.0, 15.0, (0.02, 0.25)),
    "oblique": View(0.16, 45.0, 15.0, (0.05, 1.2)),
    "front": View(0.07, 0.0, 15.0, (0.25, 1.0)),  # propped at hand level or above
    "front_floor": View(0.10, 0.0, 12.0, (0.0, 0.2), anchor="head"),  # on the floor, looking at the face
    "rear": View(0.06, 180.0, 12.0, (0.1, 1.2)),
    "rear_oblique": View(0.07, 140.0, 20.0, (0.1, 1.2)),
    "high": View(0.08, 90.0, 35.0, (1.5, 2.4)),  # from above at the side
    "overhead": View(0.06, 0.0, 180.0, (1.8, 2.6), overhead=True),  # shelf or tripod, looking straight down
}
"""View name -> where the phone stands; the weights are each view's share of clips."""
FRAMINGS: dict[str, tuple[float, tuple[float, float] | None]] = {
    "full": (0.5, None),  # the split's camera distances: a phone propped up a few metres away
    "close": (0.35, (0.4, 0.9)),  # fitness-video framing: the person spans 40-90 % of the long side
    "far": (0.15, (0.15, 0.3)),
}
"""Framing -> (share of clips, the person's span as a fraction of the frame's long side,
None for the split's own distance range)."""
CLEARANCE = 0.35
"""Metres a camera keeps from every joint of the clip when framing brings it close."""
HANDHELD_RATE = 0.15
"""Share of clips filmed by a second person holding the phone: walking, reframing, zooming."""


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    p = np.array([weights[n] for n in names])
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _span(camera: Camera, joints: np.ndarray) -> float:
    """The person's typical extent in the frame, as a fraction of its long side, from the
    joints in front of the camera (one behind it projects anywhere)."""
    pixels, depth = camera.project(joints)
    ahead = depth > 0.2
    low = np.where(ahead[..., None], pixels, np.inf).min(axis=1)
    high = np.where(ahead[..., None], pixels, -np.inf).max(axis=1)
    extent = np.where(ahead.sum(axis=1) >= 2, (high - low).max(axis=-1), np.nan)
    return float(np.nanpercentile(extent, 75)) / max(camera.width, camera.height) if np.isfinite(extent).any() else 1.0


def _handheld(rng: np.random.Generator, n: int, base: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A second person holding the phone: a slow walk around the subject, reframing (the
    aim wanders) and zooming (moving closer and away), per frame."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    walk = rng.uniform(-0.6, 0.6, size=(1, 3)) * np.array([[1.0, 1.0, 0.2]])
    wander = np.sin(2 * np.pi * (t * rng.uniform(0.3, 1.5) + rng.uniform(0, 1, size=(1, 3)))) * np.array([[0.25, 0.25, 0.1]])
    zoom = 1.0 + rng.uniform(-0.3, 0.3) * np.sin(np.pi * t * rng.uniform(0.5, 2.0))
    shake = rng.normal(0.0, 0.01, size=(n, 3)).cumsum(axis=0) * 0.3
    positions = target + (base - target) * zoom + walk * t + shake
    return positions, target + wander


def sample_camera(
    rng: np.random.Generator,
    joints: np.ndarray,
    size: int,
    distance_range: tuple[float, float] = (1.6, 3.5),
    view: str | None = None,
    framing: str | None = None,
    handheld: bool | None = None,
) -> tuple[Camera, dict[str, object]]:
    """A camera that frames ``joints`` ``[T, 17, 3]`` as a phone would, and what was drawn
    (``view``, ``framing``, ``handheld``): the clip's camera labels. Any of the three can
    be asked for instead of drawn."""
    view = _pick(rng, {n: v.weight for n, v in VIEWS.items()}) if view is None else view
    framing = _pick(rng, {n: f[0] for n, f in FRAMINGS.items()}) if framing is None else framing
    handheld = bool(rng.uniform() < HANDHELD_RATE) if handheld is None else handheld
    spec = VIEWS[view]
    azimuth = np.radians(spec.azimuth + rng.uniform(-spec.spread, spec.spread)) * rng.choice([-1.0, 1.0])
    flat = joints.reshape(-1, 3)
    head = joints[:, :5].reshape(-1, 3).mean(axis=0)
    centre = head if spec.anchor == "head" else flat.mean(axis=0)
    extent = float(np.ptp(joints[..., 0])) + 0.5
    distance = max(float(rng.uniform(*distance_range)), 0.9 * extent) if spec.anchor == "body" else float(rng.uniform(0.4, 1.2))
    height = float(rng.uniform(*spec.height))
    if spec.overhead:  # above whoever stands or jumps under it
        height = max(height, float(joints[..., 2].max()) + 0.8)
    n = len(joints)
    direction = np.array([np.cos(azimuth), np.sin(azimuth), 0.0])
    if spec.overhead:  # straight down; the small offset sets which way the body lies in the picture
        base = flat.mean(axis=0) + rng.uniform(0.03, 0.1) * direction
        target = flat.mean(axis=0) + np.array([rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15), 0.0])
    else:
        base = centre + distance * direction
        aim = flat.mean(axis=0) if spec.anchor == "head" else centre
        target = aim + np.array([rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), rng.uniform(-0.1, 0.2)])
    base[2] = height
    t = np.arange(n)[:, None]
    jitter = rng.normal(0.0, 0.004, size=(n, 3)).cumsum(axis=0) * 0.2  # hand-held drift
    pan = rng.uniform(-0.002, 0.002, size=(1, 3)) * t  # a slow pan
    portrait = bool(rng.uniform() < 0.5)
    width, height_px = (size * 9 // 16, size) if portrait else (size, size * 9 // 16)
    positions, targets = (base[None] + jitter, np.repeat(target[None], n, axis=0) + pan) if not handheld \
        else _handheld(rng, n, base, target)
    camera = Camera(positions, targets, np.full(n, np.radians(rng.normal(0, 4))), float(rng.uniform(55, 75)), width, height_px)
    wanted = FRAMINGS[framing][1]
    if wanted is not None:  # move along the line of sight until the person spans the wanted share
        goal = float(rng.uniform(*wanted))
        for _ in range(3):  # a few bounded steps: perspective makes the span non-linear in distance
            factor = float(np.clip(_span(camera, joints) / goal, 0.5, 2.0))
            camera = replace(camera, positions=camera.targets + (camera.positions - camera.targets) * factor)
        for _ in range(20):  # never into the body: a phone stays a hand's length from every joint
            if np.linalg.norm(joints - camera.positions[:, None, :], axis=-1).min() >= CLEARANCE:
                break
            camera = replace(camera, positions=camera.targets + (camera.positions - camera.targets) * 1.15)
        if not spec.overhead:
            lowest = np.full(n, 0.0 if spec.height[0] < 0.05 else 0.02)
            camera.positions[:, 2] = np.maximum(camera.positions[:, 2], lowest)
    return camera, {"view": view, "framing": framing, "handheld": handheld}
