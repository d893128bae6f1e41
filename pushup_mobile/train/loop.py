"""The training loop: AdamW with warm-up and cosine decay, gradient clipping, per-epoch
validation with the task metrics (rep counting through the app's counter included), the
best checkpoint kept by that score, and a resumable ``last.pt`` written atomically.

Runs in one process, or in several under ``torchrun`` (DDP over gloo, the CPU backend):
rank 0 makes the data, validates and writes; every rank trains on its share of clips.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
import torch.distributed as dist

from pushup_mobile.checkpoint_format import save_checkpoint
from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.data.clips import ClipDataset
from pushup_mobile.data.labelled_clips import LabelledClip
from pushup_mobile.data.teacher_clips import TeacherClips
from pushup_mobile.errors import BadInputError
from pushup_mobile.evaluate.metrics import TaskMetrics, metric_text, task_metrics
from pushup_mobile.files import atomic_path, save_figure, write_text_atomic
from pushup_mobile.model.net import build_pixel_model, clip_outputs
from pushup_mobile.synth.dataset import DatasetSpec, write_dataset
from pushup_mobile.train.config import TrainConfig
from pushup_mobile.train.frames import FrameModel, pretrain_frames
from pushup_mobile.train.optim import make_loader, rank_and_world, schedule, train_step


@dataclass(frozen=True)
class TrainResult:
    best: Path
    best_score: float
    best_metrics: dict[str, Any]
    epochs_run: int
    seconds: float = 0.0
    """Wall time of this call (a resumed run counts only its own part)."""


def prepare_data(cfg: TrainConfig, root: Path) -> tuple[Path, Path]:
    """Render the train and val shards (rank 0, every core); later runs and resumes reuse
    the shards already written."""
    folders = {}
    for split, clips in (("train", cfg.data.train_clips), ("val", cfg.data.val_clips)):
        folder = root / split
        spec = DatasetSpec(clips, cfg.data.seed, split, cfg.model.input_size, cfg.data.frames, crop=cfg.model.crop)
        if rank_and_world()[0] == 0:
            write_dataset(folder, spec, workers=os.cpu_count() or 1)
        folders[split] = folder
    if rank_and_world()[1] > 1:
        dist.barrier()
    return folders["train"], folders["val"]


def validate(net: torch.nn.Module, dataset: torch.utils.data.Dataset) -> TaskMetrics:
    """Task metrics of any family's clip form on every clip of ``dataset`` (samples with
    ``frames``, ``pushup``, ``faults``, ``depth`` and ``rep_count``)."""
    net.eval()
    clips, outputs = [], []
    for index in range(len(dataset)):
        sample = dataset[index]
        clips.append(LabelledClip(np.zeros(0), sample["pushup"].numpy(), sample["faults"].numpy(),
                                  sample["depth"].numpy(), sample["rep_count"], FRAME_RATE))
        outputs.append(clip_outputs(net, sample["frames"]))
    net.train()
    return task_metrics(tuple(clips), outputs)


def score(metrics: TaskMetrics) -> float:
    """What "best" means: detection, counting and form feedback weigh the same (form only
    when the validation clips show a fault)."""
    parts = [metrics.pushup_f1, metrics.rep_obo, metrics.fault_macro_f1]
    return float(np.mean([p for p in parts if p is not None]))


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _plot(history: list[dict[str, Any]], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [h["epoch"] for h in history]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
    left.plot(epochs, [h["train_loss"] for h in history], "o-")
    left.set_title("training loss")
    for name in ("pushup_f1", "rep_obo", "fault_macro_f1"):
        right.plot(epochs, [np.nan if h["val"][name] is None else h["val"][name] for h in history], "o-", label=name)
    right.set_title("validation")
    right.set_ylim(0, 1.02)
    right.legend()
    for ax in (left, right):
        ax.set_xlabel("epoch")
    save_figure(fig, target, dpi=100)


def _fine_tuned(cfg: TrainConfig, init: torch.nn.Module | None) -> TrainConfig:
    """The config to train with: a trained network's architecture and crop replace the
    config's model (fine-tuning)."""
    if init is None:
        return cfg
    if type(init.cfg) is not type(cfg.model):  # a subclass is another family (two_stream's config is a pixel one's)
        raise BadInputError(f"--init: a {type(init.cfg).__name__} model; this training config trains "
                            f"{type(cfg.model).__name__} models")
    return replace(cfg, model=init.cfg)


def _mixed(rendered: ClipDataset, taught: TeacherClips | None) -> torch.utils.data.Dataset:
    """The rendered clips alone, or with teacher-labelled windows repeated to make up about
    half of each epoch (there are usually far fewer of them; at least once each)."""
    if taught is None:
        return rendered
    repeats = max(1, len(rendered) // max(1, len(taught)))
    return torch.utils.data.ConcatDataset([rendered] + [taught] * repeats)


def train(cfg: TrainConfig, out: Path, resume: bool = False, data_root: Path | None = None, progress: bool = True,
          videos: Path | None = None, init: torch.nn.Module | None = None, init_source: str | None = None,
          build: Callable[[Any, int], torch.nn.Module] = build_pixel_model,
          frame_stage: Callable[[torch.nn.Module], torch.nn.Module] = FrameModel) -> TrainResult:
    """Train ``build(cfg.model)`` (any model on rendered frames: the pixel family's by
    default, the (2+1)D and two-stream families') on rendered clips. ``videos``: a ``pushup-mobile label``
    folder mixed into the clip stage; ``init``: a trained network to start from (its config
    replaces ``cfg.model``), read from ``init_source``. The per-frame stage
    (``cfg.frame_epochs``) trains ``frame_stage(net)`` on shuffled single frames
    (:func:`pushup_mobile.train.frames.pretrain_frames`)."""
    started = time.perf_counter()
    rank, world = rank_and_world()
    out.mkdir(parents=True, exist_ok=True)
    cfg = _fine_tuned(cfg, init)
    # the videos are read before any rendering: a wrong folder is found in seconds, not hours
    taught = TeacherClips(videos, cfg.model.input_size, cfg.model.crop, cfg.data.frames, cfg.seed) if videos else None
    train_dir, val_dir = prepare_data(cfg, data_root or out / "data")
    torch.manual_seed(cfg.seed)
    rendered = ClipDataset(train_dir, augment=True, seed=cfg.seed)
    train_set = _mixed(rendered, taught)
    val_set = ClipDataset(val_dir)
    loader, sampler = make_loader(train_set, cfg.batch_size, cfg.seed)
    net = build(cfg.model, cfg.seed).train() if init is None else init.train()
    last = out / "last.pt"
    if cfg.frame_epochs and not (resume and last.is_file()):
        pretrain_frames(cfg, net, rendered, val_set, out, progress, frame_stage)
    model = torch.nn.parallel.DistributedDataParallel(net) if world > 1 else net
    optimizer = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(cfg, cfg.epochs * len(loader)))
    history: list[dict[str, Any]] = []
    start_epoch, best_score = 0, -1.0
    if resume and last.is_file():
        state = torch.load(last, map_location="cpu", weights_only=False)
        net.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch, best_score, history = state["epoch"] + 1, state["best_score"], state["history"]
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[loss]}"), TimeRemainingColumn(),
                   disable=not progress or rank != 0)
    with bar:
        for epoch in range(start_epoch, cfg.epochs):
            if sampler is not None:
                sampler.set_epoch(epoch)
            rendered.epoch = epoch
            task = bar.add_task(f"epoch {epoch + 1}/{cfg.epochs}", total=len(loader), loss="")
            running = []
            for batch in loader:
                running.append(train_step(model, net, batch, cfg, optimizer, scheduler))
                bar.update(task, advance=1, loss=f"loss {np.mean(running[-20:]):.3f}")
            if rank == 0:
                metrics = validate(net, val_set)
                history.append({"epoch": epoch + 1, "train_loss": float(np.mean(running)), "val": metrics.to_dict(),
                                "score": score(metrics), "lr": scheduler.get_last_lr()[0],
                                "clips": len(train_set), "taught_clips": len(train_set) - len(rendered)})
                if score(metrics) > best_score:
                    best_score = score(metrics)
                    save_checkpoint(net, out / "best.pt", {"config": cfg.to_dict(), "epoch": epoch + 1,
                                                            "metrics": metrics.to_dict(), "git_commit": git_commit(),
                                                            "init": init_source,
                                                            "videos": str(videos) if videos else None})
                with atomic_path(last) as tmp:
                    torch.save({"model": net.state_dict(), "optimizer": optimizer.state_dict(),
                                "scheduler": scheduler.state_dict(), "epoch": epoch, "best_score": best_score,
                                "history": history}, tmp)
                write_text_atomic(out / "history.json", json.dumps(history, indent=2) + "\n")
                if progress:  # one line per epoch, also where the bar cannot draw (logs)
                    bar.console.print(f"epoch {epoch + 1}: loss {history[-1]['train_loss']:.3f}, val push-up F1 "
                                      f"{metrics.pushup_f1:.3f}, rep OBO {metrics.rep_obo:.3f}, fault macro-F1 "
                                      f"{metric_text(metrics.fault_macro_f1)}")
                _plot(history, out / "curves.png")
            if world > 1:
                dist.barrier()
    best = history and max(history, key=lambda h: h["score"])
    return TrainResult(out / "best.pt", best_score, best["val"] if best else {}, len(history),
                       time.perf_counter() - started)
