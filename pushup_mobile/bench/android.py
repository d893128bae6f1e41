"""The same benchmark on a phone: TFLite's standard ``benchmark_model`` binary over adb.

``run`` pushes the binary (a path the user supplies: it is built from TensorFlow's
sources or downloaded by the user, never by this project) and the TFLite artifacts,
runs them at each thread count and parses the output into :class:`BenchRecord` rows, so
phone and host results share one schema. ``benchmark_model`` reports mean and std but no
percentiles; those fields stay empty rather than invented.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pushup_mobile.bench.stats import BenchRecord, LatencyStats
from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.files import write_text_atomic

DEVICE_DIR = "/data/local/tmp/pushup_bench"
_STAT = re.compile(
    r"count=(?P<count>\d+) first=(?P<first>[\d.]+) curr=[\d.]+ min=[\d.]+ max=[\d.]+ "
    r"avg=(?P<avg>[\d.e+]+) std=(?P<std>[\d.]+)"
)
_TIMINGS = re.compile(
    r"Inference timings in us: Init: (?P<init>[\d.]+), First inference: (?P<first>[\d.]+), "
    r"Warmup \(avg\): [\d.e+]+, Inference \(avg\): (?P<avg>[\d.e+]+)"
)
_MEMORY = re.compile(r"(?:Memory footprint delta from the start of the tool|Peak memory footprint) \(MB\): init=[\d.]+ overall=(?P<overall>[\d.]+)")
_SIZE = re.compile(r"The input model file size \(MB\): (?P<size>[\d.]+)")
_THREADS = re.compile(r"Num threads: \[(?P<threads>\d+)\]")


def parse_benchmark_output(text: str, name: str, precision: str, source: str) -> BenchRecord:
    """One ``benchmark_model`` log -> one record; a log without timings is a clear error."""
    timings = _TIMINGS.search(text)
    runs = list(_STAT.finditer(text))
    if timings is None or not runs:
        raise BadInputError(f"{name}: no timings in the benchmark_model output (did it fail to load the model?)")
    regular = runs[-1]  # the first stat line is the warm-up, the last the timed runs
    memory = _MEMORY.search(text)
    size = _SIZE.search(text)
    threads = _THREADS.search(text)
    avg_us = float(regular["avg"])
    return BenchRecord(
        name=name,
        runtime="tflite",
        precision=precision,
        threads=int(threads["threads"]) if threads else 1,
        size_mb=float(size["size"]) if size else None,
        load_ms=float(timings["init"]) / 1e3,
        first_ms=float(timings["first"]) / 1e3,
        latency=LatencyStats(avg_us / 1e3, float(regular["std"]) / 1e3, None, None, None, int(regular["count"])),
        fps=1e6 / avg_us,
        rss_increase_mb=float(memory["overall"]) if memory else None,
        peak_rss_mb=None,
        source=source,
    )


def _adb(*args: str) -> str:
    result = subprocess.run(["adb", *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise BadInputError(f"adb {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def connected_device() -> str:
    """The model name of the one connected device, or an error saying what is missing."""
    if shutil.which("adb") is None:
        raise BadInputError("adb not found: install Android platform-tools and connect a phone with USB debugging on")
    devices = [line.split()[0] for line in _adb("devices").splitlines()[1:] if line.strip().endswith("device")]
    if not devices:
        raise BadInputError("no Android device connected (adb devices lists none): plug in a phone with USB debugging on")
    return _adb("shell", "getprop", "ro.product.model").strip() or devices[0]


def run_on_device(binary: Path, artifacts: list[Path], threads: list[int], runs: int) -> list[BenchRecord]:
    from pushup_mobile.export.formats import read_manifest

    if not binary.is_file():
        raise BadInputError(f"benchmark_model binary not found: {binary}")
    device = connected_device()
    manifests = {path: read_manifest(path) for path in artifacts}
    _adb("shell", "mkdir", "-p", DEVICE_DIR)
    _adb("push", str(binary), f"{DEVICE_DIR}/benchmark_model")
    _adb("shell", "chmod", "+x", f"{DEVICE_DIR}/benchmark_model")
    records = []
    for path, manifest in manifests.items():
        _adb("push", str(path), f"{DEVICE_DIR}/{path.name}")
        for count in threads:
            output = _adb(
                "shell", f"{DEVICE_DIR}/benchmark_model", f"--graph={DEVICE_DIR}/{path.name}",
                f"--num_threads={count}", f"--num_runs={runs}", "--warmup_runs=20", "--use_xnnpack=true",
                f"--signature_to_run_for=serving_default",
            )
            records.append(parse_benchmark_output(output, path.name, manifest["precision"], f"device:{device}"))
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="run_on_device", description=__doc__)
    parser.add_argument("--benchmark-model", type=Path, required=True, help="path to an Android benchmark_model binary")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("artifacts", type=Path, nargs="+")
    args = parser.parse_args(argv)
    with one_line_errors():
        records = run_on_device(args.benchmark_model, args.artifacts, [int(t) for t in args.threads.split(",")], args.runs)
    text = json.dumps({"records": [r.to_dict() for r in records]}, indent=2) + "\n"
    if args.json:
        write_text_atomic(args.json, text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
