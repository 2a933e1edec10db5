"""The command line: a thin shell over the library. Nothing in the library imports it."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from gembakit.cli.common import report_problems, state
from gembakit.errors import GembakitError


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; 0 ok, 1 the input is wrong, 2 usage. Never shows a traceback for input.

    typer reports usage errors itself (exit 2); commands turn library errors into exit 1.
    """
    from typer.main import get_command

    from gembakit.cli.app import app_for

    args = list(argv) if argv is not None else sys.argv[1:]
    command = get_command(app_for(args))
    try:
        command.main(args=args,
                     prog_name="gembakit", standalone_mode=True)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    except GembakitError as exc:  # a command forgot to catch it: still no traceback
        report_problems(exc.problems, state.lang)
        return 1
    return 0


def run() -> None:
    """The console script. pydantic's plugin discovery scans every installed package's
    metadata (several ms at each start); gembakit's command line uses no pydantic plugin."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    sys.exit(main())
