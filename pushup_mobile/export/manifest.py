"""The manifest: everything an app needs to run an artifact, beside it as ``<file>.json``.

Its schema is :mod:`pushup_mobile.export.manifest_schema`. The app, ``bundle`` and every
runner refuse an artifact whose sha256 differs from its manifest's (:func:`read_sidecar`),
and :func:`pushup_mobile.export.formats.read_manifest` also a manifest that differs from the
copy embedded in the artifact (reading that copy is the format table's business).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pushup_mobile import __version__
from pushup_mobile.contract import FAULTS, FRAME_INPUT, HEAD_MEANING, HEADS
from pushup_mobile.errors import BadInputError, ManifestMismatchError
from pushup_mobile.export.manifest_schema import LSTM_STATE, REMEDY, SCHEMA_VERSION, check_manifest, key_path
from pushup_mobile.families import LoadedModel, family_of
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import sha256_file, write_text_atomic

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
    shapes = {FRAME_INPUT: frame_shape, "pushup": [1, 1], "depth": [1, 1], "faults": [1, cfg.num_faults],
              **{name: list(shape) for name, shape in cfg.state_spec().items()}}
    meanings = {FRAME_INPUT: family_of(cfg).frame_meaning, **HEAD_MEANING, **cfg.state_meaning}
    return {name: {"shape": shapes[name], "dtype": "float32", "meaning": meanings[name]} for name in shapes}


def frame_shape(manifest: dict[str, Any]) -> list[int]:
    """The ``frame`` input's shape as the runners take it: channels first (an NHWC
    artifact's manifest gives its shape channels last)."""
    shape = [int(side) for side in manifest["inputs"][FRAME_INPUT]["shape"]]
    if manifest["layout"] == "NHWC" and len(shape) == 4:
        n, h, w, c = shape
        return [n, c, h, w]
    return shape


def state_spec(manifest: dict[str, Any]) -> dict[str, list[int]]:
    """An artifact's streaming state by name and shape, in the order its step takes it."""
    return {name: list(manifest["inputs"][name]["shape"]) for name in manifest.get("state", LSTM_STATE)}


def preprocessing_manifest(cfg: Any) -> dict[str, Any]:
    """How a camera frame becomes the ``frame`` input, for the family of ``cfg``."""
    return family_of(cfg).preprocessing(cfg)


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
    state = list(loaded.cfg.state_spec())
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
        "inputs": {name: specs[name] for name in (FRAME_INPUT, *state)},
        "outputs": {name: specs[name] for name in (*HEADS, *state)},
        "state": state,
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


def read_sidecar(artifact: Path) -> dict[str, Any]:
    """The manifest beside ``artifact`` as a plain dict, once the pair is checked: the
    sections an app reads (:mod:`pushup_mobile.export.manifest_schema`) and the artifact's
    sha256. The copy some formats embed in the file is compared by
    :func:`pushup_mobile.export.formats.read_manifest`, which every reader uses."""
    artifact = Path(artifact)
    if not artifact.is_file():
        raise BadInputError(f"artifact not found: {artifact}")
    path = manifest_path(artifact)
    if not path.is_file():
        raise ManifestMismatchError(f"{artifact.name} has no manifest (expected {path.name} beside it)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:  # ValueError: bad JSON, bad UTF-8, a 5000-digit number
        raise ManifestMismatchError(f"{path.name} is not valid JSON ({exc}); {REMEDY}") from None
    check_manifest(manifest, path.name)
    actual, expected = sha256_file(artifact), manifest["artifact"]["sha256"]
    if actual != expected:
        raise ManifestMismatchError(
            f"{artifact.name} does not match its manifest: sha256 {actual[:12]}… != {expected[:12]}…"
        )
    return manifest


def parse_embedded(data: str | bytes, artifact: Path) -> dict[str, Any]:
    """The manifest a format stored inside ``artifact``, from its stored text."""
    try:
        embedded = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ManifestMismatchError(f"{artifact.name}: its embedded manifest is not valid JSON ({exc}); {REMEDY}") from None
    if not isinstance(embedded, dict):
        raise ManifestMismatchError(f"{artifact.name}: its embedded manifest is not a JSON object; {REMEDY}")
    return embedded


def first_difference(ours: Any, theirs: Any) -> str | None:
    """The path (``model.name``, ``inputs.h.shape[2]``) of the first value, in sorted key
    order, where two JSON documents differ, or ``None`` when they are equal. Leaves are
    compared as JSON text, so ``1`` differs from ``1.0`` and ``true`` and NaN equals NaN;
    the walk keeps its own stack, so no nesting depth can overflow Python's."""
    pending: list[tuple[tuple[int | str, ...], Any, Any]] = [((), ours, theirs)]
    while pending:
        keys, a, b = pending.pop()
        if isinstance(a, dict) and isinstance(b, dict):
            pending.extend(((*keys, key), a.get(key, _ABSENT), b.get(key, _ABSENT))
                           for key in sorted(a.keys() | b.keys(), reverse=True))
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            pending.extend(((*keys, i), a[i], b[i]) for i in reversed(range(len(a))))
        elif not (_is_leaf(a) and _is_leaf(b) and json.dumps(a) == json.dumps(b)):
            return key_path(keys)
    return None


_ABSENT = object()
"""A key one document has and the other lacks."""


def _is_leaf(value: Any) -> bool:
    return value is not _ABSENT and not isinstance(value, (dict, list))
