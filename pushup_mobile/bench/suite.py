"""Run the worker once per (target, threads) in a fresh process and collect the records."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import psutil

from pushup_mobile.bench.stats import BenchRecord
from pushup_mobile.bench.worker import REFERENCES
from pushup_mobile.errors import BadInputError

RUNTIME_PACKAGES = ("torch", "onnxruntime", "ai-edge-litert", "executorch", "numpy")


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on, kept beside them."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for package in RUNTIME_PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def machine_name() -> str:
    """A folder name for this machine's results: CPU model and core count."""
    info = machine_info()
    cpu = "".join(ch if ch.isalnum() else "-" for ch in info["cpu"].lower()).strip("-")
    while "--" in cpu:
        cpu = cpu.replace("--", "-")
    return f"{cpu}-{info['cores_logical']}c"


def measure_in_fresh_process(target: str, threads: int, runs: int, warmup: int) -> BenchRecord:
    command = [sys.executable, "-m", "pushup_mobile.bench.worker", target, "--threads", str(threads),
               "--runs", str(runs), "--warmup", str(warmup)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BadInputError(f"benchmark of {Path(target).name} ({threads} thread(s)) failed: {last}")
    return BenchRecord.from_dict(json.loads(result.stdout.strip().splitlines()[-1]))


def run_suite(
    artifacts: Sequence[Path],
    threads: Sequence[int],
    runs: int,
    warmup: int,
    on_done: Callable[[BenchRecord], None] | None = None,
) -> list[BenchRecord]:
    """References first, then every artifact, each at every thread count."""
    for path in artifacts:
        if not Path(path).is_file():
            raise BadInputError(f"artifact not found: {path}")
    targets = [*REFERENCES, *(str(p) for p in artifacts)]
    records = []
    for target in targets:
        for count in threads:
            record = measure_in_fresh_process(target, count, runs, warmup)
            records.append(record)
            if on_done is not None:
                on_done(record)
    return records
