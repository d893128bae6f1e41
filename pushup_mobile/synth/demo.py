"""A whole push-up set (or another activity) rendered as a phone video file, with its
true rep count.

Synthetic clips for training are short windows at the model's rate; this is the other
end of the pipeline: an ordinary video (any rate, portrait or landscape) that ``analyze``
and the app must count correctly, so the whole path can be checked end to end without
real footage.

    python -m pushup_mobile.synth.demo --out demo.mp4 --reps 5
    python -m pushup_mobile.synth.demo --out squats.mp4 --activity squat
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.files import atomic_path
from pushup_mobile.synth.camera import sample_camera
from pushup_mobile.synth.clip import SyntheticClip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.mesh import load_mesh
from pushup_mobile.synth.negatives import NEGATIVES, negative
from pushup_mobile.synth.pushups import pushup_set
from pushup_mobile.synth.splits import clip_seed, get_split


@dataclass(frozen=True)
class DemoVideo:
    path: Path
    activity: str
    reps: int
    fps: float
    frames: int
    faults: dict[str, float]


def write_demo_video(
    out: Path, reps: int = 5, activity: str = "pushup", seed: int = 0, fps: float = 30.0, size: int = 480,
    split: str = "test", faults: dict[str, float] | None = None, seconds: float = 8.0,
    variant: str = "standard", view: str = "side", framing: str = "close",
) -> DemoVideo:
    """Render one push-up set of ``reps`` reps of ``variant`` (clean form unless ``faults``
    maps fault names to severities), or ``seconds`` of another activity (no reps), of a
    ``split`` body from a ``view`` camera with ``framing``, and write it as an mp4 at
    ``fps`` with its long side ``size`` pixels."""
    if activity != "pushup" and activity not in NEGATIVES:
        raise BadInputError(f"unknown activity {activity!r} (known: pushup, {', '.join(NEGATIVES)})")
    chosen = get_split(split)
    rng = np.random.default_rng(clip_seed(chosen, seed, 0))
    mesh = load_mesh(int(chosen.shapes[int(rng.integers(len(chosen.shapes)))]))
    if activity == "pushup":
        motion = pushup_set(mesh.body, rng, fps, reps=reps, faults=faults or {}, variant=variant, partial=False)
    else:
        motion = negative(mesh.body, rng, fps, seconds, name=activity)
    camera, _ = sample_camera(rng, motion.joints, size, chosen.distance, view, framing, handheld=False)
    pixels, depth = camera.project(motion.joints)
    clip = SyntheticClip(seed, activity, chosen, mesh, camera, motion, pixels / np.array([camera.width, camera.height]),
                         camera.visible(pixels, depth), view, framing, cards=np.zeros(len(motion), dtype=bool))
    frames, _ = render_clip(clip)
    with atomic_path(Path(out)) as tmp:
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, (camera.width, camera.height))
        for frame in frames:
            writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
        writer.release()
    return DemoVideo(Path(out), activity, clip.rep_count, fps, len(frames), dict(faults or {}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Render a push-up set as a phone video with a known rep count.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--activity", default="pushup", help=f"pushup or one of: {', '.join(NEGATIVES)}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--size", type=int, default=480)
    args = parser.parse_args(argv)
    with one_line_errors():
        demo = write_demo_video(args.out, args.reps, args.activity, args.seed, args.fps, args.size)
    print(f"wrote {demo.path}: {demo.activity}, {demo.reps} reps, {demo.frames} frames at {demo.fps:g} fps")


if __name__ == "__main__":
    main()
