"""Demo videos: a whole set (or another activity) as an ordinary phone video file."""

import cv2
import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.synth.demo import write_demo_video


def test_a_pushup_set_video_has_its_reps_rate_and_size(tmp_path):
    demo = write_demo_video(tmp_path / "set.mp4", reps=2, fps=24.0, size=160)
    capture = cv2.VideoCapture(str(demo.path))
    assert demo.reps == 2 and demo.activity == "pushup"
    assert capture.get(cv2.CAP_PROP_FPS) == pytest.approx(24.0)
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == demo.frames
    assert max(capture.get(cv2.CAP_PROP_FRAME_WIDTH), capture.get(cv2.CAP_PROP_FRAME_HEIGHT)) == 160
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set.mp4"]


def test_other_activities_have_no_reps_and_unknown_ones_are_refused(tmp_path):
    demo = write_demo_video(tmp_path / "squat.mp4", activity="squat", seconds=2.0, fps=15.0, size=96)
    assert demo.reps == 0 and demo.frames == 30
    with pytest.raises(BadInputError, match="unknown activity 'dance'"):
        write_demo_video(tmp_path / "x.mp4", activity="dance")
    assert not (tmp_path / "x.mp4").exists()
