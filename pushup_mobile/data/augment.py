"""Train-time augmentation, drawn once per clip and applied to every frame the same way,
so motion stays motion: rotation, horizontal flip, translation and scale, colour jitter,
blur, noise and random erasing. Keypoints move with the pixels; a flip swaps left and
right joints so every label stays true."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pushup_mobile.synth.skeleton import LEFT_RIGHT_PAIRS

FLIP_ORDER = np.arange(17)
for _left, _right in LEFT_RIGHT_PAIRS:
    FLIP_ORDER[_left], FLIP_ORDER[_right] = _right, _left


@dataclass(frozen=True)
class Augmentation:
    angle_deg: float
    flip: bool
    scale: float
    shift: tuple[float, float]  # fraction of the frame
    brightness: float
    contrast: float
    saturation: float
    blur: int  # Gaussian kernel size, 0 for none
    noise: float
    erase: tuple[float, float, float, float] | None  # x, y, w, h as fractions

    def matrix(self, size: int) -> np.ndarray:
        """The 2x3 pixel transform (flip, then rotate and scale about the centre, then shift)."""
        centre = (size / 2, size / 2)
        rotate = cv2.getRotationMatrix2D(centre, self.angle_deg, self.scale)
        flip = np.array([[-1.0, 0.0, size], [0.0, 1.0, 0.0]]) if self.flip else np.array([[1.0, 0, 0], [0, 1.0, 0]])
        m = np.vstack([rotate, [0, 0, 1]]) @ np.vstack([flip, [0, 0, 1]])
        m[:2, 2] += np.array(self.shift) * size
        return m[:2]


def sample_augmentation(rng: np.random.Generator) -> Augmentation:
    erase = None
    if rng.uniform() < 0.3:
        w, h = rng.uniform(0.1, 0.35, size=2)
        erase = (float(rng.uniform(0, 1 - w)), float(rng.uniform(0, 1 - h)), float(w), float(h))
    return Augmentation(
        angle_deg=float(rng.uniform(-10, 10)),
        flip=bool(rng.uniform() < 0.5),
        scale=float(rng.uniform(0.85, 1.15)),
        shift=(float(rng.uniform(-0.08, 0.08)), float(rng.uniform(-0.08, 0.08))),
        brightness=float(rng.uniform(-25, 25)),
        contrast=float(rng.uniform(0.75, 1.25)),
        saturation=float(rng.uniform(0.6, 1.4)),
        blur=int(rng.choice([0, 0, 3, 5])),
        noise=float(rng.uniform(0, 8)),
        erase=erase,
    )


def augment_clip(
    frames: np.ndarray, keypoints: np.ndarray, visibility: np.ndarray, aug: Augmentation, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``frames`` [T, S, S, 3] uint8, ``keypoints`` [T, J, 2] in 0..1, ``visibility`` [T, J]."""
    size = frames.shape[1]
    m = aug.matrix(size)
    out = np.empty_like(frames)
    for t, frame in enumerate(frames):
        image = cv2.warpAffine(frame, m, (size, size), borderMode=cv2.BORDER_REFLECT101).astype(np.float32)
        grey = image.mean(axis=2, keepdims=True)
        image = grey + aug.saturation * (image - grey)
        image = (image - 128.0) * aug.contrast + 128.0 + aug.brightness
        if aug.blur:
            image = cv2.GaussianBlur(image, (aug.blur, aug.blur), 0)
        image += rng.normal(0, aug.noise, size=image.shape)
        if aug.erase is not None:
            x, y, w, h = (int(v * size) for v in aug.erase)
            image[y : y + h, x : x + w] = 127.0
        out[t] = np.clip(image, 0, 255).astype(np.uint8)
    points = keypoints * size
    moved = points @ m[:, :2].T + m[:, 2]
    if aug.flip:
        moved = moved[:, FLIP_ORDER]
        visibility = visibility[:, FLIP_ORDER]
    moved = moved / size
    inside = np.all((moved >= 0) & (moved <= 1), axis=-1)
    return out, moved.astype(np.float32), (visibility * inside).astype(np.float32)
