import json
import subprocess
import sys
from pathlib import Path

import pytest

from pushup_mobile.export.clip import CLIP_FORMATS, TOLERANCE, export_clip

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("fmt", CLIP_FORMATS)
def test_clip_form_takes_any_length(fmt, tmp_path, tiny_loaded):
    artifact = export_clip(fmt, tiny_loaded, tmp_path)
    assert artifact.max_abs_diff <= TOLERANCE
    manifest = json.loads((tmp_path / f"{artifact.path.name}.json").read_text())
    assert manifest["form"] == "clip" and manifest["inputs"]["frames"]["shape"][1] == "T"


def test_clip_form_refuses_other_formats(tmp_path):
    result = subprocess.run([str(BIN / "pushup-export"), "clip", "--format", "tflite", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "clip form exports to onnx, torchscript" in result.stderr


@pytest.mark.parametrize("fmt", CLIP_FORMATS)
def test_the_pose_family_has_a_clip_form_too(fmt, tmp_path):
    from pushup_mobile.families import load_model

    artifact = export_clip(fmt, load_model("pose"), tmp_path)
    manifest = json.loads((tmp_path / f"{artifact.path.name}.json").read_text())
    assert artifact.path.name.startswith("pushup-pose.clip") and artifact.max_abs_diff <= TOLERANCE
    assert manifest["model"]["family"] == "pose" and manifest["inputs"]["frames"]["shape"] == [1, "T", 51]
