"""``pushup-export bundle``: put an artifact and its manifest into the Android app.

The pair is checked (sha256) before anything is copied, and the app's assets are replaced
atomically, so the app never ships a model that does not match its manifest. It also
writes the replay clip (a rendered push-up set with a known rep count) and the Python
pipeline's answer for it, which the app's instrumented test compares with what the phone
computes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pushup_mobile.errors import BadInputError, UnsupportedFormatError
from pushup_mobile.export.manifest import read_manifest
from pushup_mobile.files import atomic_path, write_text_atomic

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
    if manifest.get("model", {}).get("family", "pixel") != "pixel":
        raise UnsupportedFormatError(
            f"{artifact.name}: the demo app runs the pixel family; the pose family needs BlazePose on the phone, "
            "which the app does not have yet (its core has PoseFeatures for when it does)")
    assets = Path(app) / "app" / "src" / "main" / "assets"
    test_assets = Path(app) / "app" / "src" / "androidTest" / "assets"
    if not (Path(app) / "app" / "src" / "main" / "AndroidManifest.xml").is_file():
        raise BadInputError(f"{app} is not the android_demo project (no app/src/main/AndroidManifest.xml)")
    model_target = assets / ASSET_NAME
    with atomic_path(model_target) as tmp:
        shutil.copyfile(artifact, tmp)
    manifest["artifact"]["file"] = ASSET_NAME
    manifest_target = assets / f"{ASSET_NAME}.json"
    write_text_atomic(manifest_target, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    clip, expected, reps = _replay(model_target, test_assets)
    return Bundle(model_target, manifest_target, clip, expected, reps)


REPLAY_REPS = 3


def _replay(model: Path, folder: Path) -> tuple[Path, Path, int]:
    """A rendered push-up set with a known rep count (a test-split body and camera), and
    what the Python session makes of it with this very model: the phone must agree with
    Python, and both can be held against the truth."""
    from pushup_mobile.analyze import analyze_video
    from pushup_mobile.runtime import open_model
    from pushup_mobile.synth.demo import write_demo_video

    clip = folder / REPLAY_CLIP
    demo = write_demo_video(clip, reps=REPLAY_REPS, seed=2, fps=30.0, size=240)
    report = analyze_video(clip, open_model(model)).report
    expected = folder / REPLAY_EXPECTED
    write_text_atomic(expected, json.dumps(
        {"reps": report["reps"], "frames": report["analyzed_frames"], "true_reps": demo.reps}, indent=2) + "\n")
    return clip, expected, report["reps"]
