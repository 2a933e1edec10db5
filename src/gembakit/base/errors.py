"""Errors that carry every problem found, each with a code, a path a person can follow and words.

Validation collects problems instead of stopping at the first one, so a consultant fixing a
spreadsheet-sized assessment sees the whole list in one run. A problem has a stable
machine-readable ``code`` (documented in docs/errors.md) that callers can branch on, and a
:class:`~gembakit.base.messages.Message` put into words in whichever language it is shown in.

:func:`problem` is the one way to build a problem, :func:`refuse` the one way to raise one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from gembakit.base.messages import JSON_LANGUAGES, Message, tr

Severity = Literal["error", "warning"]
PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render a location as breadcrumbs: ``sections[2] › items[4] › weight``."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts:
            parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
    return " › ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located by file, path and (when known) line."""

    code: str
    message: Message
    path: tuple[PathPart, ...] = ()
    file: str | None = None
    line: int | None = None
    severity: Severity = "error"

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def vi(self) -> str:
        return self.text("vi")

    def render(self, lang: str = "en") -> str:
        where = [p for p in (self.file, format_path(self.path)) if p]
        text = " › ".join(where)
        text = f"{text}: {self.text(lang)}" if text else self.text(lang)
        if self.line is not None:
            text += " " + tr(lang, "(line {line})", line=self.line)
        return text

    def located(self, file: str | None = None, prefix: Sequence[PathPart] = (),
                line: int | None = None) -> Problem:
        """A copy placed inside ``file`` under ``prefix`` (used when nesting sources)."""
        return replace(self, path=(*prefix, *self.path),
                       file=file if file is not None else self.file,
                       line=line if line is not None else self.line)

    def as_warning(self) -> Problem:
        return replace(self, severity="warning")

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "file": self.file,
                "path": list(self.path), "line": self.line,
                "message": self.message.texts(JSON_LANGUAGES)}


def problem(code: str, msgid: str, /, *, path: Sequence[PathPart] = (), file: str | None = None,
            line: int | None = None, severity: Severity = "error", **params: Any) -> Problem:
    """A problem with its code and message; ``params`` fill the message's ``{placeholders}``."""
    return Problem(code, Message(msgid, params), tuple(path), file, line, severity)


class GembakitError(Exception):
    """Base of every error the library raises on purpose; the CLI maps it to exit code 1."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        return "\n".join(p.render(lang) for p in self.problems)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.problems)

    def __str__(self) -> str:
        return self.render("en")


class InputError(GembakitError, ValueError):
    """The input (a file, an answer, a checklist) is wrong; nothing was written."""


def refuse(code: str, msgid: str, /, *, path: Sequence[PathPart] = (), file: str | None = None,
           line: int | None = None, **params: Any) -> InputError:
    """An :class:`InputError` of one problem, to ``raise``."""
    return InputError((problem(code, msgid, path=path, file=file, line=line, **params),))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
