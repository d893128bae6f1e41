"""Reading videos: any OpenCV-readable file, resampled to the model's frame rate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import native_output_captured


FPS_RANGE = (1.0, 480.0)
"""Frame rates a real video has (phones film 24-240 fps). A header outside it is broken or
hostile: 4.7e-10 fps would stretch 16 KB into centuries of video."""


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    fps: float
    frames: int
    width: int
    height: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps


def open_video(path: Path) -> tuple[cv2.VideoCapture, VideoInfo]:
    """Open ``path`` or raise one clear error: missing, unreadable, or empty."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"video not found: {path}")
    if path.stat().st_size == 0:
        raise BadInputError(f"video is empty (0 bytes): {path}")
    with native_output_captured():  # FFmpeg logs its complaints about broken files itself
        capture = cv2.VideoCapture(str(path))
        ok, first = capture.read() if capture.isOpened() else (False, None)
    if not ok or first is None:
        capture.release()
        raise BadInputError(f"cannot decode video (not a video, or an unsupported codec): {path}")
    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not fps or not np.isfinite(fps) or fps <= 0:
        fps = 30.0  # containers without a rate: phones record 30 fps by default
    if not FPS_RANGE[0] <= fps <= FPS_RANGE[1]:
        capture.release()
        raise BadInputError(f"video reports {fps:.3g} frames per second, outside {FPS_RANGE[0]:g}-{FPS_RANGE[1]:g}: "
                            f"a broken header? {path}")
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    info = VideoInfo(path, float(fps), max(count, 1), first.shape[1], first.shape[0])
    return capture, info


def resampled_frames(path: Path, fps: float) -> tuple[VideoInfo, Iterator[tuple[float, np.ndarray]]]:
    """``(info, frames)``; frames yields ``(t seconds, BGR image)`` at about ``fps``.

    Keeps the source frame nearest each tick of the target clock, so a 30 fps video gives
    every second frame and a 10 fps video repeats none (the model's LSTM sees real time).
    """
    capture, info = open_video(path)

    def frames() -> Iterator[tuple[float, np.ndarray]]:
        next_tick = 0.0
        index = 0
        try:
            while True:
                ok, image = capture.read()
                if not ok:
                    break
                t = index / info.fps
                index += 1
                if t + 0.5 / info.fps >= next_tick:
                    yield t, image
                    next_tick = max(next_tick + 1.0 / fps, (np.floor(t * fps) + 1.0) / fps)  # the first tick after t
        finally:
            capture.release()

    return info, frames()
