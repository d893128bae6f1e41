"""The teacher route end to end on rendered videos: `pushup-mobile label` writes per-frame
soft labels from the pose model in the own-video format, the pixel student's windows read
them framed as it sees them, and `train --family pixel --videos --init` fine-tunes on them
mixed with rendered clips."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.data.own_videos import own_clips
from pushup_mobile.data.teacher_clips import TeacherClips
from pushup_mobile.errors import BadInputError
from pushup_mobile.runtime.label import confident, label_videos
from pushup_mobile.train.losses import losses
from pushup_mobile.model.net import ClipOutputs

pytestmark = pytest.mark.slow  # BlazePose over rendered videos, a tiny training run

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def taught(tmp_path_factory):
    from pushup_mobile.synth.demo import write_demo_video

    folder = tmp_path_factory.mktemp("videos")
    pushups = write_demo_video(folder / "set.mp4", reps=2, seed=2, fps=30.0, size=192)
    squats = write_demo_video(folder / "squats.mp4", activity="squat", seed=2, fps=30.0, size=192, seconds=5.0)
    out = folder / "taught"
    run = subprocess.run([str(BIN / "pushup-mobile"), "label", str(pushups.path), str(squats.path), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return out, pushups


def test_the_teacher_counts_and_labels_every_frame_at_the_models_rate(taught):
    out, pushups = taught
    record = json.loads((out / "labels.json").read_text())
    entries = {Path(e["file"]).name: e for e in record["videos"]}
    assert entries["set.mp4"]["reps"] == pushups.reps and entries["set.mp4"]["activity"] == "pushup"
    assert entries["squats.mp4"]["reps"] == 0 and entries["squats.mp4"]["activity"] == "unknown"
    assert record["teacher"]["format"] == "pytorch" and len(record["teacher"]["sha256"]) == 64
    with np.load(out / "set.mp4.teacher.npz") as labels:
        frames = len(labels["t"])
        assert frames == pytest.approx(pushups.frames / 2, abs=1)  # 30 fps resampled to 15
        assert np.allclose(np.diff(labels["t"]), 1 / FRAME_RATE, atol=1e-6)
        assert labels["keypoints"].shape == (frames, 17, 2) and labels["faults"].shape == (frames, 5)
        assert labels["pushup"].mean() > 0.6 and labels["weight"].mean() > 0.6
        assert np.array_equal(labels["weight"], confident(labels["pushup"], labels["person"]))
    with np.load(out / "squats.mp4.teacher.npz") as labels:
        assert labels["pushup"].max() < 0.5
    clips = {c.label.file: c for c in own_clips(out, 64)}  # the own-video reader takes the teacher's frames
    taught_set = clips["../set.mp4"]
    assert len(taught_set.frames) == frames and taught_set.weight.mean() > 0.6


def test_only_sure_frames_teach():
    pushup = np.array([0.95, 0.5, 0.1, 0.9, 0.05], dtype=np.float32)
    person = np.array([1, 1, 1, 0, 0], dtype=np.float32)
    assert confident(pushup, person).tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]


def test_a_pixel_teacher_and_missing_videos_are_refused_before_any_work(tmp_path):
    video = tmp_path / "any.mp4"
    video.write_bytes(b"not decoded: refused first")
    with pytest.raises(BadInputError, match="through BlazePose"):
        label_videos([video], tmp_path / "out", teacher="pixel")
    with pytest.raises(BadInputError, match="video not found: .*gone.mp4"):
        label_videos([video, tmp_path / "gone.mp4"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("crop", ["letterbox", "person"])
def test_the_students_windows_carry_the_teachers_labels(taught, crop):
    out, _ = taught
    windows = TeacherClips(out, 48, crop, frames=12)
    assert len(windows) > 4
    sample = windows[0]
    assert sample["frames"].shape == (12, 3, 48, 48)
    with np.load(out / "set.mp4.teacher.npz") as labels:
        assert np.allclose(sample["pushup"].numpy(), labels["pushup"][:12])
        assert np.allclose(sample["weight"].numpy(), labels["weight"][:12])
    seen = sample["visibility"].numpy() > 0.5
    assert seen.any()
    inside = sample["keypoints"].numpy()[seen]
    assert inside.min() >= 0 and inside.max() <= 1


def test_frames_the_teacher_was_unsure_of_do_not_move_the_loss():
    frames, faults = 6, 5
    out = ClipOutputs(torch.zeros(1, frames, 1), torch.zeros(1, frames, 1), torch.zeros(1, frames, faults), None)
    batch = {"pushup": torch.ones(1, frames), "depth": torch.full((1, frames), 0.5), "faults": torch.zeros(1, frames, faults),
             "weight": torch.tensor([[1.0, 1.0, 1.0, 0.0, 0.0, 0.0]])}
    before = losses(out, batch)
    batch["pushup"][0, 3:] = 0.0  # contradict the model where the teacher was unsure
    batch["depth"][0, 3:] = 0.0
    after = losses(out, batch)
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_the_student_fine_tunes_on_the_teachers_videos(taught, tmp_path):
    out, _ = taught
    first = tmp_path / "first"
    command = [str(BIN / "pushup-mobile"), "train", "--family", "pixel", "--config", "tiny", "--threads", "1"]
    assert subprocess.run([*command, "--out", str(first)], capture_output=True, timeout=600).returncode == 0
    tuned = tmp_path / "tuned"
    run = subprocess.run([*command, "--out", str(tuned), "--videos", str(out), "--init", str(first / "best.pt"),
                          "--data", str(first / "data")], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    history = json.loads((tuned / "history.json").read_text())
    assert all(epoch["taught_clips"] > 0 for epoch in history)
    from pushup_mobile.checkpoint_format import read_checkpoint

    meta = read_checkpoint(tuned / "best.pt").meta
    assert meta["videos"] == str(out) and meta["init"] == str(first / "best.pt")
    refused = subprocess.run([*command, "--out", str(tmp_path / "no"), "--init", "pose"], capture_output=True, text=True)
    assert refused.returncode == 2 and "a PoseModelConfig model; this training config trains ModelConfig models" in refused.stderr
