"""``pushup-mobile label VIDEOS... --out DIR``: a keypoint model labels people's own videos
for the pixel family (:mod:`pushup_mobile.runtime.label`)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def label(
    videos: list[Path] = typer.Argument(..., help="Videos to label (any OpenCV-readable container)."),
    out: Path = typer.Option(..., "--out", help="Folder for labels.json and one NAME.teacher.npz per video."),
    teacher: Optional[str] = typer.Option(None, "--teacher", help="The teacher: a keypoint family's checkpoint or name (`pose`, the default, or `transformer`)."),
) -> None:
    """Per-frame soft labels (push-up probability, depth, faults, keypoints, confidence) from
    a teacher model, in the own-video format that `train --family pixel --videos` reads."""
    from rich.console import Console
    from rich.progress import Progress

    from pushup_mobile.errors import BadInputError
    from pushup_mobile.runtime.label import label_videos

    if out.exists() and not out.is_dir():
        raise BadInputError(f"--out {out} is a file; give a folder (created if missing)")
    console = Console()
    with Progress(console=console) as progress:
        tasks: dict[Path, int] = {}

        def on_frame(video: Path, done: int, total: int) -> None:
            if video not in tasks:
                tasks[video] = progress.add_task(f"labelling {video.name}", total=total)
            progress.update(tasks[video], completed=min(done, total), total=max(done, total))

        path = label_videos(videos, out, teacher, on_frame)
    console.print(f"wrote {path} and {len(videos)} teacher file(s)")
