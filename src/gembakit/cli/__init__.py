"""The command line: a thin shell over the library. Nothing in the library imports it."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Sequence
from typing import Any

from gembakit.base.errors import GembakitError
from gembakit.base.messages import tr, use_for_libraries
from gembakit.cli.common import lang_from_args, report_problems, state


def translate(command: Any, lang: str) -> None:
    """Every help text of ``command`` and its subcommands in ``lang`` (message ids are the
    English texts written in the code)."""
    if command.help:
        command.help = tr(lang, inspect.cleandoc(command.help))
    if command.short_help:
        command.short_help = tr(lang, command.short_help)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = tr(lang, text)
    # typer may bring its own copy of click, so groups are recognised by what they hold
    for sub in getattr(command, "commands", {}).values():
        translate(sub, lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; 0 ok, 1 the input is wrong, 2 usage. Never shows a traceback for input.

    typer reports usage errors itself (exit 2); commands turn library errors into exit 1.
    """
    from typer.main import get_command

    from gembakit.cli.app import app_for

    args = list(argv) if argv is not None else sys.argv[1:]
    state.lang = lang_from_args(args)
    use_for_libraries(state.lang)
    command = get_command(app_for(args))
    translate(command, state.lang)
    try:
        command.main(args=args, prog_name="gembakit", standalone_mode=True)
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
