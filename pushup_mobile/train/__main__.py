"""``python -m pushup_mobile.train`` (also under ``torchrun --nproc_per_node=N``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import torch.distributed as dist

from pushup_mobile.errors import PushupError
from pushup_mobile.train.config import get_config
from pushup_mobile.train.loop import train


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the push-up model.")
    parser.add_argument("--config", default="tiny")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--data", type=Path, default=None, help="train/ and val/ shards (default OUT/data)")
    args = parser.parse_args(argv)
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    if distributed:
        dist.init_process_group("gloo")
    try:
        result = train(get_config(args.config), args.out, resume=args.resume, data_root=args.data)
        if not distributed or dist.get_rank() == 0:
            print(f"best score {result.best_score:.3f} after {result.epochs_run} epoch(s): {result.best}")
    except PushupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    finally:
        if distributed:
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
