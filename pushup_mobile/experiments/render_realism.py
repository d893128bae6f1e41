"""Does a render look like a person to a model trained on real people? BlazePose as the judge.

    python -m pushup_mobile.experiments.render_realism --clips 24 --out runs/render_realism

BlazePose learned from photos of real people, so how readily its landmark model accepts a
rendered body (its pose presence, 0-1) and how close its keypoints land to the body's true
joints say how person-like the render is, without training anything. Renders ``--clips``
push-up clips in front of the photo panoramas (side and oblique views, every split's
panoramas, the same clips under each light of
:data:`pushup_mobile.synth.scene.PANORAMA_LIGHTS`) and runs BlazePose's tracker through
each. Writes ``render_realism.json``, ``render_realism.md`` and ``render_realism.png``.
A proxy: what decides is a model trained on the renders, scored on real footage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from rich.progress import Progress

from pushup_mobile.files import write_text_atomic
from pushup_mobile.synth.clip import SyntheticClip, sample_clip
from pushup_mobile.synth.generate import clip_scene, render_clip
from pushup_mobile.synth.scene import PANORAMA_LIGHTS
from pushup_mobile.synth.splits import SPLITS

SIZE = 384
VIEWS = ("side", "oblique")
PRESENT = 0.5
"""BlazePose's own threshold for trusting a pose (``MIN_PRESENCE``)."""


def panorama_clips(count: int, frames: int) -> list[SyntheticClip]:
    """The first ``count`` push-up clips, round-robin over splits and views, whose scene is
    a photo panorama."""
    clips: list[SyntheticClip] = []
    seed = 0
    while len(clips) < count:
        split = SPLITS[("train", "val", "test")[seed % 3]]
        clip = sample_clip(seed, split, frames=frames, size=SIZE, variant="standard", view=VIEWS[(seed // 3) % 2],
                           edit="none")
        if clip_scene(clip, np.random.default_rng([clip.seed, 1])).panorama:
            clips.append(clip)
        seed += 1
    return clips


def judge(clips: list[SyntheticClip], light: str, progress: Progress) -> dict[str, float]:
    """BlazePose's presence and keypoint error over every frame of ``clips`` rendered under ``light``."""
    from pushup_mobile.pose.blazepose import BlazePose, to_coco

    pose = BlazePose()
    presence, errors = [], []
    task = progress.add_task(f"{light} light", total=len(clips))
    for clip in clips:
        frames, seen = render_clip(clip, light)
        pose.reset()
        scale = np.array([clip.camera.width, clip.camera.height])
        for t, frame in enumerate(frames):
            result = pose(frame)
            presence.append(result.presence)
            if result.presence >= PRESENT:
                keypoints, _ = to_coco(result)
                error = np.linalg.norm((keypoints - clip.keypoints[t]) * scale, axis=1) / scale.max()
                errors += list(error[seen[t] > 0])
        progress.advance(task)
    return {"frames": len(presence), "mean_presence": round(float(np.mean(presence)), 3),
            "frames_present": round(float(np.mean(np.array(presence) >= PRESENT)), 3),
            "median_keypoint_error": round(float(np.median(errors)), 4) if errors else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="BlazePose's presence on renders under each panorama light.")
    parser.add_argument("--clips", type=int, default=24)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    clips = panorama_clips(args.clips, args.frames)
    with Progress() as progress:
        rows = {light: judge(clips, light, progress) for light in PANORAMA_LIGHTS}
    result = {"clips": args.clips, "frames_per_clip": args.frames, "views": list(VIEWS), "size": SIZE, "lights": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(args.out / "render_realism.json", json.dumps(result, indent=1) + "\n")
    table = ["| panorama light | frames | BlazePose mean presence | frames with a pose (presence >= 0.5) "
             "| median keypoint error (share of the long side) |", "|---|---|---|---|---|"]
    table += [f"| {light} | {r['frames']} | {r['mean_presence']:.3f} | {100 * r['frames_present']:.0f} % "
              f"| {r['median_keypoint_error']} |" for light, r in rows.items()]
    write_text_atomic(args.out / "render_realism.md", "\n".join(table) + "\n")
    _plot(rows, args.out / "render_realism.png")
    print("\n".join(table))


def _plot(rows: dict[str, dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pushup_mobile.files import atomic_path

    fig, ax = plt.subplots(figsize=(5, 3))
    names = list(rows)
    ax.bar(names, [rows[n]["mean_presence"] for n in names], color=["tab:green", "tab:grey"][: len(names)])
    ax.set_ylim(0, 1)
    ax.set_ylabel("BlazePose mean pose presence")
    ax.set_title("Rendered people as BlazePose sees them, by panorama light")
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    main()
