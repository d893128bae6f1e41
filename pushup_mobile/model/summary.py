"""Size and cost of a model: parameters and multiply-accumulates per frame."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from pushup_mobile.model.net import StepModel, zero_state


@dataclass(frozen=True)
class ModelSummary:
    parameters: int
    macs_per_frame: int
    input_shape: tuple[int, ...]
    state_spec: dict[str, tuple[int, ...]]


def _module_macs(module: nn.Module, inputs: tuple[Tensor, ...], output: object) -> int:
    """MACs of one leaf call: convolutions, linear layers and LSTM cells; the rest is free."""
    if isinstance(module, nn.Conv2d):
        assert isinstance(output, Tensor)
        kh, kw = module.kernel_size
        return output.numel() * (module.in_channels // module.groups) * kh * kw
    if isinstance(module, nn.Linear):
        return inputs[0].numel() // module.in_features * module.in_features * module.out_features
    if isinstance(module, nn.LSTM):
        steps = inputs[0].shape[0] * inputs[0].shape[1]
        macs = 0
        for layer in range(module.num_layers):
            width = module.input_size if layer == 0 else module.hidden_size
            macs += 4 * module.hidden_size * (width + module.hidden_size)
        return steps * macs
    return 0


def count_macs(module: nn.Module, *inputs: Tensor) -> int:
    """Multiply-accumulates of one call of ``module(*inputs)``, counted with forward hooks."""
    total = 0

    def hook(mod: nn.Module, args: tuple[Tensor, ...], output: object) -> None:
        nonlocal total
        total += _module_macs(mod, args, output)

    handles = [m.register_forward_hook(hook) for m in module.modules() if not list(m.children())]
    try:
        with torch.no_grad():
            module(*inputs)
    finally:
        for handle in handles:
            handle.remove()
    return total


def summarize(net: nn.Module) -> ModelSummary:
    """Parameters and per-frame MACs of the step form at the configured input size (for
    the pose family: of the temporal model alone; BlazePose is a stage before it)."""
    cfg = net.cfg
    frame = torch.zeros(1, *cfg.frame_shape)
    step_params = sum(
        p.numel() for name, p in net.named_parameters() if not name.startswith("keypoint_head")
    )
    return ModelSummary(
        parameters=step_params,
        macs_per_frame=count_macs(StepModel(net), frame, *zero_state(cfg)),
        input_shape=tuple(frame.shape),
        state_spec=cfg.state_spec(),
    )
