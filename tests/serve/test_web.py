"""The web page of ``serve`` in a real browser (headless Chromium at a phone's width):
upload a rendered set with a known rep count and read the count and advice from the page;
bad files give a sentence, not JSON. Screenshots land in ``build/test-artifacts/``."""

import re
from pathlib import Path

import httpx
import pytest

from pushup_mobile.runtime.analyze import analyze_video
from pushup_mobile.runtime.models import open_model
from pushup_mobile.serve.app import create_app
from tests.browser import Browser
from tests.serve.conftest import running
from tests.runtime.test_analyze import write_video

pytestmark = pytest.mark.slow  # headless Chromium against a served page

ARTEFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
FINISHED = """
const result = document.getElementById("result"), error = document.getElementById("error");
if (!result.hidden) return "result";
if (!error.hidden) return "error";
return null;
"""
PAGE_STATE = """
return {
  count: document.getElementById("count").textContent,
  advice: [...document.querySelectorAll("#advice li")].map((li) => li.textContent),
  reps: [...document.querySelectorAll("#reps tbody tr")].map((tr) => [...tr.cells].map((td) => td.textContent)),
  error: document.getElementById("error").textContent,
  lines: document.querySelectorAll("#timeline polyline").length,
  video: document.getElementById("video").src.startsWith("blob:"),
  width: document.documentElement.scrollWidth,
  keyAsked: getComputedStyle(document.getElementById("key-row")).display !== "none",
};
"""


@pytest.fixture(scope="module")
def server():
    with running(create_app(None, max_upload_mb=5)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with Browser(screen=(412, 1700)) as driven:  # a phone's width, tall enough to screenshot it all
        yield driven


def test_the_page_and_its_files_are_served_without_a_key():
    with running(create_app(None, api_key="s3cret")) as url:
        page = httpx.get(f"{url}/")
        assert page.status_code == 200 and '<script src="/web/app.js">' in page.text
        assert httpx.get(f"{url}/web/app.js").status_code == 200
        assert httpx.get(f"{url}/progress/abcdefgh12").status_code == 401  # the API itself still needs it
        assert httpx.get(f"{url}/progress/abcdefgh12", headers={"X-API-Key": "s3cret"}).status_code == 404


def test_a_rendered_set_uploaded_in_the_page_shows_what_analyze_reports(server, browser, tmp_path):
    from pushup_mobile.synth.demo import write_demo_video

    demo = write_demo_video(tmp_path / "set.mp4", reps=3, seed=1, fps=30.0, size=384)
    expected = analyze_video(demo.path, open_model(None)).report
    browser.open(f"{server}/")
    browser.choose_file("#file", demo.path)
    assert browser.wait_for(FINISHED) == "result", browser.run(PAGE_STATE)["error"]
    state = browser.run(PAGE_STATE)
    browser.screenshot(ARTEFACTS / "web_upload.png")
    assert state["count"] == str(expected["reps"]) and expected["reps"] >= 2
    assert len(state["reps"]) == len(expected["rep_events"])
    counted = [row[0] for row in state["reps"] if row[0] != "not counted"]
    assert counted == [str(e["index"]) for e in expected["rep_events"] if e["counted"]]
    assert all(re.fullmatch(r"\d+ %", row[2]) for row in state["reps"])
    assert state["advice"] == (expected["advice"] or ["Good form on every rep."])
    assert state["lines"] == 2 and state["video"] and state["width"] <= 412  # nothing wider than the phone
    assert not state["keyAsked"]


@pytest.mark.parametrize(("payload", "message"), [
    (b"this is not a video", "cannot be analysed"),
    (b"\x00" * 6_000_000, "too large for this server"),
])
def test_a_refused_upload_is_a_sentence_in_the_page(server, browser, tmp_path, payload, message):
    bad = tmp_path / "clip.mp4"
    bad.write_bytes(payload)
    browser.open(f"{server}/")
    browser.choose_file("#file", bad)
    assert browser.wait_for(FINISHED, seconds=60) == "error"
    text = browser.run(PAGE_STATE)["error"]
    assert message in text and "{" not in text
    browser.screenshot(ARTEFACTS / f"web_refused_{len(payload)}.png")


def test_a_server_with_a_key_asks_for_it_and_the_page_sends_it(browser, tmp_path):
    video = write_video(tmp_path / "clip.mp4", 30, 15)
    with running(create_app(None, api_key="s3cret")) as url:
        browser.open(f"{url}/")
        browser.run("sessionStorage.clear();")
        browser.choose_file("#file", video)
        assert browser.wait_for(FINISHED, seconds=60) == "error"
        state = browser.run(PAGE_STATE)
        assert state["keyAsked"] and "API key" in state["error"]
        browser.run('document.getElementById("key").value = "s3cret";'
                    'document.getElementById("key-row").requestSubmit();')
        assert browser.wait_for(FINISHED) == "result"
        assert browser.run(PAGE_STATE)["count"] == "0"
