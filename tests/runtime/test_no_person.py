"""No person, no rep, whichever shipped model runs: a rectangle bobbing up and down every
2 s over a room (what once gave the pixel model 299 "Good rep"s in 10 minutes) is
analysed by every family's shipped model and counts nothing."""

import cv2
import numpy as np
import pytest

from pushup_mobile.families import FAMILIES
from pushup_mobile.runtime.analyze import analyze_video
from pushup_mobile.runtime.models import open_model

FPS, SECONDS = 15, 40


@pytest.fixture(scope="module")
def bobbing_rectangle(tmp_path_factory):
    path = tmp_path_factory.mktemp("nobody") / "rectangle.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (320, 240))
    rng = np.random.default_rng(0)
    room = cv2.GaussianBlur(rng.integers(60, 200, (240, 320, 3), dtype=np.uint8), (31, 31), 0)
    for i in range(FPS * SECONDS):
        frame = room.copy()
        top = int(90 + 50 * np.sin(2 * np.pi * i / (2 * FPS)))  # down and up once every 2 s
        cv2.rectangle(frame, (60, top), (260, top + 40), (40, 90, 200), -1)
        writer.write(frame)
    writer.release()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_video_without_a_person_gets_no_rep(bobbing_rectangle, name):
    report = analyze_video(bobbing_rectangle, open_model(name)).report
    assert report["analyzed_frames"] >= FPS * SECONDS - 1
    assert report["reps"] == 0 and report["rep_events"] == []
