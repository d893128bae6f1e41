"""TorchScript Lite ``.ptl``: the step model traced and saved for PyTorch Mobile's lite
interpreter, run with ``torch.jit.mobile``.

PyTorch has deprecated the lite interpreter in favour of ExecuTorch (``.pte``, see
:mod:`pushup_mobile.export.executorch`); it stays because existing PyTorch Mobile apps
load it. Only fp32: dynamic int8 of Linear/LSTM measured no speed gain and 5e-3 drift
(docs/ARCHITECTURE.md, Toolchain), and the convolutions dominate the cost anyway.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.export.runner import State, StepResult, named_outputs
from pushup_mobile.families import LoadedModel
from pushup_mobile.model.net import StepModel, zero_state

LAYOUT = "NCHW"


def convert(loaded: LoadedModel, precision: str, target: Path) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trace and lite-interpreter deprecation notices
        example = (torch.zeros(1, *loaded.cfg.frame_shape), *zero_state(loaded.cfg))
        traced = torch.jit.trace(StepModel(loaded.net).eval(), example)
        traced._save_for_lite_interpreter(str(target))
    return {"converter": "torch.jit.trace + _save_for_lite_interpreter (deprecated upstream; see ExecuTorch)"}


class LiteRunner:
    format_name = "torchscript"

    def __init__(self, path: Path, threads: int = 1, layout: str = LAYOUT) -> None:
        from torch.jit.mobile import _load_for_lite_interpreter

        torch.set_num_threads(threads)
        try:
            self._module = _load_for_lite_interpreter(str(path))
        except RuntimeError as exc:
            raise BadInputError(f"not a valid TorchScript Lite model: {path}") from exc

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        with torch.no_grad():
            outputs = self._module(torch.from_numpy(frame), *(torch.from_numpy(v) for v in state.values()))
        return named_outputs(state, outputs)
