"""``pushup-export verify``: does each artifact still say what the PyTorch model says,
and does it still do the job?

Both run through the streaming loop (state carried by each runtime, reset per clip) on
rendered clips of the synthetic test split: output parity and decision agreement, and the
task metrics (push-up F1, rep off-by-one accuracy, fault macro-F1) of each, judged by the
gates of docs/ARCHITECTURE.md. An artifact exported from a different model than the one given is
refused rather than compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pushup_mobile.errors import ManifestMismatchError
from pushup_mobile.export.formats import format_for_path, gate_clips, load_runner, parity_gate, task_gate
from pushup_mobile.evaluate.metrics import TaskMetrics, task_metrics
from pushup_mobile.export.parity import ParityReport, compare, concat, run_clips
from pushup_mobile.export.runner import TorchRunner
from pushup_mobile.families import LoadedModel

"""Task metrics of an artifact may fall at most one point below PyTorch's (docs/ARCHITECTURE.md)."""


@dataclass(frozen=True)
class VerifyResult:
    artifact: Path
    format: str
    precision: str
    size_bytes: int
    parity: ParityReport
    task: TaskMetrics
    reference_task: TaskMetrics
    failure: str | None

    @property
    def passed(self) -> bool:
        return self.failure is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "artifact": str(self.artifact),
            "format": self.format,
            "precision": self.precision,
            "size_bytes": self.size_bytes,
            "parity": self.parity.to_dict(),
            "task": self.task.to_dict(),
            "pytorch_task": self.reference_task.to_dict(),
            "passed": self.passed,
            "failure": self.failure,
        }


def verify_artifact(path: Path, loaded: LoadedModel, threads: int = 1) -> VerifyResult:
    fmt = format_for_path(path)
    runner, manifest = load_runner(path, threads=threads)
    if manifest["model"]["source_sha256"] != loaded.sha256:
        raise ManifestMismatchError(
            f"{path.name} was exported from model {manifest['model']['source_sha256'][:12]}…, "
            f"not from {loaded.source} ({loaded.sha256[:12]}…): pass the matching --checkpoint"
        )
    clips = gate_clips(loaded.cfg)
    streams = [c.frames for c in clips]
    reference = run_clips(TorchRunner(loaded.net), streams, loaded.cfg.state_spec())
    candidate = run_clips(runner, streams, loaded.cfg.state_spec())
    report = compare(concat(reference), concat(candidate))
    task, reference_task = task_metrics(clips, candidate), task_metrics(clips, reference)
    return VerifyResult(
        artifact=path,
        format=fmt.cli,
        precision=manifest["precision"],
        size_bytes=path.stat().st_size,
        parity=report,
        task=task,
        reference_task=reference_task,
        failure=parity_gate(fmt, manifest["precision"], report) or task_gate(task, reference_task),
    )


