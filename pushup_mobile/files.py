"""File helpers shared by every stage: atomic writes and content hashes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def atomic_paths(*targets: Path) -> Iterator[list[Path]]:
    """Yield a temporary path beside each target; rename them all onto their targets when
    the block succeeds, none when it fails.

    A failure (or an interrupt) inside the block removes every temporary file, so a reader
    never sees a half-written file under a final name, nor one output of a run whose other
    failed. (The renames come last and are quick; one failing among them, a disk vanishing
    between two, can still leave the earlier ones published.)
    """
    temps: list[Path] = []
    try:
        for target in map(Path, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            # keep the real suffix last: writers such as OpenCV's pick the container from it
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".part{target.suffix}",
                                            dir=target.parent)
            os.close(fd)
            temps.append(Path(tmp_name))
        yield temps
        for tmp in temps:
            os.chmod(tmp, 0o666 & ~_umask())
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """:func:`atomic_paths` for one file."""
    with atomic_paths(target) as (tmp,):
        yield tmp


def save_figure(fig: Any, target: Path, dpi: int = 110) -> None:
    """A matplotlib figure laid out, written atomically as PNG, and closed."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi)
    plt.close(fig)


def check_output(target: Path, what: str, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse, before any work starts, an output path that cannot be written: a directory,
    a missing or unwritable folder, or one of the ``inputs`` (writing would destroy it)."""
    from pushup_mobile.errors import BadInputError

    target = Path(target)
    if target.is_dir():
        raise BadInputError(f"{what} {target} is a directory; give a file name")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise BadInputError(f"{what} {target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise BadInputError(f"{what} {target}: folder {folder} is not writable")
    if any(target.resolve() == Path(source).resolve() for source in inputs):
        raise BadInputError(f"{what} {target} is the input itself; give another file name")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def native_output_captured() -> Iterator[None]:
    """Silence what native libraries print straight to file descriptors 1 and 2.

    Converters (TensorFlow, MLIR, litert-torch) write progress and warnings below Python's
    ``sys.stdout``; a user wants one result line, or one error line, instead.
    """
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def write_text_atomic(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
