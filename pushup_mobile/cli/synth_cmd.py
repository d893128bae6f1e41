"""``pushup-mobile synth``: render a synthetic dataset in shards, with a preview."""

from __future__ import annotations

from pathlib import Path

import typer


def synth(
    out: Path = typer.Option(..., "--out", help="Folder for the shards, dataset.json and previews."),
    clips: int = typer.Option(..., "--clips", min=1, help="How many clips."),
    seed: int = typer.Option(0, "--seed", min=0, help="Dataset seed: same seed, same bytes."),
    split: str = typer.Option("train", "--split", help="train, val or test (bodies and views never shared)."),
    size: int = typer.Option(128, "--size", min=32, help="Square frame side of the model's input."),
    crop: str = typer.Option("letterbox", "--crop", help="letterbox (the whole frame) or person (the square around the person, cut from a larger render)."),
    frames: int = typer.Option(64, "--frames", min=8, help="Frames per clip."),
    fps: float = typer.Option(15.0, "--fps", min=1.0, help="Frames per second."),
    shard_size: int = typer.Option(32, "--shard-size", min=1, help="Clips per shard file."),
    workers: int = typer.Option(1, "--workers", min=1, help="Rendering processes (same bytes for any count)."),
) -> None:
    """Generate rendered push-up and other-activity clips with exact per-frame labels."""
    import time

    from rich.console import Console
    from rich.progress import Progress

    from pushup_mobile.errors import BadInputError
    from pushup_mobile.preprocess import CROPS
    from pushup_mobile.synth.dataset import DatasetSpec, read_shard, write_dataset
    from pushup_mobile.synth.preview import contact_sheet, preview_video

    console = Console()
    if out.exists() and not out.is_dir():
        raise BadInputError(f"--out {out} is a file; give a folder (created if missing)")
    if crop not in CROPS:
        raise BadInputError(f"unknown --crop {crop!r} (known: {', '.join(CROPS)})")
    spec = DatasetSpec(clips, seed, split, size, frames, fps, shard_size, crop)
    start = time.perf_counter()
    with Progress(console=console) as progress:
        task = progress.add_task(f"rendering {split}", total=clips)
        shards = write_dataset(out, spec, on_clip=lambda done: progress.update(task, completed=done),
                               workers=workers)
    seconds = time.perf_counter() - start
    first = read_shard(shards[0])
    contact_sheet(first, out / "preview.png")
    preview_video(first, out / "preview.mp4", fps)
    console.print(
        f"wrote {clips} clips in {len(shards)} shard(s) to {out} "
        f"({clips * frames / seconds:.0f} frames/s), preview.png and preview.mp4"
    )
