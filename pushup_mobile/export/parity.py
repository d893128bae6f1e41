"""Run two runners through the same streaming loop and compare what they say.

Each runner carries its own state, exactly as an app would: a drift in the state (an
LSTM's ``h``/``c``, a window of past frames) shows up in later frames instead of being
reset away.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable

import cv2
import numpy as np

from pushup_mobile.export.runner import StepRunner, next_state, zero_state
from pushup_mobile.preprocess import Preprocessing, normalize

DECISION_THRESHOLD = 0.0
"""Logit threshold of the yes/no decisions (probability 0.5)."""


@dataclass(frozen=True)
class ParityReport:
    frames: int
    max_abs_diff: dict[str, float]
    mean_abs_diff: dict[str, float]
    pushup_agreement: float
    faults_agreement: float

    @property
    def worst_diff(self) -> float:
        return max(self.max_abs_diff.values())

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "worst_diff": self.worst_diff}


def probe_frames(size: int, count: int = 30, seed: int = 0) -> np.ndarray:
    """Deterministic moving images ``[count, 1, 3, size, size]``, normalized.

    Smooth colour fields panning across the frame: cheap inputs for latency measurements
    and unit tests, where what is in the picture does not matter (parity and calibration
    use rendered clips).
    """
    rng = np.random.default_rng(seed)
    field = rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)
    big = cv2.resize(field, (2 * size, 2 * size), interpolation=cv2.INTER_CUBIC)
    step = max(1, size // count)
    clips = [big[t * step : t * step + size, t * step : t * step + size] for t in range(count)]
    return normalize(np.stack(clips), Preprocessing(size=size))[:, None]


def run_stream(runner: StepRunner, frames: np.ndarray, state_spec: dict[str, Iterable[int]]) -> dict[str, np.ndarray]:
    """Outputs of every step (heads and state), stacked per name: ``{name: [T, ...]}``."""
    state = zero_state(state_spec)
    collected: dict[str, list[np.ndarray]] = {}
    for frame in frames:
        result = runner.step(np.ascontiguousarray(frame, dtype=np.float32), state)
        for name, value in result.items():
            collected.setdefault(name, []).append(np.asarray(value, dtype=np.float32))
        state = next_state(result, state)
    return {name: np.stack(values) for name, values in collected.items()}


def compare(reference: dict[str, np.ndarray], candidate: dict[str, np.ndarray]) -> ParityReport:
    diffs = {name: np.abs(reference[name] - candidate[name]) for name in reference}
    ref_faults = reference["faults"] > DECISION_THRESHOLD
    cand_faults = candidate["faults"] > DECISION_THRESHOLD
    return ParityReport(
        frames=len(reference["pushup"]),
        max_abs_diff={name: float(d.max()) for name, d in diffs.items()},
        mean_abs_diff={name: float(d.mean()) for name, d in diffs.items()},
        pushup_agreement=float(
            np.mean((reference["pushup"] > DECISION_THRESHOLD) == (candidate["pushup"] > DECISION_THRESHOLD))
        ),
        faults_agreement=float(np.mean(np.all(ref_faults == cand_faults, axis=-1))),
    )


def run_clips(runner: StepRunner, streams: list[np.ndarray], state_spec: dict[str, Iterable[int]]) -> list[dict[str, np.ndarray]]:
    """Each stream from zero state, as an app starts each video."""
    return [run_stream(runner, frames, state_spec) for frames in streams]


def concat(outputs: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {name: np.concatenate([o[name] for o in outputs]) for name in outputs[0]}
