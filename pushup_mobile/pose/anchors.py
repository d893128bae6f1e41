"""SSD anchors, box decoding and weighted non-max suppression for BlazePose's detector.

The detector's raw outputs are offsets from fixed anchors; they mean nothing without the
options of MediaPipe's ``pose_detection_cpu.pbtxt`` (SsdAnchorsCalculator,
TensorsToDetectionsCalculator, NonMaxSuppressionCalculator), so those live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

import numpy as np

INPUT_SIZE = 224
STRIDES = (8, 16, 32, 32, 32)
ANCHORS_PER_CELL_PER_LAYER = 2
"""Aspect ratio 1.0 plus the interpolated scale; with a fixed anchor size both are unit
boxes, so only their count matters."""
NUM_KEYPOINTS = 4  # hip centre, full-body size/rotation point, shoulder centre, upper-body point
SCORE_CLIP = 100.0
MIN_SCORE = 0.5  # MediaPipe's default min_detection_confidence
NMS_IOU = 0.3


@dataclass(frozen=True)
class Detections:
    """Detections in 0..1 of the detector's input, best first after :func:`weighted_nms`.

    ``boxes`` [N, 4] (xmin, ymin, xmax, ymax), ``keypoints`` [N, 4, 2] (x, y), ``scores`` [N].
    """

    boxes: np.ndarray
    keypoints: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.scores)


def ssd_anchors(input_size: int = INPUT_SIZE, strides: tuple[int, ...] = STRIDES) -> np.ndarray:
    """Anchor centres [A, 2] (x, y) in 0..1, in the order of the model's outputs.

    Consecutive layers with the same stride share one feature map: row-major cells, each
    holding the anchors of all those layers together.
    """
    centres = []
    for stride, layers in groupby(strides):
        cells = -(-input_size // stride)
        ys, xs = np.meshgrid(np.arange(cells), np.arange(cells), indexing="ij")
        grid = (np.stack([xs, ys], axis=-1).reshape(-1, 2) + 0.5) / cells
        centres.append(np.repeat(grid, ANCHORS_PER_CELL_PER_LAYER * len(list(layers)), axis=0))
    return np.concatenate(centres).astype(np.float32)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    """Probabilities from the models' logits, in float64 so that large ones cannot overflow."""
    return 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))


def decode(
    raw_boxes: np.ndarray, raw_scores: np.ndarray, anchors: np.ndarray, min_score: float = MIN_SCORE
) -> Detections:
    """Raw outputs ([A, 12] offsets, [A] or [A, 1] logits) -> the detections scoring ``min_score`` or more.

    Offsets are input pixels from the anchor centre, x before y: box centre, box size,
    then the keypoints.
    """
    raw_boxes = raw_boxes.reshape(len(anchors), -1)
    scores = sigmoid(np.clip(raw_scores.reshape(-1), -SCORE_CLIP, SCORE_CLIP))
    keep = scores >= min_score
    offsets = raw_boxes[keep] / INPUT_SIZE
    centres = anchors[keep]
    middle = centres + offsets[:, 0:2]
    half = offsets[:, 2:4] / 2
    keypoints = centres[:, None, :] + offsets[:, 4 : 4 + 2 * NUM_KEYPOINTS].reshape(-1, NUM_KEYPOINTS, 2)
    return Detections(np.concatenate([middle - half, middle + half], axis=1), keypoints, scores[keep])


def _area(boxes: np.ndarray) -> np.ndarray:
    return np.prod(np.clip(boxes[..., 2:] - boxes[..., :2], 0.0, None), axis=-1)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    low = np.maximum(box[:2], boxes[:, :2])
    high = np.minimum(box[2:], boxes[:, 2:])
    inter = np.prod(np.clip(high - low, 0.0, None), axis=1)
    union = _area(box) + _area(boxes) - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def weighted_nms(detections: Detections, iou_threshold: float = NMS_IOU) -> Detections:
    """MediaPipe's weighted NMS: each cluster (IoU above ``iou_threshold`` with its best
    member) becomes one detection, its box and keypoints the score-weighted mean of the
    cluster and its score the best member's. Averaging steadies the box between frames
    better than keeping the argmax alone."""
    order = np.argsort(-detections.scores, kind="stable")
    boxes, keypoints, scores = [], [], []
    while len(order):
        cluster = _iou(detections.boxes[order[0]], detections.boxes[order]) > iou_threshold
        cluster[0] = True  # even a degenerate (zero-area) box leaves the queue
        members = order[cluster]
        weights = detections.scores[members] / detections.scores[members].sum()
        boxes.append(weights @ detections.boxes[members])
        keypoints.append(np.tensordot(weights, detections.keypoints[members], axes=1))
        scores.append(detections.scores[order[0]])
        order = order[~cluster]
    if not scores:
        return detections
    return Detections(np.stack(boxes), np.stack(keypoints), np.array(scores, dtype=np.float32))
