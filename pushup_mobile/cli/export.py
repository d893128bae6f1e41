"""``pushup-export``: write mobile artifacts and verify them against PyTorch.

One command per row of the format table, so a new format needs no CLI code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from pushup_mobile.cli.app import ProjectApp
from pushup_mobile.errors import VerificationError
from pushup_mobile.export.formats import FORMATS, ExportFormat

app = ProjectApp(help="Export the push-up model to TFLite and other mobile formats, and verify it.")
console = Console(width=150)

CHECKPOINT_OPTION = typer.Option(
    None, "--checkpoint", help="Checkpoint (any family) or a shipped model by family: `pose` (the default), `pixel` or `transformer` (verify: each artifact's own family)."
)
ALL_OPTION = typer.Option(False, "--all", help="Every artifact in --dir.")
DIR_OPTION = typer.Option(Path("export"), "--dir", help="Where --all looks.")
JSON_OPTION = typer.Option(None, "--json", help="Also write the results as JSON.")


def _selected(artifacts: Optional[list[Path]], every: bool, folder: Path) -> list[Path]:
    from pushup_mobile.export.formats import artifacts_in

    return list(artifacts or []) + (artifacts_in(folder) if every else [])


def _announce_model(loaded: object) -> None:
    from pushup_mobile.families import LoadedModel

    assert isinstance(loaded, LoadedModel)
    console.print(f"model: {loaded.source}  sha256 {loaded.sha256[:12]}…")
    if not loaded.trained:
        console.print("[yellow]no trained pixel checkpoint is shipped yet: using the seeded stand-in model "
                      "(the trained pose-family model: --checkpoint pose)[/]")


def _export_command(fmt: ExportFormat) -> Callable[..., None]:
    def command(
        checkpoint: Optional[Path] = CHECKPOINT_OPTION,
        precision: str = typer.Option(
            "fp32", "--precision", help=f"One of: {', '.join(fmt.precisions)}."
        ),
        out: Path = typer.Option(Path("export"), "--out", help="Folder of the release bundle."),
    ) -> None:
        from pushup_mobile.export.formats import export_artifact
        from pushup_mobile.families import load_model

        loaded = load_model(checkpoint)
        _announce_model(loaded)
        with console.status(f"exporting {fmt.name} {precision}…"):
            artifact = export_artifact(fmt, loaded, precision, out)
        console.print(
            f"[green]wrote[/] {artifact.path} ({artifact.path.stat().st_size / 1e6:.2f} MB, "
            f"max abs diff {artifact.parity.worst_diff:.1e}, {artifact.seconds:.1f} s) "
            f"+ {artifact.manifest_path.name}"
        )

    command.__doc__ = f"Export the step model to {fmt.name} ({fmt.suffix})."
    return command


for _fmt in FORMATS:
    app.command(_fmt.cli)(_export_command(_fmt))


@app.command("all")
def export_all(
    checkpoint: Optional[Path] = CHECKPOINT_OPTION,
    out: Path = typer.Option(Path("export"), "--out", help="Folder of the release bundle."),
) -> None:
    """Export every format at every precision it supports; a failure skips only that row."""
    from rich.progress import Progress

    from pushup_mobile.errors import ExportError, PushupError
    from pushup_mobile.export.formats import export_artifact
    from pushup_mobile.families import load_model

    loaded = load_model(checkpoint)
    _announce_model(loaded)
    jobs = [(fmt, precision) for fmt in FORMATS for precision in fmt.precisions]
    failures = []
    with Progress(console=console) as progress:
        task = progress.add_task("exporting", total=len(jobs))
        for fmt, precision in jobs:
            progress.update(task, description=f"{fmt.cli} {precision}")
            try:
                artifact = export_artifact(fmt, loaded, precision, out)
                progress.console.print(
                    f"[green]wrote[/] {artifact.path.name} ({artifact.path.stat().st_size / 1e6:.2f} MB, "
                    f"max abs diff {artifact.parity.worst_diff:.1e}, {artifact.seconds:.1f} s)"
                )
            except PushupError as exc:
                failures.append(str(exc))
                progress.console.print(f"[red]failed[/] {exc}")
            progress.advance(task)
    if failures:
        raise ExportError(f"{len(failures)} of {len(jobs)} exports failed (see above)")


@app.command()
def verify(
    artifacts: Optional[list[Path]] = typer.Argument(None, help="Artifacts to check (each with its manifest)."),
    every: bool = ALL_OPTION,
    folder: Path = DIR_OPTION,
    checkpoint: Optional[Path] = CHECKPOINT_OPTION,
    json_out: Optional[Path] = JSON_OPTION,
) -> None:
    """Run each artifact and PyTorch through the same stream; compare outputs and decisions."""
    from pushup_mobile.evaluate.metrics import metric_text
    from pushup_mobile.export.verify import verify_artifact
    from pushup_mobile.files import write_text_atomic
    from pushup_mobile.families import load_model

    from pushup_mobile.errors import BadInputError

    paths = _selected(artifacts, every, folder)
    if not paths:
        raise BadInputError("nothing to verify: name artifacts or pass --all")
    from pushup_mobile.export.formats import format_for_path, read_manifest

    references: dict[str, Any] = {}

    def reference(path: Path) -> Any:
        """--checkpoint for every artifact; without it, the shipped model of the artifact's family."""
        format_for_path(path)  # an unknown type is the first thing to say
        family = "given" if checkpoint else read_manifest(path)["model"]["family"]
        if family not in references:
            references[family] = load_model(checkpoint or family)
            _announce_model(references[family])
        return references[family]

    results = [verify_artifact(path, reference(path)) for path in paths]
    table = Table(
        title="Against PyTorch on rendered test clips (streaming, state carried): output diff, "
        "decision agreement, task metrics (PyTorch's in brackets)"
    )
    for column in ("artifact", "format", "precision", "MB", "max diff", "agree", "push-up F1", "rep OBO", "fault F1", "status"):
        table.add_column(column, no_wrap=True)
    for r in results:
        p, task, ref = r.parity, r.task, r.reference_task
        table.add_row(
            r.artifact.name,
            r.format,
            r.precision,
            f"{r.size_bytes / 1e6:.2f}",
            f"{p.worst_diff:.1e}",
            f"{min(p.pushup_agreement, p.faults_agreement):.1%}",
            f"{task.pushup_f1:.3f} ({ref.pushup_f1:.3f})",
            f"{task.rep_obo:.2f} ({ref.rep_obo:.2f})",
            f"{metric_text(task.fault_macro_f1)} ({metric_text(ref.fault_macro_f1)})",
            "✅" if r.passed else f"❌ {r.failure}",
        )
    console.print(table)
    if json_out is not None:
        write_text_atomic(json_out, json.dumps([r.to_dict() for r in results], indent=2) + "\n")
    failed = [r.artifact.name for r in results if not r.passed]
    if failed:
        raise VerificationError(f"{len(failed)} artifact(s) missed their gate: {', '.join(failed)}")


@app.command()
def bench(
    artifacts: Optional[list[Path]] = typer.Argument(None, help="Artifacts to measure."),
    every: bool = ALL_OPTION,
    folder: Path = DIR_OPTION,
    threads: str = typer.Option("1,2", "--threads", help="Comma-separated thread counts."),
    runs: int = typer.Option(200, "--runs", min=5, help="Timed steps per measurement."),
    warmup: int = typer.Option(20, "--warmup", min=0, help="Untimed steps before timing."),
    json_out: Optional[Path] = JSON_OPTION,
    markdown_out: Optional[Path] = typer.Option(None, "--markdown", help="Write a markdown table."),
    plot_out: Optional[Path] = typer.Option(None, "--plot", help="Write a PNG plot."),
    save: bool = typer.Option(False, "--save", help="Write JSON, markdown and PNG to benchmarks/results/<machine>/."),
) -> None:
    """Cold load, first step and warm step latency, memory and size, each in a fresh process,
    next to PyTorch eager and TorchScript measured in the same run."""
    from rich.progress import Progress

    from pushup_mobile.bench import report
    from pushup_mobile.bench.suite import machine_info, machine_name, run_suite
    from pushup_mobile.errors import BadInputError
    from pushup_mobile.files import write_text_atomic

    try:
        counts = [int(t) for t in threads.split(",") if t.strip()]
    except ValueError as exc:
        raise BadInputError(f"--threads takes comma-separated integers, got {threads!r}") from exc
    paths = _selected(artifacts, every, folder)
    total = (len(paths) + 2) * len(counts)
    with Progress(console=console) as progress:
        task = progress.add_task("benchmarking", total=total)
        records = run_suite(paths, counts, runs, warmup, on_done=lambda r: progress.advance(task))
    data = report.to_json(records, machine_info(), {"runs": runs, "warmup": warmup, "threads": counts})
    table = report.markdown_table(records)
    console.print(table)
    if json_out:
        write_text_atomic(json_out, json.dumps(data, indent=2) + "\n")
    if markdown_out:
        write_text_atomic(markdown_out, table)
    if plot_out:
        report.plot(records, plot_out, "Step latency")
    if save:
        for path in report.write_results(data, records, Path("benchmarks/results") / machine_name()):
            console.print(f"wrote {path}")


@app.command("bundle")
def bundle_command(
    artifact: Path = typer.Option(Path("export/default/pushup-pose.fp32.tflite"), "--artifact",
                                  help="TFLite artifact to ship (default: what make run exports)."),
    android_app: Path = typer.Option(Path("android_demo"), "--app", help="The Android project."),
) -> None:
    """Copy a TFLite artifact and its manifest into the Android app's assets (sha256 checked first)."""
    from pushup_mobile.export.bundle import bundle

    result = bundle(artifact, android_app)
    console.print(f"bundled {artifact.name} -> {result.model} + {result.manifest.name}")
    console.print(f"replay clip for the instrumented test: {result.replay_clip} ({result.reps} rep(s) expected)")


@app.command("clip")
def clip_command(
    fmt: str = typer.Option("onnx", "--format", help="onnx or torchscript (formats with a variable time axis)."),
    checkpoint: Optional[Path] = CHECKPOINT_OPTION,
    out: Path = typer.Option(Path("export"), "--out", help="Folder of the release bundle."),
) -> None:
    """Export the clip form (whole clips, any length) for offline analysis."""
    from pushup_mobile.export.clip import export_clip
    from pushup_mobile.families import load_model

    loaded = load_model(checkpoint)
    _announce_model(loaded)
    artifact = export_clip(fmt, loaded, out)
    console.print(f"[green]wrote[/] {artifact.path} (max abs diff {artifact.max_abs_diff:.1e} on a longer clip, {artifact.seconds:.1f} s)")


if __name__ == "__main__":  # the server exports its model for the browser in a child process
    app()
