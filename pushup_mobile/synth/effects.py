"""What a phone camera and an editing app do to the picture: white balance, exposure,
sensor noise, motion blur, video compression, and sometimes a caption or a timer on top
and black bars around, drawn once per clip and applied to every frame."""

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
    bars: tuple[float, float]  # black bars: fraction of height (top+bottom), of width (left+right)
    caption: str  # burned-in text, "" for none
    caption_at: tuple[float, float]  # where, as fractions of width and height
    timer: bool  # a running workout timer in a corner

    def overlay(self, image: np.ndarray, t: int) -> np.ndarray:
        h, w = image.shape[:2]
        bar_h, bar_w = int(self.bars[0] * h / 2), int(self.bars[1] * w / 2)
        if bar_h:
            image[:bar_h], image[h - bar_h :] = 0, 0
        if bar_w:
            image[:, :bar_w], image[:, w - bar_w :] = 0, 0
        scale = max(0.25, w / 400)
        if self.caption:
            x, y = int(self.caption_at[0] * w), int(self.caption_at[1] * h)
            cv2.putText(image, self.caption, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 1, cv2.LINE_AA)
        if self.timer:
            cv2.putText(image, f"00:{t // 15:02d}", (int(0.05 * w), int(0.12 * h)), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 230, 0), 1, cv2.LINE_AA)
        return image

    def apply(self, rgb: np.ndarray, previous: np.ndarray | None, rng: np.random.Generator, t: int = 0) -> np.ndarray:
        image = rgb.astype(np.float32)
        if previous is not None and self.blur > 0:
            image = (1 - self.blur) * image + self.blur * previous.astype(np.float32)
        image = (image * self.gains * self.exposure - 128.0) * self.contrast + 128.0
        image += rng.normal(0.0, self.noise, size=image.shape)
        image = self.overlay(np.clip(image, 0, 255).astype(np.uint8), t)
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
        bars=(float(rng.choice([0.0, 0.0, 0.0, rng.uniform(0.1, 0.3)])), float(rng.choice([0.0, 0.0, 0.0, rng.uniform(0.1, 0.3)]))),
        caption=str(rng.choice(["", "", "", "DAY 12", "push-up challenge", "#fitness", "Set 3"])),
        caption_at=(float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.2, 0.95))),
        timer=bool(rng.uniform() < 0.15),
    )
