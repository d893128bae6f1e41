"""Training on the tiny config: it learns, it resumes, it checkpoints, it scales out."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from pushup_mobile.families import load_checkpoint
from pushup_mobile.train.config import get_config
from pushup_mobile.train.loop import train
from pushup_mobile.train.optim import schedule
from pushup_mobile.train.losses import losses

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


def test_tiny_training_writes_a_loadable_best_checkpoint_and_resumes(tmp_path, data_root):
    cfg = get_config("tiny")
    result = train(cfg, tmp_path / "run", data_root=data_root, progress=False)
    loaded = load_checkpoint(result.best)
    assert loaded.cfg == cfg.model and loaded.meta["config"]["name"] == "tiny"
    history = json.loads((tmp_path / "run" / "history.json").read_text())
    assert [h["epoch"] for h in history] == [1, 2]
    assert (tmp_path / "run" / "curves.png").read_bytes()[:4] == b"\x89PNG"
    longer = train(replace(cfg, epochs=3), tmp_path / "run", resume=True, data_root=data_root, progress=False)
    resumed = json.loads((tmp_path / "run" / "history.json").read_text())
    assert longer.epochs_run == 3
    # epochs 1-2 are the ones already run (a fresh 3-epoch run would log another lr schedule)
    assert resumed[:2] == history
    fresh = train(replace(cfg, epochs=3), tmp_path / "fresh", data_root=data_root, progress=False)
    assert json.loads((tmp_path / "fresh" / "history.json").read_text())[1]["lr"] != history[1]["lr"]
    assert fresh.epochs_run == 3


def test_same_seed_same_training(tmp_path, data_root):
    cfg = replace(get_config("tiny"), epochs=1)
    a = train(cfg, tmp_path / "a", data_root=data_root, progress=False)
    b = train(cfg, tmp_path / "b", data_root=data_root, progress=False)
    history = [json.loads((tmp_path / name / "history.json").read_text())[0]["train_loss"] for name in ("a", "b")]
    assert history[0] == history[1] and a.best_metrics == b.best_metrics


def test_losses_mask_depth_and_faults_to_pushup_frames():
    from pushup_mobile.model.net import ClipOutputs

    out = ClipOutputs(torch.zeros(1, 4, 1), torch.full((1, 4, 1), 0.5), torch.zeros(1, 4, 5), None)
    batch = {"pushup": torch.tensor([[1.0, 1.0, 0.0, 0.0]]), "depth": torch.tensor([[0.5, float("nan"), 1.0, 1.0]]),
             "faults": torch.zeros(1, 4, 5)}
    parts = losses(out, batch)
    assert parts["depth"].item() == 0.0  # the only known push-up depth is predicted exactly
    assert parts["pushup"].item() == pytest.approx(0.6931, abs=1e-4)


def test_warmup_then_cosine():
    factor = schedule(replace(get_config("tiny"), warmup_steps=10), total_steps=110)
    assert factor(0) == pytest.approx(0.1) and factor(9) == pytest.approx(1.0)
    assert factor(60) == pytest.approx(0.5) and factor(110) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.slow
def test_two_processes_with_torchrun(tmp_path):
    result = subprocess.run(
        [str(BIN / "torchrun"), "--nproc_per_node=2", "-m", "pushup_mobile.train", "--config", "tiny", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "best score" in result.stdout and (tmp_path / "best.pt").is_file()
