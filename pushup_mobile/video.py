"""Reading videos: a real video container, bounded, resampled to the model's frame rate.

What is read is decided up front, from the file's content and never its name: MP4/MOV
(ISO base media), WebM/Matroska and AVI, so a playlist, concat list or text file never
reaches FFmpeg's demuxers (an ``.m3u8`` "video" would make it read other files by path).
Frame rate, frame size and duration have documented limits (``FPS_RANGE``, ``MAX_SIDE``,
``MAX_DURATION_S``), each refused with one line naming it.
"""

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
MAX_SIDE = 4096
"""Largest frame side, pixels (4K phone video is 3840): an 8192x8192 frame decodes to
200 MB of RAM from a 1 MB file."""
MAX_DURATION_S = 3600.0
"""Longest video, seconds: a set is minutes; an hour bounds the work one file can ask for."""
CONTAINERS = ("MP4/MOV", "WebM/Matroska", "AVI")
_ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
"""The first box of an ISO base media (MP4, MOV, 3GP) file; old QuickTime files may not begin with ``ftyp``."""


def container_of(path: Path) -> str | None:
    """The container a file's first bytes say it is (one of :data:`CONTAINERS`), or None."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    if len(head) >= 8 and head[4:8] in _ISO_BOXES:
        return "MP4/MOV"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "WebM/Matroska"
    if head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"AVIX"):
        return "AVI"
    return None


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


def _check_side(capture: cv2.VideoCapture, width: int, height: int, path: Path) -> None:
    if max(width, height) > MAX_SIDE:
        capture.release()
        raise BadInputError(f"video frames are {width}x{height}, over the {MAX_SIDE}-pixel limit "
                            f"(pushup_mobile.video.MAX_SIDE): {path}")


def _read(capture: cv2.VideoCapture) -> tuple[bool, np.ndarray | None]:
    """The next frame; a corrupt chunk ends the video as a missing one does (FFmpeg's
    readers return nothing, OpenCV's own AVI reader raises ``cv2.error`` instead)."""
    try:
        return capture.read()
    except cv2.error:
        return False, None


def open_video(path: Path) -> tuple[cv2.VideoCapture, VideoInfo, np.ndarray]:
    """Open ``path`` or raise one clear error: missing, unreadable, or empty. Returns the
    capture positioned after the first frame, and that frame (seeking back to frame 0 is
    not reliable in every container: a 1-frame video would lose its only frame)."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"video not found: {path}")
    if path.stat().st_size == 0:
        raise BadInputError(f"video is empty (0 bytes): {path}")
    if container_of(path) is None:
        raise BadInputError(f"cannot decode video: not a {', '.join(CONTAINERS)} file (judged by its content): {path}")
    with native_output_captured():  # FFmpeg logs its complaints about broken files itself
        capture = cv2.VideoCapture(str(path))
        width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        _check_side(capture, width, height, path)  # refused before a frame is decoded
        ok, first = _read(capture) if capture.isOpened() else (False, None)
    if not ok or first is None:
        capture.release()
        raise BadInputError(f"cannot decode video (not a video, or an unsupported codec): {path}")
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not fps or not np.isfinite(fps) or fps <= 0:
        fps = 30.0  # containers without a rate: phones record 30 fps by default
    if not FPS_RANGE[0] <= fps <= FPS_RANGE[1]:
        capture.release()
        raise BadInputError(f"video reports {fps:.3g} frames per second, outside {FPS_RANGE[0]:g}-{FPS_RANGE[1]:g}: "
                            f"a broken header? {path}")
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    info = VideoInfo(path, float(fps), max(count, 1), first.shape[1], first.shape[0])
    _check_side(capture, info.width, info.height, path)  # the header may not have said
    if info.duration_s > MAX_DURATION_S:
        capture.release()
        raise BadInputError(f"video lasts {info.duration_s:.0f} s, over the {MAX_DURATION_S:.0f} s limit "
                            f"(pushup_mobile.video.MAX_DURATION_S): {path}")
    return capture, info, first


def resampled_frames(path: Path, fps: float) -> tuple[VideoInfo, Iterator[tuple[float, np.ndarray]]]:
    """``(info, frames)``; frames yields ``(t seconds, BGR image)`` at about ``fps``.

    Keeps the source frame nearest each tick of the target clock, so a 30 fps video gives
    every second frame and a 10 fps video repeats none (the model's LSTM sees real time).
    """
    capture, info, first = open_video(path)

    def frames() -> Iterator[tuple[float, np.ndarray]]:
        next_tick = 0.0
        index = 0
        pending: np.ndarray | None = first
        try:
            while True:
                if pending is not None:
                    ok, image, pending = True, pending, None
                else:
                    ok, image = _read(capture)
                if not ok:
                    break
                t = index / info.fps
                index += 1
                if t > MAX_DURATION_S:  # a header may understate the frame count
                    raise BadInputError(f"video lasts over the {MAX_DURATION_S:.0f} s limit "
                                        f"(pushup_mobile.video.MAX_DURATION_S): {path}")
                if t + 0.5 / info.fps >= next_tick:
                    yield t, image
                    next_tick = max(next_tick + 1.0 / fps, (np.floor(t * fps) + 1.0) / fps)  # the first tick after t
        finally:
            capture.release()

    return info, frames()
