"""Make a training run's best checkpoint the shipped default, with its provenance.

The embedded default is what ``make run``, ``analyze`` and every export use with no
arguments, so it must say where it came from: the training config and command, the git
commit it was trained at, the data it saw, its validation and test metrics, the wall time
and its own sha256. That record sits beside it (``default.json``, ``pose.json``, ``transformer.json``).

    python -m pushup_mobile.families.ship --run runs/default --test-metrics runs/eval/metrics.json
    python -m pushup_mobile.families.ship --run runs/pose_default --test-metrics ...

The checkpoint says its family, and the family table where that family's shipped model lives.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.files import atomic_path, write_text_atomic
from pushup_mobile.families import family_of, load_model


def provenance_path(checkpoint: Path) -> Path:
    return checkpoint.with_suffix(".json")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise BadInputError(f"cannot read {what} {path}: {exc}") from exc


def ship(run: Path, test_metrics: Path | None = None, target: Path | None = None,
         extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Copy ``run/best.pt`` onto ``target`` (default: its family's shipped checkpoint) and
    write its provenance; returns the record.

    The checkpoint is loaded first, so a broken or foreign file is refused before anything
    is replaced; both files are written atomically.
    """
    best = Path(run) / "best.pt"
    loaded = load_model(best)
    target = target or family_of(loaded.cfg).shipped_checkpoint
    history = _read_json(Path(run) / "history.json", "training history")
    record = {
        "checkpoint": target.name,
        "family": loaded.cfg.family,
        "sha256": loaded.sha256,
        "model": loaded.cfg.to_dict(),
        "training": {
            "config": loaded.meta.get("config"),
            "git_commit": loaded.meta.get("git_commit"),
            "best_epoch": loaded.meta.get("epoch"),
            "epochs_run": len(history),
            "validation": loaded.meta.get("metrics"),
            "history": history,
            "frame_stage_history": (_read_json(Path(run) / "frames_history.json", "frame-stage history")
                                    if (Path(run) / "frames_history.json").is_file() else None),
        },
        "test": _read_json(test_metrics, "test metrics") if test_metrics else None,
        **(extra or {}),
    }
    with atomic_path(target) as tmp:
        shutil.copyfile(best, tmp)
    write_text_atomic(provenance_path(target), json.dumps(record, indent=2) + "\n")
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ship a run's best checkpoint as the embedded default model.")
    parser.add_argument("--run", type=Path, required=True, help="the training run's folder (best.pt, history.json)")
    parser.add_argument("--test-metrics", type=Path, default=None, help="metrics.json of pushup-mobile eval on it")
    parser.add_argument("--note", action="append", default=[], metavar="KEY=VALUE",
                        help="extra provenance, e.g. command=... wall_time_min=...")
    args = parser.parse_args(argv)
    with one_line_errors():
        if any("=" not in note for note in args.note):
            raise BadInputError("--note takes KEY=VALUE")
        record = ship(args.run, args.test_metrics, extra=dict(note.split("=", 1) for note in args.note))
    print(f"shipped {record['checkpoint']} (sha256 {record['sha256'][:12]}...) as the {record['family']} family's model")


if __name__ == "__main__":
    main()
