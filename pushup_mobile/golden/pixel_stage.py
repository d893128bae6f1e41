"""Pixel-stage golden: where the square a person-crop model sees falls, frame by frame.

The Android core's :class:`PixelStage` must ask BlazePose's person detector on the same
frames as Python's :class:`~pushup_mobile.preprocess.PixelInput`, decode the same person
from its outputs, hold the square through misses and report the person gate the same way.
These files hold, for a rendered clip with a stretch of black frames, the detector's raw
outputs (sparse, as in :mod:`pushup_mobile.golden.blazepose`) and per frame the gate and
the square; the phone replays the outputs without the model. What the square becomes as
pixels is the preprocessing golden's job (:mod:`pushup_mobile.golden.preprocess`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.golden.blazepose import recorded_detector_call
from pushup_mobile.pose.blazepose import PersonDetector
from pushup_mobile.preprocess import PixelInput, Preprocessing
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.splits import SPLITS

FOLDER = "pixel_stage"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
FRAMES = 16
CASES = {"side_pushup_with_gap": (2, (4, 8)), "blank_start": (0, (0, 6))}
"""name -> (test-split clip seed of a side-view push-up set, frames [start, stop) blacked
out: the detector misses there and the square holds, or, from the start, the whole frame)."""


class _RecordingDetector(PersonDetector):
    def __init__(self) -> None:
        super().__init__(num_threads=1)
        self.calls: list[dict[str, Any]] = []

    def run_detector(self, tensor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return recorded_detector_call(super().run_detector(tensor), self.calls)


def build_case(name: str) -> dict[str, Any]:
    seed, (start, stop) = CASES[name]
    frames, _ = render_clip(sample_clip(seed, SPLITS["test"], frames=FRAMES, fps=FRAME_RATE, size=256,
                                        variant="standard", view="side", framing="close", edit="none"))
    frames[start:stop] = 0
    detector = _RecordingDetector()
    stage = PixelInput(Preprocessing(size=96, crop="person"), detector.person_box)
    expected = []
    for rgb in frames:
        stage(np.ascontiguousarray(rgb[..., ::-1]))  # the stage takes OpenCV's BGR, as a video decoder gives it
        square = stage.square
        expected.append({"person": stage.person(),
                         "square": None if square is None else [round(float(v), 6) for v in square]})
    height, width = frames.shape[1:3]
    return {"case": name, "height": height, "width": width, "calls": detector.calls, "expected": expected}
