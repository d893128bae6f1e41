"""``pushup-export``: write mobile artifacts and verify them against PyTorch.

One command per row of the format table, so a new format needs no CLI code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from pushup_mobile.cli.app import ProjectApp
from pushup_mobile.errors import VerificationError
from pushup_mobile.export.formats import FORMATS, ExportFormat

app = ProjectApp(help="Export the push-up model to TFLite and other mobile formats, and verify it.")
console = Console(width=120)

CHECKPOINT_OPTION = typer.Option(
    None, "--checkpoint", help="Checkpoint to export (default: the shipped model)."
)


def _announce_model(loaded: object) -> None:
    from pushup_mobile.model import LoadedModel

    assert isinstance(loaded, LoadedModel)
    console.print(f"model: {loaded.source}  sha256 {loaded.sha256[:12]}…")
    if not loaded.trained:
        console.print("[yellow]no trained checkpoint is shipped yet: using the seeded stand-in model[/]")


def _export_command(fmt: ExportFormat) -> Callable[..., None]:
    def command(
        checkpoint: Optional[Path] = CHECKPOINT_OPTION,
        precision: str = typer.Option(
            "fp32", "--precision", help=f"One of: {', '.join(fmt.precisions)}."
        ),
        out: Path = typer.Option(Path("export"), "--out", help="Folder of the release bundle."),
    ) -> None:
        from pushup_mobile.export.formats import export_artifact
        from pushup_mobile.model import load_model

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


@app.command()
def verify(
    artifacts: list[Path] = typer.Argument(..., help="Artifacts to check (each with its manifest)."),
    checkpoint: Optional[Path] = CHECKPOINT_OPTION,
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the results as JSON."),
) -> None:
    """Run each artifact and PyTorch through the same stream; compare outputs and decisions."""
    from pushup_mobile.export.verify import verify_artifact
    from pushup_mobile.files import write_text_atomic
    from pushup_mobile.model import load_model

    loaded = load_model(checkpoint)
    _announce_model(loaded)
    results = [verify_artifact(path, loaded) for path in artifacts]
    table = Table(title="Parity against PyTorch (streaming, state carried; push-up/faults: decision agreement)")
    for column in ("artifact", "format", "precision", "MB", "max diff", "mean diff", "push-up", "faults", "status"):
        table.add_column(column, no_wrap=True)
    for r in results:
        p = r.parity
        table.add_row(
            r.artifact.name,
            r.format,
            r.precision,
            f"{r.size_bytes / 1e6:.2f}",
            f"{p.worst_diff:.1e}",
            f"{max(p.mean_abs_diff.values()):.1e}",
            f"{p.pushup_agreement:.1%}",
            f"{p.faults_agreement:.1%}",
            "✅" if r.passed else f"❌ {r.failure}",
        )
    console.print(table)
    if json_out is not None:
        write_text_atomic(json_out, json.dumps([r.to_dict() for r in results], indent=2) + "\n")
    failed = [r.artifact.name for r in results if not r.passed]
    if failed:
        raise VerificationError(f"{len(failed)} artifact(s) missed their gate: {', '.join(failed)}")
