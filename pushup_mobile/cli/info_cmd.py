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
    from pushup_mobile.model import load_model
    from pushup_mobile.model.checkpoint import DEFAULT_FAMILY, DEFAULT_REASON
    from pushup_mobile.model.summary import summarize

    loaded = load_model(checkpoint)
    summary = summarize(loaded.net)
    cfg = loaded.cfg
    console = Console()
    console.print(f"[bold]model[/] {cfg.name}  source: {loaded.source}")
    if not loaded.trained:
        console.print("[yellow]no trained pixel checkpoint is shipped yet: this is the seeded stand-in model "
                      "(the trained pose-family model: --checkpoint pose)[/]")
    if cfg.family == "pose":
        cost = (f"MACs per frame (temporal model; BlazePose runs before it): {summary.macs_per_frame / 1e6:.3f} M\n"
                f"input: {cfg.features} keypoint features  LSTM: {cfg.layers} layer(s) x {cfg.hidden}\n")
    else:
        cost = (f"MACs per frame at {cfg.input_size}x{cfg.input_size}: {summary.macs_per_frame / 1e6:.1f} M\n"
                f"width multiplier: {cfg.width_mult}  LSTM: {cfg.layers} layer(s) x {cfg.hidden}\n")
    console.print(f"default family: {DEFAULT_FAMILY}, {DEFAULT_REASON}")
    console.print(f"family: {cfg.family}\nparameters (step form): {summary.parameters:,}\n{cost}sha256: {loaded.sha256}")
    table = Table(title="Model contract (step form)")
    for column in ("tensor", "direction", "shape", "meaning"):
        table.add_column(column)
    state = str(list(summary.state_shape))
    shapes = {"frame": str(list(summary.input_shape)), "h": state, "c": state}
    for name in STEP_INPUTS:
        frame_meaning = "RGB frame, normalized as the manifest says" if cfg.family == "pixel" else "keypoint features"
        meaning = frame_meaning if name == "frame" else "LSTM state"
        table.add_row(name, "in", shapes[name], meaning)
    outputs = {"pushup": "[1, 1]", "depth": "[1, 1]", "faults": f"[1, {cfg.num_faults}]"}
    for name, shape in outputs.items():
        table.add_row(name, "out", shape, HEAD_MEANING[name])
    table.add_row("h, c", "out", state, "new LSTM state, fed back next frame")
    console.print(table)
    console.print("faults: " + ", ".join(FAULTS))
