"""A uvicorn server in a thread on a free loopback port, for the API tests."""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
import uvicorn

from pushup_mobile.serve.app import create_app


@contextmanager
def running(app):
    """``app`` served by uvicorn on a free loopback port, in a thread: its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        assert time.time() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url():
    with running(create_app(None, max_upload_mb=0.5)) as url:
        yield url
