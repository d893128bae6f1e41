"""Pose training on the tiny config: deterministic sequences, a falling loss, and a
checkpoint that loads back into the same model."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from pushup_mobile.families import load_checkpoint
from pushup_mobile.pose.features import NUM_FEATURES
from pushup_mobile.pose.sequences import PoseSequences, SequenceSpec
from pushup_mobile.train.pose_config import get_pose_config


def test_sequences_are_deterministic_and_resampled_per_epoch():
    spec = SequenceSpec("train", 2, frames=12, source_frames=30)
    a, b = PoseSequences(spec, resample=True), PoseSequences(spec, resample=True)
    first = a[1]
    assert first["frames"].shape == (12, NUM_FEATURES) and first["faults"].shape == (12, 5)
    torch.testing.assert_close(first["frames"], b[1]["frames"])
    a.epoch = 1
    assert not torch.equal(a[1]["frames"], first["frames"])
    full = a.sequences[1]
    window, _ = a.sequence(1)
    assert len(full.pushup) == 30 and len(window.pushup) == 12
    assert all(0 <= s and e < 12 for s, _, e in window.reps)


def test_tiny_training_from_the_cli_lowers_the_loss_and_writes_a_loadable_checkpoint(tmp_path):
    """``pushup-mobile train --family pose`` reaches the pose trainer through the family table."""
    cfg = get_pose_config("tiny")
    done = subprocess.run([str(Path(sys.executable).parent / "pushup-mobile"), "train", "--family", "pose", "--config",
                           "tiny", "--out", str(tmp_path), "--threads", "1"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    history = json.loads((tmp_path / "history.json").read_text())
    assert len(history) == cfg.epochs and f"after {cfg.epochs} epoch(s)" in done.stdout
    assert history[-1]["train_loss"] < history[0]["train_loss"]
    loaded = load_checkpoint(tmp_path / "best.pt")
    assert loaded.meta["config"]["name"] == "tiny" and set(loaded.meta["metrics"]) >= {"pushup_f1", "rep_obo"}
    assert loaded.meta["metrics"] == max(history, key=lambda h: h["score"])["val"]
    features = torch.from_numpy(np.random.default_rng(0).normal(size=(1, 5, NUM_FEATURES)).astype(np.float32))
    assert torch.isfinite(loaded.net(features).pushup).all() and not loaded.net.training


def test_some_training_windows_are_an_empty_scene_labelled_no_push_up():
    spec = SequenceSpec("train", 40, frames=12, source_frames=20)
    train_set, fixed = PoseSequences(spec, resample=True), PoseSequences(spec)
    empty = [i for i in range(len(train_set)) if train_set.absent(i)]
    assert 0 < len(empty) < 10 and not any(fixed.absent(i) for i in range(len(fixed)))
    sample = train_set[empty[0]]
    assert not sample["frames"].any() and not sample["pushup"].any() and sample["rep_count"] == 0
    train_set.epoch = 1
    assert [i for i in range(len(train_set)) if train_set.absent(i)] != empty


def test_a_title_card_is_seen_as_nobody_and_each_view_gets_its_own_noise():
    from dataclasses import replace

    from pushup_mobile.pose.noise import DEFAULT, ViewNoise
    from pushup_mobile.pose.sequences import CleanSequence, observe
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.splits import SPLITS

    clip = sample_clip(5, SPLITS["train"], frames=40, size=384, variant="standard", view="side", edit="card")
    sequence = CleanSequence.from_clip(clip)
    assert sequence.absent.any() and sequence.view == "side"
    frames = observe(sequence, np.random.default_rng(0), DEFAULT)
    assert not frames[sequence.absent].any() and frames[~sequence.absent].any()
    never_missed = replace(DEFAULT, miss_on=0.0)
    always_missed = replace(DEFAULT, miss_on=1.0, miss_off=0.0)
    noise = ViewNoise({"side": always_missed, "front": never_missed})
    assert not observe(sequence, np.random.default_rng(0), noise).any()
    assert observe(replace(sequence, view="front"), np.random.default_rng(0), noise)[~sequence.absent].any()
    assert noise["overhead"] == DEFAULT  # a view never measured falls back to the mixed fit
