"""TFLite (LiteRT) ``.tflite``: converted with litert-torch, quantized with
ai-edge-quantizer, run with ai-edge-litert.

fp32 comes straight from PyTorch (exact); fp16 goes through ONNX and onnx2tf, the route
that has an fp16 weight mode (docs/ARCHITECTURE.md, Toolchain). int8 variants quantize the fp32 flatbuffer:
dynamic-range (int8 weights, float activations) or static (int8 weights and activations
calibrated on a real stream of frames and states). The static file has int8 I/O: each
state tensor has its own scale and the output state's scale differs from the input's, so
the runner (and the app) requantize the state every step. Both keep the signature names.

The step graph is wrapped so that its signature is ``frame`` (NHWC, the layout TFLite
kernels want) and the family's named state (``h``, ``c`` for an LSTM) in, named outputs
``pushup``, ``depth``, ``faults`` and the same state names out: runners read tensors by
signature name, never by position, because converters reorder them.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from pushup_mobile.contract import FRAME_INPUT, HEADS
from pushup_mobile.errors import BadInputError
from pushup_mobile.export.calibration import calibration_inputs
from pushup_mobile.export.manifest import EMBED_KEY, parse_embedded
from pushup_mobile.export.runner import State, StepResult
from pushup_mobile.families import LoadedModel
from pushup_mobile.model.net import zero_state

LAYOUT = "NHWC"
SIGNATURE = "serving_default"


class _NHWCStep(nn.Module):
    """The step form with an NHWC frame (an image; a feature vector passes as it is) and
    outputs returned by name."""

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, frame: Tensor, **state: Tensor) -> dict[str, Tensor]:
        out = self.net.step(frame.permute(0, 3, 1, 2) if frame.dim() == 4 else frame, tuple(state.values()))
        return {"pushup": out.pushup, "depth": out.depth, "faults": out.faults, **dict(zip(state, out.state))}


def export_fp32(loaded: LoadedModel, target: Path) -> None:
    import litert_torch

    frame = torch.from_numpy(_nhwc_frame(np.zeros((1, *loaded.cfg.frame_shape), np.float32)))
    sample = {FRAME_INPUT: frame, **dict(zip(loaded.cfg.state_spec(), zero_state(loaded.cfg)))}
    edge_model = litert_torch.convert(_NHWCStep(loaded.net).eval(), sample_kwargs=sample)
    edge_model.export(str(target))


def _nhwc_frame(frame: np.ndarray) -> np.ndarray:
    """NCHW images -> NHWC; feature vectors ``[N, F]`` are left as they are."""
    return np.ascontiguousarray(frame.transpose(0, 2, 3, 1)) if frame.ndim == 4 else frame


def _nhwc(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**inputs, "frame": _nhwc_frame(inputs["frame"])}


def export_fp16_onnx2tf(loaded: LoadedModel, target: Path) -> dict[str, str]:
    """fp16 weights through ONNX and onnx2tf (litert-torch has no fp16 path); returns the
    contract-name -> signature-name map, since onnx2tf keeps ONNX's ``<state>_out`` names."""
    from pushup_mobile.export.onnx import export_fp32 as export_onnx

    state = list(loaded.cfg.state_spec())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export_onnx(loaded, folder / "step.onnx")  # onnx2tf overwrites its input: a scratch copy
        command = [str(Path(sys.executable).parent / "onnx2tf"), "-i", str(folder / "step.onnx"), "-o",
                   str(folder / "out"), "-osd", "-kat", *state, "-nuo", "-eru"]
        result = subprocess.run(command, capture_output=True, text=True)
        produced = folder / "out" / "step_float16.tflite"
        if result.returncode != 0 or not produced.is_file():
            tail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"onnx2tf failed: {tail[0]}")
        shutil.copyfile(produced, target)
    from ai_edge_litert.interpreter import Interpreter

    names = set(Interpreter(model_path=str(target)).get_signature_runner(SIGNATURE).get_output_details())
    return {name: name if name in names else f"{name}_out" for name in (*HEADS, *state)}


def convert(loaded: LoadedModel, precision: str, target: Path) -> dict[str, Any]:
    """Write the step model as a TFLite flatbuffer to ``target``."""
    info: dict[str, Any] = {"converter": "litert-torch", "signature": SIGNATURE}
    if precision == "fp32":
        export_fp32(loaded, target)
        return info
    if precision == "fp16":
        info["tensor_names"] = export_fp16_onnx2tf(loaded, target)
        info["converter"] = "torch.onnx.export + onnx2tf (fp16 weights, float I/O)"
        return info
    from ai_edge_quantizer import quantizer, recipe

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.tflite"
        export_fp32(loaded, fp32)
        job = quantizer.Quantizer(str(fp32))
        if precision == "int8":
            job.load_quantization_recipe(recipe.static_wi8_ai8())
            stream = [_nhwc(inputs) for inputs in calibration_inputs(loaded)]
            result = job.quantize(job.calibrate({SIGNATURE: stream}, num_threads=1))
            info["quantization"] = (
                "static int8 weights+activations (ai-edge-quantizer), int8 I/O: quantize the frame and state "
                "and dequantize outputs every step with each tensor's own scale (see io_quantization)"
            )
        else:
            job.load_quantization_recipe(recipe.dynamic_wi8_afp32())
            result = job.quantize()
            info["quantization"] = "dynamic-range int8 weights (ai-edge-quantizer)"
        result.export_model(str(target), overwrite=True)
    info["converter"] = "litert-torch + ai-edge-quantizer"
    info["io_quantization"] = _io_quantization(target)
    return info


def _io_quantization(path: Path) -> dict[str, Any]:
    """Scale and zero point of every integer I/O tensor, for apps that feed them directly."""
    from ai_edge_litert.interpreter import Interpreter

    run = Interpreter(model_path=str(path)).get_signature_runner(SIGNATURE)
    details = {**run.get_input_details(), **{f"{k}_out": v for k, v in run.get_output_details().items()}}
    return {
        name: {"dtype": np.dtype(d["dtype"]).name, "scale": float(d["quantization"][0]), "zero_point": int(d["quantization"][1])}
        for name, d in sorted(details.items())
        if np.dtype(d["dtype"]) != np.float32
    }


def embed(artifact: Path, manifest: dict[str, Any]) -> None:
    """Store the manifest as a named metadata buffer of the flatbuffer (TFLite's own slot
    for producer data; interpreters ignore it)."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    raw = artifact.read_bytes()
    model = schema.ModelT.InitFromPackedBuf(bytearray(raw), 0)
    for stored in model.buffers:
        # Some writers (ai-edge-quantizer) keep constants after the flatbuffer and point at
        # them by offset; repacking would drop that tail, so inline them first.
        if stored.offset > 1:
            stored.data = np.frombuffer(raw[stored.offset : stored.offset + stored.size], dtype=np.uint8)
            stored.offset = stored.size = 0
    buffer = schema.BufferT()
    buffer.data = np.frombuffer(json.dumps(manifest, sort_keys=True).encode(), dtype=np.uint8)
    model.buffers.append(buffer)
    entry = schema.MetadataT()
    entry.name, entry.buffer = EMBED_KEY, len(model.buffers) - 1
    model.metadata = [m for m in (model.metadata or []) if m.name != EMBED_KEY.encode()] + [entry]
    builder = flatbuffers.Builder(artifact.stat().st_size + 4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    artifact.write_bytes(bytes(builder.Output()))


def embedded_manifest(artifact: Path) -> dict[str, Any]:
    from ai_edge_litert import schema_py_generated as schema

    data = artifact.read_bytes()
    try:  # read in place: only the metadata entries and the one buffer are touched
        if not schema.Model.ModelBufferHasIdentifier(data, 0):
            raise ValueError("no TFL3 identifier")
        model = schema.Model.GetRootAs(data, 0)
        entries = (model.Metadata(i) for i in range(model.MetadataLength()))
        found = [entry.Buffer() for entry in entries if entry.Name() == EMBED_KEY.encode()]
        stored = model.Buffers(found[0]).DataAsNumpy() if found else None
    except (ValueError, TypeError, IndexError, struct.error) as exc:  # what flatbuffers raises on bad offsets
        raise BadInputError(f"not a valid TFLite model: {artifact} ({exc})") from None
    if stored is None:
        raise BadInputError(f"{artifact.name} has no embedded pushup-mobile manifest")
    return parse_embedded(stored.tobytes() if isinstance(stored, np.ndarray) else b"", artifact)


class TFLiteRunner:
    """Runs a ``.tflite`` step model with LiteRT's interpreter (XNNPACK on CPU)."""

    format_name = "tflite"

    def __init__(
        self, path: Path, threads: int = 1, layout: str = LAYOUT, tensor_names: dict[str, str] | None = None
    ) -> None:
        from ai_edge_litert.interpreter import Interpreter

        try:
            interpreter = Interpreter(model_path=str(path), num_threads=threads)
            self._run = interpreter.get_signature_runner(SIGNATURE)
        except (ValueError, RuntimeError) as exc:
            raise BadInputError(f"not a valid TFLite model: {path} ({exc})") from exc
        self.layout = layout
        self._inputs = self._run.get_input_details()
        self._outputs = self._run.get_output_details()
        self._named = {name: (tensor_names or {}).get(name, name)
                       for name in (*HEADS, *(n for n in self._inputs if n != FRAME_INPUT))}
        """Contract name -> signature output name, heads and state."""

    def step(self, frame: np.ndarray, state: State) -> StepResult:
        if self.layout == "NHWC":
            frame = _nhwc_frame(frame)
        given = {FRAME_INPUT: frame, **state}
        feed = {name: _quantize(given[name], self._inputs[name]) for name in given}
        outputs = self._run(**feed)
        return {name: _dequantize(outputs[tensor], self._outputs[tensor]) for name, tensor in self._named.items()}


def _quantize(values: np.ndarray, detail: dict[str, Any]) -> np.ndarray:
    """Float -> the tensor's integer type, for files with integer I/O (a no-op for float)."""
    dtype = np.dtype(detail["dtype"])
    if dtype == np.float32:
        return values
    scale, zero_point = detail["quantization"]
    info = np.iinfo(dtype)
    return np.clip(np.round(values / scale) + zero_point, info.min, info.max).astype(dtype)


def _dequantize(values: np.ndarray, detail: dict[str, Any]) -> np.ndarray:
    if np.dtype(detail["dtype"]) == np.float32:
        return values
    scale, zero_point = detail["quantization"]
    return ((values.astype(np.float32) - zero_point) * scale).astype(np.float32)
