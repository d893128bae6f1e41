"""Does the shoulders' breadth in the picture carry depth, and does the noise model keep it?

    python -m pushup_mobile.experiments.breadth_signal --clips runs/grid9 --view overhead --out runs/breadth_signal
    python -m pushup_mobile.experiments.breadth_signal --clips runs/grid9 --view overhead --fit typical --out runs/breadth_typical

From straight overhead a push-up moves the body towards and away from the camera, so the
shoulders look wider at the top of a rep and narrower at the bottom. This reads the grid's
kept clips of one view (:mod:`pushup_mobile.experiments.grid`, rendered test-split clips
with BlazePose full's keypoints), draws each clip's exact keypoints again from its seed,
and puts the same clip through the view's noise model (:mod:`pushup_mobile.pose.noise`),
then reports per source (truth, BlazePose, noise model), over the frames where both
shoulders and both elbows are seen: the median per-clip correlation of the shoulder
breadth with the true depth, and the median frame-to-frame change of the breadth (a share
of its clip's median). If the noise model jitters much more than BlazePose, a temporal
model trained through it cannot learn a signal BlazePose keeps. Writes
``breadth_signal.json`` and ``breadth_signal.md``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from pushup_mobile.contract import FRAME_RATE, J
from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.experiments.grid import SIZE
from pushup_mobile.files import write_text_atomic
from pushup_mobile.pose.features import isotropic
from pushup_mobile.pose.noise import NOISE_FITS, corrupt, view_noise
from pushup_mobile.pose.sequences import CleanSequence
from pushup_mobile.synth.camera import VIEWS
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.motion import NO_VARIANT
from pushup_mobile.synth.splits import get_split

SEEN = [J["left_shoulder"], J["right_shoulder"], J["left_elbow"], J["right_elbow"]]
MIN_FRAMES = 20
"""Seen frames a clip needs to count."""
MIN_DEPTH_STD = 0.1
"""A clip whose true depth barely moves (a held plank) says nothing about the signal."""


def breadth(keypoints: np.ndarray, visibility: np.ndarray, width: int, height: int) -> np.ndarray:
    """``[T]`` shoulder-to-shoulder distance in fractions of the long side, NaN where a
    shoulder or an elbow is not seen."""
    points = isotropic(np.asarray(keypoints, np.float64), width, height)
    span = np.linalg.norm(points[:, J["left_shoulder"]] - points[:, J["right_shoulder"]], axis=1)
    return np.where(np.asarray(visibility)[:, SEEN].min(axis=1) > 0.5, span, np.nan)


def clip_figures(series: np.ndarray, depth: np.ndarray) -> tuple[float, float] | None:
    """Correlation with ``depth`` and the median frame-to-frame change (relative) of one
    clip's breadth; None when too few frames are seen or the body hardly moves."""
    seen = ~np.isnan(series)
    if seen.sum() < MIN_FRAMES or depth[seen].std() < MIN_DEPTH_STD:
        return None
    relative = series / np.nanmedian(series)
    change = np.abs(np.diff(relative))
    return float(np.corrcoef(relative[seen], depth[seen])[0, 1]), float(np.nanmedian(change))


def measure(clips: Path, view: str, fit: str = "moments") -> dict[str, Any]:
    files = sorted((clips / "clips").glob(f"{view}__*.npz"))
    files = [f for f in files if f.name.split("__")[1] != NO_VARIANT]
    if not files:
        raise BadInputError(f"no kept push-up clips of view {view!r} in {clips / 'clips'}: run the grid's render first")
    split, params = get_split("test"), view_noise(fit)[view]
    figures: dict[str, list[tuple[float, float]]] = {"truth": [], "BlazePose full": [], "noise model": []}
    for number, path in enumerate(files):
        with np.load(path) as kept:
            labels = json.loads(str(kept["labels"]))
            blaze = breadth(kept["keypoints_full"], kept["visibility_full"], int(kept["width"]), int(kept["height"]))
            depth = kept["depth"]
        clip = sample_clip(labels["seed"], split, len(depth), FRAME_RATE, SIZE, variant=labels["variant"], view=view)
        sequence = CleanSequence.from_clip(clip)
        seen = corrupt(sequence.keypoints, sequence.in_frame, sequence.far, sequence.width, sequence.height,
                       np.random.default_rng(number), params, sequence.absent)
        sources = {"truth": breadth(sequence.keypoints, sequence.in_frame, sequence.width, sequence.height),
                   "BlazePose full": blaze,
                   "noise model": breadth(seen.keypoints, seen.visibility, sequence.width, sequence.height)}
        for name, series in sources.items():
            result = clip_figures(series, depth)
            if result is not None:
                figures[name].append(result)
    return {"view": view, "fit": fit, "clips": len(files), "sources": {
        name: {"clips": len(rows),
               "correlation_with_depth": float(np.median([r[0] for r in rows])) if rows else None,
               "frame_to_frame_change": float(np.median([r[1] for r in rows])) if rows else None}
        for name, rows in figures.items()}}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Shoulder breadth against true depth, {result['view']} view ({result['clips']} push-up clips; frames "
             f"with both shoulders and both elbows seen; medians over clips; noise model: the {result['fit']} fit).", "",
             "| keypoints | clips | correlation with depth | frame-to-frame change |", "|---|---|---|---|"]
    for name, row in result["sources"].items():
        corr = "-" if row["correlation_with_depth"] is None else f"{row['correlation_with_depth']:.2f}"
        change = "-" if row["frame_to_frame_change"] is None else f"{100 * row['frame_to_frame_change']:.1f} %"
        lines.append(f"| {name} | {row['clips']} | {corr} | {change} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Shoulder breadth as a depth signal: truth, BlazePose, noise model.")
    parser.add_argument("--clips", type=Path, required=True, help="the grid render's --out folder")
    parser.add_argument("--view", choices=list(VIEWS), default="overhead")
    parser.add_argument("--fit", choices=list(NOISE_FITS), default="moments", help="which shipped noise fit to draw")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with one_line_errors():
        result = measure(args.clips, args.view, args.fit)
        write_text_atomic(args.out / "breadth_signal.json", json.dumps(result, indent=2) + "\n")
        write_text_atomic(args.out / "breadth_signal.md", markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
