"""``pushup-mobile info``: what the model is and what it costs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from pushup_mobile.contract import FAULTS, FRAME_INPUT, HEAD_MEANING


def info(
    checkpoint: Optional[Path] = typer.Option(
        None, "--checkpoint", help="Checkpoint to describe, or a shipped model by family: `pose` (the default), `pixel` or `transformer`."
    ),
) -> None:
    """Print parameters, MACs per frame, state shapes and the model contract."""
    from pushup_mobile.families import DEFAULT_FAMILY, DEFAULT_REASON, family_of, load_model
    from pushup_mobile.model.summary import summarize

    loaded = load_model(checkpoint)
    summary = summarize(loaded.net)
    cfg = loaded.cfg
    row = family_of(cfg)
    console = Console()
    console.print(f"[bold]model[/] {cfg.name}  source: {loaded.source}")
    console.print(f"default family: {DEFAULT_FAMILY}, {DEFAULT_REASON}")
    console.print(f"family: {row.name} ({row.summary})\nparameters (step form): {summary.parameters:,}\n"
                  f"{row.cost(cfg, summary)}\nsha256: {loaded.sha256}")
    table = Table(title="Model contract (step form)")
    for column in ("tensor", "direction", "shape", "meaning"):
        table.add_column(column)
    table.add_row(FRAME_INPUT, "in", str(list(summary.input_shape)), row.frame_meaning)
    for name, shape in summary.state_spec.items():
        table.add_row(name, "in", str(list(shape)), f"state: {cfg.state_meaning[name]}")
    outputs = {"pushup": "[1, 1]", "depth": "[1, 1]", "faults": f"[1, {cfg.num_faults}]"}
    for name, shape in outputs.items():
        table.add_row(name, "out", shape, HEAD_MEANING[name])
    for name, shape in summary.state_spec.items():
        table.add_row(name, "out", str(list(shape)), "the new state, fed back next frame")
    console.print(table)
    console.print("faults: " + ", ".join(FAULTS))
