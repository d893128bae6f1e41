"""Analyses in worker processes: the server's own process only moves bytes.

A decode stuck inside FFmpeg cannot be interrupted from Python, and an analysis holds the
interpreter while it runs: in a thread it would delay ``/health`` and could never be
stopped. Each worker is a spawned process that opens the model once and analyses one
upload at a time; past the time limit (or when it dies: out of memory, a crash in native
code) the server kills it and starts a fresh one for the next upload.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pushup_mobile import errors
from pushup_mobile.errors import PushupError

START_TIMEOUT_S = 300.0
"""How long a worker may take to import the runtime and open the model."""
STOP_TIMEOUT_S = 5.0
PROGRESS_EVERY_S = 0.25
"""How often a worker reports frames done: often enough for a progress bar."""
Progress = Callable[[int, int], None]


class AnalysisTimeout(Exception):
    """The analysis ran past the time limit; its worker was killed."""


class WorkerLost(Exception):
    """The worker died during the analysis (killed by the system, crashed in native code)."""


class ShuttingDown(Exception):
    """The server is stopping: no analysis starts, a running one is ended."""


class AnalysisBug(Exception):
    """The analysis raised an unexpected error (a bug); ``trace`` is the worker's traceback."""

    def __init__(self, message: str, trace: str) -> None:
        super().__init__(message)
        self.trace = trace


def describe(model: Any) -> dict[str, Any]:
    """What ``GET /model`` answers for an opened model."""
    return {
        **model.describe(),
        "preprocessing": model.frame_input.to_manifest(),
        "feedback": model.rules.to_manifest(),
        "state": {name: list(shape) for name, shape in model.state_spec.items()},
    }


def _serve(model_name: str | None, threads: int, conn: Connection) -> None:
    """The worker's loop: open the model, say so, then analyse paths until told to stop
    (``None``) or until the server is gone (the pipe closes)."""
    import signal

    from pushup_mobile.runtime.analyze import analyze_video, timeline
    from pushup_mobile.runtime.models import open_model

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops us
    try:
        model = open_model(Path(model_name) if model_name else None, threads=threads)
    except PushupError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready", describe(model)))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        path, with_timeline = job
        sent = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - sent[0] >= PROGRESS_EVERY_S:
                sent[0] = time.monotonic()
                conn.send(("progress", done, total))

        try:
            analysis = analyze_video(Path(path), model, on_frame=progress)
            conn.send(("ok", {**analysis.report, **({"timeline": timeline(analysis)} if with_timeline else {})}))
        except PushupError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # a bug: the server answers 500, logs the trace, and this worker goes on
            conn.send(("bug", type(exc).__name__, str(exc), traceback.format_exc()))


def _as_error(kind: str, message: str) -> PushupError:
    cls = getattr(errors, kind, None)
    return cls(message) if isinstance(cls, type) and issubclass(cls, PushupError) else PushupError(message)


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, model_name: str | None, threads: int) -> None:
        context = multiprocessing.get_context("spawn")  # no forked copy of the server's threads and sockets
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(model_name, threads, child), daemon=True,
                                       name="pushup-analysis")
        self._dead = self._stopping = False
        self.process.start()
        child.close()
        try:
            if not self.conn.poll(START_TIMEOUT_S):
                raise PushupError(f"the analysis worker did not open the model within {START_TIMEOUT_S:g} s")
            reply = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise PushupError("the analysis worker stopped while opening the model") from None
        except PushupError:
            self.kill()
            raise
        if reply[0] != "ready":
            self.kill()
            raise _as_error(reply[1], reply[2])
        self.description: dict[str, Any] = reply[1]

    def analyze(self, path: Path, time_limit_s: float, with_timeline: bool = False,
                on_progress: Progress | None = None) -> dict[str, Any]:
        """The report for ``path`` (with its per-frame ``timeline`` if asked);
        ``on_progress(done, total)`` hears of the frames as they go. :class:`AnalysisTimeout`
        or :class:`WorkerLost` leave this worker dead (the pool replaces it)."""
        try:
            self.conn.send((str(path), with_timeline))
            deadline = time.monotonic() + time_limit_s
            while True:
                if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                    self.kill()
                    raise AnalysisTimeout
                reply = self.conn.recv()
                if reply[0] != "progress":
                    break
                if on_progress is not None:
                    on_progress(reply[1], reply[2])
        except (EOFError, OSError):  # the process is gone, or the pool closed the pipe
            stopping = self._stopping
            self.kill()
            raise (ShuttingDown if stopping else WorkerLost) from None
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "bug":
            raise AnalysisBug(f"{reply[1]}: {reply[2]}", reply[3])
        raise _as_error(reply[1], reply[2])

    @property
    def alive(self) -> bool:
        return not self._dead and self.process.is_alive()

    def kill(self) -> None:
        self._dead = True
        self.process.kill()
        self.process.join(STOP_TIMEOUT_S)
        self.conn.close()

    def ask_to_stop(self) -> None:
        """Tell an idle worker to finish (a busy one reads it after its analysis)."""
        self._stopping = True
        try:
            self.conn.send(None)
        except OSError:
            pass


class WorkerPool:
    """``size`` workers, each analysing one upload at a time; a dead one is replaced
    before the next upload runs on it."""

    def __init__(self, model_name: str | None, size: int = 1, threads: int = 1) -> None:
        self.model_name, self.threads = model_name, threads
        self._lock = threading.Lock()  # closing and replacing workers, one at a time
        self._closed = False
        self.workers: list[Worker] = []
        try:
            for _ in range(size):
                self.workers.append(Worker(model_name, threads))
        except BaseException:
            self.close()
            raise
        self.description = self.workers[0].description
        self._idle: queue.Queue[Worker] = queue.Queue()
        for worker in self.workers:
            self._idle.put(worker)

    def analyze(self, path: Path, time_limit_s: float, with_timeline: bool = False,
                on_progress: Progress | None = None) -> dict[str, Any]:
        """Waits for an idle worker; the time limit counts the analysis, not the wait."""
        worker = self._idle.get()
        try:
            with self._lock:
                if self._closed:
                    raise ShuttingDown
                if not worker.alive:
                    fresh = Worker(self.model_name, self.threads)
                    self.workers[self.workers.index(worker)] = worker = fresh
            return worker.analyze(path, time_limit_s, with_timeline, on_progress)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker within one :data:`STOP_TIMEOUT_S` (busy ones are killed: their
        requests are told the server is shutting down). Safe to call twice."""
        with self._lock:
            self._closed = True
            workers = list(self.workers)
        for worker in workers:
            worker.ask_to_stop()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            worker.kill()
