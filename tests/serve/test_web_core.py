"""The live mode's JavaScript core (``pushup_mobile/serve/web/core``) replays the golden
vectors Python wrote, under Node's test runner: the same files the Android core's JUnit
tests read, so the page, the app and Python count and advise alike."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_javascript_core_matches_the_golden_vectors() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the web page's core tests (the README's set-up installs it)"
    run = subprocess.run([node, "--test", str(ROOT / "tests" / "web")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
