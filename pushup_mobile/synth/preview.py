"""What a person looks at to check the data: a contact sheet of rendered frames with the
keypoints and labels drawn on them, and a short annotated video."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.files import atomic_path
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.contract import J
from pushup_mobile.synth.skeleton import BONES

SCALE = 2


def annotate(frame: np.ndarray, shard: dict[str, np.ndarray], clip: int, t: int) -> np.ndarray:
    """One frame, enlarged, with its skeleton (visible joints) and labels."""
    size = frame.shape[0] * SCALE
    image = cv2.resize(frame, (size, size), interpolation=cv2.INTER_NEAREST)[..., ::-1].copy()
    points = shard["keypoints"][clip, t] * size
    visible = shard["visibility"][clip, t] > 0
    for a, b in BONES:
        if visible[J[a]] and visible[J[b]]:
            color = (255, 160, 0) if "left" in a + b else (0, 140, 255)
            cv2.line(image, tuple(int(v) for v in points[J[a]]), tuple(int(v) for v in points[J[b]]), color, 1, cv2.LINE_AA)
    for p, v in zip(points, visible):
        if v:
            cv2.circle(image, (int(p[0]), int(p[1])), 2, (255, 255, 255), -1)
    activity = ACTIVITIES[int(shard["activity"][clip, t])]
    faults = [f for f, on in zip(FAULTS, shard["faults"][clip, t]) if on]
    lines = [f"{activity} d={shard['depth'][clip, t]:.2f}", *faults]
    for k, text in enumerate(lines):
        cv2.putText(image, text, (3, 12 + 12 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (255, 255, 255), 1, cv2.LINE_AA)
    return image[..., ::-1]


def contact_sheet(shard: dict[str, np.ndarray], target: Path, clips: int = 8, per_clip: int = 6) -> None:
    rows = []
    for c in range(min(clips, len(shard["frames"]))):
        picks = np.linspace(0, shard["frames"].shape[1] - 1, per_clip).astype(int)
        row = np.hstack([annotate(shard["frames"][c, t], shard, c, t) for t in picks])
        label = f"seed {int(shard['seed'][c])}  reps {int(shard['rep_count'][c])}"
        cv2.putText(row, label, (3, row.shape[0] - 4), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (255, 255, 0), 1, cv2.LINE_AA)
        rows.append(row)
    with atomic_path(target) as tmp:
        cv2.imwrite(str(tmp), np.vstack(rows)[..., ::-1])


def preview_video(shard: dict[str, np.ndarray], target: Path, fps: float, clips: int = 4) -> None:
    size = shard["frames"].shape[2] * SCALE
    with atomic_path(target) as tmp:
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, (size, size))
        for c in range(min(clips, len(shard["frames"]))):
            for t in range(shard["frames"].shape[1]):
                writer.write(annotate(shard["frames"][c, t], shard, c, t)[..., ::-1])
        writer.release()
