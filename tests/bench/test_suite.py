import json

import pytest

from pushup_mobile.bench.report import to_json, write_results
from pushup_mobile.bench.stats import LatencyStats
from pushup_mobile.bench.suite import machine_info, machine_name, run_suite
from pushup_mobile.errors import BadInputError
from pushup_mobile.export.formats import export_artifact, format_by_cli

pytestmark = pytest.mark.slow  # benchmark workers in fresh processes


def test_latency_stats_from_known_samples():
    stats = LatencyStats.from_samples([1.0] * 98 + [10.0, 20.0])
    assert stats.p50_ms == 1.0 and stats.runs == 100
    assert stats.p99_ms > 10.0
    assert stats.mean_ms == pytest.approx(1.28)


def test_suite_measures_references_and_artifact_in_fresh_processes(tmp_path, tiny_loaded):
    artifact = export_artifact(format_by_cli("onnx"), tiny_loaded, "fp32", tmp_path / "export")
    records = run_suite([artifact.path], threads=[1], runs=8, warmup=2)
    assert [r.name for r in records] == ["pytorch-eager", "torchscript-jit", "pushup.fp32.onnx"]
    onnx = records[-1]
    assert onnx.runtime == "onnx" and onnx.precision == "fp32" and onnx.threads == 1
    assert onnx.size_mb == pytest.approx(artifact.path.stat().st_size / 1e6)
    assert 0 < onnx.latency.p50_ms <= onnx.latency.p90_ms <= onnx.latency.p99_ms
    assert onnx.load_ms > 0 and onnx.first_ms > 0 and onnx.fps > 0
    assert onnx.rss_increase_mb is not None and onnx.peak_rss_mb > onnx.rss_increase_mb

    data = to_json(records, machine_info(), {"runs": 8})
    assert data["records"][0]["ratio_to_eager_p50"] == 1.0
    paths = write_results(data, records, tmp_path / "results" / machine_name())
    assert json.loads(paths[0].read_text())["machine"]["cores_logical"] >= 1
    assert "| pushup.fp32.onnx | onnx | fp32 | 1 |" in paths[1].read_text()
    assert paths[2].read_bytes()[:4] == b"\x89PNG"


def test_missing_artifact_is_refused_before_measuring(tmp_path):
    with pytest.raises(BadInputError, match="artifact not found"):
        run_suite([tmp_path / "nope.tflite"], threads=[1], runs=5, warmup=0)
