"""TorchScript (full, not lite) as a reference runtime: traced and frozen in process."""

from __future__ import annotations

import numpy as np
import torch

from pushup_mobile.contract import STEP_OUTPUTS
from pushup_mobile.export.runner import StepResult
from pushup_mobile.model.net import PushupNet, StepModel, zero_state


class TorchScriptRunner:
    format_name = "torchscript"

    def __init__(self, net: PushupNet) -> None:
        example = (torch.zeros(1, *net.cfg.frame_shape), *zero_state(net.cfg))
        traced = torch.jit.trace(StepModel(net).eval(), example)
        self._module = torch.jit.freeze(traced.eval())

    def step(self, frame: np.ndarray, h: np.ndarray, c: np.ndarray) -> StepResult:
        with torch.no_grad():
            outputs = self._module(torch.from_numpy(frame), torch.from_numpy(h), torch.from_numpy(c))
        return {name: tensor.numpy() for name, tensor in zip(STEP_OUTPUTS, outputs)}
