"""Errors that carry every problem found, each with a path a person can follow.

Validation collects problems instead of stopping at the first one, so a consultant fixing a
spreadsheet-sized assessment sees the whole list in one run. Each problem is bilingual because
the CLI prints in the user's language and the library never guesses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

Lang = Literal["vi", "en"]
Severity = Literal["error", "warning"]
PathPart = str | int

_LINE = {"en": "line", "vi": "dòng"}


def format_path(path: Sequence[PathPart]) -> str:
    """Render a location as breadcrumbs: ``sections[2] › items[4] › weight``."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts:
            parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
    return " › ".join(parts)


class Problem(NamedTuple):
    """One thing wrong with an input file, located by file, path and (when known) line."""

    en: str
    vi: str
    path: tuple[PathPart, ...] = ()
    file: str | None = None
    line: int | None = None
    severity: Severity = "error"

    def message(self, lang: Lang = "en") -> str:
        return self.vi if lang == "vi" else self.en

    def render(self, lang: Lang = "en") -> str:
        where = [p for p in (self.file, format_path(self.path)) if p]
        text = " › ".join(where)
        text = f"{text}: {self.message(lang)}" if text else self.message(lang)
        if self.line is not None:
            text += f" ({_LINE[lang]} {self.line})"
        return text

    def located(self, file: str | None = None, prefix: Sequence[PathPart] = (),
                line: int | None = None) -> Problem:
        """Return a copy placed inside ``file`` under ``prefix`` (used when nesting sources)."""
        return Problem(
            en=self.en,
            vi=self.vi,
            path=(*prefix, *self.path),
            file=file if file is not None else self.file,
            line=line if line is not None else self.line,
            severity=self.severity,
        )


class GembakitError(Exception):
    """Base of every error the library raises on purpose; the CLI maps it to exit code 1."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "en") -> str:
        return "\n".join(p.render(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.render("en")


class InputError(GembakitError):
    """The input (a file, an answer, a checklist) is wrong; nothing was written."""


def input_error(en: str, vi: str, *, file: str | None = None,
                path: Sequence[PathPart] = (), line: int | None = None) -> InputError:
    """Shorthand for the common case of a single problem."""
    return InputError((Problem(en=en, vi=vi, path=tuple(path), file=file, line=line),))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
