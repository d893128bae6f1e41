"""Measure one runtime in this process: run as ``python -m pushup_mobile.bench.worker``.

The suite starts a fresh process per measurement, so cold load time and memory are those
of an app starting up, not of a warm Python session that has already loaded other models.
Prints one JSON :class:`BenchRecord` on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

from pushup_mobile.bench.stats import BenchRecord, LatencyStats
from pushup_mobile.export.parity import probe_frames
from pushup_mobile.export.manifest import frame_shape, state_spec
from pushup_mobile.export.runner import StepRunner, next_state, zero_state

REFERENCES = ("pytorch-eager", "torchscript-jit")
"""Runtimes measured from the checkpoint itself, as yardsticks for every artifact."""


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass(frozen=True)
class _Loaded:
    runner: StepRunner
    runtime: str
    precision: str
    size_mb: float | None
    frame_shape: tuple[int, ...]
    state_spec: dict[str, list[int]]


def _load(target: str, threads: int) -> _Loaded:
    """An artifact path (checked against its manifest) or a reference runtime by name."""
    import torch

    torch.set_num_threads(threads)
    if target in REFERENCES:
        from pushup_mobile.export.runner import TorchRunner
        from pushup_mobile.families import load_model
        
        loaded = load_model("pixel")  # what make bench exports and compares
        runner: StepRunner = TorchRunner(loaded.net)
        if target == "torchscript-jit":
            from pushup_mobile.bench.torchscript_ref import TorchScriptRunner

            runner = TorchScriptRunner(loaded.net)
        cfg = loaded.cfg
        return _Loaded(runner, target, "fp32", None, cfg.frame_shape, cfg.state_spec())
    from pushup_mobile.export.formats import load_runner

    path = Path(target)
    runner, manifest = load_runner(path, threads=threads)
    return _Loaded(
        runner,
        manifest["format"],
        manifest["precision"],
        path.stat().st_size / 1e6,
        tuple(frame_shape(manifest)[1:]),
        state_spec(manifest),
    )


def probe_inputs(frame_shape: tuple[int, ...], count: int, seed: int) -> np.ndarray:
    """``[count, 1, *frame_shape]`` inputs for timing: moving images for the pixel family,
    feature vectors in the features' range for the pose family (latency does not depend
    on what they show)."""
    if len(frame_shape) == 3:
        return probe_frames(frame_shape[1], count=count, seed=seed)
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.5, 1.5, size=(count, 1, *frame_shape)).astype(np.float32)


def measure(target: str, threads: int, runs: int, warmup: int) -> BenchRecord:
    rss_before = psutil.Process().memory_info().rss / 1e6
    start = time.perf_counter()
    model = _load(target, threads)
    load_ms = (time.perf_counter() - start) * 1e3
    frames = probe_inputs(model.frame_shape, count=min(runs, 64), seed=4)
    state = zero_state(model.state_spec)
    start = time.perf_counter()
    state = next_state(model.runner.step(frames[0], state), state)
    first_ms = (time.perf_counter() - start) * 1e3
    for i in range(warmup):
        state = next_state(model.runner.step(frames[i % len(frames)], state), state)
    samples = []
    wall = time.perf_counter()
    for i in range(runs):
        t0 = time.perf_counter()
        state = next_state(model.runner.step(frames[i % len(frames)], state), state)
        samples.append((time.perf_counter() - t0) * 1e3)
    wall = time.perf_counter() - wall
    peak = _peak_rss_mb()
    return BenchRecord(
        name=Path(target).name,
        runtime=model.runtime,
        precision=model.precision,
        threads=threads,
        size_mb=model.size_mb,
        load_ms=load_ms,
        first_ms=first_ms,
        latency=LatencyStats.from_samples(samples),
        fps=runs / wall,
        rss_increase_mb=max(0.0, peak - rss_before),
        peak_rss_mb=peak,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", help="artifact path, or one of: " + ", ".join(REFERENCES))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args(argv)
    record = measure(args.target, args.threads, args.runs, args.warmup)
    sys.stdout.write(json.dumps(record.to_dict()) + "\n")


if __name__ == "__main__":
    main()
