"""``pushup-mobile info``: what the model is and what it costs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from pushup_mobile.contract import FAULTS, HEAD_MEANING, STEP_INPUTS


def info(
    checkpoint: Optional[Path] = typer.Option(
        None, "--checkpoint", help="Checkpoint to describe, or a shipped model by family: `pose` (the default) or `pixel`."
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
    state = str(list(summary.state_shape))
    shapes = {"frame": str(list(summary.input_shape)), "h": state, "c": state}
    for name in STEP_INPUTS:
        meaning = row.frame_meaning if name == "frame" else "LSTM state"
        table.add_row(name, "in", shapes[name], meaning)
    outputs = {"pushup": "[1, 1]", "depth": "[1, 1]", "faults": f"[1, {cfg.num_faults}]"}
    for name, shape in outputs.items():
        table.add_row(name, "out", shape, HEAD_MEANING[name])
    table.add_row("h, c", "out", state, "new LSTM state, fed back next frame")
    console.print(table)
    console.print("faults: " + ", ".join(FAULTS))
