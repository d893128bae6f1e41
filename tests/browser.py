"""Headless Chromium driven through chromedriver's W3C WebDriver protocol, over plain HTTP
with httpx: the few calls the web page's tests need, without a client library (the
WebDriver client on PyPI wants a newer typing_extensions than the converters allow)."""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
"""The key under which WebDriver returns an element reference."""
PHONE = (412, 915)
"""Screen of a common phone in CSS pixels, emulated (a desktop window cannot be that narrow)."""


class Browser:
    """One headless Chromium session; ``with Browser() as browser: ...``."""

    def __init__(self, screen: tuple[int, int] = PHONE, extra_args: tuple[str, ...] = ()) -> None:
        chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
        if not chromium or not driver:
            raise RuntimeError("chromium and chromedriver are needed (make test installs them: make browser-deps)")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.driver = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.http.get("/status").json()["value"]["ready"]:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *extra_args]
        phone = {"deviceMetrics": {"width": screen[0], "height": screen[1], "pixelRatio": 1.0}}
        options = {"binary": chromium, "args": args, "mobileEmulation": phone}
        capabilities = {"browserName": "chrome", "goog:chromeOptions": options}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})["sessionId"]

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        reply = self.http.request(method, path, json=body)
        value = reply.json()["value"]
        if reply.status_code != 200:
            raise RuntimeError(f"WebDriver {method} {path}: {value.get('message', value)}")
        return value

    def _session(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        self._session("POST", "/url", {"url": url})

    def choose_file(self, selector: str, path: Path) -> None:
        """Set a file input as a person picking ``path`` would (its change event fires)."""
        element = self._session("POST", "/element", {"using": "css selector", "value": selector})[ELEMENT]
        self._session("POST", f"/element/{element}/value", {"text": str(path)})

    def run(self, script: str, *args: Any) -> Any:
        """The value of a JavaScript function body run in the page."""
        return self._session("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait_for(self, script: str, seconds: float = 180.0) -> Any:
        """Poll ``script`` until it returns something truthy; that value."""
        deadline = time.monotonic() + seconds
        while not (value := self.run(script)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the page never satisfied: {script}")
            time.sleep(0.2)
        return value

    def screenshot(self, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(self._session("GET", "/screenshot")))
        return target

    def close(self) -> None:
        try:
            if hasattr(self, "session"):
                self._session("DELETE", "")
        finally:
            self.http.close()
            self.driver.terminate()
            self.driver.wait(timeout=30)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_y4m(video: Path, target: Path) -> tuple[int, float]:
    """``video`` decoded and written as a YUV4MPEG2 file (4:2:0), what Chromium's fake camera
    plays (``--use-file-for-fake-video-capture``) at the video's own frame rate, looping;
    returns (frames, fps)."""
    import cv2

    capture = cv2.VideoCapture(str(video))
    fps = capture.get(cv2.CAP_PROP_FPS)
    frames = 0
    with target.open("wb") as out:
        while True:
            ok, image = capture.read()
            if not ok:
                break
            if frames == 0:
                height, width = image.shape[:2]
                out.write(f"YUV4MPEG2 W{width} H{height} F{round(fps)}:1 Ip A1:1 C420jpeg\n".encode())
            out.write(b"FRAME\n" + cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420).tobytes())
            frames += 1
    capture.release()
    return frames, fps
