"""What every file format shares: strict models, bilingual text, identifiers, tiers and grades."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    StringConstraints,
)

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
NonEmpty = Annotated[str, BeforeValidator(_as_typed),
                     StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S"),
                     AfterValidator(_nfc)]
Id = Annotated[str, BeforeValidator(_as_typed),
               StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
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
TaxCode = Annotated[str, BeforeValidator(_as_typed),
                    StringConstraints(pattern=r"^\d{10}(-\d{3})?$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def limited(max_length: int) -> Any:
    """Free text of at most ``max_length`` characters (see :mod:`gembakit.base.limits`)."""
    return Annotated[str, BeforeValidator(_as_typed),
                     StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S",
                                       max_length=max_length),
                     AfterValidator(_nfc)]
