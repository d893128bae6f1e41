"""The project's exceptions: each one is a problem a user can act on.

The CLIs print ``str(error)`` as one line on stderr and exit with code 2; anything that is
not a :class:`PushupError` is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


class PushupError(Exception):
    """Base class: a message a user can act on, shown without a traceback."""


class BadInputError(PushupError):
    """An input file is missing, unreadable, empty, or has the wrong shape or content."""


class UnsupportedFormatError(PushupError):
    """A file suffix, format name or precision that the project does not handle."""


class ManifestMismatchError(PushupError):
    """An artifact does not match its manifest (sha256, names or shapes)."""


class ExportError(PushupError):
    """A converter failed; the message names the format and the cause."""


class VerificationError(PushupError):
    """An exported artifact missed its parity or task gate."""


EXIT_USER_ERROR = 2
_stopping: list[int] = []
"""The signal number once SIGTERM has arrived (a list, so the handler can set it)."""
_terminal: list[int] = []
"""The stderr the stop line goes to, duplicated once per process."""
_registered: list[bool] = []
"""Whether the exit handler of a stopped run is registered (once per process)."""


def stop_if_signalled() -> None:
    """Re-raise a SIGTERM that some library turned into its own error (an import inside a
    converter reports ``ImportError``): stopping must not read as a conversion failure."""
    if _stopping:
        sys.exit(128 + _stopping[0])


def exit_cleanly_on_sigterm() -> None:
    """Make SIGTERM unwind like Ctrl-C: ``SystemExit`` runs every ``finally`` on the way
    out, so ``atomic_path`` removes its half-written file instead of leaving it behind."""
    import atexit
    import os
    import signal

    if not _terminal:  # stderr as it is now: native_output_captured may point fd 2 elsewhere when the signal comes
        _terminal.append(os.dup(2))

    def stop(number: int, frame: object) -> None:
        if not _stopping:
            _stopping.append(number)
            os.write(_terminal[0], b"error: stopped by SIGTERM; nothing half-written was kept\n")
        sys.exit(128 + number)

    def leave_now_if_stopped() -> None:
        """After the unwinding (every ``finally`` has run), skip the interpreter's teardown:
        a converter's native threads stopped midway can crash it (exit -11 seen under load
        during an ONNX export), which would hide the exit code that says why the run ended."""
        if _stopping:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(128 + _stopping[0])

    if not _registered:
        atexit.register(leave_now_if_stopped)  # registered first, so it runs after every other exit handler
        _registered.append(True)
    signal.signal(signal.SIGTERM, stop)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """For ``python -m`` entry points: a :class:`PushupError` inside becomes one ``error:``
    line on stderr and exit code 2, as in the typer CLIs; SIGTERM unwinds cleanly."""
    exit_cleanly_on_sigterm()
    try:
        yield
    except PushupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
