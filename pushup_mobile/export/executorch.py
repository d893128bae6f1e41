"""ExecuTorch ``.pte``: PyTorch Mobile's successor, lowered to XNNPACK; fp32 or PT2E int8
(per-channel symmetric weights, activations calibrated on a real stream)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.export.calibration import calibration_inputs
from pushup_mobile.export.runner import State, StepResult, named_outputs
from pushup_mobile.files import native_output_captured
from pushup_mobile.families import LoadedModel
from pushup_mobile.model.net import StepModel, zero_state

LAYOUT = "NCHW"


def _quantized(module: torch.nn.Module, example: tuple[torch.Tensor, ...], loaded: LoadedModel) -> torch.nn.Module:
    from executorch.backends.xnnpack.quantizer.xnnpack_quantizer import (
        XNNPACKQuantizer,
        get_symmetric_quantization_config,
    )
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

    quantizer = XNNPACKQuantizer()
    quantizer.set_global(get_symmetric_quantization_config(is_per_channel=True))
    prepared = prepare_pt2e(torch.export.export(module, example).module(), quantizer)
    for inputs in calibration_inputs(loaded):
        prepared(*(torch.from_numpy(tensor) for tensor in inputs.values()))  # frame, then the state in order
    return convert_pt2e(prepared)


def convert(loaded: LoadedModel, precision: str, target: Path) -> dict[str, Any]:
    from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner
    from executorch.exir import to_edge_transform_and_lower

    example = (torch.zeros(1, *loaded.cfg.frame_shape), *zero_state(loaded.cfg))
    module: torch.nn.Module = StepModel(loaded.net).eval()
    info: dict[str, Any] = {"converter": "torch.export + to_edge_transform_and_lower(XNNPACK)"}
    if precision == "int8":
        module = _quantized(module, example, loaded)
        info["quantization"] = "PT2E int8, XNNPACK symmetric per-channel, calibrated on a real stream"
    program = to_edge_transform_and_lower(
        torch.export.export(module, example), partitioner=[XnnpackPartitioner()]
    ).to_executorch()
    target.write_bytes(program.buffer)
    return info


class ExecuTorchRunner:
    format_name = "executorch"

    def __init__(self, path: Path, threads: int = 1, layout: str = LAYOUT) -> None:
        try:
            with native_output_captured():  # the runtime logs CPU probing when it starts
                from executorch.extension.pybindings.portable_lib import _unsafe_reset_threadpool
                from executorch.runtime import Runtime

                _unsafe_reset_threadpool(threads)  # XNNPACK's pool; the API's only thread knob
                self._method = Runtime.get().load_program(str(path)).load_method("forward")
        except RuntimeError as exc:
            raise BadInputError(f"not a valid ExecuTorch program: {path}") from exc

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        outputs = self._method.execute([torch.from_numpy(frame), *(torch.from_numpy(v) for v in state.values())])
        return named_outputs(state, outputs)
