"""Both CLIs as a user runs them: real processes, exit codes and what lands on stderr."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("cli", ["pushup-mobile", "pushup-export"])
def test_help(cli):
    result = run(cli, "--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_export_help_lists_the_format_table():
    from pushup_mobile.export.formats import FORMATS

    result = run("pushup-export", "--help")
    for fmt in FORMATS:
        assert fmt.cli in result.stdout
    assert "verify" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pushup-mobile", "info", "--checkpoint", "missing.pt"), "checkpoint not found: missing.pt"),
        (("pushup-export", "verify", "missing.tflite"), "artifact not found: missing.tflite"),
        (("pushup-export", "verify", "model.caffemodel"), "unknown artifact type"),
        (("pushup-export", "tflite", "--precision", "int3"), "precision 'int3' not supported"),
        (("pushup-mobile", "synth", "--out", "pyproject.toml", "--clips", "1", "--frames", "8"), "is a file; give a folder"),
        (("pushup-mobile", "train", "--family", "hologram"), "unknown model family 'hologram' (known: pixel, pose, transformer, cnn3d, two_stream)"),
        (("pushup-mobile", "train", "--family", "pose", "--config", "huge"), "unknown pose training config 'huge'"),
        (("pushup-mobile", "train", "--family", "pose", "--resume"), "takes neither --resume, --data, --videos nor --init"),
        (("pushup-mobile", "serve", "--tls-cert", "cert.pem"), "--tls-cert and --tls-key go together"),
        (("pushup-mobile", "serve", "--tls-cert", "cert.pem", "--tls-key", "key.pem"), "TLS file not found: cert.pem"),
    ],
)
def test_project_errors_are_one_line_and_exit_2(args, message, tmp_path):
    result = run(*args[:1], *args[1:])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[-1]] and lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_certificate_that_is_not_one_is_a_clear_error_before_serving(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    key.write_text("not a key")
    result = run("pushup-mobile", "serve", "--port", "1", "--tls-cert", str(cert), "--tls-key", str(key))
    assert result.returncode == 2 and "not a usable PEM certificate" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_flag_keeps_the_traceback():
    result = run("pushup-mobile", "--debug", "info", "--checkpoint", "missing.pt")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "BadInputError" in result.stderr


def test_info_prints_contract_and_cost():
    result = run("pushup-mobile", "info")
    assert result.returncode == 0, result.stderr
    for text in ("parameters", "MACs per frame", "frame", "pushup", "faults", "hip_sag"):
        assert text in result.stdout


def test_info_describes_the_shipped_pose_model():
    result = run("pushup-mobile", "info", "--checkpoint", "pose")
    assert result.returncode == 0, result.stderr
    for text in ("family: pose", "blazepose-lstm", "51 keypoint features", "keypoint features"):
        assert text in result.stdout


def test_eval_scores_the_pose_model_on_blazepose_keypoints_of_rendered_clips(tmp_path):
    result = run("pushup-mobile", "eval", "--checkpoint", "pose", "--clips", "1", "--frames", "12", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["model"]["source"].endswith("pose.pt") and metrics["model"]["trained"]
    assert "synthetic test: 1 clips x 12 frames" == metrics["data"]
