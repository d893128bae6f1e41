"""BlazePose golden: what the phone must do around the two BlazePose models, checked without
them. The Android core decodes the detector's raw outputs (anchors, boxes, weighted NMS),
places the rotated crop, refines landmarks from the heatmap and decides when to detect
again; these files hold, per frame of rendered clips, the raw model outputs Python's
:class:`~pushup_mobile.pose.blazepose.BlazePose` received and the pose it made of them.

Raw outputs are stored sparsely so the files stay small: detector anchors scoring under
:data:`KEEP_LOGIT` become "nobody here" (logit -100), and of the heatmap only each
landmark's refinement window is kept (the rest -100, which refinement ignores). The
expected poses are computed from the sparse, rounded outputs, so both sides start from the
same numbers. ``crops`` checks the crop itself (cv2's bilinear warp) on small images.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.pose.blazepose import HEATMAP_KERNEL, LANDMARK_SIZE, BlazePose, Roi
from pushup_mobile.pose.stream import observation
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.splits import SPLITS

TRACK_FOLDER, CROP_FOLDER = "blazepose_track", "blazepose_crop"
"""Sub-folders of the golden root (the repository keeps it in ``tests/golden``)."""
KEEP_LOGIT = -2.0
EMPTY_LOGIT = -100.0
FRAMES = 8
TRACK_CASES = {"side_pushup": (2, None), "landscape_with_gap": (0, (3, 5))}
"""name -> (test-split clip seed of a side-view push-up set in fitness-video framing,
frames [start, stop) blacked out to lose the person and make the tracker detect again, or
None)."""
CROP_CASES = {"whole_frame": None, "rotated": (0.7, 1.1)}
"""name -> None for the letterbox ROI, or (rotation in radians, size as a fraction of the
long side) for an aligned, turned crop near the middle."""


def recorded_detector_call(outputs: tuple[np.ndarray, np.ndarray],
                           calls: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """The detector's raw outputs made sparse and rounded, with the call appended to
    ``calls`` as the golden files hold it."""
    boxes, scores = outputs
    scores = np.round(scores.reshape(-1).astype(np.float64), 4)
    keep = np.flatnonzero(scores > KEEP_LOGIT)
    sparse_boxes = np.zeros_like(boxes)
    sparse_boxes[keep] = np.round(boxes[keep].astype(np.float64), 3)
    sparse_scores = np.full(len(scores), EMPTY_LOGIT, np.float32)
    sparse_scores[keep] = scores[keep]
    calls.append({"model": "detector", "anchors": keep.tolist(),
                  "boxes": [[round(float(v), 3) for v in sparse_boxes[i]] for i in keep],
                  "scores": [float(sparse_scores[i]) for i in keep]})
    return sparse_boxes, sparse_scores[:, None]


class _Recording(BlazePose):
    """BlazePose whose model outputs are made sparse and rounded, and recorded, on the way
    to the unchanged tracking logic."""

    def __init__(self) -> None:
        super().__init__(num_threads=1)
        self.calls: list[dict[str, Any]] = []

    def run_detector(self, tensor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return recorded_detector_call(super().run_detector(tensor), self.calls)

    def run_landmarker(self, tensor: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
        raw, presence, heatmap = super().run_landmarker(tensor)
        raw, presence = np.round(raw.astype(np.float64), 3).astype(np.float32), round(float(presence), 6)
        rows, cols, channels = heatmap.shape
        half = (HEATMAP_KERNEL - 1) // 2
        sparse = np.full_like(heatmap, EMPTY_LOGIT)
        windows = []
        for k, (x, y) in enumerate(raw[:, :2] / LANDMARK_SIZE):
            col, row = int(x * cols), int(y * rows)
            if not (0 <= col < cols and 0 <= row < rows):
                continue
            r0, c0 = max(0, row - half), max(0, col - half)
            block = np.round(heatmap[r0 : row + half + 1, c0 : col + half + 1, k].astype(np.float64), 2)
            sparse[r0 : r0 + block.shape[0], c0 : c0 + block.shape[1], k] = block
            windows.append([k, r0, c0, *block.shape, *(round(float(v), 2) for v in block.reshape(-1))])
        self.calls.append({"model": "landmarker", "landmarks": [round(float(v), 3) for v in raw.reshape(-1)],
                           "presence": presence, "heatmap_shape": [rows, cols, channels], "heatmap_windows": windows})
        return raw, presence, sparse


def track_frames(name: str) -> np.ndarray:
    """The case's RGB frames ``[T, H, W, 3]`` (rendered test-split clip, some blacked out)."""
    seed, gap = TRACK_CASES[name]
    rgb, _ = render_clip(sample_clip(seed, SPLITS["test"], frames=FRAMES, fps=FRAME_RATE, size=256, variant="standard",
                                     view="side", framing="close", edit="none"))
    if gap is not None:
        rgb[gap[0] : gap[1]] = 0
    return rgb


def build_track_case(name: str) -> dict[str, Any]:
    frames = track_frames(name)
    pose = _Recording()
    expected = []
    for frame in frames:
        before = len(pose.calls)
        result = pose(frame)
        coco_keypoints, coco_visibility = observation(result)
        expected.append({"calls": len(pose.calls) - before, "detected": result.detected,
                         "presence": round(float(result.presence), 6),
                         "keypoints": [round(float(v), 6) for v in result.keypoints.reshape(-1)],
                         "visibility": [round(float(v), 6) for v in result.visibility],
                         "coco_keypoints": [round(float(v), 6) for v in coco_keypoints.reshape(-1)],
                         "coco_visibility": [round(float(v), 6) for v in coco_visibility]})
    height, width = frames.shape[1:3]
    return {"case": name, "height": height, "width": width, "calls": pose.calls, "expected": expected}


def build_crop_case(name: str) -> dict[str, Any]:
    rng = np.random.default_rng(sorted(CROP_CASES).index(name))
    height, width, side = 14, 22, 10
    rgb = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    turn = CROP_CASES[name]
    if turn is None:
        roi = Roi.whole_frame(width, height)
    else:
        roi = Roi(np.array([width * 0.55, height * 0.45]), turn[1] * max(width, height), turn[0])
    return {"case": name, "height": height, "width": width, "rgb": rgb.reshape(-1).tolist(), "side": side,
            "roi": {"cx": float(roi.centre[0]), "cy": float(roi.centre[1]), "size": roi.size, "rotation": roi.rotation},
            "expected": roi.crop(rgb, side).reshape(-1).tolist()}
