"""``pushup-mobile analyze VIDEO``: reps and advice for a video file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console


def analyze(
    video: Path = typer.Argument(..., help="Any OpenCV-readable video (any fps, size, orientation)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Checkpoint (.pt, any family), exported artifact, or a shipped model by family: `pose` (the default), `pixel` or `transformer`."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the report as JSON."),
    video_out: Optional[Path] = typer.Option(None, "--video", help="Write an annotated copy (mp4)."),
    plot_out: Optional[Path] = typer.Option(None, "--plot", help="Write a timeline plot (PNG)."),
    threads: int = typer.Option(1, "--threads", min=1, help="Runtime threads."),
) -> None:
    """Count push-ups and give form advice for a video, as the app would on the phone."""
    import json

    from rich.progress import Progress

    from pushup_mobile.runtime.analyze import analyze_video, plot_timeline, write_report
    from pushup_mobile.errors import BadInputError
    from pushup_mobile.files import atomic_paths, check_output
    from pushup_mobile.runtime.models import open_model

    console = Console()
    named = [(target, what) for target, what in ((json_out, "--json"), (video_out, "--video"), (plot_out, "--plot"))
             if target is not None]
    for target, what in named:  # found now, not after minutes of analysis
        check_output(target, what, inputs=(video,))
    for index, (target, what) in enumerate(named):
        same = [other for path, other in named[index + 1:] if path.resolve() == target.resolve()]
        if same:
            raise BadInputError(f"{what} and {' and '.join(same)} name the same file {target}; give each its own")
    opened = open_model(model, threads=threads)
    outputs = [target for target in (video_out, json_out, plot_out) if target is not None]
    with atomic_paths(*outputs) as temps:  # every output, or none of them
        staged = dict(zip(outputs, temps))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"analyzing {video.name}", total=None)
            analysis = analyze_video(video, opened, annotated=staged.get(video_out),
                                     on_frame=lambda done, total: progress.update(task, completed=done, total=total))
        if json_out:
            write_report(analysis, staged[json_out])
        if plot_out:
            plot_timeline(analysis, staged[plot_out])
    report = analysis.report
    if not opened.trained:
        console.print("[yellow]untrained pixel model (no trained pixel checkpoint is shipped yet): these reps are "
                      "meaningless; --model pose runs the trained pose-family model[/]")
    console.print(
        f"{report['reps']} rep(s) in {report['duration_s']:.1f} s of video "
        f"({report['analyzed_frames']} frames at {report['model_fps']:g} fps, "
        f"{analysis.realtime_factor:.1f}x real time, model {opened.format})"
    )
    for event in report["rep_events"]:
        which = f"rep {event['index']}" if event["counted"] else "not counted"
        much = f" ({', '.join(event['details'])})" if event["details"] else ""
        better = f"; could be better: {', '.join(event['could_improve'])}" if event["could_improve"] else ""
        console.print(f"  {which}: {event['start_s']:.1f}-{event['end_s']:.1f} s  {'; '.join(event['advice'])}{much}{better}")
    for line in report["advice"]:
        console.print(f"  {line}")
    if report["not_judged"]:
        console.print(f"  not judged from this camera's view: {', '.join(report['not_judged'])}")
    if not json_out:
        console.print_json(json.dumps(report))
