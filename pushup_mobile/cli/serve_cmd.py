"""``pushup-mobile serve``: the web pages and the analyze API over HTTP(S)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    model: Optional[Path] = typer.Option(None, "--model", help="Checkpoint (.pt, any family), exported artifact, or a shipped model by family: `pose` (the default), `pixel` or `transformer`."),
    max_upload_mb: float = typer.Option(200.0, "--max-upload-mb", help="Largest accepted upload, refused while it streams in."),
    queue: int = typer.Option(4, "--queue", min=0, help="Uploads that may wait for a busy worker; more get 503 + Retry-After."),
    time_limit_s: float = typer.Option(600.0, "--time-limit", min=1.0, help="Seconds one analysis may run; past it, its worker is killed and the reply is 503."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes, each with its own copy of the model, analysing one upload at a time."),
    api_key: Optional[str] = typer.Option(None, "--api-key", envvar="PUSHUP_API_KEY",
                                          help="Require this X-API-Key on every request but /health (or set PUSHUP_API_KEY)."),
    tls_cert: Optional[Path] = typer.Option(None, "--tls-cert", help="PEM certificate: serve HTTPS (with --tls-key). A phone's browser opens its camera for the live page only over HTTPS."),
    tls_key: Optional[Path] = typer.Option(None, "--tls-key", help="PEM private key of --tls-cert."),
) -> None:
    """Serve the web page (GET /), its live mode (GET /live), POST /analyze (multipart field
    'file'), GET /progress/{job}, GET /health and GET /model."""
    import ipaddress
    import shutil
    import signal
    import sys

    import uvicorn
    from rich.console import Console

    from pushup_mobile.errors import BadInputError
    from pushup_mobile.serve.app import create_app

    if (tls_cert is None) != (tls_key is None):
        raise BadInputError("--tls-cert and --tls-key go together")
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise BadInputError(f"TLS file not found: {path}")
    if tls_cert is not None:
        import ssl

        try:  # found now, in one line, not as a traceback (or a passphrase prompt) from inside uvicorn
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(tls_cert, tls_key, password=lambda: b"")
        except (ssl.SSLError, OSError) as exc:
            raise BadInputError(f"--tls-cert/--tls-key are not a usable PEM certificate and unencrypted key: {exc}") from None
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not api_key:
        Console(stderr=True).print(f"[yellow]warning: serving on {host} without --api-key: anyone who can reach this "
                                   "address can upload videos to it[/]")
    app = create_app(model, max_upload_mb, queue, time_limit_s, api_key, workers=workers)
    # uvicorn shuts down gracefully on SIGTERM (workers stopped, uploads removed), then
    # raises the signal again: for a server that is the normal way to stop, not an error
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5,
                    ssl_certfile=tls_cert, ssl_keyfile=tls_key)
    finally:  # also when a second signal made uvicorn skip its shutdown
        app.state.live.close()
        app.state.pool.close()
        shutil.rmtree(app.state.uploads, ignore_errors=True)
