"""What a phone camera does to the picture: white balance, exposure, sensor noise,
motion blur and video compression, drawn once per clip and applied to every frame."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class CameraLook:
    gains: np.ndarray  # white balance per RGB channel
    exposure: float
    contrast: float
    noise: float  # sensor noise std, grey levels
    blur: float  # weight of the previous frame (motion blur)
    jpeg_quality: int

    def apply(self, rgb: np.ndarray, previous: np.ndarray | None, rng: np.random.Generator) -> np.ndarray:
        image = rgb.astype(np.float32)
        if previous is not None and self.blur > 0:
            image = (1 - self.blur) * image + self.blur * previous.astype(np.float32)
        image = (image * self.gains * self.exposure - 128.0) * self.contrast + 128.0
        image += rng.normal(0.0, self.noise, size=image.shape)
        image = np.clip(image, 0, 255).astype(np.uint8)
        ok, encoded = cv2.imencode(".jpg", image[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, self.jpeg_quality])
        return cv2.imdecode(encoded, cv2.IMREAD_COLOR)[..., ::-1] if ok else image


def sample_look(rng: np.random.Generator) -> CameraLook:
    return CameraLook(
        gains=rng.uniform(0.85, 1.15, size=3).astype(np.float32),
        exposure=float(rng.uniform(0.7, 1.25)),
        contrast=float(rng.uniform(0.8, 1.2)),
        noise=float(rng.uniform(0.0, 6.0)),
        blur=float(rng.choice([0.0, 0.0, rng.uniform(0.1, 0.4)])),
        jpeg_quality=int(rng.integers(35, 95)),
    )
