import pytest

from pushup_mobile.bench.end_to_end import run


def test_end_to_end_reports_every_stage():
    result = run(None, seconds=1.0, fps=30.0, size=(320, 180))
    assert result["video"]["seconds"] == pytest.approx(1.0)
    assert result["frames_analysed"] == 15  # 30 fps video at the model's 15 fps
    stages = result["per_frame_ms"]
    assert set(stages) == {"decode", "preprocess", "step", "feedback"}
    assert all(value > 0 for value in stages.values())
    assert result["realtime_factor"] == pytest.approx(1.0 / result["wall_s"])
