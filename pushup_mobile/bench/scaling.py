"""Latency of the int8 TFLite step model against input size and width multiplier.

Run as ``python -m pushup_mobile.bench.scaling``: exports seeded models at each setting
(latency does not depend on the weights' values), measures each in a fresh process on
one thread, and plots both curves so the default input size is a visible choice.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from rich.progress import Progress

from pushup_mobile.bench.suite import machine_info, machine_name, measure_in_fresh_process
from pushup_mobile.export.formats import export_artifact, format_by_cli
from pushup_mobile.files import save_figure, write_text_atomic
from pushup_mobile.model import ModelConfig
from pushup_mobile.families import LoadedModel, build_model, state_sha256
from pushup_mobile.model.summary import summarize

SIZES = (96, 112, 128, 160, 224)
WIDTHS = (0.5, 0.75, 1.0)
DEFAULT = ModelConfig()


def settings() -> list[ModelConfig]:
    """Every size at the default width, then every width at the default size."""
    by_size = [replace(DEFAULT, input_size=s) for s in SIZES]
    by_width = [replace(DEFAULT, width_mult=w) for w in WIDTHS if w != DEFAULT.width_mult]
    return by_size + by_width


def measure_setting(cfg: ModelConfig, precision: str, folder: Path, runs: int) -> dict:
    net = build_model(cfg)
    loaded = LoadedModel(net=net, source="seeded", sha256=state_sha256(net), trained=False)
    artifact = export_artifact(format_by_cli("tflite"), loaded, precision, folder, enforce_gate=False)
    record = measure_in_fresh_process(str(artifact.path), threads=1, runs=runs, warmup=20)
    return {
        "input_size": cfg.input_size,
        "width_mult": cfg.width_mult,
        "macs_m": summarize(net).macs_per_frame / 1e6,
        "size_mb": record.size_mb,
        "p50_ms": record.latency.p50_ms,
        "p90_ms": record.latency.p90_ms,
    }


def plot(rows: list[dict], target: Path, precision: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (by_size, by_width) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    sized = sorted((r for r in rows if r["width_mult"] == DEFAULT.width_mult), key=lambda r: r["input_size"])
    widths = sorted((r for r in rows if r["input_size"] == DEFAULT.input_size), key=lambda r: r["width_mult"])
    for ax, series, key, label in ((by_size, sized, "input_size", "input size (px)"), (by_width, widths, "width_mult", "width multiplier")):
        ax.plot([r[key] for r in series], [r["p50_ms"] for r in series], "o-", label="p50")
        ax.plot([r[key] for r in series], [r["p90_ms"] for r in series], "x--", label="p90")
        for r in series:
            ax.annotate(f"{r['macs_m']:.0f}M MACs", (r[key], r["p50_ms"]), fontsize=7, textcoords="offset points", xytext=(0, 6))
        ax.set_xlabel(label)
        ax.grid(alpha=0.3)
    by_size.set_ylabel(f"TFLite {precision} step latency, ms (1 thread)")
    by_size.legend()
    fig.suptitle(f"Step latency vs input size (width {DEFAULT.width_mult}) and width (size {DEFAULT.input_size})")
    save_figure(fig, target, dpi=120)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--precision", default="int8")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None, help="default: benchmarks/results/<machine>/")
    args = parser.parse_args(argv)
    out = args.out or Path("benchmarks/results") / machine_name()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Progress() as progress:
        configs = settings()
        task = progress.add_task("scaling", total=len(configs))
        for cfg in configs:
            rows.append(measure_setting(cfg, args.precision, Path(tmp) / f"{cfg.input_size}-{cfg.width_mult}", args.runs))
            progress.advance(task)
    data = {"machine": machine_info(), "precision": args.precision, "rows": rows}
    write_text_atomic(out / "scaling.json", json.dumps(data, indent=2) + "\n")
    plot(rows, out / "scaling.png", args.precision)
    print(f"wrote {out / 'scaling.json'} and {out / 'scaling.png'}")


if __name__ == "__main__":
    main()
