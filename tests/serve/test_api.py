"""The API over real HTTP on loopback: a uvicorn server in a thread and an httpx client."""

import httpx
import pytest

from tests.runtime.test_analyze import write_video


def test_health_and_model(base_url):
    assert httpx.get(f"{base_url}/health").json() == {"status": "ok"}
    model = httpx.get(f"{base_url}/model").json()
    assert model["format"] == "pytorch" and len(model["sha256"]) == 64
    assert [row["fault"] for row in model["feedback"]["advice"]][0] == "hip_sag"


def test_analyze_round_trip(base_url, tmp_path):
    video = write_video(tmp_path / "clip.mp4", 30, 30)
    response = httpx.post(f"{base_url}/analyze", files={"file": ("clip.mp4", video.read_bytes(), "video/mp4")}, timeout=120)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["video"] == "clip.mp4" and report["frames"] == 30
    assert report["reps"] == sum(event["counted"] for event in report["rep_events"])


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [(b"", 400, "empty"), (b"this is not a video", 415, "cannot decode video"), (b"\x00" * 600_000, 413, "too large")],
)
def test_bad_uploads_get_4xx_and_server_stays_up(base_url, payload, status, message):
    response = httpx.post(f"{base_url}/analyze", files={"file": ("x.mp4", payload, "video/mp4")}, timeout=60)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert httpx.get(f"{base_url}/health").status_code == 200


def test_missing_file_field_is_rejected(base_url):
    response = httpx.post(f"{base_url}/analyze", data={"other": "x"}, timeout=30)
    assert response.status_code == 422


def test_the_timeline_is_there_when_asked_and_job_ids_are_checked(base_url, tmp_path):
    video = write_video(tmp_path / "clip.mp4", 30, 30).read_bytes()
    plain = httpx.post(f"{base_url}/analyze", files={"file": ("clip.mp4", video, "video/mp4")}, timeout=120).json()
    assert "timeline" not in plain
    report = httpx.post(f"{base_url}/analyze?timeline=true&job=abcdef123456",
                        files={"file": ("clip.mp4", video, "video/mp4")}, timeout=120).json()
    series = report["timeline"]
    assert len(series["t"]) == len(series["pushup"]) == len(series["depth"]) == report["analyzed_frames"]
    assert series["t"] == sorted(series["t"]) and all(0.0 <= p <= 1.0 for p in series["pushup"])
    assert httpx.get(f"{base_url}/progress/abcdef123456").status_code == 404  # ended: forgotten
    bad = httpx.post(f"{base_url}/analyze?job=../x", files={"file": ("clip.mp4", video, "video/mp4")}, timeout=60)
    assert bad.status_code == 422
