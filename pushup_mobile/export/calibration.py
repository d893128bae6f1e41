"""Representative inputs for quantization: rendered training frames with the LSTM states
they produce.

Static int8 needs the range of every tensor; the states ``h``/``c`` only reach their real
range after some frames, so the calibration set is streams of synthetic training clips run
through the PyTorch model, never random frames or states.
"""

from __future__ import annotations

import numpy as np

from pushup_mobile.export.parity import run_stream
from pushup_mobile.export.runner import TorchRunner
from pushup_mobile.families import LoadedModel, family_of

CALIBRATION_CLIPS = 4
CALIBRATION_FRAMES = 24


def calibration_inputs(loaded: LoadedModel) -> list[dict[str, np.ndarray]]:
    """Step inputs ``{frame (NCHW, or features), *state}`` in stream order, clip after clip:
    each frame with the state the model itself carried into it."""
    cfg = loaded.cfg
    spec = cfg.state_spec()
    inputs = []
    for clip in family_of(cfg).stream_clips(cfg, "train", CALIBRATION_CLIPS, CALIBRATION_FRAMES, 0):
        outputs = run_stream(TorchRunner(loaded.net), clip.frames, spec)
        carried = {name: np.concatenate([np.zeros((1, *shape), np.float32), outputs[name][:-1]])
                   for name, shape in spec.items()}
        inputs += [{"frame": clip.frames[t], **{name: carried[name][t] for name in spec}} for t in range(len(clip.frames))]
    return inputs
