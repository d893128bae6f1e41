"""Reading a manifest: the schema of what apps read, the comparison with the copy inside
the artifact, and a property test over mutated manifests (hypothesis)."""

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushup_mobile.errors import BadInputError, ManifestMismatchError
from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.formats import read_manifest
from pushup_mobile.export.manifest import first_difference, manifest_path
from pushup_mobile.families import family_of
from tests.damage import damaged

REMEDY = "re-export the artifact with this version of pushup-export"
DELETE = object()


@pytest.fixture(scope="module")
def onnx_artifact(tmp_path_factory, tiny_loaded):
    """A real export, held to one short clip instead of the gate's six (what is tested
    here is its manifest, and the gate's streams cost more than the rest of the file)."""
    from pushup_mobile.export import formats

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formats, "gate_clips", lambda cfg: family_of(cfg).stream_clips(cfg, "test", 1, 8, 0))
        return export_artifact(format_by_cli("onnx"), tiny_loaded, "fp32", tmp_path_factory.mktemp("export"),
                               enforce_gate=False).path


@pytest.fixture(scope="module")
def sidecar(onnx_artifact):
    return json.loads(manifest_path(onnx_artifact).read_text())


def write_pair(folder, name, data: bytes, manifest_text: bytes):
    """An artifact and the manifest beside it, written as given."""
    artifact = folder / name
    artifact.write_bytes(data)
    manifest_path(artifact).write_bytes(manifest_text)
    return artifact


def _edit(*path, to=DELETE):
    """An edit of the manifest: the value at ``path`` deleted, or replaced by ``to``."""
    def edit(manifest):
        parent = manifest
        for key in path[:-1]:
            parent = parent[key]
        if to is DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = to
    return edit


def edited_pair(folder, name, artifact, sidecar, edit):
    """``artifact``'s bytes under ``name``, beside its sidecar changed by ``edit``."""
    manifest = copy.deepcopy(sidecar)
    edit(manifest)
    return write_pair(folder, name, artifact.read_bytes(), json.dumps(manifest).encode())


def test_an_untouched_artifact_is_accepted_as_a_plain_dict(onnx_artifact, sidecar):
    manifest = read_manifest(onnx_artifact)
    assert type(manifest) is dict and manifest == sidecar


@pytest.mark.parametrize(("where", "edit"), [
    ("model.name", _edit("model", "name", to="pushup-large")),
    ("model.source_sha256", _edit("model", "source_sha256", to="0" * 64)),
    ("preprocessing.mean[0]", _edit("preprocessing", "mean", 0, to=0.5)),
    ("model.trained", _edit("model", "trained", to=True)),
    ("labels.extra", _edit("labels", "extra", to=["a key the export did not write"])),
    ("parity", _edit("parity")),
])
def test_a_sidecar_edited_after_export_is_refused_naming_the_key(onnx_artifact, sidecar, tmp_path, where, edit):
    """The artifact is untouched, so its sha256 still matches: only the copy embedded in
    it can tell that the sidecar no longer describes it."""
    pair = edited_pair(tmp_path, onnx_artifact.name, onnx_artifact, sidecar, edit)
    message = f"{pair.name}.json: {where} differs from the manifest embedded in {pair.name}; {REMEDY}"
    with pytest.raises(ManifestMismatchError, match=f"^{re.escape(message)}$"):
        read_manifest(pair)


@pytest.mark.parametrize(("ours", "theirs", "where"), [
    ({"b": 2, "a": {"x": 1}}, {"b": 3, "a": {"x": 2}}, "a.x"),  # the first in sorted key order
    ({"a": 1}, {"a": 1.0}, "a"),  # JSON types differ
    ({"a": True}, {"a": 1}, "a"),
    ({"a": [1, 2]}, {"a": [1]}, "a"),
    ({"a": {"b": [0, {"c": None}]}}, {"a": {"b": [0, {}]}}, "a.b[1].c"),  # a key one side lacks
    ({"a": [1, float("nan")]}, {"a": [1, float("nan")]}, None),  # NaN is the same NaN
])
def test_first_difference_names_the_first_differing_path(ours, theirs, where):
    assert first_difference(ours, theirs) == where
    assert first_difference(theirs, ours) == where


def test_formats_without_an_embedded_copy_skip_the_comparison(onnx_artifact, sidecar, tmp_path):
    pair = edited_pair(tmp_path, "pushup.fp32.ptl", onnx_artifact, sidecar, _edit("model", "name", to="renamed"))
    assert read_manifest(pair)["model"]["name"] == "renamed"


@pytest.mark.parametrize(("edit", "message"), [
    (_edit("schema"), "schema is missing"),
    (_edit("schema", to=2), "schema is 2: Input should be 1"),
    (_edit("model", "name"), "model.name is missing"),
    (_edit("model", "family", to="audio"), "model.family is 'audio': Input should be 'pixel', 'pose', 'transformer', 'cnn3d' or 'two_stream'"),
    (_edit("model", "trained", to="yes"), "model.trained is 'yes': Input should be a valid boolean"),
    (_edit("model", "source_sha256", to=12), "model.source_sha256 is 12: Input should be a valid string"),
    (_edit("model", "config", to=None), "model.config is None: Input should be a valid dictionary"),
    (_edit("format", to=["onnx"]), "format is ['onnx']: Input should be a valid string"),
    (_edit("precision"), "precision is missing"),
    (_edit("layout", to="NWHC"), "layout is 'NWHC': Input should be 'NCHW' or 'NHWC'"),
    (_edit("inputs", "frame"), "inputs.frame is missing"),
    (_edit("inputs", "h", "shape", to=[1, 0, 32]), "inputs.h.shape[1] is 0: Input should be greater than 0"),
    (_edit("inputs", "h", "shape", to=[]), "inputs.h.shape is []: List should have at least 1 item"),
    (_edit("inputs", "frame", "shape", to="1x3x64x64"), "inputs.frame.shape is '1x3x64x64': Input should be a valid list"),
    (_edit("inputs", "frame", "shape", 0, to=1.0), "inputs.frame.shape[0] is 1.0: Input should be a valid integer"),
    (_edit("inputs", "c", "dtype"), "inputs.c.dtype is missing"),
    (_edit("outputs", "c", "shape", to=[1, 1, 7]), "the state tensor c has different shapes in and out: "
                                                 "inputs.c [1, 1, 32], outputs.c [1, 1, 7]"),
    (_edit("outputs", "h"), "the state tensor h is not among the outputs"),
    (_edit("state", to=["h", "c", "window"]), "the state tensor window is not among the inputs and outputs"),
    (_edit("state", to=[]), "state is []: List should have at least 1 item"),
    (_edit("outputs", "faults"), "outputs.faults is missing"),
    (_edit("preprocessing", to=[]), "preprocessing is []: Input should be a valid dictionary"),
    (_edit("feedback", "thresholds", "pushup_on"), "feedback: manifest feedback rules are incomplete or malformed: 'pushup_on'"),
    (_edit("feedback", "thresholds", "debounce_frames", to=float("inf")), "feedback: manifest feedback rules are incomplete or malformed: cannot convert float infinity"),
    (_edit("labels", "faults", to=["hip_sag"]), "labels.faults names 1 faults, the faults output has 5"),
    (_edit("artifact", "bytes"), "artifact.bytes is missing"),
    (_edit("artifact", "sha256", to="ABC"), "artifact.sha256 is 'ABC': String should match pattern"),
])
def test_a_manifest_outside_the_schema_is_one_clear_error(onnx_artifact, sidecar, tmp_path, edit, message):
    """Checked before anything else (here on a format without an embedded copy)."""
    pair = edited_pair(tmp_path, "pushup.fp32.ptl", onnx_artifact, sidecar, edit)
    with pytest.raises(ManifestMismatchError) as caught:
        read_manifest(pair)
    assert str(caught.value).startswith(f"{pair.name}.json: {message}")
    assert str(caught.value).endswith(REMEDY) and "\n" not in str(caught.value)


def test_extra_keys_are_allowed(onnx_artifact, sidecar, tmp_path):
    """A newer exporter may add sections and fields an older reader does not know."""
    def add_keys(manifest):
        manifest["signature_v2"] = {"anything": [1, 2]}
        manifest["inputs"]["frame"]["quantization"] = {"scale": 0.1}

    pair = edited_pair(tmp_path, "pushup.fp32.ptl", onnx_artifact, sidecar, add_keys)
    assert read_manifest(pair) == json.loads(manifest_path(pair).read_text())


@pytest.mark.parametrize(("text", "message"), [
    (b"{\"schema\": 1,", "is not valid JSON (Expecting property name"),
    (b"\xff\xfe{}", "is not valid JSON ('utf-8' codec can't decode"),
    (b"[" * 100_000 + b"]" * 100_000, "is not valid JSON (maximum recursion depth"),
])
def test_a_manifest_that_is_not_json_is_one_clear_error(tmp_path, text, message):
    pair = write_pair(tmp_path, "pushup.fp32.ptl", b"model", text)
    with pytest.raises(ManifestMismatchError, match=re.escape(message)):
        read_manifest(pair)


# ---- property test: whatever the manifest holds, read_manifest answers with a dict or
# one of the project's errors (never KeyError, TypeError, a pydantic ValidationError...)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value, prefix=()):
    """Every key path in a JSON document, parents before children."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


@st.composite
def mutated_pairs(draw, sidecar, artifact_bytes):
    """(artifact name, artifact bytes, manifest bytes): the artifact maybe damaged, the
    manifest's sha256 set to match it, then keys deleted or replaced by any JSON, and
    maybe the text damaged too, or no JSON at all."""
    suffix = draw(st.sampled_from([".onnx", ".ptl"]))  # with and without an embedded copy
    data = artifact_bytes if draw(st.integers(0, 3)) else draw(damaged(artifact_bytes))
    manifest = copy.deepcopy(sidecar)
    manifest["artifact"]["sha256"] = hashlib.sha256(data).hexdigest()
    paths = list(_paths(manifest))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(paths))
        try:
            _edit(*path, to=draw(st.one_of(st.just(DELETE), JSON_VALUES)))(manifest)
        except (KeyError, IndexError, TypeError):  # an earlier mutation removed or replaced the path
            pass
    text = json.dumps(manifest).encode()
    kind = draw(st.sampled_from(["json"] * 3 + ["damaged", "bytes"]))  # mostly JSON
    if kind == "damaged":
        text = draw(damaged(text))
    elif kind == "bytes":
        text = draw(st.binary(max_size=64))
    return f"pushup.fp32{suffix}", data, text


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=100)
@given(data=st.data())
def test_mutated_manifests_are_a_dict_or_one_clear_error(onnx_artifact, fuzz_dir, data):
    sidecar = json.loads(manifest_path(onnx_artifact).read_text())  # not a fixture: a failure would print it
    name, artifact_bytes, text = data.draw(mutated_pairs(sidecar, onnx_artifact.read_bytes()))
    for old in fuzz_dir.iterdir():
        old.unlink()
    artifact = write_pair(fuzz_dir, name, artifact_bytes, text)
    try:
        manifest = read_manifest(artifact)
    except (ManifestMismatchError, BadInputError) as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400, str(exc)
        return
    assert type(manifest) is dict
    assert json.dumps(manifest, sort_keys=True) == json.dumps(json.loads(text), sort_keys=True)  # NaN != NaN


SHIPPED_TFLITE = Path(__file__).parents[2] / "android_demo" / "app" / "src" / "main" / "assets" / "pushup.tflite"
"""A real TFLite artifact with its manifest inside (the app's), so no test converts one."""


@pytest.mark.parametrize("fmt", ["onnx", "tflite"])
@settings(max_examples=60)
@given(data=st.data())
def test_a_damaged_artifact_yields_its_embedded_manifest_or_one_clear_error(onnx_artifact, fuzz_dir, fmt, data):
    """The readers of the embedded copy meet files whose sha256 matched a manifest, but
    whose bytes nothing else has checked: cut, overwritten, with absurd offsets in the
    flatbuffer's header."""
    source = onnx_artifact if fmt == "onnx" else SHIPPED_TFLITE
    offsets = [(offset, "<I") for offset in range(0, 64, 4)] if fmt == "tflite" else []
    artifact = fuzz_dir / source.name
    artifact.write_bytes(data.draw(damaged(source.read_bytes(), offsets)))
    try:
        embedded = format_by_cli(fmt).embedded(artifact)
    except (BadInputError, ManifestMismatchError) as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400, str(exc)
        return
    assert type(embedded) is dict
