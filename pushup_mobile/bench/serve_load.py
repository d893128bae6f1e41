"""A bounded loopback load test of ``serve``: concurrent uploads, hostile ones among them,
while ``/health`` is polled, against ``pushup-mobile serve`` running in its own process.

    python -m pushup_mobile.bench.serve_load --requests 50 --concurrency 50 --out benchmarks/results/amd-epyc-2c

Each request is one of: a short real video, an empty body, text named ``.mp4``, a playlist
naming a file on the server's disk, and an upload over the size cap. Every request must be
answered (200, or 503 with ``Retry-After`` when the queue is full, for the videos; the
matching 4xx for the rest), ``/health`` is timed throughout, and the server's temporary
upload folder must hold no file once every request is answered and be gone after SIGTERM.
Reports requests per outcome, ``/health`` p50/p99, the analysis latencies, the peak RSS of
the server with its analysis worker and the peak temporary disk, as JSON and markdown.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import cv2
import httpx
import numpy as np
import psutil

from pushup_mobile.errors import PushupError, one_line_errors
from pushup_mobile.files import write_text_atomic
from pushup_mobile.serve.worker import START_TIMEOUT_S

CAP_MB = 2.0
TORCH_CACHE = "torchinductor_"
"""PyTorch's compile cache, which it keeps in the temporary folder: not an upload."""
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


def _serve(port: int, model: str | None, tmp: str, log: IO[str]) -> subprocess.Popen:
    """``pushup-mobile serve`` as a user starts it, its temporary files under ``tmp``, its
    log into ``log`` (a file: a pipe nobody reads would stall the server once full)."""
    command = [str(Path(sys.executable).with_name("pushup-mobile")), "serve", "--port", str(port),
               "--max-upload-mb", str(CAP_MB), *(["--model", model] if model else [])]
    return subprocess.Popen(command, env={**os.environ, "TMPDIR": tmp}, stdout=log, stderr=subprocess.STDOUT)


def _tree_rss_mb(process: psutil.Process) -> float:
    """Resident memory of the server and its analysis workers."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total / 1e6


def _poll_health(url: str, ready: Any, stop: Any, times: Any) -> None:
    """GET /health every 20 ms (``ready`` once polling) until ``stop`` is set; the
    latencies (s) go to ``times``."""
    seen: list[float] = []
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            ready.set()
            start = time.perf_counter()
            try:
                ok = client.get(f"{url}/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            seen.append(time.perf_counter() - start if ok else float("inf"))
            time.sleep(0.02)
    times.put(seen)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(requests: int, concurrency: int, model: str | None = None) -> dict[str, Any]:
    """Start ``serve`` in its own process (its own temp folder), fire ``requests`` uploads
    from ``concurrency`` threads while polling ``/health``; stop it with SIGTERM; the figures."""
    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as server_tmp:
        bodies = payloads(Path(work))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        log = (Path(work) / "serve.log").open("w")
        server = _serve(port, model, server_tmp, log)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if server.poll() is not None:
                    raise PushupError(f"serve stopped before answering: {(Path(work) / 'serve.log').read_text()[-500:]}")
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise PushupError(f"serve did not answer /health within {START_TIMEOUT_S:g} s")
                time.sleep(0.1)
            watched = psutil.Process(server.pid)
            peaks = {"rss_mb": _tree_rss_mb(watched), "temp_mb": 0.0}
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    peaks["rss_mb"] = max(peaks["rss_mb"], _tree_rss_mb(watched))
                    peaks["temp_mb"] = max(peaks["temp_mb"], _folder_bytes(Path(server_tmp)) / 1e6)
                    time.sleep(0.05)

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

            # /health is timed from its own process: this one's 50 client threads would add
            # their own waits for the interpreter to the server's answer time
            context = multiprocessing.get_context("spawn")
            ready, stop, times = context.Event(), context.Event(), context.Queue()
            poller = context.Process(target=_poll_health, args=(url, ready, stop, times), daemon=True)
            poller.start()
            if not ready.wait(START_TIMEOUT_S):
                raise PushupError("the /health poller did not start")
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            with ThreadPoolExecutor(concurrency) as pool:
                results = list(pool.map(one, range(requests)))
            stop.set()
            health = times.get(timeout=60)
            poller.join()
            done.set()
            sampler.join()
            # each upload deleted after its answer: only the (empty) upload folders remain
            left = sorted(str(p.relative_to(server_tmp)) for p in Path(server_tmp).rglob("*")
                          if p.is_file() and not p.relative_to(server_tmp).parts[0].startswith(TORCH_CACHE))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
        # the upload folder itself at shutdown
        left += sorted(p.name for p in Path(server_tmp).iterdir() if not p.name.startswith(TORCH_CACHE))
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
        "peak_rss_mb": peaks["rss_mb"], "peak_temp_mb": peaks["temp_mb"],
        "stopped_by_sigterm": server.returncode == 0,
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
        f"slowest {result['analysis_max_s'] or 0:.1f} s; peak RSS {result['peak_rss_mb']:.0f} MB "
        f"(server and analysis worker), peak temporary disk {result['peak_temp_mb']:.1f} MB; "
        f"{'stopped cleanly' if result['stopped_by_sigterm'] else 'did not stop cleanly'} on SIGTERM.",
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
