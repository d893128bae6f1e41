"""``pushup-mobile train``: train any family's config (the pixel family on rendered shards
made on first use, the keypoint families on sequences they draw)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def train(
    family: str = typer.Option("pixel", "--family", help="Model family to train: pixel, pose or transformer (pushup_mobile/families)."),
    config: str = typer.Option("tiny", "--config", help="tiny (seconds, for tests), default, or another of the family's configs (pixel: more-data, person, person-128, teacher)."),
    out: Path = typer.Option(Path("runs/default"), "--out", help="Checkpoints, history, curves, data."),
    resume: bool = typer.Option(False, "--resume", help="Continue from OUT/last.pt (pixel family)."),
    data: Optional[Path] = typer.Option(None, "--data", help="Rendered train/ and val/ shards (pixel family; default OUT/data; made when missing)."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="Torch threads (default: torch's choice)."),
    videos: Optional[Path] = typer.Option(None, "--videos", help="Teacher-labelled own videos (`pushup-mobile label` output) mixed into training (pixel family): half of each epoch's clips."),
    init: Optional[Path] = typer.Option(None, "--init", help="Start from this checkpoint (or `pixel`), keeping its architecture and crop (pixel family: fine-tuning)."),
) -> None:
    """Train a model; the best checkpoint by validation score goes to OUT/best.pt.

    More processes (pixel family): torchrun --nproc_per_node=2 -m pushup_mobile.train --config ... --out ...
    """
    import torch
    from rich.console import Console

    from pushup_mobile.families import TrainRequest, load_model
    from pushup_mobile.families import family as family_named

    row = family_named(family)
    if threads:
        torch.set_num_threads(threads)
    result = row.train(TrainRequest(config, out, resume, data, videos, load_model(init) if init is not None else None))
    Console().print(f"best validation score {result.best_score:.3f} after {result.epochs_run} epoch(s): {result.best}")
