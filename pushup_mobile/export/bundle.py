"""``pushup-export bundle``: put an artifact and its manifest into the Android app.

The pair is checked (sha256, sections) before anything is copied, and the app's new
assets are staged beside the old ones and swapped in whole, so a failure leaves the app as
it was and the app never ships a model that does not match its manifest. Any family's
streaming state goes: the app feeds back the state tensors the manifest names (an LSTM's
``h`` and ``c``, a transformer's window). A keypoint-family artifact (pose, transformer)
brings its front-end along: BlazePose's two model files from the installed ``mediapipe``
wheel and their licence; a model on the square around the person brings BlazePose's
person detector, which places that square. It also writes the replay clip (a rendered push-up set with a
known rep count) and the Python pipeline's answer for it, which the app's instrumented
test compares with what the phone computes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pushup_mobile.errors import BadInputError, UnsupportedFormatError
from pushup_mobile.export.formats import read_manifest
from pushup_mobile.families import family
from pushup_mobile.files import write_text_atomic

ASSET_NAME = "pushup.tflite"
REPLAY_CLIP = "replay.mp4"
REPLAY_EXPECTED = "replay.expected.json"


@dataclass(frozen=True)
class Bundle:
    model: Path
    manifest: Path
    replay_clip: Path
    replay_expected: Path
    reps: int


def bundle(artifact: Path, app: Path) -> Bundle:
    artifact = Path(artifact)
    if not artifact.name.endswith(".tflite"):
        raise UnsupportedFormatError(f"{artifact.name}: the Android app runs TFLite artifacts (.tflite)")
    manifest = read_manifest(artifact)  # refuses a mismatched pair before anything is copied
    assets = Path(app) / "app" / "src" / "main" / "assets"
    test_assets = Path(app) / "app" / "src" / "androidTest" / "assets"
    if not (Path(app) / "app" / "src" / "main" / "AndroidManifest.xml").is_file():
        raise BadInputError(f"{app} is not the android_demo project (no app/src/main/AndroidManifest.xml)")
    front_end = _front_end_files(manifest)  # before any copy: a missing wheel file stops here
    if not isinstance(manifest.get("artifact"), dict):
        raise BadInputError(f"{artifact.name}: its manifest has no 'artifact' section; re-export it")
    manifest["artifact"]["file"] = ASSET_NAME
    model_target = assets / ASSET_NAME
    # everything is staged beside the assets and swapped in whole: a failure leaves the app as it was
    staged, old = assets.with_name(".assets.staged"), assets.with_name(".assets.old")
    shutil.rmtree(staged, ignore_errors=True)
    if assets.is_dir():
        shutil.copytree(assets, staged)
    else:
        staged.mkdir(parents=True)
    try:
        _replace_front_end(staged, front_end)
        shutil.copyfile(artifact, staged / ASSET_NAME)
        (staged / f"{ASSET_NAME}.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        shutil.rmtree(old, ignore_errors=True)
        if assets.is_dir():
            assets.rename(old)
        staged.rename(assets)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    clip, expected, reps = _replay(model_target, test_assets)
    return Bundle(model_target, assets / f"{ASSET_NAME}.json", clip, expected, reps)


REPLAY_REPS = 3
FRONT_END_NOTICE = "BLAZEPOSE_NOTICE.txt"


def _front_end_files(manifest: dict) -> list[Path]:
    """The files the artifact's front-end needs on the phone, from the installed
    ``mediapipe`` wheel: BlazePose's for a keypoint family, its person detector for a model
    on the person's square, none for a model on the whole frame."""
    try:
        row = family(manifest["model"]["family"])
    except (KeyError, TypeError) as exc:
        raise BadInputError("a manifest without model.family; re-export the artifact") from exc
    return row.front_end_files(manifest.get("preprocessing", {}))


def _replace_front_end(assets: Path, files: list[Path]) -> None:
    """Put the front-end's model files (and their licence) into the app's assets under their
    own names, or take a previous pose bundle's out: a pixel app should not carry 9 MB of
    BlazePose it never runs."""
    from pushup_mobile.pose.blazepose import DETECTOR_FILE, LANDMARK_FILES, MEDIAPIPE, MEDIAPIPE_NPM, licence_text

    for stale in (DETECTOR_FILE, *LANDMARK_FILES.values(), FRONT_END_NOTICE):  # also a landmark model no longer used
        name = Path(stale).name
        if name not in {f.name for f in files}:
            (assets / name).unlink(missing_ok=True)
    if not files:
        return
    for source in files:
        shutil.copyfile(source, assets / source.name)
    write_text_atomic(assets / FRONT_END_NOTICE, (
        f"{', '.join(f.name for f in files)}: Google's BlazePose models as shipped in the {MEDIAPIPE} wheel "
        f"(https://pypi.org/project/mediapipe/) and, for the lite landmark model, the npm package {MEDIAPIPE_NPM} "
        "(https://www.npmjs.com/package/@mediapipe/pose, Apache-2.0), unmodified, under their licence:\n\n")
        + licence_text())


def _replay(model: Path, folder: Path) -> tuple[Path, Path, int]:
    """A rendered push-up set with a known rep count (a test-split body and camera), and
    what the Python session makes of it with this very model: the phone must agree with
    Python, and both can be held against the truth."""
    from pushup_mobile.runtime.analyze import analyze_video
    from pushup_mobile.runtime.models import open_model
    from pushup_mobile.synth.demo import write_demo_video

    clip = folder / REPLAY_CLIP
    demo = write_demo_video(clip, reps=REPLAY_REPS, seed=0, fps=30.0, size=384)
    report = analyze_video(clip, open_model(model)).report
    expected = folder / REPLAY_EXPECTED
    write_text_atomic(expected, json.dumps(
        {"reps": report["reps"], "frames": report["analyzed_frames"], "true_reps": demo.reps}, indent=2) + "\n")
    return clip, expected, report["reps"]
