"""A bounded loopback load test of ``serve``: concurrent uploads, hostile ones among them,
while ``/health`` is polled.

    python -m pushup_mobile.bench.serve_load --requests 50 --concurrency 50 --out benchmarks/results/amd-epyc-2c

Each request is one of: a short real video, an empty body, text named ``.mp4``, a playlist
naming a file on the server's disk, and an upload over the size cap. Every request must be
answered (200, or 503 with ``Retry-After`` when the queue is full, for the videos; the
matching 4xx for the rest), ``/health`` is timed throughout, and the server's temporary
folder must be empty afterwards. Reports requests per outcome, ``/health`` p50/p99, the
analysis latencies and the process's peak RSS, as JSON and markdown.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np

from pushup_mobile.errors import one_line_errors
from pushup_mobile.files import write_text_atomic

CAP_MB = 2.0
KINDS = ("video", "empty", "text", "playlist", "oversized")
EXPECTED = {"video": {200, 503}, "empty": {400}, "text": {415}, "playlist": {415}, "oversized": {413}}


def _video(path: Path, frames: int = 45) -> bytes:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 15.0, (160, 96))
    for i in range(frames):
        writer.write(np.full((96, 160, 3), (i * 5) % 255, np.uint8))
    writer.release()
    return path.read_bytes()


def payloads(folder: Path) -> dict[str, bytes]:
    video = _video(folder / "clip.mp4")
    return {
        "video": video,
        "empty": b"",
        "text": b"this is not a video" * 10,
        "playlist": f"#EXTM3U\n#EXTINF:1,\n{folder / 'clip.mp4'}\n#EXT-X-ENDLIST\n".encode(),
        "oversized": b"\x00" * int((CAP_MB + 1) * 1e6),
    }


def run(requests: int, concurrency: int, model: str | None = None) -> dict[str, Any]:
    """Serve in this process (its own temp folder), fire ``requests`` uploads from
    ``concurrency`` threads while polling ``/health``; the figures."""
    import uvicorn

    from pushup_mobile.runtime import open_model
    from pushup_mobile.serve.app import create_app

    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as server_tmp:
        bodies = payloads(Path(work))
        previous, tempfile.tempdir = tempfile.tempdir, server_tmp  # the server's uploads land here
        try:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            app = create_app(open_model(Path(model) if model else None), max_upload_mb=CAP_MB)
            server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.02)
            url = f"http://127.0.0.1:{port}"
            health: list[float] = []
            done = threading.Event()

            def poll() -> None:
                with httpx.Client(timeout=10) as client:
                    while not done.is_set():
                        start = time.perf_counter()
                        ok = client.get(f"{url}/health").status_code == 200
                        health.append(time.perf_counter() - start if ok else float("inf"))
                        time.sleep(0.02)

            def one(index: int) -> tuple[str, int, float]:
                kind = KINDS[index % len(KINDS)]
                start = time.perf_counter()
                try:
                    response = httpx.post(f"{url}/analyze", files={"file": (f"u{index}.mp4", bodies[kind], "video/mp4")},
                                          timeout=600)
                    status = response.status_code
                    if status == 503 and "retry-after" not in response.headers:
                        status = -503  # a 503 must say when to come back
                except httpx.HTTPError:
                    status = -1  # the connection failed: not answered
                return kind, status, time.perf_counter() - start

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            with ThreadPoolExecutor(concurrency) as pool:
                results = list(pool.map(one, range(requests)))
            done.set()
            poller.join()
            server.should_exit = True
            thread.join(timeout=30)
            left = sorted(p.name for p in Path(server_tmp).iterdir())
        finally:
            tempfile.tempdir = previous
    outcomes: dict[str, dict[str, int]] = {}
    for kind, status, _ in results:
        outcomes.setdefault(kind, {}).setdefault(str(status), 0)
        outcomes[kind][str(status)] += 1
    wrong = [(kind, status) for kind, status, _ in results if status not in EXPECTED[kind]]
    analysed = [seconds for kind, status, seconds in results if kind == "video" and status == 200]
    times = np.array(health) * 1000
    return {
        "requests": requests, "concurrency": concurrency, "outcomes": outcomes, "unexpected": len(wrong),
        "health_polls": len(times), "health_p50_ms": float(np.percentile(times, 50)),
        "health_p99_ms": float(np.percentile(times, 99)),
        "analysis_p50_s": float(np.percentile(analysed, 50)) if analysed else None,
        "analysis_max_s": float(max(analysed)) if analysed else None,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "temp_files_left": left,
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [f"| {kind} | {', '.join(f'{s}: {n}' for s, n in sorted(counts.items()))} |"
            for kind, counts in result["outcomes"].items()]
    return "\n".join([
        f"{result['requests']} uploads from {result['concurrency']} clients at once; "
        f"{result['unexpected']} answered otherwise than expected, temp files left: {len(result['temp_files_left'])}.",
        "", "| upload | HTTP status: count |", "|---|---|", *rows, "",
        f"`/health` over {result['health_polls']} polls during the run: p50 {result['health_p50_ms']:.1f} ms, "
        f"p99 {result['health_p99_ms']:.1f} ms; analysed uploads: p50 {result['analysis_p50_s'] or 0:.1f} s, "
        f"slowest {result['analysis_max_s'] or 0:.1f} s; peak RSS {result['peak_rss_mb']:.0f} MB.",
    ]) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Loopback load test of pushup-mobile serve.")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--model", default=None, help="what serve --model takes (default: the shipped default)")
    parser.add_argument("--out", type=Path, default=None, help="folder for serve_load.json and serve_load.md")
    args = parser.parse_args(argv)
    with one_line_errors():
        result = run(args.requests, args.concurrency, args.model)
        if args.out:
            write_text_atomic(args.out / "serve_load.json", json.dumps(result, indent=1) + "\n")
            write_text_atomic(args.out / "serve_load.md", markdown(result))
        print(markdown(result))


if __name__ == "__main__":
    main()
