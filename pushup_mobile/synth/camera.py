"""Phone cameras: where a person puts the phone to film themselves, and the projection.

Side views dominate (that is how people film push-ups), then oblique, front and a few
from above; phone field of view, height and distance, roll, portrait or landscape,
hand-held jitter and slow pans.
"""

from __future__ import annotations

from dataclasses import dataclass

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


VIEWS = {"side": (0.55, 90.0), "oblique": (0.25, 45.0), "front": (0.12, 0.0), "overhead": (0.08, 90.0)}
"""view -> (probability, azimuth from the head direction, degrees)."""


def sample_camera(
    rng: np.random.Generator,
    joints: np.ndarray,
    size: int,
    distance_range: tuple[float, float] = (1.6, 3.5),
    height_range: tuple[float, float] = (0.3, 1.2),
) -> Camera:
    """A camera that frames ``joints`` ``[T, 17, 3]`` as a phone on the floor or in a hand
    would: mostly whole, sometimes partly out of frame."""
    names = list(VIEWS)
    view = names[rng.choice(len(names), p=[VIEWS[n][0] for n in names])]
    azimuth = np.radians(VIEWS[view][1] + rng.uniform(-20, 20)) * rng.choice([-1.0, 1.0])
    centre = joints.reshape(-1, 3).mean(axis=0)
    extent = float(np.ptp(joints[..., 0])) + 0.5
    distance = max(float(rng.uniform(*distance_range)), 0.9 * extent)
    height = float(rng.uniform(*height_range)) + (1.4 if view == "overhead" else 0.0)
    n = len(joints)
    direction = np.array([np.cos(azimuth), np.sin(azimuth), 0.0])
    base = centre + distance * direction
    base[2] = height
    t = np.arange(n)[:, None]
    jitter = rng.normal(0.0, 0.004, size=(n, 3)).cumsum(axis=0) * 0.2  # hand-held drift
    pan = rng.uniform(-0.002, 0.002, size=(1, 3)) * t  # a slow pan
    target = centre + np.array([rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), rng.uniform(-0.1, 0.2)])
    portrait = bool(rng.uniform() < 0.5)
    width, height_px = (size * 9 // 16, size) if portrait else (size, size * 9 // 16)
    return Camera(
        positions=base[None] + jitter,
        targets=np.repeat(target[None], n, axis=0) + pan,
        roll=np.full(n, np.radians(rng.normal(0, 4))),
        fov_deg=float(rng.uniform(55, 75)),
        width=width,
        height=height_px,
    )
