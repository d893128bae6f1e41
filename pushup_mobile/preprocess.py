"""Frame preprocessing: the one place that turns a camera image into the model's input.

The same :class:`Preprocessing` is written into every manifest, so the Android app and
every runner prepare frames exactly as training did. Two framings: ``letterbox`` (the
whole frame fitted into the square) and ``person`` (the square around the person a
detector last found, so the body fills the input instead of ~30 of 96 pixels; the whole
frame while nobody has been found).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import cv2
import numpy as np

from pushup_mobile.contract import CHANNEL_ORDER, FRAME_RATE, NORM_MEAN, NORM_STD
from pushup_mobile.errors import BadInputError


@dataclass(frozen=True)
class Preprocessing:
    """Letterbox to a square ``size`` (keep aspect, pad with ``pad_value``), then
    ``(rgb / 255 - mean) / std`` per channel, channels first."""

    size: int = 128
    mean: tuple[float, float, float] = NORM_MEAN
    std: tuple[float, float, float] = NORM_STD
    channel_order: str = CHANNEL_ORDER
    resize: str = "letterbox-area"
    pad_value: int = 0
    fps: float = FRAME_RATE
    crop: str = "letterbox"
    """``letterbox`` or ``person`` (:data:`CROPS`)."""
    person_detector: str | None = None
    """With ``crop="person"`` in a manifest: the detector model whose square the model was
    trained to see (a file of the ``mediapipe`` wheel), which the app bundles and runs every
    :data:`PERSON_CHECK_EVERY` frames."""

    def __post_init__(self) -> None:
        if self.crop not in CROPS:
            raise BadInputError(f"unknown frame crop {self.crop!r} (known: {', '.join(CROPS)})")

    def to_manifest(self) -> dict[str, Any]:
        """The manifest's section; a letterboxing model's section stays as it always was
        (apps that predate the person crop read it unchanged)."""
        section = asdict(self)
        if self.crop == "letterbox":
            del section["crop"]
        if self.person_detector is None:
            del section["person_detector"]
        return section


CROPS = ("letterbox", "person")
PersonBox = tuple[float, float, float]
"""Where the person is: centre x, centre y and the side of a square around them, frame pixels."""


def letterbox(rgb: np.ndarray, size: int, pad_value: int = 0) -> np.ndarray:
    """Fit an ``[H, W, 3]`` uint8 image into ``size x size`` keeping its aspect ratio."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise BadInputError(f"expected an [H, W, 3] image, got shape {list(rgb.shape)}")
    height, width = rgb.shape[:2]
    scale = size / max(height, width)
    new_h, new_w = max(1, round(height * scale)), max(1, round(width * scale))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(rgb, (new_w, new_h), interpolation=interpolation)
    canvas = np.full((size, size, 3), pad_value, dtype=np.uint8)
    top, left = (size - new_h) // 2, (size - new_w) // 2
    canvas[top : top + new_h, left : left + new_w] = resized
    return canvas


def square_crop(rgb: np.ndarray, box: PersonBox, size: int, pad_value: int = 0) -> np.ndarray:
    """The square ``box`` of an ``[H, W, 3]`` image resized to ``size x size`` (area
    averaging when shrinking, as the letterbox does); what lies outside the frame is
    ``pad_value``. The side is capped at 4x the frame's long side (a wild box costs no
    more than a far one)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise BadInputError(f"expected an [H, W, 3] image, got shape {list(rgb.shape)}")
    height, width = rgb.shape[:2]
    cx, cy, side = box
    if not all(np.isfinite(box)) or side <= 0:
        raise BadInputError(f"not a crop box: {box}")
    side = min(side, 4.0 * max(height, width))
    span = max(1, round(side))
    left, top = round(cx - side / 2), round(cy - side / 2)
    canvas = np.full((span, span, 3), pad_value, dtype=np.uint8)
    x0, y0, x1, y1 = max(left, 0), max(top, 0), min(left + span, width), min(top + span, height)
    if x0 < x1 and y0 < y1:
        canvas[y0 - top : y1 - top, x0 - left : x1 - left] = rgb[y0:y1, x0:x1]
    interpolation = cv2.INTER_AREA if span > size else cv2.INTER_LINEAR
    return cv2.resize(canvas, (size, size), interpolation=interpolation)


def normalize(rgb: np.ndarray, pre: Preprocessing) -> np.ndarray:
    """``[..., H, W, 3]`` uint8 RGB -> ``[..., 3, H, W]`` float32, normalized."""
    mean = np.asarray(pre.mean, dtype=np.float32)
    std = np.asarray(pre.std, dtype=np.float32)
    scaled = (rgb.astype(np.float32) / np.float32(255.0) - mean) / std
    return np.ascontiguousarray(np.moveaxis(scaled, -1, -3))


def prepare_frame(bgr: np.ndarray, pre: Preprocessing) -> np.ndarray:
    """An OpenCV BGR frame of any size -> the model's ``[1, 3, size, size]`` input.

    Resizing works per channel, so shrinking first and swapping channels on the small
    image gives the same tensor at a fraction of the cost of converting a full frame.
    """
    small = letterbox(bgr, pre.size, pre.pad_value)
    return normalize(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), pre)[None]


PERSON_CHECK_EVERY = 5
"""The pixel stage asks its person detector every 5th frame (3 times a second at 15 fps)."""


class PixelInput:
    """The pixel family's per-frame stage (a :class:`pushup_mobile.families.FrameInput`):
    camera frame -> normalized tensor. Pixels say nothing about who is in view, so a
    person detector (``locate``: RGB frame -> the person's :data:`PersonBox`, or None)
    runs every :data:`PERSON_CHECK_EVERY` frames; its last answer holds in between, for
    the person gate and, with ``crop="person"``, for the square the model sees."""

    def __init__(self, preprocessing: Preprocessing, locate: Callable[[np.ndarray], PersonBox | None]) -> None:
        self.preprocessing = preprocessing
        self._locate = locate
        self.reset()

    @property
    def fps(self) -> float:
        return self.preprocessing.fps

    def __call__(self, bgr: np.ndarray) -> np.ndarray:
        if self._frames % PERSON_CHECK_EVERY == 0:
            found = self._locate(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            self._seen = found is not None
            if found is not None:
                self._box = found
        self._frames += 1
        pre = self.preprocessing
        if pre.crop == "letterbox" or self._box is None:
            return prepare_frame(bgr, pre)
        small = square_crop(bgr, self._box, pre.size, pre.pad_value)
        return normalize(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), pre)[None]

    @property
    def square(self) -> PersonBox | None:
        """The person's square the last frame was cut from (None: the whole frame)."""
        return None if self.preprocessing.crop == "letterbox" else self._box

    def reset(self) -> None:
        """The next frame asks the detector again; until it finds someone, the whole frame."""
        self._frames, self._seen = 0, False
        self._box: PersonBox | None = None

    def form(self) -> None:
        """Pixels give no keypoints to measure form on: the fault heads alone decide."""
        return None

    def keypoints(self) -> None:
        return None

    def person(self) -> bool:
        return self._seen

    def to_manifest(self) -> dict[str, Any]:
        return self.preprocessing.to_manifest()
