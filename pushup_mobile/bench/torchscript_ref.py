"""TorchScript (full, not lite) as a reference runtime: traced and frozen in process."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from pushup_mobile.export.runner import State, StepResult, named_outputs
from pushup_mobile.model.net import StepModel, zero_state


class TorchScriptRunner:
    format_name = "torchscript"

    def __init__(self, net: nn.Module) -> None:
        example = (torch.zeros(1, *net.cfg.frame_shape), *zero_state(net.cfg))
        traced = torch.jit.trace(StepModel(net).eval(), example)
        self._module = torch.jit.freeze(traced.eval())

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        with torch.no_grad():
            outputs = self._module(torch.from_numpy(frame), *(torch.from_numpy(v) for v in state.values()))
        return named_outputs(state, outputs)
