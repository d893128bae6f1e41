"""pushup-export bundle: checked copy into the app, refusal of mismatched pairs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pushup_mobile.errors import BadInputError, ManifestMismatchError, UnsupportedFormatError
from pushup_mobile.export.bundle import bundle
from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.export.manifest import manifest_path
from pushup_mobile.files import sha256_file

pytestmark = pytest.mark.slow  # exports and BlazePose files copied into an app tree

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def tflite(tmp_path_factory, tiny_loaded):
    return export_artifact(format_by_cli("tflite"), tiny_loaded, "fp32", tmp_path_factory.mktemp("export")).path


@pytest.fixture
def app(tmp_path):
    manifest = tmp_path / "android_demo" / "app" / "src" / "main" / "AndroidManifest.xml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("<manifest/>")
    return tmp_path / "android_demo"


def test_bundle_copies_a_matching_pair_and_the_replay_answer(tflite, app):
    result = bundle(tflite, app)
    assert sha256_file(result.model) == sha256_file(tflite)
    shipped = json.loads(result.manifest.read_text())
    assert shipped["artifact"]["file"] == "pushup.tflite"
    assert shipped["artifact"]["sha256"] == sha256_file(result.model)
    expected = json.loads(result.replay_expected.read_text())
    assert expected["true_reps"] == 3 and expected["reps"] == result.reps
    assert expected["frames"] > 3 * 15  # three reps of at least a second each, at 15 fps
    assert result.replay_clip.stat().st_size > 0


def test_a_bad_manifest_leaves_the_apps_assets_as_they_were(tflite, app, repack):
    """A pose manifest without its front-end list fails after the pair is checked, where
    the old bundle had already deleted files: the staged swap leaves every asset untouched."""
    assets = app / "app" / "src" / "main" / "assets"
    assets.mkdir(parents=True)
    before = {"pushup.tflite": b"old model", "pose_detection.tflite": b"old detector", "BLAZEPOSE_NOTICE.txt": b"licence"}
    for name, data in before.items():
        (assets / name).write_bytes(data)

    def pose_without_front_end_models(manifest):
        manifest["model"]["family"], manifest["preprocessing"] = "pose", {"front_end": "blazepose"}

    copy = repack(tflite, pose_without_front_end_models)
    with pytest.raises(BadInputError, match="front_end_models"):
        bundle(copy, app)
    assert {p.name: p.read_bytes() for p in assets.iterdir()} == before
    assert sorted(p.name for p in assets.parent.iterdir()) == ["AndroidManifest.xml", "assets"]


def test_mismatched_pair_is_refused_and_nothing_is_copied(tflite, app, tmp_path):
    copy = tmp_path / tflite.name
    data = bytearray(tflite.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    manifest_path(copy).write_text(manifest_path(tflite).read_text())
    with pytest.raises(ManifestMismatchError, match="does not match its manifest"):
        bundle(copy, app)
    assert not (app / "app" / "src" / "main" / "assets").exists()
    result = subprocess.run(
        [str(BIN / "pushup-export"), "bundle", "--artifact", str(copy), "--app", str(app)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "does not match its manifest" in result.stderr


def test_only_tflite_goes_into_the_app(app, tmp_path):
    with pytest.raises(UnsupportedFormatError, match="TFLite"):
        bundle(tmp_path / "pushup.fp32.onnx", app)


def test_a_pose_artifact_brings_blazepose_along_and_a_pixel_one_takes_it_out(tflite, app, tmp_path, repack):
    from pushup_mobile.families import load_model
    from pushup_mobile.pose.blazepose import LANDMARK_FILES, front_end_file

    artifact = export_artifact(format_by_cli("tflite"), load_model("pose"), "fp32", tmp_path).path
    result = bundle(artifact, app)
    assets = result.model.parent
    shipped = json.loads(result.manifest.read_text())
    assert shipped["model"]["family"] == "pose"
    references = shipped["preprocessing"]["front_end_models"]
    for reference in references:
        assert sha256_file(assets / Path(reference).name) == sha256_file(front_end_file(reference))
    assert "Apache License" in (assets / "BLAZEPOSE_NOTICE.txt").read_text()
    expected = json.loads(result.replay_expected.read_text())
    assert expected["true_reps"] == 3 and expected["reps"] == result.reps

    # the other landmark model: its file comes in, the one no longer named goes
    other = next(ref for ref in LANDMARK_FILES.values() if ref != references[1])
    bundle(repack(artifact, lambda m: m["preprocessing"].update(front_end_models=[references[0], other])), app)
    assert (assets / Path(other).name).is_file() and not (assets / Path(references[1]).name).exists()

    bundle(tflite, app)  # back to the pixel family: no BlazePose left in the app
    assert sorted(p.name for p in assets.iterdir()) == ["pushup.tflite", "pushup.tflite.json"]


@pytest.mark.parametrize("name", ["pose", "transformer", "cnn3d"])
def test_the_manifest_fixtures_of_the_android_tests_have_todays_schema(name):
    """android_demo's ManifestTest reads tests/golden/manifests/{pose,transformer,cnn3d}.tflite.json
    (an LSTM's state, a window's, and per-block taps of a pixel model); they must keep the
    shape pushup-export writes for the shipped model of that family."""
    from pushup_mobile.export.manifest import state_spec, tensor_specs
    from pushup_mobile.export.manifest_schema import check_manifest
    from pushup_mobile.feedback.rules import FeedbackRules
    from pushup_mobile.families import family, load_model

    fixture = json.loads((Path(__file__).parents[1] / "golden" / "manifests" / f"{name}.tflite.json").read_text())
    loaded = load_model(name)
    specs = tensor_specs(loaded, fixture["layout"])
    check_manifest(fixture, f"{name}.tflite.json")
    assert fixture["model"]["family"] == name
    assert fixture["preprocessing"] == json.loads(json.dumps(family(name).preprocessing(loaded.net.cfg)))
    assert fixture["feedback"] == FeedbackRules().to_manifest()
    assert {tensor: spec["shape"] for tensor, spec in fixture["inputs"].items()} == {
        tensor: specs[tensor]["shape"] for tensor in fixture["inputs"]}
    assert state_spec(fixture) == {n: list(shape) for n, shape in loaded.net.cfg.state_spec().items()}


@pytest.mark.parametrize(("edit", "message"), [
    (lambda m: m.pop("layout"), "layout is missing"),
    (lambda m: m["inputs"]["h"].update(shape=[1, 1, 7]), "the state tensor h has different shapes in and out"),
    (lambda m: [m[io][s].update(shape=[1, 1, 7]) for io in ("inputs", "outputs") for s in ("h", "c")],
     "refuses the input shapes"),
    (lambda m: m.pop("feedback"), "feedback is missing"),
])
def test_an_edited_manifest_is_one_clear_error_at_once(tflite, repack, edit, message):
    """Written consistently (embedded copy too), so the schema and the one-step check of
    ``load_runner`` are what refuse it."""
    from pushup_mobile.export.formats import load_runner

    with pytest.raises(ManifestMismatchError, match=message):
        load_runner(repack(tflite, edit))


def test_a_person_crop_model_brings_the_person_detector_and_a_whole_frame_one_takes_it_out(tflite, app, repack):
    """The app places the square the model was trained on with BlazePose's person detector,
    so a person-crop model brings that one file (and its licence), not the landmark model."""
    from pushup_mobile.pose.blazepose import DETECTOR_FILE, front_end_file

    def person_crop(manifest):
        manifest["preprocessing"].update(crop="person", person_detector=DETECTOR_FILE)

    result = bundle(repack(tflite, person_crop), app)
    assets = result.model.parent
    assert sorted(p.name for p in assets.iterdir()) == [
        "BLAZEPOSE_NOTICE.txt", Path(DETECTOR_FILE).name, "pushup.tflite", "pushup.tflite.json"]
    assert sha256_file(assets / Path(DETECTOR_FILE).name) == sha256_file(front_end_file(DETECTOR_FILE))
    assert json.loads(result.manifest.read_text())["preprocessing"]["person_detector"] == DETECTOR_FILE

    bundle(tflite, app)  # the whole frame again: no detector left in the app
    assert sorted(p.name for p in assets.iterdir()) == ["pushup.tflite", "pushup.tflite.json"]


@pytest.mark.parametrize(("detector", "error", "message"), [
    (None, BadInputError, "person_detector; re-export"),
    ("mediapipe/modules/palm_detection/palm_detection_full.tflite", UnsupportedFormatError, "BlazePose's detector"),
])
def test_a_person_crop_model_without_its_detector_is_refused_before_anything_is_copied(
        tflite, app, repack, detector, error, message):
    def person_crop(manifest):
        manifest["preprocessing"].update(crop="person", **({} if detector is None else {"person_detector": detector}))

    with pytest.raises(error, match=message):
        bundle(repack(tflite, person_crop), app)
    assert not (app / "app" / "src" / "main" / "assets").exists()
