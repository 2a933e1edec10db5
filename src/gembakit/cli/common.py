"""What every command shares: the language option, output helpers and error reporting.

Problems go to stderr as plain text (never through rich markup, which would eat ``[2]`` in
``sections[2]``); results go to stdout so ``--json`` output can be piped.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated, Any, TextIO

import typer

from gembakit.errors import GembakitError, Lang, Problem


def default_lang() -> Lang:
    """``GEMBAKIT_LANG`` if set, else Vietnamese under a Vietnamese locale, else English."""
    chosen = os.environ.get("GEMBAKIT_LANG", "").lower()
    if chosen in ("vi", "en"):
        return chosen  # type: ignore[return-value]
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    return "vi" if (locale or "").lower().startswith("vi") else "en"


class _State:
    lang: Lang = "en"


state = _State()


class LangName(StrEnum):
    vi = "vi"
    en = "en"


def _set_lang(value: LangName | None) -> LangName | None:
    state.lang = "vi" if value == LangName.vi else "en" if value is not None else default_lang()
    return value


LangOption = Annotated[
    LangName | None,
    typer.Option("--lang", help="Language of the output: vi or en (default: from GEMBAKIT_LANG "
                 "or the locale).", callback=_set_lang, show_default=False, is_eager=True),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]

_LABEL = {
    ("error", "en"): "error", ("error", "vi"): "lỗi",
    ("warning", "en"): "warning", ("warning", "vi"): "cảnh báo",
}


def t(lang: Lang, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def report_problems(problems: list[Problem] | tuple[Problem, ...], lang: Lang,
                    stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        out.write(f"{_LABEL[(problem.severity, lang)]}: {problem.render(lang)}\n")


def fail(error: GembakitError, lang: Lang) -> typer.Exit:
    report_problems(error.problems, lang)
    return typer.Exit(1)


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"severity": problem.severity, "file": problem.file, "path": list(problem.path),
            "line": problem.line, "message": {"en": problem.en, "vi": problem.vi}}


def emit_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
