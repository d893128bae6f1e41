"""The live page (``GET /live``) in a real browser: Chromium's fake camera plays a rendered
set, the page runs BlazePose and the step model in the browser (TFLite WebAssembly) and
the JavaScript core, and counts the same reps with the same advice as ``analyze`` on the
same video. The page's speed lands in ``build/test-artifacts/web_live.json``; its
screenshot beside it. The API side: what ``/live/model`` offers and refuses."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from pushup_mobile.runtime.analyze import analyze_video
from pushup_mobile.runtime.models import open_model
from pushup_mobile.serve.app import create_app
from tests.browser import Browser, write_y4m
from tests.serve.conftest import running

ARTEFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
END_TOLERANCE_S = 0.4
"""A camera's frame times jitter around the file's: a rep's end may move by a few frames."""
READY = """
const live = window.pushupLive, start = document.getElementById("start");
if (live && live.error) return "error: " + live.error;
return !start.disabled && "ready";
"""


@pytest.fixture(scope="module")
def rendered_set(tmp_path_factory):
    from pushup_mobile.synth.demo import write_demo_video

    folder = tmp_path_factory.mktemp("live")
    demo = write_demo_video(folder / "set.mp4", reps=3, seed=1, fps=15.0, size=384)
    frames, fps = write_y4m(demo.path, folder / "set.y4m")
    return demo.path, folder / "set.y4m", frames, fps


@pytest.mark.slow  # a model export, headless Chromium, BlazePose in WebAssembly
def test_the_live_page_counts_a_filmed_set_like_analyze(rendered_set):
    video, camera, frames, fps = rendered_set
    expected = analyze_video(video, open_model(None)).report
    assert expected["reps"] >= 2
    fake_camera = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                   f"--use-file-for-fake-video-capture={camera}")
    with running(create_app(None)) as url, Browser(screen=(412, 1300), extra_args=fake_camera) as browser:
        browser.open(f"{url}/live")
        assert browser.wait_for(READY, seconds=240) == "ready"  # the server exports its model for the browser first
        browser.run('document.getElementById("start").click();')
        started = time.monotonic()
        live = browser.wait_for(f"const s = window.pushupLive; return (s.error || s.frames > {frames}) && s;", seconds=240)
        seconds = time.monotonic() - started
        browser.screenshot(ARTEFACTS / "web_live.png")
    assert live["error"] is None, live["error"]
    duration = frames / fps
    first_pass = [rep for rep in live["reps"] if rep["end_s"] < duration]  # the fake camera loops the file
    counted = [rep for rep in first_pass if rep["counted"]]
    wanted = [event for event in expected["rep_events"] if event["counted"]]
    assert [rep["index"] for rep in counted] == [event["index"] for event in wanted]
    for rep, event in zip(counted, wanted):
        assert abs(rep["end_s"] - event["end_s"]) <= END_TOLERANCE_S, (rep, event)
        assert rep["advice"] == event["advice"]
    speed = {"frames": live["frames"], "processed": live["kept"], "ms_per_frame": live["processMs"] / live["kept"],
             "frames_per_second": live["kept"] / seconds, "threads": live["threads"],
             "page_reps": len(counted), "analyze_reps": len(wanted)}
    (ARTEFACTS / "web_live.json").write_text(json.dumps(speed, indent=2) + "\n")


@pytest.mark.slow  # a TFLite conversion
def test_a_tflite_artifact_is_offered_as_it_is_with_its_front_end(tmp_path):
    from pushup_mobile.export.formats import export_artifact, format_by_cli
    from pushup_mobile.families import load_model

    artifact = export_artifact(format_by_cli("tflite"), load_model("pose"), "fp32", tmp_path).path
    with running(create_app(artifact, api_key="k")) as url:
        assert httpx.get(f"{url}/live").status_code == 200  # the page itself needs no key
        assert httpx.get(f"{url}/live/model").status_code == 401
        state = httpx.get(f"{url}/live/model", headers={"X-API-Key": "k"}).json()
        assert state["status"] == "ready" and state["manifest"]["state"] == ["h", "c"]
        model = httpx.get(f"{url}{state['files']['model']}", headers={"X-API-Key": "k"})
        assert model.content == artifact.read_bytes()
        names = [path.rsplit("/", 1)[1] for path in state["files"]["front_end"]]
        assert names == ["pose_detection.tflite", "pose_landmark_full.tflite"]
        assert httpx.get(f"{url}/live/files/secret.txt", headers={"X-API-Key": "k"}).status_code == 404
        assert httpx.get(f"{url}/live/files/..%2Fmanifest.json", headers={"X-API-Key": "k"}).status_code == 404
        isolated = httpx.get(f"{url}/live")
        assert isolated.headers["cross-origin-embedder-policy"] == "require-corp"


def test_a_pixel_model_is_refused_with_a_sentence_before_any_export():
    app = create_app("pixel")
    with running(app) as url:
        state = httpx.get(f"{url}/live/model").json()
        assert not (app.state.uploads / "live").exists()  # no export was started
    assert state["status"] == "failed" and "keypoint models" in state["detail"] and "pixel family" in state["detail"]
