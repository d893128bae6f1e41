"""Stage one of the pixel model's training: the per-frame backbone on shuffled single frames.

Why a stage of its own: a batch of 8 clips is 384 frames but barely more than 8 samples'
worth of gradient (neighbouring frames are near copies), and a MobileNetV3 learning from
scratch on 2 cores got nowhere that way in three epochs (validation AUROC 0.64). Frames
drawn from hundreds of clips per batch give the backbone a strong signal; the clip stage
(:func:`pushup_mobile.train.loop.train`) then starts from this backbone and teaches the
LSTM time. The per-frame heads used here are thrown away: only the backbone, the
projection and the keypoint head carry over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
import torch.distributed as dist
from torch import Tensor, nn

from pushup_mobile.checkpoint_format import read_checkpoint, save_checkpoint
from pushup_mobile.data.clips import ClipDataset
from pushup_mobile.evaluate.report import auroc
from pushup_mobile.files import atomic_path, write_text_atomic
from pushup_mobile.model.net import ClipOutputs, PushupNet
from pushup_mobile.train.optim import make_loader, rank_and_world, schedule, train_step


class FrameDataset(torch.utils.data.Dataset):
    """Every frame of every clip of a :class:`ClipDataset` as a one-frame sample, each
    with its own augmentation draw."""

    def __init__(self, clips: ClipDataset, stride: int = 1) -> None:
        self.clips, self.stride = clips, stride
        self.per_clip = len(range(0, clips.frames_per_clip(), stride))

    def __len__(self) -> int:
        return len(self.clips) * self.per_clip

    def __getitem__(self, index: int) -> dict[str, Any]:
        clip, k = divmod(index, self.per_clip)
        return self.clips.sample(clip, k * self.stride)


class FrameModel(nn.Module):
    """The pixel net's per-frame half with per-frame heads, shaped like the clip form
    (``[B, T, ...]`` in and out) so the clip stage's losses and step serve it unchanged."""

    def __init__(self, net: PushupNet) -> None:
        super().__init__()
        # ``net``'s per-frame modules themselves (shared, trained in place), not ``net``:
        # its LSTM gets no gradient here, which distributed training refuses.
        self.features, self.pool, self.project, self.keypoint_head = (
            net.features, net.pool, net.project, net.keypoint_head)
        self.embed = net.embed  # the net's own per-frame path, over the modules registered above
        dim = net.cfg.embed_dim
        self.pushup_head = nn.Linear(dim, 1)
        self.depth_head = nn.Linear(dim, 1)
        self.faults_head = nn.Linear(dim, net.cfg.num_faults)

    def forward(self, frames: Tensor) -> ClipOutputs:
        b, t = frames.shape[:2]
        emb = self.embed(frames.flatten(0, 1))
        keypoints = None
        if self.keypoint_head is not None:
            keypoints = torch.sigmoid(self.keypoint_head(emb)).view(b, t, -1, 2)
        shape = (b, t, -1)
        return ClipOutputs(self.pushup_head(emb).view(shape), torch.sigmoid(self.depth_head(emb)).view(shape),
                           self.faults_head(emb).view(shape), keypoints)


def as_is(net: nn.Module) -> nn.Module:
    """The per-frame stage's model for a net whose clip form on one-frame clips already is a
    per-frame model (the (2+1)D family: the taps of earlier frames are zeros): the net itself."""
    return net


def frame_metrics(model: nn.Module, dataset: FrameDataset, batch_size: int = 256) -> dict[str, float]:
    """Push-up AUROC and accuracy at 0.5 over every frame of ``dataset``, and depth MAE on
    push-up frames: what tells whether the backbone sees the body yet."""
    model.eval()
    truth, prob, depth_true, depth_pred = [], [], [], []
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=False)
    with torch.no_grad():
        for batch in loader:
            out = model(batch["frames"])
            truth.append(batch["pushup"].flatten().numpy() > 0.5)
            prob.append(torch.sigmoid(out.pushup).flatten().numpy())
            depth_true.append(batch["depth"].flatten().numpy())
            depth_pred.append(out.depth.flatten().numpy())
    model.train()
    truth, prob = np.concatenate(truth), np.concatenate(prob)
    depth_true, depth_pred = np.concatenate(depth_true), np.concatenate(depth_pred)
    on = truth & ~np.isnan(depth_true)
    return {"pushup_auroc": auroc(truth, prob) or 0.0, "pushup_accuracy": float(np.mean((prob > 0.5) == truth)),
            "depth_mae": float(np.abs(depth_pred[on] - depth_true[on]).mean()) if on.any() else float("nan")}


def pretrain_frames(cfg: Any, net: nn.Module, train_set: ClipDataset, val_set: ClipDataset, out: Path,
                    progress: bool = True, stage: Callable[[nn.Module], nn.Module] = FrameModel) -> list[dict[str, Any]]:
    """Train ``stage(net)`` (the MobileNetV3-LSTM's per-frame half with per-frame heads, or
    :func:`as_is`) for ``cfg.frame_epochs`` epochs (resumable from ``out/frames_last.pt``) and
    leave the result in ``net``; ``out/frames.pt`` holds the finished stage, so a later run
    skips straight to the clip stage."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    rank, world = rank_and_world()
    done, last = out / "frames.pt", out / "frames_last.pt"
    if done.is_file():
        net.load_state_dict(read_checkpoint(done).state_dict)
        return json.loads((out / "frames_history.json").read_text())
    model = stage(net).train()
    runner = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    frames = FrameDataset(train_set)
    val_frames = FrameDataset(val_set, stride=4)
    loader, sampler = make_loader(frames, cfg.frame_batch, cfg.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.frame_lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(cfg, cfg.frame_epochs * len(loader)))
    start, history = 0, []
    if last.is_file():
        state = torch.load(last, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start, history = state["epoch"] + 1, state["history"]
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[loss]}"),
                   TimeRemainingColumn(), disable=not progress or rank != 0)
    with bar:
        for epoch in range(start, cfg.frame_epochs):
            train_set.epoch = epoch
            if sampler is not None:
                sampler.set_epoch(epoch)
            task = bar.add_task(f"frames {epoch + 1}/{cfg.frame_epochs}", total=len(loader), loss="")
            running = []
            for batch in loader:
                running.append(train_step(runner, model, batch, cfg, optimizer, scheduler))
                bar.update(task, advance=1, loss=f"loss {np.mean(running[-20:]):.3f}")
            if world > 1:
                dist.barrier()
            if rank != 0:
                continue
            metrics = frame_metrics(model, val_frames)
            history.append({"epoch": epoch + 1, "train_loss": float(np.mean(running)), "val": metrics,
                            "lr": scheduler.get_last_lr()[0]})
            with atomic_path(last) as tmp:
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "epoch": epoch, "history": history}, tmp)
            write_text_atomic(out / "frames_history.json", json.dumps(history, indent=2) + "\n")
            if progress:
                bar.console.print(f"frames {epoch + 1}: loss {history[-1]['train_loss']:.3f}, val push-up AUROC "
                                  f"{metrics['pushup_auroc']:.3f}, accuracy {metrics['pushup_accuracy']:.3f}, "
                                  f"depth MAE {metrics['depth_mae']:.3f}")
    if rank == 0:
        save_checkpoint(net, done, {"stage": "frames", "history": history})
    if world > 1:
        dist.barrier()
    return history
