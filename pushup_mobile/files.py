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
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    A failure (or an interrupt) removes the temporary file, so a reader never sees a
    half-written artifact under the final name.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # keep the real suffix last: writers such as OpenCV's pick the container from it
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


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
