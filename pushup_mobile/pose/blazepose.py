"""BlazePose as MediaPipe's pose pipeline runs it: detect once, then track.

The detector finds a person in the letterboxed frame; its hip-centre and size keypoints
give a rotated square crop (ROI) for the landmark model. From then on each frame's ROI
comes from the previous frame's auxiliary landmarks, and the detector runs again only
when the landmark model's pose-presence score drops below :data:`MIN_PRESENCE`. The
model files are those of the ``mediapipe`` wheel; the package itself is never imported.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import cv2
import numpy as np
from ai_edge_litert.interpreter import Interpreter

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import native_output_captured
from pushup_mobile.pose.anchors import INPUT_SIZE as DETECTOR_SIZE
from pushup_mobile.pose.anchors import decode, sigmoid, ssd_anchors, weighted_nms
from pushup_mobile.contract import JOINTS

MEDIAPIPE = "mediapipe==0.10.21"
DETECTOR_FILE = "mediapipe/modules/pose_detection/pose_detection.tflite"
LANDMARK_FILE = "mediapipe/modules/pose_landmark/pose_landmark_full.tflite"
MEDIAPIPE_NPM = "@mediapipe/pose@0.5.1675469404"
LITE_DIR = Path(sys.prefix) / "share" / "mediapipe-pose"
LITE_FILE = "pose_landmark_lite.tflite"
"""BlazePose lite: the landmark model with the full one's inputs and outputs, cheaper. The
mediapipe wheel lacks it; ``make venv`` takes it from the npm package :data:`MEDIAPIPE_NPM`
(Apache-2.0) into :data:`LITE_DIR`."""
NPM_PREFIX = "npm/@mediapipe/pose/"
LANDMARK_FILES = {"full": LANDMARK_FILE, "lite": NPM_PREFIX + LITE_FILE}
"""Landmark model -> how manifests name its file: a path inside the mediapipe wheel, or
one inside the npm package (the app keeps the last part, the file's name)."""
SHIPPED_LANDMARK = "full"
"""The landmark model the shipped pose family runs (the README's front-end table says why)."""
LANDMARK_SIZE = 256
LANDMARK_ROWS = 39  # the landmark tensor's rows: BODY points, then AUXILIARY, then 4 unused
BODY = 33
AUXILIARY = slice(33, 35)  # hip centre and size/rotation point, for the next frame's ROI
ROI_SCALE = 1.25  # RectTransformationCalculator: the margin the landmark model was trained with
MIN_PRESENCE = 0.5  # MediaPipe's default min_tracking_confidence
HEATMAP_KERNEL = 7
HEATMAP_MIN_CONFIDENCE = 0.5

BLAZEPOSE_LANDMARKS: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear", "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)
BLAZEPOSE_TO_COCO: tuple[int, ...] = tuple(BLAZEPOSE_LANDMARKS.index(name) for name in JOINTS)
"""For each of our 17 COCO joints, in ``JOINTS`` order, its index among BlazePose's 33."""


def model_path(relative: str) -> Path:
    """A model file shipped in the installed ``mediapipe`` wheel.

    The wheel is installed without its dependencies (they pin numpy<2), so only its files
    are usable: they are located through the distribution's metadata, not an import.
    """
    try:
        dist = distribution("mediapipe")
    except PackageNotFoundError:
        raise BadInputError(
            f"BlazePose needs the model files of {MEDIAPIPE}: run `make venv` or `pip install --no-deps {MEDIAPIPE}`"
        ) from None
    path = Path(dist.locate_file(relative))
    if not path.is_file():
        raise BadInputError(f"mediapipe {dist.version} has no {relative}: run `pip install --no-deps {MEDIAPIPE}`")
    return path


def front_end_file(reference: str) -> Path:
    """A front-end model file as a manifest names it (:data:`LANDMARK_FILES`, the detector)."""
    if not reference.startswith(NPM_PREFIX):
        return model_path(reference)
    path = LITE_DIR / reference.removeprefix(NPM_PREFIX)
    if not path.is_file():
        raise BadInputError(f"{path.name} is not installed at {path}: run `make venv` (it takes it from npm's {MEDIAPIPE_NPM})")
    return path


def landmark_model(name: str) -> Path:
    """The landmark model file for ``name``: ``full`` (from the wheel) or ``lite`` (npm)."""
    if name not in LANDMARK_FILES:
        raise BadInputError(f"unknown BlazePose landmark model {name!r} (known: {', '.join(LANDMARK_FILES)})")
    return front_end_file(LANDMARK_FILES[name])


def licence_text() -> str:
    """The ``mediapipe`` wheel's licence (Apache 2.0), which goes wherever its model files go."""
    files = [f for f in distribution("mediapipe").files or () if f.name.upper().startswith("LICENSE")]
    if not files:
        raise BadInputError(f"the installed mediapipe has no LICENSE file: reinstall {MEDIAPIPE}")
    return Path(files[0].locate()).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Roi:
    """A rotated square of the frame: centre (x, y) and side in frame pixels, rotation in
    radians (MediaPipe's sign: positive turns the crop's up towards the frame's right)."""

    centre: np.ndarray
    size: float
    rotation: float = 0.0

    @classmethod
    def whole_frame(cls, width: int, height: int) -> "Roi":
        """The letterbox: the frame's long side, centred, so padding falls outside the frame."""
        return cls(np.array([width / 2, height / 2]), float(max(width, height)))

    @classmethod
    def aligned(cls, centre: np.ndarray, towards: np.ndarray) -> "Roi":
        """AlignmentPointsRects + RectTransformation: centred on ``centre`` (hip midpoint),
        twice the distance to ``towards`` times :data:`ROI_SCALE` wide, turned so that
        ``towards`` points up in the crop."""
        dx, dy = np.asarray(towards, dtype=np.float64) - centre
        angle = np.pi / 2 - np.arctan2(-dy, dx)
        angle -= 2 * np.pi * np.floor((angle + np.pi) / (2 * np.pi))
        return cls(np.asarray(centre, dtype=np.float64), 2 * float(np.hypot(dx, dy)) * ROI_SCALE, float(angle))

    def _axes(self) -> np.ndarray:
        c, s = np.cos(self.rotation), np.sin(self.rotation)
        return self.size * np.array([[c, -s], [s, c]])

    def to_frame(self, points: np.ndarray) -> np.ndarray:
        """Points [..., 2] in 0..1 of the crop -> frame pixels."""
        return self.centre + (points - 0.5) @ self._axes().T

    def crop(self, frame: np.ndarray, side: int) -> np.ndarray:
        """The ROI resampled to ``side x side`` pixels, black outside the frame."""
        axes = self._axes() / side
        # pixel centres sit at +0.5 in both images; warpAffine samples at integer positions
        offset = self.to_frame(np.zeros(2)) + axes @ [0.5, 0.5] - 0.5
        matrix = np.hstack([axes, offset[:, None]])
        return cv2.warpAffine(frame, matrix, (side, side), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))


@dataclass(frozen=True)
class PoseResult:
    """One frame's pose. ``keypoints`` [33, 2] in 0..1 of the frame's width and height,
    ``visibility`` [33] in 0..1, ``presence`` the landmark model's pose score (below
    :data:`MIN_PRESENCE` the keypoints are not to be trusted; 0 when the detector found
    nobody), ``detected`` whether the detector ran for this frame."""

    keypoints: np.ndarray
    visibility: np.ndarray
    presence: float
    detected: bool


def to_coco(result: PoseResult) -> tuple[np.ndarray, np.ndarray]:
    """Our 17 joints (keypoints [17, 2], visibility [17]) picked out of BlazePose's 33."""
    index = list(BLAZEPOSE_TO_COCO)
    return result.keypoints[index], result.visibility[index]


def _refine(points: np.ndarray, heatmap: np.ndarray) -> np.ndarray:
    """RefineLandmarksFromHeatmapCalculator: a landmark whose heatmap is confident near it
    moves to the confidence-weighted mean cell of a small window (MediaPipe's arithmetic,
    cell indices without the half-cell offset, kept for parity). All landmarks at once:
    each one's window is gathered from the heatmap, cells outside the grid left out."""
    rows, cols, _ = heatmap.shape
    half = (HEATMAP_KERNEL - 1) // 2
    col = (points[:, 0] * cols).astype(np.int64)  # truncated towards zero, as MediaPipe's int cast
    row = (points[:, 1] * rows).astype(np.int64)
    offsets = np.arange(-half, half + 1)
    grid_r = row[:, None, None] + offsets[None, :, None]  # [K, 7, 1]
    grid_c = col[:, None, None] + offsets[None, None, :]  # [K, 1, 7]
    inside = (grid_r >= 0) & (grid_r < rows) & (grid_c >= 0) & (grid_c < cols)
    channel = np.arange(len(points))[:, None, None]
    window = np.where(inside, sigmoid(heatmap[np.clip(grid_r, 0, rows - 1), np.clip(grid_c, 0, cols - 1), channel]), 0.0)
    confident = (window.reshape(len(points), -1).max(axis=1) >= HEATMAP_MIN_CONFIDENCE)
    confident &= (col >= 0) & (col < cols) & (row >= 0) & (row < rows)
    total = window.sum(axis=(1, 2))
    mean_c = (window * grid_c).sum(axis=(1, 2)) / np.maximum(total, 1e-12) / cols
    mean_r = (window * grid_r).sum(axis=(1, 2)) / np.maximum(total, 1e-12) / rows
    refined = points.copy()
    refined[confident] = np.stack([mean_c, mean_r], axis=1)[confident]
    return refined


def _load(path: Path, num_threads: int) -> Interpreter:
    """An interpreter ready to run; LiteRT's note on creating its XNNPACK delegate, printed
    below Python's stderr, is kept out of the CLIs' one-line output."""
    with native_output_captured():
        interpreter = Interpreter(model_path=str(path), num_threads=num_threads)
        interpreter.allocate_tensors()
    return interpreter


def _by_shape(details: list[dict], shapes: dict[str, tuple[int, ...]]) -> dict[str, int]:
    """Tensor indices found by shape (the converted models name their outputs only
    ``Identity_N``), which also checks that the file is the model this code decodes."""
    found = {tuple(int(n) for n in d["shape"]): d["index"] for d in details}
    if any(shape not in found for shape in shapes.values()):
        raise BadInputError(f"unexpected BlazePose model tensors {sorted(found)}: reinstall {MEDIAPIPE}")
    return {name: found[shape] for name, shape in shapes.items()}


class PersonDetector:
    """BlazePose's person detector alone: where the best-scoring person is, or whether
    anyone is in view (what the pixel family asks, since its model cannot say)."""

    def __init__(self, num_threads: int = 1, turn: bool = False) -> None:
        """With ``turn`` a frame where the detector finds nobody is searched again turned
        by a quarter each way (a person lying along the picture's long axis, as overhead
        and head-on floor cameras see them)."""
        self.turn = turn
        self._detector = _load(model_path(DETECTOR_FILE), num_threads)
        self._anchors = ssd_anchors()
        anchors = len(self._anchors)
        self._det = _by_shape(self._detector.get_input_details(), {"image": (1, DETECTOR_SIZE, DETECTOR_SIZE, 3)}) \
            | _by_shape(self._detector.get_output_details(), {"boxes": (1, anchors, 12), "scores": (1, anchors, 1)})

    def sees_someone(self, frame_rgb: np.ndarray) -> bool:
        return self.detect(frame_rgb) is not None

    def person_box(self, frame_rgb: np.ndarray) -> tuple[float, float, float] | None:
        """The detected person's square, upright: centre (the hips) and side (the body ROI's,
        margin included), frame pixels; None when nobody scores enough."""
        roi = self.detect(frame_rgb)
        return None if roi is None else (float(roi.centre[0]), float(roi.centre[1]), float(roi.size))

    def detect(self, frame_rgb: np.ndarray) -> Roi | None:
        """The ROI of the best-scoring person in the letterboxed frame, or None when nobody
        scores :data:`~pushup_mobile.pose.anchors.MIN_SCORE`."""
        whole = Roi.whole_frame(frame_rgb.shape[1], frame_rgb.shape[0])
        for rotation in (0.0, np.pi / 2, -np.pi / 2) if self.turn else (0.0,):
            box = Roi(whole.centre, whole.size, rotation)
            tensor = box.crop(frame_rgb, DETECTOR_SIZE).astype(np.float32) / 127.5 - 1.0  # the model wants -1..1
            people = weighted_nms(decode(*self.run_detector(tensor), self._anchors))
            if len(people):
                hip, towards = box.to_frame(people.keypoints[0, :2])
                return Roi.aligned(hip, towards)
        return None

    def run_detector(self, tensor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The detector on its input ``[224, 224, 3]`` (-1..1) -> raw box offsets ``[A, 12]``
        and score logits ``[A, 1]``: the model call alone, which the Android core's golden
        files record so the phone's decoding can be checked without the model."""
        self._detector.set_tensor(self._det["image"], tensor[None])
        self._detector.invoke()
        return self._detector.get_tensor(self._det["boxes"])[0], self._detector.get_tensor(self._det["scores"])[0]


class BlazePose(PersonDetector):
    """Frame (RGB uint8 [H, W, 3]) -> :class:`PoseResult`, tracking between calls: the
    detector finds the person, the landmark model follows them from frame to frame.

    Not thread-safe: one instance per video stream, :meth:`reset` between streams.
    """

    def __init__(self, num_threads: int = 1, landmark: str = SHIPPED_LANDMARK, turn: bool = False) -> None:
        """``landmark`` picks the landmark model (``full`` or ``lite``); ``turn`` as for
        :class:`PersonDetector`."""
        super().__init__(num_threads, turn)
        self.landmark = landmark
        self._landmarker = _load(landmark_model(landmark), num_threads)
        cells = LANDMARK_SIZE // 4
        outputs = {"landmarks": (1, LANDMARK_ROWS * 5), "presence": (1, 1), "heatmap": (1, cells, cells, LANDMARK_ROWS)}
        self._lm = _by_shape(self._landmarker.get_input_details(), {"image": (1, LANDMARK_SIZE, LANDMARK_SIZE, 3)}) \
            | _by_shape(self._landmarker.get_output_details(), outputs)
        self._roi: Roi | None = None

    def reset(self) -> None:
        """Forget the track: the next frame runs the detector."""
        self._roi = None

    def __call__(self, frame_rgb: np.ndarray) -> PoseResult:
        if frame_rgb.ndim != 3 or frame_rgb.shape[2] != 3 or frame_rgb.dtype != np.uint8:
            raise BadInputError(
                f"BlazePose expects an [H, W, 3] uint8 RGB frame, got {frame_rgb.dtype} {list(frame_rgb.shape)}")
        height, width = frame_rgb.shape[:2]
        detected = self._roi is None
        roi = self.detect(frame_rgb) if detected else self._roi
        if roi is None:
            return PoseResult(np.zeros((BODY, 2), np.float32), np.zeros(BODY, np.float32), 0.0, True)
        points, visibility, presence = self.landmarks(frame_rgb, roi)
        self._roi = Roi.aligned(*points[AUXILIARY]) if presence >= MIN_PRESENCE else None
        keypoints = (points[:BODY] / [width, height]).astype(np.float32)
        return PoseResult(keypoints, visibility[:BODY].astype(np.float32), presence, detected)

    def landmarks(self, frame_rgb: np.ndarray, roi: Roi) -> tuple[np.ndarray, np.ndarray, float]:
        """All 39 landmarks in frame pixels (the 33 body points, then the 2 auxiliary ROI
        points, then 4 unused), their visibility, and the pose-presence score."""
        tensor = roi.crop(frame_rgb, LANDMARK_SIZE).astype(np.float32) / 255.0  # the model wants 0..1
        raw, presence, heatmap = self.run_landmarker(tensor)
        points = _refine(raw[:, :2] / LANDMARK_SIZE, heatmap)
        return roi.to_frame(points), sigmoid(raw[:, 3]), presence

    def run_landmarker(self, tensor: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
        """The landmark model on its input ``[256, 256, 3]`` (0..1) -> raw landmarks ``[39, 5]``
        (x, y in crop pixels, z, visibility and presence logits), the pose-presence score
        (already a probability) and the heatmap ``[64, 64, 39]`` (logits)."""
        self._landmarker.set_tensor(self._lm["image"], tensor[None])
        self._landmarker.invoke()
        raw = self._landmarker.get_tensor(self._lm["landmarks"]).reshape(LANDMARK_ROWS, 5)
        presence = float(self._landmarker.get_tensor(self._lm["presence"]).reshape(()))
        return raw, presence, self._landmarker.get_tensor(self._lm["heatmap"])[0]
