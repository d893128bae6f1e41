"""SIGTERM midway leaves nothing half-written: the CLIs unwind like Ctrl-C."""

import signal
import subprocess
import time

from tests.runtime.test_analyze import BIN, write_video


def _stop_when(process: subprocess.Popen, ready, seconds: float = 120.0) -> None:
    deadline = time.time() + seconds
    while not ready() and process.poll() is None:
        assert time.time() < deadline, "the process never reached the point to stop it at"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def test_sigterm_during_analyze_leaves_no_partial_video(tmp_path):
    video = write_video(tmp_path / "in.mp4", 30, 1800, size=(320, 240))  # a minute of video
    process = subprocess.Popen([str(BIN / "pushup-mobile"), "analyze", str(video), "--video", str(tmp_path / "out.mp4"),
                                "--json", str(tmp_path / "out.json")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _stop_when(process, lambda: any(p.name.endswith(".part.mp4") for p in tmp_path.iterdir()))
    assert process.returncode == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.mp4"]
    assert process.stderr.read().strip().splitlines()[-1].startswith("error: stopped by SIGTERM")


def test_sigterm_during_export_leaves_no_partial_artifact(tmp_path):
    out = tmp_path / "export"
    process = subprocess.Popen([str(BIN / "pushup-export"), "onnx", "--checkpoint", "pose", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _stop_when(process, lambda: out.is_dir() and any(p.name.startswith(".") for p in out.iterdir()))
    assert process.returncode == 128 + signal.SIGTERM, process.stderr.read()
    assert [p.name for p in out.iterdir() if p.name.startswith(".") or "part" in p.name] == []


def test_the_stop_line_is_said_even_while_native_output_is_silenced():
    """A SIGTERM that lands while a converter's or BlazePose's native output is being
    swallowed (fd 2 pointed at a sink) still tells the user why the run stopped."""
    script = (
        "import os, signal, time\n"
        "from pushup_mobile.errors import exit_cleanly_on_sigterm\n"
        "from pushup_mobile.files import native_output_captured\n"
        "exit_cleanly_on_sigterm()\n"
        "with native_output_captured():\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(5)\n"
    )
    done = subprocess.run([str(BIN / "python"), "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr.strip().splitlines() == ["error: stopped by SIGTERM; nothing half-written was kept"]
