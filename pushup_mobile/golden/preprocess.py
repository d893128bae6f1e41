"""Preprocessing golden: an image and the exact tensor the model must receive from it.

Whole-frame cases keep the resize out (the image's long side already equals the model
size, so only the letterbox padding, colour order, normalization and layout are
exercised): those must match to 1e-6. Person-square cases place the square the detector
gave (its corner rounded half to even, as Python rounds; what lies outside the frame
padded) at the model size, which must match to 1e-6 too, and two of them resize the
square up (bilinear) and down (area): each platform's resampling may differ from OpenCV's
by one grey level there (``resized``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pushup_mobile.preprocess import PersonBox, Preprocessing, letterbox, normalize, square_crop

FOLDER = "preprocess"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
SIZE = 8
CASES: dict[str, tuple[int, int, PersonBox | None, int]] = {
    "landscape": (6, 8, None, 0),
    "portrait": (8, 5, None, 0),
    "square": (8, 8, None, 0),
    "person_inside": (12, 16, (7.0, 6.0, 8.0), 0),
    "person_over_the_edge": (12, 16, (-1.5, 10.5, 8.0), 90),
    "person_small": (12, 16, (9.3, 5.1, 5.0), 0),
    "person_large": (12, 16, (8.0, 6.0, 12.5), 0),
    "person_far_too_large": (12, 16, (8.0, 6.0, 1000.0), 90),
}
"""name -> (height, width) of an RGB image for a model input of 8 x 8, the person's square
(centre x, centre y, side in frame pixels) or None for the whole frame, and the grey level
that pads what lies outside the frame."""


def build_case(name: str) -> dict[str, Any]:
    height, width, box, pad = CASES[name]
    rng = np.random.default_rng(list(CASES).index(name))
    rgb = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    pre = Preprocessing(size=SIZE, crop="letterbox" if box is None else "person", pad_value=pad)
    square = letterbox(rgb, SIZE, pre.pad_value) if box is None else square_crop(rgb, box, SIZE, pre.pad_value)
    nchw = normalize(square, pre)
    case: dict[str, Any] = {
        "case": name,
        "preprocessing": pre.to_manifest(),
        "image": {"height": height, "width": width, "rgb": rgb.reshape(-1).tolist()},
        "expected": {
            "NCHW": [round(float(v), 7) for v in nchw.reshape(-1)],
            "NHWC": [round(float(v), 7) for v in nchw.transpose(1, 2, 0).reshape(-1)],
        },
    }
    if box is not None:
        span = max(1, round(min(box[2], 4.0 * max(height, width))))
        case |= {"box": list(box), "resized": span != SIZE}
    return case
