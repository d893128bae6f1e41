"""The whole app loop on one core: decode + preprocess + step + feedback on a generated
30 fps video. Run as ``python -m pushup_mobile.bench.end_to_end [--model ARTIFACT]``.

Reports the realtime factor (video seconds per processing second; the target is > 10 at
30 fps input) and the time per analysed frame in each stage.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pushup_mobile.bench.suite import machine_info, machine_name
from pushup_mobile.runtime.session import StreamingSession
from pushup_mobile.files import write_text_atomic
from pushup_mobile.runtime.models import open_model
from pushup_mobile.video import resampled_frames


def write_test_video(path: Path, seconds: float, fps: float, size: tuple[int, int]) -> Path:
    """A phone-sized clip with moving content (decoding cost depends on size and codec,
    not on what is filmed)."""
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    rng = np.random.default_rng(0)
    background = cv2.resize(rng.integers(0, 255, (9, 16, 3), dtype=np.uint8), size, interpolation=cv2.INTER_CUBIC)
    for i in range(int(seconds * fps)):
        frame = np.roll(background, i * 2, axis=1).copy()
        y = int(height * (0.5 + 0.2 * np.sin(i / 8)))
        cv2.ellipse(frame, (width // 2, y), (width // 4, height // 12), 0, 0, 360, (40, 90, 200), -1)
        writer.write(frame)
    writer.release()
    return path


def pin_to_one_core() -> None:
    """The whole process on one core, every library single-threaded: the promise is about
    one phone core, not about what a multi-core host can do."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cv2.setNumThreads(1)
    import torch

    torch.set_num_threads(1)


def run(model_path: Path | None, seconds: float = 20.0, fps: float = 30.0, size: tuple[int, int] = (1280, 720)) -> dict[str, Any]:
    model = open_model(model_path, threads=1)
    with tempfile.TemporaryDirectory() as folder:
        video = write_test_video(Path(folder) / "clip.mp4", seconds, fps, size)
        session = StreamingSession(model)
        info, frames = resampled_frames(video, model.frame_input.fps)
        start = time.perf_counter()
        analysed = 0
        for t, image in frames:
            session.push(image, t)
            analysed += 1
        wall = time.perf_counter() - start
    stages = dict(session.stage_seconds)
    stages["decode"] = wall - sum(stages.values())
    return {
        "model": model.describe(),
        "video": {"seconds": info.duration_s, "fps": info.fps, "width": size[0], "height": size[1]},
        "frames_analysed": analysed,
        "wall_s": wall,
        "realtime_factor": info.duration_s / wall,
        "per_frame_ms": {name: 1e3 * value / analysed for name, value in stages.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=None, help="default: benchmarks/results/<machine>/end_to_end.<format>.json")
    args = parser.parse_args(argv)
    pin_to_one_core()
    result = {"machine": machine_info(), **run(args.model, args.seconds)}
    name = args.model.name if args.model else "pytorch"
    out = args.out or Path("benchmarks/results") / machine_name() / f"end_to_end.{name}.json"
    write_text_atomic(out, json.dumps(result, indent=2) + "\n")
    stages = ", ".join(f"{k} {v:.2f} ms" for k, v in result["per_frame_ms"].items())
    print(f"{result['model']['format']}: {result['realtime_factor']:.1f}x real time on one core ({stages} per analysed frame)")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
