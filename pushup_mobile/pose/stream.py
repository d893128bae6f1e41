"""The pose family end to end on a live stream: camera frame in, the contract's outputs out.

BlazePose (tracking between frames) -> our 17 joints, dropped when the landmark model
says the person is gone -> features (with their running state) -> the temporal model's
step form (with the LSTM state). This is what an app runs per frame, and what the
comparison and the latency figures measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from pushup_mobile.pose.blazepose import MIN_PRESENCE, BlazePose, PoseResult, to_coco
from pushup_mobile.pose.features import FeatureState, step_features
from pushup_mobile.pose.net import PoseTemporalNet


def observation(result: PoseResult) -> tuple[np.ndarray, np.ndarray]:
    """Our 17 joints and their visibility from one BlazePose result; a frame whose pose
    presence is below MIN_PRESENCE is reported with every joint invisible (BlazePose's
    keypoints are then not to be trusted)."""
    keypoints, visibility = to_coco(result)
    if result.presence < MIN_PRESENCE:
        visibility = np.zeros_like(visibility)
    return keypoints, visibility


@dataclass(frozen=True)
class StreamStep:
    """One frame's keypoints (as the model saw them) and the model's outputs (logits for
    ``pushup`` and ``faults``, depth in 0..1), each without the batch axis."""

    keypoints: np.ndarray  # [17, 2]
    visibility: np.ndarray  # [17]
    pushup: np.ndarray  # [1]
    depth: np.ndarray  # [1]
    faults: np.ndarray  # [K]


class PoseStream:
    """Frames (RGB uint8 ``[H, W, 3]``) of one video -> :class:`StreamStep` per frame.
    One instance per stream; :meth:`reset` between streams."""

    def __init__(self, net: PoseTemporalNet, pose: BlazePose | None = None) -> None:
        self.net = net.eval()
        self.pose = pose or BlazePose(num_threads=1)
        self.reset()

    def reset(self) -> None:
        self.pose.reset()
        self.features = FeatureState()
        shape = self.net.cfg.state_shape(1)
        self.h, self.c = torch.zeros(shape), torch.zeros(shape)

    def __call__(self, frame_rgb: np.ndarray) -> StreamStep:
        keypoints, visibility = observation(self.pose(frame_rgb))
        height, width = frame_rgb.shape[:2]
        features, self.features = step_features(keypoints, visibility, width, height, self.features)
        with torch.no_grad():
            out = self.net.step(torch.from_numpy(features)[None], self.h, self.c)
        self.h, self.c = out.h, out.c
        return StreamStep(keypoints, visibility, out.pushup[0].numpy(), out.depth[0].numpy(), out.faults[0].numpy())
