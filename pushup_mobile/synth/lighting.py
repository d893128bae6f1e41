"""Light taken from the photo panoramas: the room's light on the body, not just its tint.

A body in front of a real place is lit by that place: a window on one side, a bright floor
below, a dark corner behind. Each panorama's radiance (its tone mapping undone) is
projected onto the nine spherical-harmonic terms of diffuse irradiance (Ramamoorthi and
Hanrahan, "An Efficient Representation for Irradiance Environment Maps", 2001), which the
renderer evaluates per vertex normal; its brightest region above the horizon becomes the
key light (the sun, a window, a lamp), from that direction and in that colour.

Directions are in the panorama's own frame, as the background shader reads it (x towards
longitude 0, z up); the renderer turns a clip's normals by the panorama's yaw.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SAMPLE_SIZE = (64, 32)
"""Panorama resolution, width x height, at which light is measured."""
RADIANCE_CAP = 20.0
"""Undoing Reinhard's tone mapping of a clipped pixel would give infinite radiance: cap it."""
SH_SCALE = np.array([0.429043, 0.511664, 0.743125, 0.886227, 0.247708])
"""c1..c5 of the irradiance formula (Ramamoorthi and Hanrahan's equation 13)."""


@dataclass(frozen=True)
class PanoramaLight:
    sh: np.ndarray  # [9, 3] irradiance coefficients, scaled so the mean irradiance's luminance is 1
    key_dir: np.ndarray  # [3] towards the brightest region, panorama frame
    key_color: np.ndarray  # [3] its colour, largest channel 1


def radiance(image: np.ndarray) -> np.ndarray:
    """Display sRGB uint8 ``[H, W, 3]`` -> linear radiance, inverting the bake's tone mapping
    (gamma 2.2, Reinhard) up to its exposure."""
    mapped = np.clip((image.astype(np.float64) / 255.0) ** 2.2, 0.0, 0.999)
    return np.minimum(mapped / (1.0 - mapped), RADIANCE_CAP)


def directions(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit directions ``[H, W, 3]`` of an equirectangular image's pixel centres (the
    background shader's mapping at yaw 0) and each pixel's solid angle ``[H, W]``."""
    u = (np.arange(width) + 0.5) / width
    v = (np.arange(height) + 0.5) / height
    lon = (0.5 - u) * 2 * np.pi
    lat = (0.5 - v) * np.pi
    lon, lat = np.meshgrid(lon, lat)
    dirs = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)
    solid = np.cos(lat) * (2 * np.pi / width) * (np.pi / height)
    return dirs, solid


def sh_basis(dirs: np.ndarray) -> np.ndarray:
    """The nine real spherical harmonics ``[..., 9]`` in the order L00, L1-1, L10, L11, L2-2,
    L2-1, L20, L21, L22."""
    x, y, z = dirs[..., 0], dirs[..., 1], dirs[..., 2]
    return np.stack([
        np.full_like(x, 0.282095), 0.488603 * y, 0.488603 * z, 0.488603 * x,
        1.092548 * x * y, 1.092548 * y * z, 0.315392 * (3 * z * z - 1), 1.092548 * x * z, 0.546274 * (x * x - y * y),
    ], axis=-1)


def irradiance(sh: np.ndarray, normals: np.ndarray) -> np.ndarray:
    """Irradiance ``[..., 3]`` for unit normals ``[..., 3]`` from coefficients ``[9, 3]``
    (the formula the body shader evaluates)."""
    c1, c2, c3, c4, c5 = SH_SCALE
    x, y, z = (normals[..., i, None] for i in range(3))
    L = sh
    return (c1 * L[8] * (x * x - y * y) + c3 * L[6] * z * z + c4 * L[0] - c5 * L[6]
            + 2 * c1 * (L[4] * x * y + L[7] * x * z + L[5] * y * z)
            + 2 * c2 * (L[3] * x + L[1] * y + L[2] * z))


def measure(image: np.ndarray) -> PanoramaLight:
    """The light of an equirectangular sRGB panorama."""
    small = cv2.resize(image, SAMPLE_SIZE, interpolation=cv2.INTER_AREA)
    light = radiance(small)
    dirs, solid = directions(*SAMPLE_SIZE)
    sh = np.einsum("hwk,hwc,hw->kc", sh_basis(dirs), light, solid)
    mean = SH_SCALE[3] * sh[0]  # the irradiance averaged over every normal (the other terms average to 0)
    sh = sh / max(float(mean @ [0.2126, 0.7152, 0.0722]), 1e-9)
    luminance = cv2.GaussianBlur(light @ [0.2126, 0.7152, 0.0722], (5, 5), 0) * (dirs[..., 2] > 0.05)
    row, col = np.unravel_index(int(np.argmax(luminance)), luminance.shape)
    color = light[max(row - 1, 0) : row + 2, max(col - 1, 0) : col + 2].reshape(-1, 3).mean(axis=0)
    return PanoramaLight(sh, dirs[row, col], color / max(float(color.max()), 1e-9))
