"""Train the pose family's temporal model on noisy generator keypoints.

    pushup-mobile train --family pose --config default --out runs/pose_default --threads 1

The same objective and the same yardstick as the pixel model: the losses of
:mod:`pushup_mobile.train.losses`, the warm-up/cosine schedule and "best" score of
:mod:`pushup_mobile.train.loop`, and per-epoch validation with the task metrics (reps
counted by the app's counter) on validation-split sequences with fixed noise. Writes
``best.pt`` (config, weights, metrics) and ``history.json`` into the output folder.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from pushup_mobile.checkpoint_format import save_checkpoint
from pushup_mobile.evaluate.metrics import metric_text
from pushup_mobile.files import write_text_atomic
from pushup_mobile.pose.net import build_pose_model
from pushup_mobile.pose.noise import view_noise
from pushup_mobile.pose.sequences import PoseSequences, SequenceSpec
from pushup_mobile.train.loop import TrainResult, git_commit, score, validate
from pushup_mobile.train.optim import schedule, train_step
from pushup_mobile.train.pose_config import PoseTrainConfig


def datasets(cfg: PoseTrainConfig) -> tuple[PoseSequences, PoseSequences]:
    data = cfg.data
    noise = view_noise(data.noise)
    train_set = PoseSequences(SequenceSpec("train", data.train_sequences, data.frames, data.seed, data.source_frames),
                              noise, resample=True)
    val_set = PoseSequences(SequenceSpec("val", data.val_sequences, data.frames, data.seed), noise)
    return train_set, val_set


def train(cfg: PoseTrainConfig, out: Path, log: bool = True,
          data: tuple[PoseSequences, PoseSequences] | None = None,
          build: Callable[[Any, int], nn.Module] = build_pose_model) -> TrainResult:
    """Train ``build(cfg.model)`` (any model on keypoint features: the pose family's LSTM by
    default, the transformer family's) from ``cfg``; ``data`` (train, val) replaces the
    sequences ``cfg.data`` describes (drawing them is a minute of the default run, so
    experiments reuse them)."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    train_set, val_set = data or datasets(cfg)
    if log:
        print(f"{len(train_set)} train / {len(val_set)} val sequences in {time.perf_counter() - started:.0f} s", flush=True)
    net = build(cfg.model, cfg.seed).train()
    loader = DataLoader(train_set, batch_size=cfg.batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(cfg.seed))
    optimizer = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(cfg, cfg.epochs * len(loader)))
    history: list[dict[str, Any]] = []
    best_score = -1.0
    for epoch in range(cfg.epochs):
        train_set.epoch = epoch
        running = []
        for batch in loader:
            running.append(train_step(net, net, batch, cfg, optimizer, scheduler))
        metrics = validate(net, val_set)
        history.append({"epoch": epoch + 1, "train_loss": float(np.mean(running)), "val": metrics.to_dict(),
                        "score": score(metrics), "lr": scheduler.get_last_lr()[0],
                        "seconds": round(time.perf_counter() - started, 1)})
        if score(metrics) > best_score:
            best_score = score(metrics)
            save_checkpoint(net, out / "best.pt", {"config": cfg.to_dict(), "epoch": epoch + 1,
                                                        "metrics": metrics.to_dict(), "noise": train_set.noise.to_dict(),
                                                        "git_commit": git_commit()})
        write_text_atomic(out / "history.json", json.dumps(history, indent=2) + "\n")
        if log:
            print(f"epoch {epoch + 1}: loss {history[-1]['train_loss']:.3f}, val push-up F1 {metrics.pushup_f1:.3f}, "
                  f"rep MAE {metrics.rep_mae:.3f}, OBO {metrics.rep_obo:.3f}, fault macro-F1 "
                  f"{metric_text(metrics.fault_macro_f1)} ({history[-1]['seconds']:.0f} s)", flush=True)
    best = max(history, key=lambda h: h["score"])
    return TrainResult(out / "best.pt", best_score, best["val"], len(history), time.perf_counter() - started)

