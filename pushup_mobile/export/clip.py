"""The clip form for formats that take a variable number of frames (ONNX with a dynamic
time axis, TorchScript Lite): whole videos analysed offline in one call, e.g. on a server
or for batch re-analysis on the phone. Phones stream with the step form; TFLite and
ExecuTorch ship only that.

Each clip artifact is checked against PyTorch's clip form on a rendered test clip of a
different length than it was traced with, so a frozen time axis cannot slip through.
"""

from __future__ import annotations

import json
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from pushup_mobile.contract import HEADS
from pushup_mobile.errors import UnsupportedFormatError, VerificationError
from pushup_mobile.families import LoadedModel, family_of
from pushup_mobile.files import atomic_path, sha256_file, write_text_atomic

CLIP_FORMATS = ("onnx", "torchscript")
TRACE_FRAMES, CHECK_FRAMES = 8, 20
TOLERANCE = 1e-4


class _ClipHeads(nn.Module):
    """The clip form's three heads as a plain tuple (no keypoint head)."""

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, frames: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        out = self.net(frames)
        return out.pushup, out.depth, out.faults


@dataclass(frozen=True)
class ClipArtifact:
    path: Path
    max_abs_diff: float
    seconds: float


def _export(fmt: str, net: nn.Module, target: Path) -> None:
    example = torch.zeros(1, TRACE_FRAMES, *net.cfg.frame_shape)
    module = _ClipHeads(net).eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "onnx":
            torch.onnx.export(
                module, (example,), str(target), dynamo=False, opset_version=17,
                input_names=["frames"], output_names=list(HEADS),
                dynamic_axes={"frames": {1: "time"}, **{name: {1: "time"} for name in HEADS}},
            )
        else:
            torch.jit.trace(module, (example,))._save_for_lite_interpreter(str(target))


def _run(fmt: str, path: Path, frames: np.ndarray) -> list[np.ndarray]:
    if fmt == "onnx":
        import onnxruntime as ort

        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return session.run(list(HEADS), {"frames": frames})
    from torch.jit.mobile import _load_for_lite_interpreter

    with torch.no_grad():
        return [t.numpy() for t in _load_for_lite_interpreter(str(path))(torch.from_numpy(frames))]


def export_clip(fmt: str, loaded: LoadedModel, out_dir: Path) -> ClipArtifact:
    if fmt not in CLIP_FORMATS:
        raise UnsupportedFormatError(f"the clip form exports to {', '.join(CLIP_FORMATS)}, not {fmt!r}")
    suffix = ".onnx" if fmt == "onnx" else ".ptl"
    target = Path(out_dir) / f"{family_of(loaded.cfg).artifact_stem}.clip.fp32{suffix}"
    start = time.perf_counter()
    clip = family_of(loaded.cfg).stream_clips(loaded.cfg, "test", 1, CHECK_FRAMES, 0)[0]
    frames = np.ascontiguousarray(clip.frames[:, 0][None])  # [1, T, *frame_shape]
    with atomic_path(target) as tmp:
        _export(fmt, loaded.net, tmp)
        with torch.no_grad():
            want = [t.numpy() for t in _ClipHeads(loaded.net).eval()(torch.from_numpy(frames))]
        got = _run(fmt, tmp, frames)
        if any(g.shape != w.shape for g, w in zip(got, want)):
            raise VerificationError(f"{fmt} clip: output shapes {[g.shape for g in got]} do not follow the clip length")
        diff = max(float(np.abs(g - w).max()) for g, w in zip(got, want))
        if diff > TOLERANCE:
            raise VerificationError(f"{fmt} clip: max abs diff {diff:.2e} > {TOLERANCE:.0e}")
    manifest = {
        "format": fmt, "form": "clip", "precision": "fp32", "layout": family_of(loaded.cfg).clip_layout,
        "inputs": {"frames": {"shape": [1, "T", *loaded.cfg.frame_shape], "dtype": "float32"}},
        "outputs": {name: {"shape": [1, "T", loaded.cfg.num_faults if name == "faults" else 1]} for name in HEADS},
        "model": {"family": loaded.cfg.family, "source_sha256": loaded.sha256, "trained": loaded.trained},
        "parity": {"max_abs_diff": diff, "frames": CHECK_FRAMES},
        "artifact": {"file": target.name, "sha256": sha256_file(target)},
    }
    write_text_atomic(target.with_name(target.name + ".json"), json.dumps(manifest, indent=2) + "\n")
    return ClipArtifact(target, diff, time.perf_counter() - start)


