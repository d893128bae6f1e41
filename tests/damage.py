"""Hypothesis strategies that damage a file the ways files get damaged: cut short,
overwritten in place, a header field set to an absurd value, junk before or after."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from hypothesis import strategies as st

from pushup_mobile.video import container_of

FIELD_VALUES = st.sampled_from([0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]) | st.integers(0, 0xFFFFFFFF)
"""32-bit header values: the edges parsers get wrong, and any other."""


@st.composite
def damaged(draw: st.DrawFn, data: bytes, fields: Sequence[tuple[int, str]] = ()) -> bytes:
    """``data`` after one to three damages; ``fields`` are ``(offset, struct format)`` of
    32-bit header fields worth setting (``"<I"`` little-endian, ``">I"`` big-endian)."""
    # mostly damage inside the file: junk before it is mostly turned away at the first bytes
    kinds = ["truncate"] * 2 + ["overwrite"] * 2 + ["prepend", "append"] + (["field"] * 3 if fields else [])
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(kinds))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "overwrite":
            start = draw(st.integers(0, len(data)))
            patch = draw(st.binary(min_size=1, max_size=64))
            data = data[:start] + patch + data[start + len(patch):]
        elif kind == "prepend":
            data = draw(st.binary(min_size=1, max_size=64)) + data
        elif kind == "append":
            data = data + draw(st.binary(min_size=1, max_size=256))
        else:
            offset, fmt = draw(st.sampled_from(fields))
            if offset + 4 <= len(data):
                data = data[:offset] + struct.pack(fmt, draw(FIELD_VALUES)) + data[offset + 4:]
    return data


SEEDS = {"MP4/MOV": (".mp4", "mp4v"), "AVI": (".avi", "MJPG")}
HEADER_FIELDS = {
    # offsets of 32-bit fields from each four-character tag: file and padding sizes, frame
    # period, count and size, rate/scale, stream length, the first frame's size and index
    # entry (AVI, little-endian)...
    "AVI": ("<I", {b"RIFF": (4,), b"JUNK": (4,), b"avih": (8, 24, 40, 44), b"strh": (28, 32, 40),
                   b"strf": (12, 16), b"00dc": (4,), b"idx1": (16, 20)}),
    # ...timescale and duration, track size, sample tables (ISO media, big-endian)
    "MP4/MOV": (">I", {b"mvhd": (16, 20), b"mdhd": (16, 20), b"tkhd": (80, 84), b"stts": (8, 12, 16),
                       b"stsz": (8, 12, 16), b"stsc": (8, 16), b"stco": (8, 12)}),
}


@dataclass(frozen=True)
class Seed:
    """A real 32-frame 64x48 video of a moving square (30 fps), and its header fields."""

    suffix: str
    data: bytes = field(repr=False)
    fields: list[tuple[int, str]] = field(repr=False)


def seed_videos(folder: Path) -> dict[str, Seed]:
    """One real :class:`Seed` per container, written into ``folder``."""
    made = {}
    for container, (suffix, fourcc) in SEEDS.items():
        path = folder / f"seed{suffix}"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 30.0, (64, 48))
        for i in range(32):
            image = np.full((48, 64, 3), 40, np.uint8)
            image[16:32, 4 + i : 20 + i] = (0, 200, 255)
            writer.write(image)
        writer.release()
        data = path.read_bytes()
        fmt, tags = HEADER_FIELDS[container]
        fields = [(data.index(tag) + offset, fmt) for tag, offsets in tags.items() if tag in data for offset in offsets]
        assert container_of(path) == container and len(fields) >= 10
        made[container] = Seed(suffix, data, fields)
    return made
