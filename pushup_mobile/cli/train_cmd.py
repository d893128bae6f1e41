"""``pushup-mobile train``: train a config on rendered data (made on first use)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def train(
    config: str = typer.Option("tiny", "--config", help="tiny (seconds, for tests) or default."),
    out: Path = typer.Option(Path("runs/default"), "--out", help="Checkpoints, history, curves, data."),
    resume: bool = typer.Option(False, "--resume", help="Continue from OUT/last.pt."),
    data: Optional[Path] = typer.Option(None, "--data", help="Rendered train/ and val/ shards (default OUT/data; made when missing)."),
) -> None:
    """Train the model; the best checkpoint by validation score goes to OUT/best.pt.

    More processes: torchrun --nproc_per_node=2 -m pushup_mobile.train --config ... --out ...
    """
    from rich.console import Console

    from pushup_mobile.train.config import get_config
    from pushup_mobile.train.loop import train as run

    result = run(get_config(config), out, resume=resume, data_root=data)
    Console().print(f"best validation score {result.best_score:.3f} after {result.epochs_run} epoch(s): {result.best}")
