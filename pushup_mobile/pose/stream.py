"""The pose family end to end on a live stream: camera frame in, the contract's outputs out.

BlazePose (tracking between frames) -> our 17 joints, dropped when the landmark model
says the person is gone -> features (with their running state) -> the temporal model's
step form (with the LSTM state). This is what an app runs per frame, and what the
comparison and the latency figures measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
import torch

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.errors import BadInputError
from pushup_mobile.form.measure import FrameForm, measure_keypoints
from pushup_mobile.model.net import zero_state
from pushup_mobile.pose.blazepose import (
    DETECTOR_FILE, LANDMARK_FILES, MEDIAPIPE, MIN_PRESENCE, SHIPPED_LANDMARK, BlazePose, PoseResult, to_coco,
)
from pushup_mobile.pose.features import NUM_FEATURES, FeatureState, step_features
from pushup_mobile.pose.net import PoseTemporalNet


def observation(result: PoseResult) -> tuple[np.ndarray, np.ndarray]:
    """Our 17 joints and their visibility from one BlazePose result; a frame whose pose
    presence is below MIN_PRESENCE is reported with every joint invisible (BlazePose's
    keypoints are then not to be trusted)."""
    keypoints, visibility = to_coco(result)
    if result.presence < MIN_PRESENCE:
        visibility = np.zeros_like(visibility)
    return keypoints, visibility


def pose_preprocessing() -> dict[str, Any]:
    """The manifest's ``preprocessing`` section for the pose family: which front-end makes
    the keypoints and how many features per frame follow."""
    return {"front_end": "blazepose", "front_end_models": [DETECTOR_FILE, LANDMARK_FILES[SHIPPED_LANDMARK]],
            "front_end_package": MEDIAPIPE, "joints": "coco-17", "features": NUM_FEATURES, "fps": FRAME_RATE}


class PoseInput:
    """The pose family's per-frame stage (a :class:`pushup_mobile.families.FrameInput`):
    camera frame -> BlazePose (tracking) -> our joints -> the temporal model's ``frame``
    input ``[1, F]``. Unlike the pixel stage it remembers: BlazePose's track and the
    features' running scale and mirror side; :meth:`reset` forgets both."""

    fps = FRAME_RATE

    def __init__(self, pose: BlazePose | None = None) -> None:
        self.pose = pose or BlazePose(num_threads=1)
        self.reset()

    def reset(self) -> None:
        self.pose.reset()
        self.state = FeatureState()
        self.last_form: FrameForm | None = None
        self.last_presence = 0.0
        self.last_joints: tuple[np.ndarray, np.ndarray] | None = None

    def observe(self, frame_rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """RGB frame -> (features ``[F]``, keypoints ``[17, 2]``, visibility ``[17]``);
        the frame's form measurements are kept for :meth:`form`."""
        result = self.pose(frame_rgb)
        self.last_presence = result.presence
        keypoints, visibility = observation(result)
        height, width = frame_rgb.shape[:2]
        features, self.state = step_features(keypoints, visibility, width, height, self.state)
        self.last_form = measure_keypoints(keypoints, visibility, width, height)
        self.last_joints = keypoints, visibility
        return features, keypoints, visibility

    def form(self) -> FrameForm | None:
        """The last frame's form measurements (angles need pixels, not 0..1 of a non-square frame)."""
        return self.last_form

    def person(self) -> bool:
        """BlazePose found someone and still trusts its landmarks (presence >= MIN_PRESENCE)."""
        return self.last_presence >= MIN_PRESENCE

    def keypoints(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The last frame's joints and visibility (all invisible when presence was low)."""
        return self.last_joints

    def clip_features(self, frames_rgb: np.ndarray) -> np.ndarray:
        """A whole clip ``[T, H, W, 3]`` RGB as one fresh stream -> features ``[T, F]``."""
        self.reset()
        return np.stack([self.observe(frame)[0] for frame in frames_rgb])

    def __call__(self, bgr: np.ndarray) -> np.ndarray:
        if bgr.ndim != 3 or bgr.shape[2] != 3:
            raise BadInputError(f"expected an [H, W, 3] image, got shape {list(bgr.shape)}")
        return self.observe(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))[0][None]

    def to_manifest(self) -> dict[str, Any]:
        return pose_preprocessing()


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
        self.input = PoseInput(pose)
        self.reset()

    def reset(self) -> None:
        self.input.reset()
        self.state = zero_state(self.net.cfg)

    def __call__(self, frame_rgb: np.ndarray) -> StreamStep:
        features, keypoints, visibility = self.input.observe(frame_rgb)
        with torch.no_grad():
            out = self.net.step(torch.from_numpy(features)[None], self.state)
        self.state = out.state
        return StreamStep(keypoints, visibility, out.pushup[0].numpy(), out.depth[0].numpy(), out.faults[0].numpy())


@lru_cache(maxsize=2)
def _rendered_samples(split: str, count: int, frames: int, size: int, seed: int) -> tuple[dict[str, Any], ...]:
    from pushup_mobile.synth.clip import sample_clip
    from pushup_mobile.synth.generate import render_clip
    from pushup_mobile.synth.splits import clip_seed, get_split

    chosen = get_split(split)
    stage = PoseInput()
    samples = []
    for index in range(count):
        clip = sample_clip(clip_seed(chosen, seed, index), chosen, frames, FRAME_RATE, size)
        rgb, _ = render_clip(clip)
        stage.reset()
        observed = [stage.observe(frame) for frame in rgb]
        m = clip.motion
        samples.append({"frames": np.stack([o[0] for o in observed]), "keypoints": np.stack([o[1] for o in observed]),
                        "visibility": np.stack([o[2] for o in observed]), "frame_size": rgb.shape[2:0:-1],
                        "pushup": m.pushup, "depth": m.depth, "faults": clip.fault_labels, "activity": m.activity,
                        "rep_count": clip.rep_count, **clip.labels()})
    return tuple(samples)


def rendered_samples(split: str, count: int, frames: int, size: int = 384, seed: int = 0) -> list[dict[str, Any]]:
    """Synthetic clips of ``split`` rendered (``size`` px long side) and run through BlazePose
    frame by frame as the app would: the evaluation samples of every family on BlazePose
    features (cached per process: they cost seconds per clip), with the labels
    :func:`pushup_mobile.evaluate.report.run_clips` reads and the keypoints themselves
    (``keypoints``, ``visibility``, ``frame_size``: what the elbow-angle recipe reads). The
    clips are those the pixel model is evaluated on (same seeds: same bodies, motions and
    cameras)."""
    return list(_rendered_samples(split, count, frames, size, seed))
