"""TFLite (LiteRT) ``.tflite``: converted with litert-torch, run with ai-edge-litert.

The step graph is wrapped so that its signature is ``frame`` (NHWC, the layout TFLite
kernels want), ``h``, ``c`` in and named outputs ``pushup``, ``depth``, ``faults``, ``h``,
``c`` out: runners read tensors by signature name, never by position, because converters
reorder them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from pushup_mobile.contract import STEP_OUTPUTS
from pushup_mobile.errors import BadInputError, UnsupportedFormatError
from pushup_mobile.export.runner import StepResult
from pushup_mobile.model.checkpoint import LoadedModel
from pushup_mobile.model.net import PushupNet, zero_state

LAYOUT = "NHWC"
SIGNATURE = "serving_default"


class _NHWCStep(nn.Module):
    """The step form with an NHWC frame and outputs returned by name."""

    def __init__(self, net: PushupNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, frame: Tensor, h: Tensor, c: Tensor) -> dict[str, Tensor]:
        outputs = self.net.step(frame.permute(0, 3, 1, 2), h, c)
        return dict(zip(STEP_OUTPUTS, outputs))


def convert(loaded: LoadedModel, precision: str, target: Path) -> None:
    """Write the step model as a TFLite flatbuffer to ``target``."""
    import litert_torch

    if precision != "fp32":
        raise UnsupportedFormatError(f"tflite: precision {precision!r} is not supported yet (fp32 only)")
    size = loaded.cfg.input_size
    h, c = zero_state(loaded.cfg)
    sample = {"frame": torch.zeros(1, size, size, 3), "h": h, "c": c}
    edge_model = litert_torch.convert(_NHWCStep(loaded.net).eval(), sample_kwargs=sample)
    edge_model.export(str(target))


class TFLiteRunner:
    """Runs a ``.tflite`` step model with LiteRT's interpreter (XNNPACK on CPU)."""

    format_name = "tflite"

    def __init__(self, path: Path, threads: int = 1, layout: str = LAYOUT) -> None:
        from ai_edge_litert.interpreter import Interpreter

        try:
            interpreter = Interpreter(model_path=str(path), num_threads=threads)
            self._run = interpreter.get_signature_runner(SIGNATURE)
        except (ValueError, RuntimeError) as exc:
            raise BadInputError(f"not a valid TFLite model: {path} ({exc})") from exc
        self.layout = layout

    def step(self, frame: np.ndarray, h: np.ndarray, c: np.ndarray) -> StepResult:
        if self.layout == "NHWC":
            frame = np.ascontiguousarray(frame.transpose(0, 2, 3, 1))
        outputs = self._run(frame=frame, h=h, c=c)
        return {name: outputs[name] for name in STEP_OUTPUTS}
