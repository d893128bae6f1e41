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
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pushup_mobile import errors
from pushup_mobile.errors import PushupError

START_TIMEOUT_S = 300.0
"""How long a worker may take to import the runtime and open the model."""
STOP_TIMEOUT_S = 5.0


class AnalysisTimeout(Exception):
    """The analysis ran past the time limit; its worker was killed."""


class WorkerLost(Exception):
    """The worker died during the analysis (killed by the system, crashed in native code)."""


def describe(model: Any) -> dict[str, Any]:
    """What ``GET /model`` answers for an opened model."""
    return {
        **model.describe(),
        "preprocessing": model.frame_input.to_manifest(),
        "feedback": model.rules.to_manifest(),
        "state_shape": list(model.state_shape),
    }


def _serve(model_name: str | None, threads: int, conn: Connection) -> None:
    """The worker's loop: open the model, say so, then analyse paths until told to stop
    (``None``) or until the server is gone (the pipe closes)."""
    import signal

    from pushup_mobile.analyze import analyze_video
    from pushup_mobile.runtime import open_model

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops us
    try:
        model = open_model(Path(model_name) if model_name else None, threads=threads)
    except PushupError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready", describe(model)))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        try:
            conn.send(("ok", analyze_video(Path(path), model).report))
        except PushupError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # a bug: the server answers 500 and this worker goes on
            conn.send(("bug", type(exc).__name__, str(exc)))


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
        self.process.start()
        child.close()
        if not self.conn.poll(START_TIMEOUT_S):
            self.kill()
            raise PushupError(f"the analysis worker did not open the model within {START_TIMEOUT_S:g} s")
        try:
            reply = self.conn.recv()
        except EOFError:
            self.kill()
            raise PushupError("the analysis worker stopped while opening the model") from None
        if reply[0] != "ready":
            self.kill()
            raise _as_error(reply[1], reply[2])
        self.description: dict[str, Any] = reply[1]

    def analyze(self, path: Path, time_limit_s: float) -> dict[str, Any]:
        """The report for ``path``; :class:`AnalysisTimeout` or :class:`WorkerLost` leave
        this worker dead (the pool replaces it)."""
        self.conn.send(str(path))
        if not self.conn.poll(time_limit_s):
            self.kill()
            raise AnalysisTimeout
        try:
            reply = self.conn.recv()
        except EOFError:
            self.kill()
            raise WorkerLost from None
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "bug":
            raise RuntimeError(f"{reply[1]}: {reply[2]}")
        raise _as_error(reply[1], reply[2])

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(STOP_TIMEOUT_S)
        self.conn.close()

    def stop(self) -> None:
        """Ask it to finish, kill it if it does not."""
        if self.alive:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(STOP_TIMEOUT_S)
        self.kill()


class WorkerPool:
    """``size`` workers, each analysing one upload at a time; a dead one is replaced
    before the next upload runs on it."""

    def __init__(self, model_name: str | None, size: int = 1, threads: int = 1) -> None:
        self.model_name, self.threads = model_name, threads
        self.workers = [Worker(model_name, threads) for _ in range(size)]
        self.description = self.workers[0].description
        self._idle: queue.Queue[Worker] = queue.Queue()
        for worker in self.workers:
            self._idle.put(worker)
        self._closed = False

    def analyze(self, path: Path, time_limit_s: float) -> dict[str, Any]:
        """Waits for an idle worker; the time limit counts the analysis, not the wait."""
        worker = self._idle.get()
        try:
            if self._closed:
                raise PushupError("the server is shutting down")
            if not worker.alive:
                fresh = Worker(self.model_name, self.threads)
                self.workers[self.workers.index(worker)] = worker = fresh
            return worker.analyze(path, time_limit_s)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (busy ones are killed: their requests get an error)."""
        self._closed = True
        for worker in self.workers:
            worker.stop()

