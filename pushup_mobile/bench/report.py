"""Benchmark results as JSON, a markdown table and a plot, with ratios to PyTorch eager.

Absolute times on a shared machine drift from run to run; the ratio to eager measured in
the same run is the figure to compare.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pushup_mobile.bench.stats import BenchRecord
from pushup_mobile.files import save_figure, write_text_atomic

EAGER = "pytorch-eager"


def eager_p50(records: list[BenchRecord]) -> dict[int, float]:
    return {r.threads: r.latency.p50_ms for r in records if r.name == EAGER}


def to_json(records: list[BenchRecord], machine: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    baseline = eager_p50(records)
    rows = []
    for r in records:
        row = r.to_dict()
        p50 = r.latency.p50_ms
        row["ratio_to_eager_p50"] = p50 / baseline[r.threads] if r.threads in baseline and p50 is not None else None
        rows.append(row)
    return {"machine": machine, "settings": settings, "records": rows}


def _ms(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown_table(records: list[BenchRecord]) -> str:
    baseline = eager_p50(records)
    lines = [
        "| model | runtime | precision | threads | MB | load ms | first ms | p50 ms | p90 ms | p99 ms | x eager | fps | RSS +MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        p50 = r.latency.p50_ms
        ratio = f"{p50 / baseline[r.threads]:.2f}" if r.threads in baseline and p50 is not None else "-"
        size = f"{r.size_mb:.2f}" if r.size_mb is not None else "-"
        rss = f"{r.rss_increase_mb:.0f}" if r.rss_increase_mb is not None else "-"
        lines.append(
            f"| {r.name} | {r.runtime} | {r.precision} | {r.threads} | {size} | {r.load_ms:.0f} | "
            f"{r.first_ms:.1f} | {_ms(p50)} | {_ms(r.latency.p90_ms)} | {_ms(r.latency.p99_ms)} | "
            f"{ratio} | {r.fps:.0f} | {rss} |"
        )
    return "\n".join(lines) + "\n"


def plot(records: list[BenchRecord], target: Path, title: str) -> None:
    """Horizontal bars of p50 per model and thread count, p90 as whiskers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(r.name for r in records))
    threads = sorted({r.threads for r in records})
    height = 0.8 / len(threads)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) * len(threads) + 1.5))
    for k, count in enumerate(threads):
        rows = {r.name: r for r in records if r.threads == count}
        ys = [i + k * height for i, name in enumerate(names) if name in rows]
        p50 = [rows[name].latency.p50_ms for name in names if name in rows]
        p90 = [rows[name].latency.p90_ms for name in names if name in rows]
        errors = [[0] * len(p50), [b - a for a, b in zip(p50, p90)]]
        ax.barh(ys, p50, height=height, xerr=errors, capsize=2, label=f"{count} thread(s)")
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(names))], names)
    ax.invert_yaxis()
    ax.set_xlabel("step latency, ms (bar p50, whisker p90)")
    ax.set_title(title)
    ax.legend()
    save_figure(fig, target, dpi=120)


def write_results(data: dict[str, Any], records: list[BenchRecord], folder: Path, stem: str = "bench") -> list[Path]:
    """JSON, markdown and PNG side by side in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.json", folder / f"{stem}.md", folder / f"{stem}.png"]
    write_text_atomic(paths[0], json.dumps(data, indent=2) + "\n")
    header = f"Measured on {data['machine']['cpu']} ({data['machine']['cores_logical']} logical cores).\n\n"
    write_text_atomic(paths[1], header + markdown_table(records))
    plot(records, paths[2], f"Step latency on {data['machine']['cpu']}")
    return paths
