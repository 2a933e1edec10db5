"""What every command shares: the language, output helpers and error reporting.

Problems go to stderr as plain text (never through rich markup, which would eat ``[2]`` in
``sections[2]``); results go to stdout so ``--json`` output can be piped. Every word printed comes
from the message catalogue in the language chosen by ``--lang``, ``GEMBAKIT_LANG`` or the locale.
"""

from __future__ import annotations

import json as _json
import os
import sys
from collections.abc import Iterable
from typing import Annotated, Any, TextIO

import typer

from gembakit.base.errors import GembakitError, Problem
from gembakit.base.messages import available, tr


def default_lang() -> str:
    """``GEMBAKIT_LANG`` if set, else Vietnamese under a Vietnamese locale, else English."""
    chosen = os.environ.get("GEMBAKIT_LANG", "").strip().lower()
    if chosen in available():
        return chosen
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    return "vi" if (locale or "").lower().startswith("vi") else "en"


def lang_from_args(args: Iterable[str]) -> str:
    """The language asked for on the command line, before the command is even built (its help
    and usage errors must already speak it)."""
    items = list(args)
    for i, arg in enumerate(items):
        value = None
        if arg == "--lang" and i + 1 < len(items):
            value = items[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.lower() in available():
            return value.lower()
    return default_lang()


class _State:
    lang: str = "en"


state = _State()


def _set_lang(value: str | None) -> str | None:
    if value is not None:
        if value.lower() not in available():
            raise typer.BadParameter(tr(state.lang, "choose one of {choices}",
                                        choices=", ".join(available())))
        state.lang = value.lower()
    return value


LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="vi|en",
                 help="Language of the output (default: GEMBAKIT_LANG, else the locale).",
                 callback=_set_lang, show_default=False, is_eager=True),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def say(msgid: str, /, **params: Any) -> None:
    """Print a message of the catalogue in the chosen language."""
    sys.stdout.write(tr(state.lang, msgid, **params) + "\n")


def report_problems(problems: Iterable[Problem], lang: str | None = None,
                    stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    lang = lang or state.lang
    for problem in problems:
        label = tr(lang, "error") if problem.severity == "error" else tr(lang, "warning")
        out.write(f"{label}: {problem.render(lang)}\n")


def fail(error: GembakitError, lang: str | None = None) -> typer.Exit:
    report_problems(error.problems, lang)
    return typer.Exit(1)


def emit_json(data: Any) -> None:
    sys.stdout.write(_json.dumps(data, ensure_ascii=False, indent=2) + "\n")
