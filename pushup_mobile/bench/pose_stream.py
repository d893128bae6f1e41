"""Per-frame latency of the pose family on one thread: the temporal model's step alone,
the feature step, BlazePose, and the three together as :class:`PoseStream` runs them.

    python -m pushup_mobile.bench.pose_stream --out benchmarks/results/amd-epyc-2c/pose_latency.json

The temporal model is the part that replaces the pixel model's MobileNet + LSTM; the
honest per-frame cost of the family is BlazePose plus that, so both are reported.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from pushup_mobile.errors import one_line_errors
from pushup_mobile.families import FAMILIES, load_checkpoint
from pushup_mobile.files import write_text_atomic
from pushup_mobile.model.net import zero_state
from pushup_mobile.pose.blazepose import BlazePose
from pushup_mobile.pose.features import NUM_FEATURES, FeatureState, step_features
from pushup_mobile.pose.net import PoseTemporalNet, parameter_count
from pushup_mobile.pose.stream import PoseStream, observation
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.splits import get_split


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p90_ms: float
    runs: int

    @classmethod
    def of(cls, seconds: list[float]) -> "Timing":
        ms = np.array(seconds) * 1e3
        return cls(round(float(np.median(ms)), 4), round(float(np.percentile(ms, 90)), 4), len(ms))


@dataclass(frozen=True)
class PoseLatency:
    parameters: int
    model_step: Timing
    features_step: Timing
    blazepose: Timing
    end_to_end: Timing
    frame_size: tuple[int, int]


def _timed(call, times: int) -> list[float]:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def measure(net: PoseTemporalNet, frames: np.ndarray, model_runs: int = 2000) -> PoseLatency:
    """``frames`` [T, H, W, 3] RGB: each stage timed on them (BlazePose tracking as in a
    stream); the model step alone ``model_runs`` times after a warm-up."""
    net.eval()
    state = zero_state(net.cfg)
    features = torch.randn(1, NUM_FEATURES)
    with torch.no_grad():
        _timed(lambda: net.step(features, state), 100)
        model = _timed(lambda: net.step(features, state), model_runs)
    pose = BlazePose(num_threads=1)
    pose(frames[0])
    pose.reset()
    height, width = frames.shape[1:3]
    blaze, feats, state = [], [], FeatureState()
    for frame in frames:
        start = time.perf_counter()
        keypoints, visibility = observation(pose(frame))
        blaze.append(time.perf_counter() - start)
        start = time.perf_counter()
        _, state = step_features(keypoints, visibility, width, height, state)
        feats.append(time.perf_counter() - start)
    stream = PoseStream(net, pose)
    end_to_end = []
    for frame in frames:
        start = time.perf_counter()
        stream(frame)
        end_to_end.append(time.perf_counter() - start)
    return PoseLatency(parameter_count(net), Timing.of(model), Timing.of(feats), Timing.of(blaze),
                       Timing.of(end_to_end), (width, height))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Per-frame latency of the pose family (1 thread).")
    parser.add_argument("--checkpoint", type=Path, default=FAMILIES["pose"].shipped_checkpoint)
    parser.add_argument("--frames", type=int, default=64)
    parser.add_argument("--size", type=int, default=384)
    parser.add_argument("--seed", type=int, default=0, help="training-split clip seed to render")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    with one_line_errors():
        net = load_checkpoint(args.checkpoint).net
        frames, _ = render_clip(sample_clip(args.seed, get_split("train"), args.frames, size=args.size))
    text = json.dumps(asdict(measure(net, frames)), indent=2) + "\n"
    if args.out:
        write_text_atomic(args.out, text)
    print(text, end="")


if __name__ == "__main__":
    main()
