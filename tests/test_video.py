"""The video reader on damaged files (hypothesis): whatever the bytes, reading a video
is frames within the documented limits or one line of ``BadInputError``, never another
exception and never a hang."""

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushup_mobile.errors import BadInputError
from pushup_mobile.video import FPS_RANGE, MAX_DURATION_S, MAX_SIDE, resampled_frames
from tests.damage import SEEDS, Seed, damaged, seed_videos

RATE = 15.0


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, Seed]:
    return seed_videos(tmp_path_factory.mktemp("seeds"))


def test_the_seeds_read_whole(seeds, tmp_path):
    """What the damage starts from: every frame, at 15 fps from 30."""
    for seed in seeds.values():
        path = tmp_path / f"v{seed.suffix}"
        path.write_bytes(seed.data)
        info, frames = resampled_frames(path, RATE)
        assert info.fps == pytest.approx(30.0) and len(list(frames)) == 16


def avi_with_a_huge_frame_chunk(data: bytes, frame: int) -> bytes:
    """Found by the property test below: with a padding chunk FFmpeg cannot parse, OpenCV
    reads the AVI itself, and raises ``cv2.error`` (where FFmpeg returns no frame) at a
    frame chunk that claims over 64 MB."""
    damaged_avi = bytearray(data)
    struct.pack_into("<I", damaged_avi, data.index(b"JUNK") + 4, 0x10000)
    chunk = data.index(b"00dc", data.index(b"movi"))
    for _ in range(frame):
        chunk = data.index(b"00dc", chunk + 1)
    struct.pack_into("<I", damaged_avi, chunk + 4, 0x7FFFFFFF)
    return bytes(damaged_avi)


def test_a_corrupt_first_frame_chunk_is_not_a_video(seeds, tmp_path):
    path = tmp_path / "v.avi"
    path.write_bytes(avi_with_a_huge_frame_chunk(seeds["AVI"].data, frame=0))
    with pytest.raises(BadInputError, match="cannot decode video"):
        resampled_frames(path, RATE)


def test_a_corrupt_later_frame_chunk_ends_the_video_as_a_cut_does(seeds, tmp_path):
    path = tmp_path / "v.avi"
    path.write_bytes(avi_with_a_huge_frame_chunk(seeds["AVI"].data, frame=3))
    info, frames = resampled_frames(path, RATE)
    assert [round(t * 30) for t, _ in frames] == [0, 2]  # frames 0-2 read, at 15 fps from 30


@pytest.mark.parametrize("container", SEEDS)
@settings(max_examples=150)
@given(data=st.data())
def test_a_damaged_video_is_bounded_frames_or_one_clear_error(seeds, tmp_path_factory, container, data):
    seed = seeds[container]
    path = tmp_path_factory.getbasetemp() / f"damaged{seed.suffix}"
    path.write_bytes(data.draw(damaged(seed.data, seed.fields)))
    try:
        info, frames = resampled_frames(path, RATE)
        assert FPS_RANGE[0] <= info.fps <= FPS_RANGE[1] and max(info.width, info.height) <= MAX_SIDE
        count, last = 0, -1.0
        for t, image in frames:
            count += 1
            assert count <= MAX_DURATION_S * RATE + 1 and last <= t <= MAX_DURATION_S
            assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
            assert 0 < max(image.shape[:2]) <= MAX_SIDE
            last = t
    except BadInputError as exc:
        assert "\n" not in str(exc), str(exc)
