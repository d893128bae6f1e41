"""ONNX ``.onnx``: TorchScript-based exporter at opset 17 (native LSTM op), run with
onnxruntime; int8 as static QDQ (calibrated on a real stream) or dynamic on
MatMul/Gemm/LSTM only (quantizing every op turns convolutions into slow ConvInteger)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from pushup_mobile.contract import FRAME_INPUT, HEADS
from pushup_mobile.errors import BadInputError
from pushup_mobile.export.calibration import calibration_inputs
from pushup_mobile.export.manifest import EMBED_KEY, parse_embedded
from pushup_mobile.export.runner import State, StepResult
from pushup_mobile.families import LoadedModel
from pushup_mobile.model.net import StepModel, zero_state

LAYOUT = "NCHW"
OPSET = 17
def output_tensors(state: list[str]) -> dict[str, str]:
    """Contract name -> ONNX output name. ONNX forbids an output named like an input: each
    state tensor comes out as ``<name>_out`` (``h_out``, ``c_out`` for an LSTM)."""
    return {**{name: name for name in HEADS}, **{name: f"{name}_out" for name in state}}


def export_fp32(loaded: LoadedModel, target: Path) -> None:
    state = list(loaded.cfg.state_spec())
    torch.onnx.export(
        StepModel(loaded.net).eval(),
        (torch.zeros(1, *loaded.cfg.frame_shape), *zero_state(loaded.cfg)),
        str(target),
        dynamo=False,
        opset_version=OPSET,
        input_names=[FRAME_INPUT, *state],
        output_names=list(output_tensors(state).values()),
    )
    import onnx

    onnx.checker.check_model(onnx.load(str(target)))


class _StreamReader:
    """onnxruntime's CalibrationDataReader over the calibration stream."""

    def __init__(self, inputs: list[dict[str, np.ndarray]]) -> None:
        self._items = iter(inputs)

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._items, None)


def convert(loaded: LoadedModel, precision: str, target: Path) -> dict[str, Any]:
    """Write the step model; int8 variants quantize an fp32 export made beside it."""
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static

    info = {"converter": f"torch.onnx.export(dynamo=False, opset={OPSET})", "tensor_names": output_tensors(list(loaded.cfg.state_spec()))}
    if precision == "fp32":
        export_fp32(loaded, target)
        return info
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        export_fp32(loaded, fp32)
        if precision == "int8":
            quantize_static(
                str(fp32),
                str(target),
                _StreamReader(calibration_inputs(loaded)),
                quant_format=QuantFormat.QDQ,
                activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8,
            )
            info["quantization"] = "static QDQ, per-tensor, calibrated on a real stream"
        else:
            quantize_dynamic(
                str(fp32), str(target), op_types_to_quantize=["MatMul", "Gemm", "LSTM"], weight_type=QuantType.QInt8
            )
            info["quantization"] = "dynamic int8 weights on MatMul/Gemm/LSTM"
    return info


def embed(artifact: Path, manifest: dict[str, Any]) -> None:
    """Store the manifest in the model's ``metadata_props`` so the file describes itself."""
    import onnx

    model = onnx.load(str(artifact))
    del model.metadata_props[:]
    entry = model.metadata_props.add()
    entry.key, entry.value = EMBED_KEY, json.dumps(manifest, sort_keys=True)
    onnx.save(model, str(artifact))


def embedded_manifest(artifact: Path) -> dict[str, Any]:
    import onnx
    from google.protobuf.message import DecodeError

    try:  # the weights are not needed, and a corrupt file's external-data paths must not be followed
        model = onnx.load(str(artifact), load_external_data=False)
    except DecodeError as exc:
        raise BadInputError(f"not a valid ONNX model: {artifact} ({exc})") from None
    props = {p.key: p.value for p in model.metadata_props}
    if EMBED_KEY not in props:
        raise BadInputError(f"{artifact.name} has no embedded pushup-mobile manifest")
    return parse_embedded(props[EMBED_KEY], artifact)


class OnnxRunner:
    format_name = "onnx"

    def __init__(
        self, path: Path, threads: int = 1, layout: str = LAYOUT, tensor_names: dict[str, str] | None = None
    ) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise BadInputError(f"not a valid ONNX model: {path} ({type(exc).__name__})") from exc
        state = [i.name for i in self._session.get_inputs() if i.name != FRAME_INPUT]
        tensors = tensor_names or output_tensors(state)
        self._names = [*HEADS, *state]
        self._outputs = [tensors[name] for name in self._names]

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        values = self._session.run(self._outputs, {FRAME_INPUT: frame, **state})
        return dict(zip(self._names, values))


