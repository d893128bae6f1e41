"""The FastAPI app: ``POST /analyze``, ``GET /health``, ``GET /model``.

The model is opened once when the app is built; each upload is spooled to a temporary
file (OpenCV decodes files, not streams), analysed, and deleted. Bad uploads get a 4xx
with the same one-line message the CLI prints, and the server stays up:

- the upload cap holds while the body streams in (:class:`BodyLimit`): a declared
  ``Content-Length`` over it is refused before a byte is read, and a body without one is
  cut off at the cap;
- what is decoded is judged by content (:mod:`pushup_mobile.video`), never by the
  client's filename;
- analyses run one at a time (one model, one LSTM state) with at most ``queue`` waiting;
  more get 503 with ``Retry-After``; an analysis past ``time_limit_s`` stops with 503;
- ``/health`` and ``/model`` run on the event loop, so they answer while analyses run;
- with an API key, every request but ``/health`` must carry it (401 before the body is read).
"""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, HTTPException, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pushup_mobile.analyze import analyze_video
from pushup_mobile.errors import BadInputError
from pushup_mobile.runtime import OpenedModel
from pushup_mobile.video import container_of

DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_QUEUE = 4
"""Analyses that may wait for the one running; more are told to come back."""
DEFAULT_TIME_LIMIT_S = 600.0
"""Wall-clock seconds one analysis may take (a 10-minute video runs in ~1-3 minutes here)."""
RETRY_AFTER_S = 30
CHUNK = 1 << 20
SUFFIXES = {"MP4/MOV": ".mp4", "WebM/Matroska": ".mkv", "AVI": ".avi"}


class _TooLarge(Exception):
    pass


async def _reply(send: Send, status: int, detail: str) -> None:
    """A JSON ``{"detail": ...}`` answer from a middleware, closing the connection (the
    request's body is not read)."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: request bodies over ``limit`` bytes get 413 while streaming in."""

    def __init__(self, app: ASGIApp, limit: int, mb: float) -> None:
        self.app, self.limit, self.mb = app, limit, mb

    async def _refuse(self, send: Send) -> None:
        await _reply(send, 413, f"upload too large: over {self.mb:g} MB")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        seen, exceeded, replied = 0, False, False

        async def limited() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            # the form parser turns any error while reading into its own 400: say 413 instead
            nonlocal replied
            if exceeded:
                if not replied:
                    replied = True
                    await self._refuse(send)
                return
            replied = replied or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if not replied:
                await self._refuse(send)


def _model_description(model: OpenedModel) -> dict[str, Any]:
    return {
        **model.describe(),
        "preprocessing": model.frame_input.to_manifest(),
        "feedback": model.rules.to_manifest(),
        "state_shape": list(model.state_shape),
    }


class ApiKey:
    """ASGI middleware: every request but ``/health`` must carry ``X-API-Key: <key>``
    (compared in constant time); others get 401 before their body is read."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app, self.key = app, key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != "/health":
            given = dict(scope["headers"]).get(b"x-api-key", b"")
            if not hmac.compare_digest(given, self.key):
                await _reply(send, 401, "missing or wrong X-API-Key")
                return
        await self.app(scope, receive, send)


def create_app(model: OpenedModel, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, queue: int = DEFAULT_QUEUE,
               time_limit_s: float = DEFAULT_TIME_LIMIT_S, api_key: str | None = None) -> FastAPI:
    """``api_key``: when given, every request but ``/health`` needs it (``X-API-Key``)."""
    app = FastAPI(title="pushup-mobile", description="Push-up counting and form advice for uploaded videos.")
    limit = int(max_upload_mb * 1e6)
    app.add_middleware(BodyLimit, limit=limit, mb=max_upload_mb)
    if api_key:
        app.add_middleware(ApiKey, key=api_key)  # added last: runs first, before any body is read
    lock = threading.Lock()  # one runner, one LSTM state: analyses run one at a time
    admitted = threading.BoundedSemaphore(queue + 1)  # the running analysis and those waiting

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/model")
    async def model_info() -> dict[str, Any]:
        return _model_description(model)

    @app.post("/analyze")
    def analyze(file: UploadFile = File(...)) -> dict[str, Any]:
        name = file.filename or "upload"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            size = 0
            with path.open("wb") as out:
                while block := file.file.read(CHUNK):
                    size += len(block)
                    if size > limit:
                        raise HTTPException(413, f"upload too large: over {max_upload_mb:g} MB")
                    out.write(block)
            if size == 0:
                raise HTTPException(400, "upload is empty")
            container = container_of(path)
            if container is None:
                raise HTTPException(415, f"cannot decode video: not a {', '.join(SUFFIXES)} file (judged by its content): {name}")
            path = path.rename(path.with_suffix(SUFFIXES[container]))
            if not admitted.acquire(blocking=False):  # only a real video waits for the model
                raise HTTPException(503, "server busy: too many analyses waiting; retry later",
                                    headers={"Retry-After": str(RETRY_AFTER_S)})
            try:
                return _run(path, name)
            finally:
                admitted.release()

    def _run(path: Path, name: str) -> dict[str, Any]:
        """One analysis, after the others, within the time limit."""
        deadline = [0.0]

        def on_frame(done: int, total: int) -> None:
            if time.monotonic() > deadline[0]:
                raise TimeoutError

        try:
            with lock:
                deadline[0] = time.monotonic() + time_limit_s  # the limit counts work, not waiting
                report = analyze_video(path, model, on_frame=on_frame).report
        except BadInputError as exc:
            raise HTTPException(415, str(exc).replace(str(path), name)) from exc
        except TimeoutError as exc:
            raise HTTPException(503, f"analysis stopped after the server's {time_limit_s:g} s limit: {name}",
                                headers={"Retry-After": str(RETRY_AFTER_S)}) from exc
        report["video"] = name
        return report

    return app
