"""``pushup-mobile eval``: task metrics of a checkpoint on the synthetic test split or on
your own labelled videos."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def evaluate(
    checkpoint: Optional[Path] = typer.Option(None, "--checkpoint", help="Any family's checkpoint, or a shipped model by family: `pose` (the default), `pixel` or `transformer`."),
    split: str = typer.Option("test", "--split", help="Synthetic split to render and score."),
    clips: int = typer.Option(48, "--clips", min=1, help="Synthetic clips to score."),
    frames: int = typer.Option(64, "--frames", min=8, help="Frames per synthetic clip."),
    videos: Optional[Path] = typer.Option(None, "--videos", help="A folder of your own videos with labels.json instead."),
    out: Path = typer.Option(Path("runs/eval"), "--out", help="Folder for metrics.json, metrics.md and plots."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the metrics JSON here."),
) -> None:
    """Push-up F1/AUROC, depth MAE, rep MAE/OBO, per-fault P/R/F1, false reps per minute."""
    import json

    from rich.console import Console

    from pushup_mobile.contract import FRAME_RATE
    from pushup_mobile.evaluate.report import plots, run_clips, summarize, write_report
    from pushup_mobile.feedback.rules import FeedbackRules
    from pushup_mobile.files import write_text_atomic
    from pushup_mobile.families import family_of, load_model

    loaded = load_model(checkpoint)
    row = family_of(loaded.cfg)
    if videos is None:
        samples = row.eval_samples(loaded.cfg, split, clips, frames, 0)
    else:
        samples = row.video_samples(loaded.cfg, videos)
    results = run_clips(loaded.net, samples, FRAME_RATE, FeedbackRules())
    summary = {"model": {"source": loaded.source, "sha256": loaded.sha256, "trained": loaded.trained},
               "data": str(videos) if videos else f"synthetic {split}: {clips} clips x {frames} frames",
               **summarize(results)}
    written = write_report(summary, out)
    history = Path(checkpoint).parent / "history.json" if checkpoint and Path(checkpoint).exists() else None
    written += plots(results, summary, out, history)
    if json_out:
        write_text_atomic(json_out, json.dumps(summary, indent=2) + "\n")
    console = Console()
    console.print((out / "metrics.md").read_text())
    console.print("wrote " + ", ".join(str(p) for p in written))

