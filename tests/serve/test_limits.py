"""The server's limits on hostile or heavy clients, over real HTTP on loopback."""

import os
import signal
import socket
import threading
import time

import httpx
import psutil
import pytest

from pushup_mobile.errors import PushupError
from pushup_mobile.serve.app import create_app
from tests.serve.conftest import running
from tests.runtime.test_analyze import write_video

pytestmark = pytest.mark.slow  # servers with worker processes, minute-long videos, a load burst


def test_a_body_without_length_is_cut_off_at_the_cap_and_a_declared_one_refused_unread(base_url):
    def chunks():
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n\r\n'
        for _ in range(64):  # 8 MB of file part, no closing boundary, against a 0.5 MB cap
            yield b"\x00" * 131072

    streamed = httpx.post(f"{base_url}/analyze", content=chunks(),
                          headers={"content-type": "multipart/form-data; boundary=x"}, timeout=60)
    assert streamed.status_code == 413 and "too large" in streamed.json()["detail"]
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:  # 10 GB announced, none sent
        raw.sendall(b"POST /analyze HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    b"Content-Length: 10000000000\r\n\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 413")
    assert httpx.get(f"{base_url}/health").status_code == 200


def test_a_playlist_is_not_decoded_whatever_its_name(base_url, tmp_path):
    target = write_video(tmp_path / "secret.mp4", 15, 15)
    playlist = f"#EXTM3U\n#EXTINF:1,\n{target}\n#EXT-X-ENDLIST\n".encode()
    for name in ("list.m3u8", "clip.mp4"):
        response = httpx.post(f"{base_url}/analyze", files={"file": (name, playlist, "video/mp4")}, timeout=60)
        assert response.status_code == 415 and "judged by its content" in response.json()["detail"]


def test_a_full_queue_says_come_back_later_and_health_never_waits(tmp_path):
    """One analysis running, none may wait (queue 0): a second upload gets 503 with
    Retry-After while /health answers at once."""
    long_video = write_video(tmp_path / "long.mp4", 30, 1800).read_bytes()  # a minute: seconds of work
    short_video = write_video(tmp_path / "short.mp4", 30, 15).read_bytes()
    with running(create_app(None, queue=0)) as url:
        first: dict = {}
        worker = threading.Thread(target=lambda: first.update(response=httpx.post(
            f"{url}/analyze?job=long-running", files={"file": ("long.mp4", long_video, "video/mp4")}, timeout=300)))
        worker.start()
        # the long upload takes the one slot first (else a short one could, and the long one be refused)
        while worker.is_alive() and httpx.get(f"{url}/progress/long-running", timeout=5).json().get("state") != "analysing":
            time.sleep(0.05)
        refused, health = None, []
        while worker.is_alive() and refused is None:
            health.append(httpx.get(f"{url}/health", timeout=5).elapsed.total_seconds())
            second = httpx.post(f"{url}/analyze", files={"file": ("short.mp4", short_video, "video/mp4")}, timeout=300)
            if second.status_code == 503:
                refused = second
        worker.join()
    assert first["response"].status_code == 200
    assert refused is not None and refused.headers["retry-after"] == "30" and "busy" in refused.json()["detail"]
    assert max(health) < 1.0


def test_an_analysis_past_the_time_limit_is_killed_and_the_next_upload_is_analysed(tmp_path):
    """A minute of video cannot finish in 2 s: its worker is killed (as a decode stuck in
    FFmpeg would be), the client gets 503, and a fresh worker takes the next upload."""
    long_video = write_video(tmp_path / "long.mp4", 30, 1800).read_bytes()
    short_video = write_video(tmp_path / "short.mp4", 30, 15).read_bytes()
    app = create_app(None, time_limit_s=2.0)
    with running(app) as url:
        first_pid = app.state.pool.workers[0].process.pid
        response = httpx.post(f"{url}/analyze", files={"file": ("long.mp4", long_video, "video/mp4")}, timeout=60)
        assert response.status_code == 503 and "2 s limit" in response.json()["detail"]
        assert not psutil.pid_exists(first_pid) or psutil.Process(first_pid).status() == psutil.STATUS_ZOMBIE
        assert httpx.get(f"{url}/health").status_code == 200
        again = httpx.post(f"{url}/analyze", files={"file": ("short.mp4", short_video, "video/mp4")}, timeout=120)
        assert again.status_code == 200 and again.json()["frames"] == 15
        assert app.state.pool.workers[0].process.pid != first_pid


def test_a_worker_that_dies_midway_is_a_500_and_the_server_goes_on(tmp_path):
    long_video = write_video(tmp_path / "long.mp4", 30, 1800).read_bytes()
    short_video = write_video(tmp_path / "short.mp4", 30, 15).read_bytes()
    app = create_app(None)
    with running(app) as url:
        worker = app.state.pool.workers[0].process

        def kill_once_analysing() -> None:  # as the OOM killer would, midway
            while httpx.get(f"{url}/progress/dying-worker", timeout=5).json().get("state") != "analysing":
                time.sleep(0.05)
            os.kill(worker.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_once_analysing, daemon=True)
        killer.start()
        response = httpx.post(f"{url}/analyze?job=dying-worker",
                              files={"file": ("long.mp4", long_video, "video/mp4")}, timeout=120)
        killer.join(timeout=10)
        assert response.status_code == 500 and "worker process died" in response.json()["detail"]
        again = httpx.post(f"{url}/analyze", files={"file": ("short.mp4", short_video, "video/mp4")}, timeout=120)
        assert again.status_code == 200 and again.json()["frames"] == 15


def test_shutdown_stops_the_workers_and_removes_the_upload_folder(tmp_path):
    app = create_app(None)
    with running(app) as url:
        assert httpx.get(f"{url}/health").status_code == 200
        workers = [worker.process for worker in app.state.pool.workers]
        assert app.state.uploads.is_dir() and all(worker.is_alive() for worker in workers)
    assert not app.state.uploads.exists()
    assert not any(worker.is_alive() for worker in workers)


def test_a_model_that_cannot_be_opened_is_an_error_before_serving(tmp_path):
    missing = tmp_path / "missing.tflite"
    with pytest.raises(PushupError, match="missing.tflite"):
        create_app(missing)


def test_a_burst_of_mixed_uploads_is_answered_in_full_and_leaves_no_temp_file():
    """The load benchmark at CI size: every upload gets its expected answer (a video: 200,
    or 503 + Retry-After when the queue is full), none is lost, no temp file stays."""
    from pushup_mobile.bench.serve_load import KINDS, run

    result = run(requests=15, concurrency=15)
    assert result["unexpected"] == 0, result["outcomes"]
    assert sum(sum(counts.values()) for counts in result["outcomes"].values()) == 15
    assert set(result["outcomes"]) == set(KINDS) and result["outcomes"]["video"].get("200", 0) >= 1
    assert result["temp_files_left"] == [] and result["stopped_by_sigterm"]


def test_with_an_api_key_only_health_is_open(tmp_path):
    video = write_video(tmp_path / "clip.mp4", 30, 15).read_bytes()
    with running(create_app(None, api_key="s3cret")) as url:
        assert httpx.get(f"{url}/health").status_code == 200
        assert httpx.get(f"{url}/model").status_code == 401
        refused = httpx.post(f"{url}/analyze", files={"file": ("clip.mp4", video, "video/mp4")}, timeout=60)
        assert refused.status_code == 401 and "X-API-Key" in refused.json()["detail"]
        wrong = httpx.post(f"{url}/analyze", files={"file": ("clip.mp4", video, "video/mp4")},
                           headers={"X-API-Key": "guess"}, timeout=60)
        assert wrong.status_code == 401
        right = httpx.post(f"{url}/analyze", files={"file": ("clip.mp4", video, "video/mp4")},
                           headers={"X-API-Key": "s3cret"}, timeout=60)
        assert right.status_code == 200 and right.json()["frames"] == 15
