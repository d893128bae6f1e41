"""A contact sheet of clips as drawn skeletons with their labels, for a person to check
at a glance that push-ups, faults and other activities look like what they claim."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.files import atomic_path
from pushup_mobile.synth.clip import SyntheticClip
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.synth.skeleton import BONES, J


def contact_sheet(clips: list[SyntheticClip], target: Path, frames_per_clip: int = 6) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(clips), frames_per_clip, figsize=(1.8 * frames_per_clip, 1.9 * len(clips)))
    axes = np.atleast_2d(axes)
    for row, clip in zip(axes, clips):
        picks = np.linspace(0, len(clip.motion) - 1, frames_per_clip).astype(int)
        aspect = clip.camera.height / clip.camera.width
        for ax, t in zip(row, picks):
            points = clip.keypoints[t] * np.array([1.0, aspect])
            for a, b in BONES:
                ax.plot(*points[[J[a], J[b]]].T, color="tab:blue" if "left" in a + b else "tab:orange", lw=1.5)
            ax.scatter(*points[clip.visibility[t] > 0].T, s=4, color="k")
            ax.set_xlim(0, 1)
            ax.set_ylim(aspect, 0)
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            faults = [f for f, on in zip(FAULTS, clip.motion.faults[t]) if on]
            activity = ACTIVITIES[clip.motion.activity[t]]
            label = f"{activity} d={clip.motion.depth[t]:.2f}" + (f"\n{','.join(faults)}" if faults else "")
            ax.set_title(label, fontsize=6)
        row[0].set_ylabel(f"seed {clip.seed}\n{clip.program}\n{clip.rep_count} reps", fontsize=6)
    fig.tight_layout()
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=90)
    plt.close(fig)
