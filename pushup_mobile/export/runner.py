"""The runner interface every format implements, and the PyTorch reference runner.

A runner takes one normalized NCHW float32 frame ``[1, 3, H, W]`` and the LSTM state and
returns the contract's outputs by name. Layout changes (NHWC for TFLite) and
quantization live inside the runner, behind this interface, so the streaming loop, verify
and bench never see them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import torch
from torch import nn

from pushup_mobile.contract import STEP_OUTPUTS

StepResult = dict[str, np.ndarray]


class StepRunner(Protocol):
    """Load once, then call :meth:`step` per frame with the state it returned last time."""

    format_name: str

    def step(self, frame: np.ndarray, h: np.ndarray, c: np.ndarray) -> StepResult: ...


class TorchRunner:
    """PyTorch eager: the reference every artifact is compared with."""

    format_name = "pytorch"

    def __init__(self, net: nn.Module) -> None:
        self.net = net.eval()

    def step(self, frame: np.ndarray, h: np.ndarray, c: np.ndarray) -> StepResult:
        with torch.no_grad():
            outputs = self.net.step(torch.from_numpy(frame), torch.from_numpy(h), torch.from_numpy(c))
        return {name: tensor.numpy() for name, tensor in zip(STEP_OUTPUTS, outputs)}
