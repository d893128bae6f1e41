import os
import subprocess
from pathlib import Path

import pytest

from pushup_mobile.bench.android import parse_benchmark_output
from pushup_mobile.bench.report import markdown_table
from pushup_mobile.errors import BadInputError

SAMPLE = Path(__file__).parent / "data" / "benchmark_model_pixel.txt"
ROOT = Path(__file__).resolve().parents[2]


def test_parses_a_recorded_benchmark_model_log():
    record = parse_benchmark_output(SAMPLE.read_text(), "pushup.int8.tflite", "int8", "device:Pixel")
    assert record.threads == 2
    assert record.size_mb == pytest.approx(1.53318)
    assert record.load_ms == pytest.approx(21.406)
    assert record.first_ms == pytest.approx(5.210)
    # the timed runs, not the warm-up line
    assert record.latency.mean_ms == pytest.approx(1.26237)
    assert record.latency.std_ms == pytest.approx(0.074)
    assert record.latency.runs == 781
    assert record.latency.p50_ms is None  # benchmark_model reports no percentiles
    assert record.fps == pytest.approx(1e6 / 1262.37)
    assert record.rss_increase_mb == pytest.approx(9.87891)
    assert "| pushup.int8.tflite | tflite | int8 | 2 | 1.53 |" in markdown_table([record])


def test_a_log_without_timings_is_a_clear_error():
    failed = "INFO: STARTING!\nERROR: Could not open 'x.tflite'.\nERROR: Failed to load model\n"
    with pytest.raises(BadInputError, match="no timings"):
        parse_benchmark_output(failed, "x.tflite", "fp32", "device:x")


def test_script_without_adb_says_what_it_needs(tmp_path):
    binary = tmp_path / "benchmark_model"
    binary.write_bytes(b"\x7fELF")
    env = {**os.environ, "PATH": str(tmp_path)}  # no adb on this PATH
    result = subprocess.run(
        ["/bin/bash", str(ROOT / "benchmarks/android/run_on_device.sh"), "--benchmark-model", str(binary), "x.tflite"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: adb not found: install Android platform-tools and connect a phone with USB debugging on"]
