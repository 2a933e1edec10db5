"""What every file format shares: strict models, bilingual text, identifiers, tiers and grades."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    StringConstraints,
)

from gembakit.base import limits
from gembakit.base.documents import custom_error
from gembakit.base.safe_io import TypedScalar

Tier = Literal["self", "consultant", "state"]
TIERS: tuple[Tier, ...] = ("self", "consultant", "state")
Grade = Literal["major", "minor", "observation", "opportunity"]
GRADES: tuple[Grade, ...] = ("major", "minor", "observation", "opportunity")


class Strict(BaseModel):
    """Frozen, and unknown keys are errors: a typo in a checklist must never pass silently.

    Validators are built on first use (``defer_build``) so that commands which never read a
    given model do not pay for it at start-up.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)


def _as_typed(value: Any) -> Any:
    """Text exactly as typed: ``tax_code: 0301234567`` in YAML is a tax code, not a number.

    The safe YAML reader marks numbers read from plain scalars with their source text; a text
    field takes that text back, so leading zeros and ``+84`` prefixes survive. Numbers given in
    code (or JSON) stay numbers, and a text field refuses them.
    """
    if isinstance(value, TypedScalar):
        return value.source
    return value


def _nfc(value: str) -> str:
    """One spelling for Vietnamese: text typed on some systems arrives decomposed (NFD), and
    "Đồng Nai" must compare equal to itself on a certificate and in a register."""
    return unicodedata.normalize("NFC", value)


# Free text: at least one visible character, stored composed (NFC).
# Constraints come before the validators in each Annotated: that way the published schema shows
# them (pydantic leaves out constraints placed after a validator), and the validators still run
# first, before the text is checked.
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S"),
                     BeforeValidator(_as_typed), AfterValidator(_nfc)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN), BeforeValidator(_as_typed)]
SemVer = Annotated[
    str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")
]


class Text(Strict):
    """Every text a person reads exists in Vietnamese and English."""

    vi: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        """The text in ``lang``; English for a language the content is not written in."""
        return self.vi if lang == "vi" else self.en


def semver_tuple(version: str) -> tuple[int, int, int]:
    major, minor, patch = version.split("-", 1)[0].split(".")
    return int(major), int(minor), int(patch)


def _whole(value: Any) -> Any:
    """Whole numbers as JSON Schema's ``integer`` reads them: ``3`` or ``3.0``, never ``true``
    or ``"3"`` — so the model and the published schema accept the same documents."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise custom_error("schema.int_type", "must be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise custom_error("schema.int_type", "must be a whole number")
        return int(value)
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise custom_error("schema.float_type", "must be a number")
    return float(value)


Whole = Annotated[int, BeforeValidator(_whole)]
Number = Annotated[float, BeforeValidator(_number)]
Flag = StrictBool
TaxCode = Annotated[str, StringConstraints(pattern=r"^\d{10}(-\d{3})?$"),
                    BeforeValidator(_as_typed)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# Free texts of an assessment, each with its limit (see gembakit.base.limits).
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S",
                                        max_length=limits.NAME),
                 BeforeValidator(_as_typed), AfterValidator(_nfc)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S",
                                         max_length=limits.SHORT_TEXT),
                  BeforeValidator(_as_typed), AfterValidator(_nfc)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S",
                                        max_length=limits.TEXT),
                 BeforeValidator(_as_typed), AfterValidator(_nfc)]


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _day(value: Any) -> Any:
    """A calendar day as written: ``2026-11-21`` (a YAML date), never a number or a timestamp,
    as the published schema's ``format: date`` reads it."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise custom_error("schema.date_type", "must be a date (YYYY-MM-DD)")
    if isinstance(value, str) and not _DAY.match(value):
        raise custom_error("schema.date_type", "must be a date (YYYY-MM-DD)")
    return value


def _moment(value: Any) -> Any:
    """A moment with its UTC offset, as RFC 3339 writes it (``format: date-time``)."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _MOMENT.match(value):
        raise custom_error("schema.datetime_type", "must be a date and time with its UTC offset "
                           "(ISO 8601, e.g. 2026-11-21T09:30:00+07:00)")
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]
Moment = Annotated[AwareDatetime, BeforeValidator(_moment)]
