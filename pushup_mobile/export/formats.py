"""The format table: one row per export format drives the CLI, ``all``, verify and docs.

Every exporter is wrapped the same way by :func:`export_artifact`: written to a temporary
name, checked for parity against PyTorch through the streaming loop, given its manifest,
then renamed into place. A failure leaves no file behind and is one clear line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pushup_mobile.errors import (
    ExportError, ManifestMismatchError, PushupError, UnsupportedFormatError, VerificationError, stop_if_signalled,
)
from pushup_mobile.export import executorch, onnx, tflite, torchscript
from pushup_mobile.export.manifest import (
    build_manifest, describe_file, first_difference, frame_shape, manifest_path, read_sidecar, state_spec, write_manifest,
)
from pushup_mobile.export.manifest_schema import REMEDY
from pushup_mobile.evaluate.metrics import TaskMetrics, task_metrics
from pushup_mobile.export.parity import ParityReport, compare, concat, run_clips
from pushup_mobile.export.runner import StepRunner, TorchRunner, zero_state
from pushup_mobile.families import LoadedModel, family_of
from pushup_mobile.files import atomic_path, native_output_captured

GATE_SPLIT, GATE_CLIP_COUNT, GATE_FRAMES = "test", 6, 48
"""The clips an artifact is held to, at export and by ``verify`` alike: an artifact is
published only if it passes what ``verify`` will check (with a smaller set at export, a
static int8 ONNX once agreed on 98.2 % of decisions there and 97.9 % here)."""
TASK_TOLERANCE = 0.01


def gate_clips(cfg: Any) -> Any:
    """The labelled clips an artifact's gates run on (rendered or drawn for ``cfg``'s family)."""
    return family_of(cfg).stream_clips(cfg, GATE_SPLIT, GATE_CLIP_COUNT, GATE_FRAMES, 0)
"""Rendered validation clips every export is checked on before it is published."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to write it, how to run it, and its fp32 parity gate.

    ``convert`` writes the artifact and returns what the manifest should say about how;
    ``embed``, where the format has room for metadata, stores the manifest inside the file
    and ``embedded`` reads it back.
    """

    name: str
    cli: str
    suffix: str
    precisions: tuple[str, ...]
    layout: str
    fp32_tolerance: float
    convert: Callable[[LoadedModel, str, Path], dict[str, Any]]
    runner: Callable[..., StepRunner]
    embed: Callable[[Path, dict[str, Any]], None] | None = None
    embedded: Callable[[Path], dict[str, Any]] | None = None


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        name="TFLite (LiteRT)",
        cli="tflite",
        suffix=".tflite",
        precisions=("fp32", "fp16", "int8-dynamic", "int8"),
        layout=tflite.LAYOUT,
        fp32_tolerance=1e-3,
        convert=tflite.convert,
        runner=tflite.TFLiteRunner,
        embed=tflite.embed,
        embedded=tflite.embedded_manifest,
    ),
    ExportFormat(
        name="ONNX",
        cli="onnx",
        suffix=".onnx",
        precisions=("fp32", "int8-dynamic", "int8"),
        layout=onnx.LAYOUT,
        fp32_tolerance=1e-4,
        convert=onnx.convert,
        runner=onnx.OnnxRunner,
        embed=onnx.embed,
        embedded=onnx.embedded_manifest,
    ),
    ExportFormat(
        name="TorchScript Lite",
        cli="torchscript",
        suffix=".ptl",
        precisions=("fp32",),
        layout=torchscript.LAYOUT,
        fp32_tolerance=1e-4,
        convert=torchscript.convert,
        runner=torchscript.LiteRunner,
    ),
    ExportFormat(
        name="ExecuTorch (XNNPACK)",
        cli="executorch",
        suffix=".pte",
        precisions=("fp32", "int8"),
        layout=executorch.LAYOUT,
        fp32_tolerance=1e-4,
        convert=executorch.convert,
        runner=executorch.ExecuTorchRunner,
    ),
)


@dataclass(frozen=True)
class Artifact:
    path: Path
    manifest_path: Path
    format: ExportFormat
    precision: str
    parity: ParityReport
    seconds: float


def format_by_cli(word: str) -> ExportFormat:
    for fmt in FORMATS:
        if fmt.cli == word:
            return fmt
    known = ", ".join(f.cli for f in FORMATS)
    raise UnsupportedFormatError(f"unknown format {word!r} (known: {known})")


def format_for_path(path: Path) -> ExportFormat:
    for fmt in FORMATS:
        if path.name.endswith(fmt.suffix):
            return fmt
    known = ", ".join(f.suffix for f in FORMATS)
    raise UnsupportedFormatError(f"{path.name}: unknown artifact type (known suffixes: {known})")


def read_manifest(artifact: Path) -> dict[str, Any]:
    """The manifest beside ``artifact``, checked against it (:func:`read_sidecar`: the schema
    and the sha256) and, for formats that carry a copy of the manifest inside the file,
    against that copy: everything but the ``artifact`` section (a file cannot hash itself)
    must be equal, since an edited sidecar hashes nothing and only that copy can catch it."""
    artifact = Path(artifact)
    manifest = read_sidecar(artifact)
    read_embedded = format_for_path(artifact).embedded
    if read_embedded is not None:
        where = first_difference({**manifest, "artifact": None}, {**read_embedded(artifact), "artifact": None})
        if where is not None:
            raise ManifestMismatchError(f"{manifest_path(artifact).name}: {where} differs from the manifest embedded "
                                        f"in {artifact.name}; {REMEDY}")
    return manifest


def artifacts_in(folder: Path) -> list[Path]:
    """Every artifact of a known format in ``folder``, in format-table order; never a
    file being written (``atomic_path``'s hidden ``.name.part`` files)."""
    return [p for fmt in FORMATS for p in sorted(Path(folder).glob(f"*{fmt.suffix}")) if not p.name.startswith(".")]


def artifact_name(fmt: ExportFormat, precision: str, cfg: Any) -> str:
    """``<family stem>.<precision><suffix>``: every family's artifacts can share a folder."""
    return f"{family_of(cfg).artifact_stem}.{precision}{fmt.suffix}"


def parity_gate(fmt: ExportFormat, precision: str, report: ParityReport) -> str | None:
    """Why ``report`` fails its gate (docs/ARCHITECTURE.md, Targets and gates), or ``None`` when it passes."""
    if precision == "fp32" and report.worst_diff > fmt.fp32_tolerance:
        return f"max abs diff {report.worst_diff:.2e} > {fmt.fp32_tolerance:.0e}"
    agreement = min(report.pushup_agreement, report.faults_agreement)
    if agreement < 0.98:
        return f"decisions agree on {agreement:.1%} of frames < 98%"
    return None


def export_artifact(
    fmt: ExportFormat, loaded: LoadedModel, precision: str, out_dir: Path, enforce_gate: bool = True
) -> Artifact:
    """Convert, check parity, write the manifest, publish atomically.

    ``enforce_gate=False`` is for latency studies on untrained weights, whose near-zero
    logits make decision agreement meaningless; the parity figures are still recorded.
    """
    if precision not in fmt.precisions:
        raise UnsupportedFormatError(
            f"{fmt.cli}: precision {precision!r} not supported (supported: {', '.join(fmt.precisions)})"
        )
    target = Path(out_dir) / artifact_name(fmt, precision, loaded.cfg)
    start = time.perf_counter()
    with atomic_path(target) as tmp:
        try:
            with native_output_captured():
                how = fmt.convert(loaded, precision, tmp)
        except PushupError:
            raise
        except Exception as exc:  # converters raise anything; the user gets one line
            stop_if_signalled()
            raise ExportError(f"{fmt.cli} {precision}: conversion failed: {type(exc).__name__}: {exc}") from exc
        clips = gate_clips(loaded.cfg)
        streams = [c.frames for c in clips]
        reference = run_clips(TorchRunner(loaded.net), streams, loaded.cfg.state_spec())
        candidate = run_clips(fmt.runner(tmp, layout=fmt.layout, **_runner_names(how)), streams, loaded.cfg.state_spec())
        report = compare(concat(reference), concat(candidate))
        failure = parity_gate(fmt, precision, report) or task_gate(task_metrics(clips, candidate),
                                                                     task_metrics(clips, reference))
        if failure and enforce_gate:
            raise VerificationError(f"{fmt.cli} {precision}: gate failed: {failure}")
        manifest = build_manifest(
            loaded,
            format_name=fmt.cli,
            precision=precision,
            layout=fmt.layout,
            parity=report.to_dict(),
            export=how,
        )
        if fmt.embed is not None:
            fmt.embed(tmp, manifest)
        manifest["artifact"] = describe_file(tmp, target.name)
    manifest_file = write_manifest(target, manifest)
    return Artifact(target, manifest_file, fmt, precision, report, time.perf_counter() - start)


def _runner_names(how: dict[str, Any]) -> dict[str, Any]:
    """Formats whose files name outputs differently from the contract record the map in
    the manifest; their runners take it, the others need nothing."""
    names = how.get("tensor_names")
    return {"tensor_names": names} if names else {}


def load_runner(path: Path, threads: int = 1) -> tuple[StepRunner, dict[str, Any]]:
    """A runner for an exported artifact, after checking it against its manifest."""
    path = Path(path)
    fmt = format_for_path(path)
    manifest = read_manifest(path)
    runner = fmt.runner(path, threads=threads, layout=manifest["layout"], **_runner_names(manifest.get("export", {})))
    try:  # one step on the declared shapes: an edited shape fails here, not minutes into a run
        runner.step(np.zeros(frame_shape(manifest), dtype=np.float32), zero_state(state_spec(manifest)))
    except Exception as exc:
        raise ManifestMismatchError(f"{path.name}: the artifact refuses the input shapes its manifest declares "
                                    f"({type(exc).__name__}); re-export it") from exc
    return runner, manifest


def task_gate(task: TaskMetrics, reference: TaskMetrics) -> str | None:
    """Why the artifact does the job worse than PyTorch, or ``None``."""
    for name in ("pushup_f1", "rep_obo", "fault_macro_f1"):
        if getattr(reference, name) is None or getattr(task, name) is None:  # no fault shown on the clips
            continue
        drop = getattr(reference, name) - getattr(task, name)
        if drop > TASK_TOLERANCE:
            return f"{name} {getattr(task, name):.3f} is {drop:.3f} below PyTorch's"
    return None
