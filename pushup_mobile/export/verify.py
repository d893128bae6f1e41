"""``pushup-export verify``: does each artifact still say what the PyTorch model says?

Parity runs through the streaming loop (state carried by each runtime) and is judged by
the gates of DESIGN.md; an artifact exported from a different model than the one given is
refused rather than compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pushup_mobile.errors import ManifestMismatchError
from pushup_mobile.export.formats import format_for_path, load_runner, parity_gate
from pushup_mobile.export.parity import ParityReport, probe_frames, stream_parity
from pushup_mobile.export.runner import TorchRunner
from pushup_mobile.model.checkpoint import LoadedModel

VERIFY_SEED = 1
"""Different from the export-time probe, so verify sees frames the export check did not."""
VERIFY_FRAMES = 60


@dataclass(frozen=True)
class VerifyResult:
    artifact: Path
    format: str
    precision: str
    size_bytes: int
    parity: ParityReport
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
    report = stream_parity(
        TorchRunner(loaded.net),
        runner,
        probe_frames(loaded.cfg.input_size, VERIFY_FRAMES, VERIFY_SEED),
        loaded.cfg,
    )
    return VerifyResult(
        artifact=path,
        format=fmt.cli,
        precision=manifest["precision"],
        size_bytes=path.stat().st_size,
        parity=report,
        failure=parity_gate(fmt, manifest["precision"], report),
    )
