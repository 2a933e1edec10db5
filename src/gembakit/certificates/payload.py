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
from typing import Any

from pydantic import Field, ValidationError

from gembakit.base.errors import InputError, Problem, problem
from gembakit.base.messages import msg
from gembakit.base.models import Id, NonEmpty, SemVer, Strict, Text, Tier
from gembakit.certificates.cose import MAX_INT

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


def _day(moment: int) -> dt.date:
    return dt.datetime.fromtimestamp(moment, dt.UTC).date()


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


def from_claims(claims: Any, source: str = "certificate") -> Payload:
    """The payload of a decoded claims set; one ``cert.format`` refusal for anything else."""
    def bad() -> InputError:
        return InputError([problem("cert.format", "not a well-formed gembakit certificate: "
                                   "{detail}", file=source, detail=_CLAIMS)])

    if not isinstance(claims, dict) or set(claims) != {1, 4, 6, 7, "gk"}:
        raise bad()
    gk = claims["gk"]
    allowed = {"v", "t", "o", "tc", "pr", "s", "c", "cv", "l", "ln", "p", "pt", "ss", "h", "d",
               "a", "sv"}
    if not isinstance(gk, dict) or not set(gk) <= allowed or gk.get("v") != 1:
        raise bad()
    try:
        exp, iat, cti = claims[4], claims[6], claims[7]
        if not (isinstance(exp, int) and isinstance(iat, int) and 0 <= iat <= exp <= MAX_INT
                and exp % 86400 == 0 and iat % 86400 == 0 and isinstance(cti, bytes)):
            raise ValueError
        level_name = gk["ln"]
        if not (isinstance(level_name, list) and len(level_name) == 2):
            raise ValueError
        points = gk.get("pt")
        if points is not None and not (isinstance(points, list) and len(points) == 2):
            raise ValueError
        surveillance = gk.get("sv", [])
        if not isinstance(surveillance, list) or not all(isinstance(d, str)
                                                         for d in surveillance):
            raise ValueError
        for key in ("t", "o", "s", "c", "cv", "d", "a"):
            if not isinstance(gk[key], str):
                raise ValueError
        pairs = gk["ss"]
        if not (isinstance(pairs, list | tuple) and all(
                isinstance(x, list | tuple) and len(x) == 2 for x in pairs)):
            raise ValueError
        sections = {k: v for k, v in pairs}
        if not (isinstance(gk["l"], int) and isinstance(gk["p"], int)
                and isinstance(gk["h"], bytes) and len(sections) == len(pairs)
                and all(isinstance(k, str) and isinstance(v, int) for k, v in sections.items())
                and all(isinstance(x, str) for x in level_name)
                and (points is None or all(isinstance(x, int) for x in points))):
            raise ValueError
        if not (isinstance(claims[1], str) and isinstance(gk.get("tc", ""), str)
                and isinstance(gk.get("pr", ""), str)):
            raise ValueError
        return Payload(
            id=cti.decode("utf-8"), tier=gk["t"], organisation=gk["o"], tax_code=gk.get("tc"),
            province=gk.get("pr"), site=gk["s"], checklist=gk["c"], checklist_version=gk["cv"],
            level=gk["l"], level_name=Text(vi=level_name[0], en=level_name[1]), score=gk["p"],
            points=tuple(points) if points is not None else None, sections=sections,
            assessment_sha256=gk["h"], assessment_date=dt.date.fromisoformat(gk["d"]),
            assessor=gk["a"], issuer=claims[1], issued=_day(iat), expires=_day(exp),
            surveillance=tuple(dt.date.fromisoformat(d) for d in surveillance))
    except (KeyError, ValueError, TypeError, UnicodeDecodeError, ValidationError,
            OverflowError, OSError):
        raise bad() from None

