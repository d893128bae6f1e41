"""The optimisation pieces every training loop shares (the pixel clip and frame stages, the
pose model): AdamW's schedule, one step, and a data loader that splits the data across the
processes of a distributed run."""

from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, DistributedSampler

from pushup_mobile.train.losses import losses, total


def rank_and_world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def make_loader(dataset: torch.utils.data.Dataset, batch_size: int, seed: int) -> tuple[DataLoader, Any]:
    """A shuffling loader over ``dataset``, each process of a distributed run drawing its own
    share (the sampler comes back too: it needs ``set_epoch`` every epoch)."""
    rank, world = rank_and_world()
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, seed=seed) if world > 1 else None
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=sampler is None, sampler=sampler,
                        generator=torch.Generator().manual_seed(seed), drop_last=False)
    return loader, sampler


def schedule(cfg: Any, total_steps: int) -> Callable[[int], float]:
    def factor(step: int) -> float:
        if step < cfg.warmup_steps:
            return (step + 1) / cfg.warmup_steps
        progress = (step - cfg.warmup_steps) / max(1, total_steps - cfg.warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))

    return factor


def train_step(model: torch.nn.Module, net: torch.nn.Module, batch: dict[str, Any], cfg: Any,
               optimizer: torch.optim.Optimizer, scheduler: Any) -> float:
    """One optimisation step on a batch of clips, for any family: every head's loss
    weighted by ``cfg.loss_weights``, gradients clipped to ``cfg.grad_clip``, the schedule
    advanced. ``model`` runs the forward pass (the DDP wrapper when distributed), ``net``
    owns the parameters. Returns the batch loss."""
    loss = total(losses(model(batch["frames"]), batch), cfg.loss_weights)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
    optimizer.step()
    scheduler.step()
    return loss.item()
