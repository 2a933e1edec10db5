"""One catalogue of words: every message, label and help text goes through gettext.

Texts are written in English in the code (the gettext message id) and translated from
``locale/<lang>/LC_MESSAGES/gembakit.po``; a third language is one more ``.po`` file (bundled, or
in a folder named by ``GEMBAKIT_LOCALES``). A message is kept as its id and parameters and put
into words only when read (:class:`Message`), so a problem found once can be shown in Vietnamese
on the console and in every language in JSON.

Parameters are formatted for the language: ``{share:pct}`` gives ``62.5 %`` in English and
``62,5 %`` in Vietnamese (the decimal mark is itself a catalogue entry, so a new language brings
its own), ``{n:num}`` a number the same way; a :class:`Message` or a bilingual text given as a
parameter is rendered in the same language.

The functions that take a message id are the extraction keywords (see ``scripts/catalogue.py``):
``msg(msgid)``, ``tr(lang, msgid)``, ``N_(msgid)``, and ``problem``/``refuse`` in
:mod:`gembakit.base.errors` (second argument). Message ids must be plain string literals.
"""

from __future__ import annotations

import gettext
import io
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Protocol

DOMAIN = "gembakit"
BUNDLED = ("vi", "en")
# The languages JSON output carries every message in.
JSON_LANGUAGES = BUNDLED
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_DECIMAL = "decimal mark"  # message context of the one entry that gives a language's decimal mark


def N_(msgid: str) -> str:
    """Marks a text for the catalogue where it is translated later (labels, help texts)."""
    return msgid


class _Bilingual(Protocol):
    def get(self, lang: str) -> str: ...


def _extra_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get("GEMBAKIT_LOCALES", "").split(os.pathsep) if p]


def _po_path(lang: str) -> Path | None:
    for folder in (*_extra_dirs(), LOCALE_DIR):
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def available() -> tuple[str, ...]:
    """Languages with a catalogue: the bundled ones and any in ``GEMBAKIT_LOCALES``."""
    found = list(BUNDLED)
    for folder in _extra_dirs():
        if folder.is_dir():
            found += sorted(p.name for p in folder.iterdir() if p.name not in found
                            and (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return tuple(found)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English message ids where there is none.

    Installing gembakit compiles each ``.po`` to ``.mo`` (see setup.py). A ``.po`` without an
    up-to-date ``.mo`` beside it (a source checkout, a user's own language) is compiled once into
    the user's cache, or in memory when the cache cannot be written.
    """
    mo = _mo_path(lang)
    if mo is not None:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    po = _po_path(lang)
    if po is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    _compile(po, buffer)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _compile(po: Path, out: BinaryIO) -> None:
    from babel.messages.mofile import write_mo  # only when no compiled catalogue is at hand
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        write_mo(out, read_po(handle))


def _mo_path(lang: str) -> Path | None:
    """An up-to-date compiled catalogue of ``lang``: the installed one, or one compiled from the
    ``.po`` into the user's cache (keyed by the ``.po``'s time, written whole or not at all)."""
    po = _po_path(lang)
    if po is None:
        return None
    mo = po.with_suffix(".mo")
    stamp = po.stat().st_mtime_ns
    if mo.is_file() and mo.stat().st_mtime_ns >= stamp:
        return mo
    base = Path(os.environ.get("GEMBAKIT_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gembakit")
    target = base / "locale" / f"{lang}-{stamp}" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{DOMAIN}.{os.getpid()}.part")
        with partial.open("wb") as out:
            _compile(po, out)
        os.replace(partial, target)
    except OSError:
        return None
    return target


def decimal_mark(lang: str) -> str:
    return catalogue(lang).pgettext(_DECIMAL, ".")


def number(value: float, lang: str) -> str:
    """``62.5`` in English, ``62,5`` in Vietnamese; whole numbers without decimals."""
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", decimal_mark(lang))


def pct(value: float, lang: str) -> str:
    return number(value, lang) + " %"


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return value.text(self.lang)
        if format_spec == "pct":
            return pct(float(value), self.lang)
        if format_spec == "num":
            return number(float(value), self.lang)
        if hasattr(value, "get") and hasattr(value, "vi") and hasattr(value, "en"):
            return str(value.get(self.lang))
        return str(format(value, format_spec))


# Message ids looked up in a language whose catalogue lacks them (the test suite fails on any).
MISSES: set[tuple[str, str]] = set()


def tr(lang: str, msgid: str, /, **params: Any) -> str:
    """``msgid`` in ``lang`` with its parameters filled in."""
    template = catalogue(lang).gettext(msgid)
    if template is msgid and lang != "en" and lang in BUNDLED:
        MISSES.add((lang, msgid))
    if not params:
        return template
    try:
        return _Formatter(lang).vformat(template, (), params)
    except (KeyError, IndexError, ValueError):
        # A translation that names a parameter the code does not give must not hide the message.
        return _Formatter(lang).vformat(msgid, (), params)


@dataclass(frozen=True, slots=True)
class Message:
    """A message id and its parameters, put into words when read."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return tr(lang, self.msgid, **self.params)

    def get(self, lang: str) -> str:
        """The same as :meth:`text`: a message reads like a bilingual text of the content."""
        return self.text(lang)

    def texts(self, languages: tuple[str, ...] = JSON_LANGUAGES) -> dict[str, str]:
        """The message in every language, as JSON output carries it."""
        return {lang: self.text(lang) for lang in languages}

    def __str__(self) -> str:
        return self.text("en")


def msg(msgid: str, /, **params: Any) -> Message:
    return Message(msgid, params)


def bilingual(message: Message) -> dict[str, str]:
    """``{"vi": …, "en": …}``: the shape of every bilingual text in gembakit's files."""
    return {"vi": message.text("vi"), "en": message.text("en")}


def pick(texts: Mapping[str, str] | _Bilingual, lang: str) -> str:
    """A text of the content (checklists are written in Vietnamese and English) in ``lang``,
    English for a language the content does not carry."""
    if isinstance(texts, Mapping):
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
    return texts.get(lang)


def use_for_libraries(lang: str) -> None:
    """Make click's and typer's own words (usage errors, "Options", "Show this message and
    exit.") speak ``lang``: they translate through Python's global gettext domain, so our
    catalogue, which carries their messages too, becomes that domain."""
    mo = _mo_path(lang)
    if mo is None:
        return
    gettext.bindtextdomain(DOMAIN, str(mo.parents[2]))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
