"""Pose-feature golden: keypoint streams (as BlazePose would report them) and the exact
features the pose model must receive, frame by frame with the running state carried.

The Android core's :class:`PoseFeatures` replays them; what must match is the body
centring and scaling, the smoothed torso length, the mirror side's hysteresis, the
left/right swap and the handling of missing joints and of frames with nobody seen.
Inputs are rounded before the expected features are computed, so both sides start
from the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pushup_mobile.pose.features import FeatureState, step_features
from pushup_mobile.pose.noise import corrupt
from pushup_mobile.pose.sequences import CleanSequence
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.splits import SPLITS

FOLDER = "pose_features"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
FRAMES = 24
CASES = {"portrait_pushup": (0, "standard", "side"), "landscape_pushup": (2, "standard", "side"),
         "turning_activity": (10, "none", "side"), "noisy_with_gaps": (4, "standard", "oblique")}
"""name -> training-split clip (seed, variant, view), full framing: portrait and landscape
cameras, a non-push-up (downward dog) whose mirror side changes mid-clip;
``noisy_with_gaps`` also blanks frames 8-10."""


def stream(name: str) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Keypoints ``[T, 17, 2]``, visibility ``[T, 17]`` (rounded), width, height."""
    seed, variant, view = CASES[name]
    clip = sample_clip(seed, SPLITS["train"], frames=FRAMES, size=384, variant=variant, view=view, framing="full",
                       edit="none")
    clean = CleanSequence.from_clip(clip)
    seen = corrupt(clean.keypoints, clean.in_frame, clean.far, clean.width, clean.height,
                   np.random.default_rng(sorted(CASES).index(name)))
    keypoints, visibility = seen.keypoints.copy(), seen.visibility.copy()
    if name == "noisy_with_gaps":
        visibility[8:11] = 0.0
    return np.round(keypoints, 6), np.round(visibility, 6), clean.width, clean.height


def build_case(name: str) -> dict[str, Any]:
    keypoints, visibility, width, height = stream(name)
    state, expected = FeatureState(), []
    for t in range(len(keypoints)):
        features, state = step_features(keypoints[t], visibility[t], width, height, state)
        expected.append([round(float(v), 6) for v in features])
    return {
        "case": name,
        "width": width,
        "height": height,
        "keypoints": [[round(float(v), 6) for v in frame.reshape(-1)] for frame in keypoints],
        "visibility": [[round(float(v), 6) for v in frame] for frame in visibility],
        "expected": expected,
    }
