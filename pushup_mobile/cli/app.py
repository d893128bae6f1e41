"""What both CLIs share: the typer app class that turns project errors into one line."""

from __future__ import annotations

import sys
from typing import Any

import typer

from pushup_mobile.errors import EXIT_USER_ERROR, PushupError, exit_cleanly_on_sigterm


class ProjectApp(typer.Typer):
    """A typer app with a global ``--debug`` flag.

    A :class:`PushupError` becomes ``error: <message>`` on stderr and exit code 2; with
    ``--debug`` the traceback is kept. Other exceptions are bugs and always keep theirs.
    SIGTERM unwinds like Ctrl-C, so no half-written output stays behind.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, **kwargs
        )
        self.debug = False
        self.callback()(self._global_options)

    def _global_options(
        self,
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    ) -> None:
        self.debug = debug

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        exit_cleanly_on_sigterm()
        try:
            return super().__call__(*args, **kwargs)
        except PushupError as exc:
            if self.debug:
                raise
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(EXIT_USER_ERROR)
