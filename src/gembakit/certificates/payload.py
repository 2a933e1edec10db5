"""What a certificate states, and its CWT claims (RFC 8392) in the compact keys of the format.

:class:`Payload` is the certificate as gembakit reads it; :func:`to_claims` and
:func:`from_claims` map it to and from the CWT claims set described in docs/formats.md (standard
claims ``iss``, ``exp``, ``iat``, ``cti``, and gembakit's in ``"gk"``). Texts too long for a
certificate are refused before anything is signed, naming the field and its limit — a QR code a
phone reads from paper has room for so much.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from pydantic import Field

from gembakit.base.errors import InputError, Problem, problem
from gembakit.base.messages import msg
from gembakit.base.models import Id, NonEmpty, SemVer, Strict, Text, Tier

# Longest texts a certificate carries (characters), so its QR code stays readable at 100 dpi.
_CLAIMS = msg("its claims are not those of a gembakit certificate")
LIMITS = {"organisation": 160, "site": 120, "province": 60, "assessor": 160, "issuer": 120,
          "level_name": 80, "section": 40}


class Payload(Strict):
    """A certificate's statements. Scores are whole percentages: a certificate is not a report."""

    id: NonEmpty
    tier: Tier
    organisation: NonEmpty
    tax_code: NonEmpty | None = None
    province: NonEmpty | None = None
    site: NonEmpty
    checklist: Id
    checklist_version: SemVer
    level: int = Field(ge=0, le=100)
    level_name: Text
    score: int = Field(ge=0, le=100)
    points: tuple[int, int] | None = None
    sections: dict[Id, int]
    assessment_sha256: bytes = Field(min_length=32, max_length=32)
    assessment_date: dt.date
    assessor: NonEmpty
    issuer: NonEmpty
    issued: dt.date
    expires: dt.date
    surveillance: tuple[dt.date, ...] = ()


def too_long(payload: Payload) -> list[Problem]:
    """Every text longer than a certificate can carry, with its limit."""
    checks = [("organisation", payload.organisation), ("site", payload.site),
              ("province", payload.province or ""), ("assessor", payload.assessor),
              ("issuer", payload.issuer), ("level_name", payload.level_name.vi),
              ("level_name", payload.level_name.en),
              *(("section", s) for s in payload.sections)]
    found: list[Problem] = []
    for name, value in checks:
        if len(value) > LIMITS[name] and not any(p.path == (name,) for p in found):
            found.append(problem("cert.too_long", "too long for a certificate: {length} "
                                 "characters, at most {limit}", path=(name,), length=len(value),
                                 limit=LIMITS[name]))
    return found


EPOCH = dt.date(1970, 1, 1)
DAY = 86400
SERIAL_PREFIX = {"self": "GK-SD", "consultant": "GK-CA", "state": "GK-SR"}
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _moment(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())


def to_claims(p: Payload) -> dict[Any, Any]:
    """The CWT claims set."""
    gk: dict[str, Any] = {"v": 1, "t": p.tier, "o": p.organisation, "s": p.site,
                          "c": p.checklist, "cv": p.checklist_version, "l": p.level,
                          "ln": [p.level_name.vi, p.level_name.en], "p": p.score,
                          "ss": [[k, v] for k, v in p.sections.items()],
                          "h": p.assessment_sha256,
                          "d": p.assessment_date.isoformat(), "a": p.assessor}
    if p.tax_code:
        gk["tc"] = p.tax_code
    if p.province:
        gk["pr"] = p.province
    if p.points is not None:
        gk["pt"] = list(p.points)
    if p.surveillance:
        gk["sv"] = [d.isoformat() for d in p.surveillance]
    return {1: p.issuer, 4: _moment(p.expires), 6: _moment(p.issued), 7: p.id.encode("utf-8"),
            "gk": gk}


class _Malformed(ValueError):
    """A claim that breaks a rule of the format (docs/formats.md)."""


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise _Malformed
    return value


def _int(value: object, low: int = 0, high: int = 2**53) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Malformed
    return value


def _date(value: object) -> dt.date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Malformed
    return dt.date.fromisoformat(value)  # ValueError for a day no calendar has


def _day(value: object) -> dt.date:
    """A NumericDate at 00:00 UTC of a day a calendar can hold."""
    seconds = _int(value)
    if seconds % DAY or seconds // DAY > (dt.date.max - EPOCH).days:
        raise _Malformed
    return EPOCH + dt.timedelta(days=seconds // DAY)


def _pair_texts(value: object) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise _Malformed
    return _text(value[0]), _text(value[1])


def _points(value: object) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2 or _int(value[0]) > _int(value[1]):
        raise _Malformed
    return value[0], value[1]


def _sections(value: object) -> dict[str, int]:
    if not isinstance(value, list):
        raise _Malformed
    out: dict[str, int] = {}
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Malformed
        out[_text(pair[0])] = _int(pair[1], 0, 100)
    if len(out) != len(value):
        raise _Malformed  # a section named twice
    return out


def _hash(value: object) -> bytes:
    if not isinstance(value, bytes) or len(value) != 32:
        raise _Malformed
    return value


def _dates(value: object) -> tuple[dt.date, ...]:
    if not isinstance(value, list):
        raise _Malformed
    return tuple(_date(d) for d in value)


def _tier(value: object) -> str:
    if value not in SERIAL_PREFIX:
        raise _Malformed
    return str(value)


def _version(value: object) -> int:
    if isinstance(value, bool) or value != 1:
        raise _Malformed
    return 1


# gembakit's claims: (required, check). Any other claim makes the certificate malformed.
GK_CLAIMS: dict[str, tuple[bool, Any]] = {
    "v": (True, _version), "t": (True, _tier), "o": (True, _text), "tc": (False, _text),
    "pr": (False, _text), "s": (True, _text), "c": (True, _text), "cv": (True, _text),
    "l": (True, _int), "ln": (True, _pair_texts), "p": (True, lambda v: _int(v, 0, 100)),
    "pt": (False, _points), "ss": (True, _sections), "h": (True, _hash), "d": (True, _date),
    "a": (True, _text), "sv": (False, _dates)}


def from_claims(claims: Any, source: str = "certificate") -> Payload:
    """The payload of a decoded claims set; one ``cert.format`` refusal for anything else."""
    try:
        if not isinstance(claims, dict) or set(claims) != {1, 4, 6, 7, "gk"}:
            raise _Malformed
        gk = claims["gk"]
        if not isinstance(gk, dict) or not set(gk) <= set(GK_CLAIMS):
            raise _Malformed
        read: dict[str, Any] = {}
        for key, (required, check) in GK_CLAIMS.items():
            if key in gk:
                read[key] = check(gk[key])
            elif required:
                raise _Malformed
        issuer, expires, issued = _text(claims[1]), _day(claims[4]), _day(claims[6])
        if expires < issued or not isinstance(claims[7], bytes):
            raise _Malformed
        serial = claims[7].decode("utf-8")
        if not serial.startswith(SERIAL_PREFIX[read["t"]]):
            raise _Malformed  # the serial shows the tier it was issued for
    except (_Malformed, ValueError, UnicodeDecodeError):
        raise InputError([problem("cert.format", "not a well-formed gembakit certificate: "
                                  "{detail}", file=source, detail=_CLAIMS)]) from None
    # Checked above, rule by rule, as the format states them; the model is not asked again.
    return Payload.model_construct(
        id=serial, tier=read["t"], organisation=read["o"], tax_code=read.get("tc"),
        province=read.get("pr"), site=read["s"], checklist=read["c"],
        checklist_version=read["cv"], level=read["l"],
        level_name=Text.model_construct(vi=read["ln"][0], en=read["ln"][1]), score=read["p"],
        points=read.get("pt"), sections=read["ss"], assessment_sha256=read["h"],
        assessment_date=read["d"], assessor=read["a"], issuer=issuer, issued=issued,
        expires=expires, surveillance=read.get("sv", ()))
