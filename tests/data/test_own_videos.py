import json

import cv2
import numpy as np
import pytest

from pushup_mobile.data.own_videos import own_clips, read_labels
from pushup_mobile.errors import BadInputError


def write_video(path, frames=20, fps=30, size=(96, 64)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), 10 * i % 255, np.uint8))
    writer.release()


def make_folder(tmp_path, entries):
    (tmp_path / "labels.json").write_text(json.dumps({"videos": entries}))
    return tmp_path


def test_reads_videos_with_their_labels(tmp_path):
    write_video(tmp_path / "a.mp4")
    write_video(tmp_path / "b.mp4", frames=15, fps=15)
    folder = make_folder(tmp_path, [
        {"file": "a.mp4", "activity": "pushup", "reps": 3, "faults": ["hip_sag"]},
        {"file": "b.mp4", "activity": "squat", "reps": 0},
    ])
    first, second = list(own_clips(folder, size=32))
    assert first.frames.shape == (10, 32, 32, 3)  # 30 fps resampled to 15
    assert first.pushup.all() and np.isnan(first.depth).all() and first.faults[:, 0].all()
    assert second.frames.shape[0] == 15 and not second.pushup.any() and (second.depth == 0).all()


@pytest.mark.parametrize(("entries", "message"), [
    (None, "labels file not found"),
    ("broken", "not a valid labels file"),
    ([{"file": "gone.mp4", "activity": "pushup", "reps": 1}], "names a missing video: gone.mp4"),
    ([{"file": "a.mp4", "activity": "yoga", "reps": 0}], "unknown activity 'yoga'"),
    ([{"file": "a.mp4", "activity": "pushup", "reps": 1, "faults": ["slouch"]}], "unknown fault(s) slouch"),
    ([{"file": "a.mp4", "reps": 1}], "not a valid labels file"),
])
def test_bad_labels_are_one_clear_error(tmp_path, entries, message):
    write_video(tmp_path / "a.mp4")
    if entries == "broken":
        (tmp_path / "labels.json").write_text("{not json")
    elif entries is not None:
        make_folder(tmp_path, entries)
    with pytest.raises(BadInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_labels(tmp_path)


def test_unreadable_and_empty_videos_are_clear_errors(tmp_path):
    (tmp_path / "bad.mp4").write_text("not a video")
    (tmp_path / "empty.mp4").write_bytes(b"")
    for name, message in (("bad.mp4", "cannot decode"), ("empty.mp4", "empty")):
        folder = make_folder(tmp_path, [{"file": name, "activity": "pushup", "reps": 1}])
        with pytest.raises(BadInputError, match=message):
            list(own_clips(folder))
