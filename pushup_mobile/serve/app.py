"""The FastAPI app: ``POST /analyze``, ``GET /progress/{job}``, ``GET /health``,
``GET /model``, the web page at ``GET /`` (``web/``: pick or drop a video, see the
count, the advice per rep and the timeline) and its live mode at ``GET /live`` (the camera,
counted in the browser: ``GET /live/model`` and ``/live/files/{name}`` give it the model,
:mod:`pushup_mobile.serve.live`).

Each upload is spooled to a file under the app's own temporary folder (OpenCV decodes
files, not streams), analysed by a worker process (:mod:`pushup_mobile.serve.worker`),
and deleted. Bad uploads get a 4xx with the same one-line message the CLI prints, and the
server stays up:

- the upload cap holds while the body streams in (:class:`BodyLimit`): a declared
  ``Content-Length`` over it is refused before a byte is read, and a body without one is
  cut off at the cap;
- what is decoded is judged by content (:mod:`pushup_mobile.video`), never by the
  client's filename;
- each worker runs one analysis at a time with at most ``queue`` uploads waiting; more
  get 503 with ``Retry-After``; an analysis past ``time_limit_s`` has its worker killed
  (a stuck decode included) and answers 503;
- ``/health`` and ``/model`` run on the event loop of a process that never analyses, so
  they answer while analyses run;
- on shutdown the workers stop and the temporary folder goes, whatever was in flight;
- with an API key, every request but ``/health`` must carry it (401 before the body is read).
"""

from __future__ import annotations

import hmac
import json
import logging
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pushup_mobile.errors import BadInputError, PushupError
from pushup_mobile.serve.live import WEB_RUNTIME_DIR, LiveModel
from pushup_mobile.serve.worker import AnalysisBug, AnalysisTimeout, ShuttingDown, WorkerLost, WorkerPool
from pushup_mobile.video import container_of

DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_QUEUE = 4
"""Analyses that may wait for a busy worker; more are told to come back."""
DEFAULT_TIME_LIMIT_S = 600.0
"""Wall-clock seconds one analysis may take (a 10-minute video runs in ~1-3 minutes here)."""
RETRY_AFTER_S = 30
CHUNK = 1 << 20
log = logging.getLogger("uvicorn.error")
SUFFIXES = {"MP4/MOV": ".mp4", "WebM/Matroska": ".mkv", "AVI": ".avi"}
WEB = Path(__file__).resolve().parent / "web"
"""The page ``GET /`` serves (plain HTML, JS and CSS: no build step)."""
JOB_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


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


def _is_open(path: str) -> bool:
    """What needs no API key: ``/health``, and the web pages with their files (they hold no
    data; the page asks for the key and sends it with every call)."""
    return path in ("/", "/live", "/health") or path.startswith("/web/")


class CrossOriginIsolation:
    """ASGI middleware: the web pages and their files say they may not be embedded
    cross-origin nor embed cross-origin resources, which makes the pages cross-origin
    isolated: the browser then allows the shared memory the TFLite runtime's threads need
    (live mode). Everything the pages load comes from this server, so nothing else changes;
    other answers (the API, FastAPI's own docs) are left as they were."""

    HEADERS = [(b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-embedder-policy", b"require-corp")]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (scope["path"] in ("/", "/live") or scope["path"].startswith("/web/")):
            await self.app(scope, receive, send)
            return

        async def isolated(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, isolated)


class ApiKey:
    """ASGI middleware: every request but ``/health`` and the web page must carry
    ``X-API-Key: <key>`` (compared in constant time); others get 401 before their body is
    read."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app, self.key = app, key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _is_open(scope["path"]):
            given = dict(scope["headers"]).get(b"x-api-key", b"")
            if not hmac.compare_digest(given, self.key):
                await _reply(send, 401, "missing or wrong X-API-Key")
                return
        await self.app(scope, receive, send)


def create_app(model: Path | str | None = None, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, queue: int = DEFAULT_QUEUE,
               time_limit_s: float = DEFAULT_TIME_LIMIT_S, api_key: str | None = None, workers: int = 1,
               threads: int = 1) -> FastAPI:
    """``model``: what ``open_model`` takes (``None``: the shipped default), opened by each
    of ``workers`` processes before this returns (a bad model is an error here, not at the
    first upload). ``api_key``: when given, every request but ``/health`` needs it."""
    pool = WorkerPool(str(model) if model is not None else None, size=workers, threads=threads)
    uploads = Path(tempfile.mkdtemp(prefix="pushup-serve-"))
    live = LiveModel(str(model) if model is not None else None, uploads / "live")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:  # off the event loop: stopping workers may take seconds
            live.close()
            await run_in_threadpool(pool.close)
            shutil.rmtree(uploads, ignore_errors=True)

    app = FastAPI(title="pushup-mobile", description="Push-up counting and form advice for uploaded videos.",
                  lifespan=lifespan)
    app.state.uploads, app.state.pool, app.state.live = uploads, pool, live
    limit = int(max_upload_mb * 1e6)
    app.add_middleware(BodyLimit, limit=limit, mb=max_upload_mb)
    app.add_middleware(CrossOriginIsolation)
    if api_key:
        app.add_middleware(ApiKey, key=api_key)  # added last: runs first, before any body is read
    admitted = threading.BoundedSemaphore(queue + workers)  # those running and those waiting

    jobs: dict[str, dict[str, Any]] = {}  # job id -> its state, while its request runs
    if WEB_RUNTIME_DIR.is_dir():  # before /web: the more specific mount first
        app.mount("/web/runtime", StaticFiles(directory=WEB_RUNTIME_DIR), name="runtime")
    app.mount("/web", StaticFiles(directory=WEB), name="web")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/live", include_in_schema=False)
    async def live_page() -> FileResponse:
        return FileResponse(WEB / "live.html")

    @app.get("/live/model")
    def live_model() -> dict[str, Any]:  # a thread of its own: the first call opens the model
        """What the live page runs: ``status`` ``ready`` with the manifest and the files to
        fetch, ``preparing`` (the model is being exported for the browser: ask again), or
        ``failed`` with ``detail``."""
        return live.status()

    @app.get("/live/files/{name}", include_in_schema=False)
    async def live_file(name: str) -> FileResponse:
        path = live.file(name)
        if path is None:
            raise HTTPException(404, f"no live-mode file {name[:64]!r} (GET /live/model lists them)")
        return FileResponse(path)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/progress/{job}")
    async def progress(job: str) -> dict[str, Any]:
        """Where the analysis the client named ``job`` stands: ``waiting`` for a worker, or
        ``analysing`` with frames ``done`` of ``total``."""
        if job not in jobs:
            raise HTTPException(404, f"no analysis running under job {job[:64]!r}")
        return jobs[job]

    @app.get("/model")
    async def model_info() -> dict[str, Any]:
        return pool.description

    @app.post("/analyze")
    def analyze(file: UploadFile = File(...), timeline: bool = False,
                job: str | None = Query(None, pattern=JOB_PATTERN)) -> dict[str, Any]:
        """``timeline``: add per-frame time, push-up probability and depth; ``job``: a
        client-chosen id under which ``GET /progress/{job}`` reports this analysis."""
        name = file.filename or "upload"
        if job is not None:
            state = {"state": "waiting"}
            if jobs.setdefault(job, state) is not state:
                raise HTTPException(409, f"job {job} is already running; choose a new id")
        try:
            return _analyze(file, name, timeline, job)
        finally:
            jobs.pop(job, None)

    def _analyze(file: UploadFile, name: str, timeline: bool, job: str | None) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(dir=uploads) as folder:
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
            if not admitted.acquire(blocking=False):  # only a real video waits for a worker
                raise HTTPException(503, "server busy: too many analyses waiting; retry later",
                                    headers={"Retry-After": str(RETRY_AFTER_S)})
            try:
                def on_progress(done: int, total: int) -> None:
                    if job is not None:
                        jobs[job] = {"state": "analysing", "done": done, "total": total}

                report = pool.analyze(path, time_limit_s, timeline, on_progress)
            except BadInputError as exc:
                raise HTTPException(415, str(exc).replace(str(path), name)) from exc
            except AnalysisTimeout as exc:
                raise HTTPException(503, f"analysis stopped after the server's {time_limit_s:g} s limit: {name}",
                                    headers={"Retry-After": str(RETRY_AFTER_S)}) from exc
            except ShuttingDown as exc:
                raise HTTPException(503, "the server is shutting down; retry later",
                                    headers={"Retry-After": str(RETRY_AFTER_S)}) from exc
            except WorkerLost as exc:
                raise HTTPException(500, f"the analysis of {name} stopped: its worker process died "
                                         "(out of memory?); the server goes on") from exc
            except AnalysisBug as exc:
                log.error("analysis of %s failed in its worker:\n%s", name, exc.trace)
                raise HTTPException(500, f"the analysis of {name} failed (a bug, logged by the server): {exc}") from exc
            except PushupError as exc:
                raise HTTPException(422, f"cannot analyse {name}: {exc}") from exc
            finally:
                admitted.release()
        report["video"] = name
        return report

    return app
