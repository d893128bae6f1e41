"""The one record every benchmark produces, on this machine or on a phone."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LatencyStats:
    """Warm step latency. Percentiles are ``None`` where a tool reports only mean and std
    (TFLite's ``benchmark_model``)."""

    mean_ms: float
    std_ms: float
    p50_ms: float | None
    p90_ms: float | None
    p99_ms: float | None
    runs: int

    @classmethod
    def from_samples(cls, samples_ms: list[float] | np.ndarray) -> "LatencyStats":
        values = np.asarray(samples_ms, dtype=np.float64)
        p50, p90, p99 = np.percentile(values, [50, 90, 99])
        return cls(float(values.mean()), float(values.std()), float(p50), float(p90), float(p99), len(values))


@dataclass(frozen=True)
class BenchRecord:
    """One artifact (or reference runtime) at one thread count, measured in a fresh process.

    ``rss_increase_mb`` is the peak resident memory above the process's level before the
    model was loaded (what the model and its runtime cost); ``peak_rss_mb`` is the whole
    process, which on this machine includes the Python interpreter and imported libraries.
    """

    name: str
    runtime: str
    precision: str
    threads: int
    size_mb: float | None
    load_ms: float
    first_ms: float
    latency: LatencyStats
    fps: float
    rss_increase_mb: float | None
    peak_rss_mb: float | None
    source: str = "host"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BenchRecord":
        return cls(**{**data, "latency": LatencyStats(**data["latency"])})
