"""Preprocessing golden: an image and the exact tensor the model must receive from it.

Cases keep the resize out (the image's long side already equals the model size, so only
the letterbox padding, colour order, normalization and layout are exercised): those are
what must match to 1e-6. Downscaling is left to each platform's image library.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pushup_mobile.preprocess import Preprocessing, letterbox, normalize

FOLDER = "preprocess"
"""Sub-folder of the golden root (the repository keeps it in ``tests/golden``)."""
CASES = {"landscape": (6, 8), "portrait": (8, 5), "square": (8, 8)}
"""name -> (height, width) of an RGB image for a model input of 8 x 8."""
SIZE = 8


def build_case(name: str) -> dict[str, Any]:
    height, width = CASES[name]
    rng = np.random.default_rng(sorted(CASES).index(name))
    rgb = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    pre = Preprocessing(size=SIZE)
    boxed = letterbox(rgb, SIZE, pre.pad_value)
    nchw = normalize(boxed, pre)
    return {
        "case": name,
        "preprocessing": pre.to_manifest(),
        "image": {"height": height, "width": width, "rgb": rgb.reshape(-1).tolist()},
        "expected": {
            "NCHW": [round(float(v), 7) for v in nchw.reshape(-1)],
            "NHWC": [round(float(v), 7) for v in nchw.transpose(1, 2, 0).reshape(-1)],
        },
    }
