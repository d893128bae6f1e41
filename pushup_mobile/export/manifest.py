"""The manifest: everything an app needs to run an artifact, beside it as ``<file>.json``.

Schema in DESIGN.md. The app, ``bundle`` and every runner refuse an artifact whose sha256
differs from its manifest's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pushup_mobile import __version__
from pushup_mobile.contract import FAULTS, HEAD_MEANING, STEP_INPUTS, STEP_OUTPUTS
from pushup_mobile.errors import BadInputError, ManifestMismatchError
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import sha256_file, write_text_atomic
from pushup_mobile.model.checkpoint import LoadedModel
from pushup_mobile.preprocess import Preprocessing

SCHEMA_VERSION = 1
EMBED_KEY = "pushup_mobile.manifest"
"""Name under which formats with metadata room store the manifest inside the file."""


def manifest_path(artifact: Path) -> Path:
    return artifact.with_name(artifact.name + ".json")


def tensor_specs(loaded: LoadedModel, layout: str) -> dict[str, dict[str, Any]]:
    """Name -> shape, dtype and meaning of every step-form input and output."""
    cfg = loaded.cfg
    frame_shape = [1, *cfg.frame_shape]
    if layout == "NHWC" and len(frame_shape) == 4:
        frame_shape = [frame_shape[0], *frame_shape[2:], frame_shape[1]]
    state = list(cfg.state_shape())
    shapes = {
        "frame": frame_shape,
        "h": state,
        "c": state,
        "pushup": [1, 1],
        "depth": [1, 1],
        "faults": [1, cfg.num_faults],
    }
    frame_meaning = (f"RGB frame, {layout}, normalized" if cfg.family == "pixel"
                     else "keypoint features (x, y, visibility per joint; see preprocessing)")
    meanings = {"frame": frame_meaning, "h": "LSTM h", "c": "LSTM c"}
    meanings.update(HEAD_MEANING)
    return {name: {"shape": shapes[name], "dtype": "float32", "meaning": meanings[name]} for name in shapes}


def preprocessing_manifest(cfg: Any) -> dict[str, Any]:
    """How a camera frame becomes the ``frame`` input, for the family of ``cfg``."""
    if cfg.family == "pose":
        from pushup_mobile.pose.stream import pose_preprocessing

        return pose_preprocessing()
    return Preprocessing(size=cfg.input_size).to_manifest()


def build_manifest(
    loaded: LoadedModel,
    *,
    format_name: str,
    precision: str,
    layout: str,
    parity: dict[str, Any],
    export: dict[str, Any],
) -> dict[str, Any]:
    """What an app needs to run an artifact exported from ``loaded``.

    The ``artifact`` section (file name, size, sha256) is added by :func:`describe_file`
    once the file's bytes are final, since an embedded copy cannot hash itself.
    """
    specs = tensor_specs(loaded, layout)
    return {
        "schema": SCHEMA_VERSION,
        "model": {
            "name": loaded.cfg.name,
            "family": loaded.cfg.family,
            "config": loaded.cfg.to_dict(),
            "source": loaded.source,
            "source_sha256": loaded.sha256,
            "trained": loaded.trained,
            "toolchain": f"pushup-mobile {__version__}",
        },
        "format": format_name,
        "precision": precision,
        "layout": layout,
        "inputs": {name: specs[name] for name in STEP_INPUTS},
        "outputs": {name: specs[name] for name in STEP_OUTPUTS},
        "preprocessing": preprocessing_manifest(loaded.cfg),
        "labels": {"faults": list(FAULTS)},
        "feedback": FeedbackRules().to_manifest(),
        "parity": parity,
        "export": export,
    }


def describe_file(path: Path, name: str) -> dict[str, Any]:
    return {"file": name, "bytes": path.stat().st_size, "sha256": sha256_file(path)}


def write_manifest(artifact: Path, manifest: dict[str, Any]) -> Path:
    path = manifest_path(artifact)
    write_text_atomic(path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def read_manifest(artifact: Path) -> dict[str, Any]:
    """The manifest beside ``artifact``, after checking that the artifact matches it."""
    artifact = Path(artifact)
    if not artifact.is_file():
        raise BadInputError(f"artifact not found: {artifact}")
    path = manifest_path(artifact)
    if not path.is_file():
        raise ManifestMismatchError(f"{artifact.name} has no manifest (expected {path.name} beside it)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        expected = manifest["artifact"]["sha256"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ManifestMismatchError(f"{path.name} is not a valid manifest ({exc})") from exc
    actual = sha256_file(artifact)
    if actual != expected:
        raise ManifestMismatchError(
            f"{artifact.name} does not match its manifest: sha256 {actual[:12]}… != {expected[:12]}…"
        )
    check_fields(manifest, path.name)
    return manifest


LAYOUTS = ("NCHW", "NHWC")


def check_fields(manifest: dict[str, Any], name: str) -> None:
    """The sections an app reads, with the types it expects: a hand-edited or truncated
    manifest is one clear error here, not a KeyError or a runtime's shape error later."""
    def fail(what: str) -> ManifestMismatchError:
        return ManifestMismatchError(f"{name}: {what}; re-export the artifact with this version of pushup-export")

    sections = ("model", "inputs", "outputs", "preprocessing", "feedback", "artifact")
    missing = [key for key in sections if not isinstance(manifest.get(key), dict)]
    if missing:
        raise fail(f"missing or malformed section(s) {', '.join(missing)}")
    if manifest.get("layout") not in LAYOUTS:
        raise fail(f"layout {manifest.get('layout')!r} is not one of {', '.join(LAYOUTS)}")
    if manifest["model"].get("family") not in ("pixel", "pose"):
        raise fail(f"model family {manifest['model'].get('family')!r} is unknown")
    for group, names in (("inputs", STEP_INPUTS), ("outputs", STEP_OUTPUTS)):
        for tensor in names:
            shape = manifest[group].get(tensor, {}).get("shape") if isinstance(manifest[group].get(tensor), dict) else None
            if not isinstance(shape, list) or not shape or not all(isinstance(d, int) and d > 0 for d in shape):
                raise fail(f"{group}.{tensor}.shape is {shape!r}, not a list of positive sizes")
    if manifest["inputs"]["h"]["shape"] != manifest["inputs"]["c"]["shape"]:
        raise fail("the h and c states have different shapes")
