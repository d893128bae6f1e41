"""Representative inputs for quantization: real frames with the LSTM states they produce.

Static int8 needs the range of every tensor; the states ``h``/``c`` only reach their real
range after some frames, so the calibration set is a stream run through the PyTorch model,
never random states.
"""

from __future__ import annotations

import numpy as np

from pushup_mobile.export.parity import probe_frames, run_stream
from pushup_mobile.export.runner import TorchRunner
from pushup_mobile.model.checkpoint import LoadedModel

CALIBRATION_SEED = 2
CALIBRATION_FRAMES = 48


def calibration_inputs(loaded: LoadedModel, count: int = CALIBRATION_FRAMES) -> list[dict[str, np.ndarray]]:
    """``count`` step inputs ``{frame (NCHW), h, c}`` in stream order."""
    cfg = loaded.cfg
    frames = probe_frames(cfg.input_size, count, CALIBRATION_SEED)
    outputs = run_stream(TorchRunner(loaded.net), frames, cfg)
    zeros = np.zeros((1, *cfg.state_shape()), dtype=np.float32)
    h_in = np.concatenate([zeros, outputs["h"][:-1]])
    c_in = np.concatenate([zeros, outputs["c"][:-1]])
    return [{"frame": frames[t], "h": h_in[t], "c": c_in[t]} for t in range(count)]
