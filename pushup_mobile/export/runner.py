"""The runner interface every format implements, and the PyTorch reference runner.

A runner takes one frame (normalized NCHW ``[1, 3, H, W]`` pixels or ``[1, F]``
features) and the model's named state, and returns the heads and the new state by name
(docs/ARCHITECTURE.md, the model contract). Layout changes (NHWC for TFLite) and
quantization live inside the runner, behind this interface, so the streaming loop, verify
and bench never see them.
"""

from __future__ import annotations

from typing import Iterable, Protocol

import numpy as np
import torch
from torch import nn

from pushup_mobile.contract import HEADS

StepResult = dict[str, np.ndarray]
State = dict[str, np.ndarray]
"""The streaming state by name, in the order the model declares it (``state_spec()``)."""


class StepRunner(Protocol):
    """Load once, then call :meth:`step` per frame with the state it returned last time."""

    format_name: str

    def step(self, frame: np.ndarray, state: State) -> StepResult: ...


def zero_state(spec: dict[str, Iterable[int]]) -> State:
    """The state at the start of a stream: zeros of every declared shape."""
    return {name: np.zeros(tuple(shape), dtype=np.float32) for name, shape in spec.items()}


def next_state(result: StepResult, state: State) -> State:
    """The state a step returned, to feed the next step."""
    return {name: result[name] for name in state}


def named_outputs(state: State, outputs: Iterable[torch.Tensor]) -> StepResult:
    """Positional outputs (heads, then the new state in the input state's order) by name."""
    return {name: tensor.numpy() for name, tensor in zip((*HEADS, *state), outputs)}


class TorchRunner:
    """PyTorch eager: the reference every artifact is compared with."""

    format_name = "pytorch"

    def __init__(self, net: nn.Module) -> None:
        self.net = net.eval()

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        with torch.no_grad():
            out = self.net.step(torch.from_numpy(frame), tuple(torch.from_numpy(v) for v in state.values()))
        return named_outputs(state, (out.pushup, out.depth, out.faults, *out.state))
