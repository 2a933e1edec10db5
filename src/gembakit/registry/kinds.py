"""What the programme keeps about people and organisations, column by column.

One description per kind of record — experts, organisations, pilot models, improvement staff —
serves every way records arrive or leave: a spreadsheet import (each bad cell named by sheet, row
and column), ``… add`` (one option per column), ``… list``, ``… show`` and ``… export``. The
experts' columns are those agencies keep today: ``name, credential, issued_by, level,
competences, organisation, province, valid_from, valid_until``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Table

from gembakit.base.messages import N_, Message, msg
from gembakit.registry.schema import experts, organisations, pilot_models, staff

FieldType = Literal["text", "date", "year", "share", "list", "choice", "indicators"]
ORGANISATION_KINDS = ("consulting", "training", "certification")
EXPERT_STATUSES = ("active", "suspended", "withdrawn")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    help: str  # marked with N_ where written
    type: FieldType = "text"
    required: bool = False
    limit: int = 300
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of record: its table, its columns, the column that identifies a record (a second
    import of the same record updates it) and the columns searched by name."""

    name: str
    singular: str
    table: Table
    fields: tuple[Field, ...]
    key: str | None
    searched: tuple[str, ...]
    shown: tuple[str, ...]  # the columns of a listing line

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


EXPERTS = Kind(
    "experts", "expert", experts,
    (Field("name", N_("Full name."), required=True),
     Field("credential", N_("Credential (certificate) number: identifies the expert."),
           required=True, limit=100),
     Field("issued_by", N_("The body that issued the credential.")),
     Field("level", N_("Level or class of the credential."), limit=100),
     Field("competences", N_("Checklist ids or tools the credential covers, separated by ';'."),
           type="list", limit=2000),
     Field("organisation", N_("The organisation the expert works for.")),
     Field("province", N_("Province."), limit=200),
     Field("valid_from", N_("Valid from (YYYY-MM-DD)."), type="date"),
     Field("valid_until", N_("Valid until (YYYY-MM-DD)."), type="date"),
     Field("status", N_("active, suspended or withdrawn (default active)."), type="choice",
           choices=EXPERT_STATUSES, limit=20)),
    key="credential", searched=("name", "organisation"),
    shown=("credential", "name", "organisation", "level", "valid_until", "status"))

ORGANISATIONS = Kind(
    "organisations", "organisation", organisations,
    (Field("name", N_("Name."), required=True),
     Field("tax_code", N_("Tax code, as registered."), limit=20),
     Field("kind", N_("consulting, training or certification."), type="choice", required=True,
           choices=ORGANISATION_KINDS, limit=30),
     Field("accreditation", N_("Accreditation or licence, if any.")),
     Field("province", N_("Province."), limit=200)),
    key="name", searched=("name",), shown=("name", "kind", "tax_code", "province"))

MODELS = Kind(
    "models", "pilot model", pilot_models,
    (Field("enterprise", N_("The enterprise where the model was applied."), required=True),
     Field("tax_code", N_("Its tax code."), limit=20),
     Field("tool", N_("The tool or system applied (5S, Kaizen, ISO 9001, lean…)."),
           required=True, limit=200),
     Field("checklist", N_("The gembakit checklist it was assessed with, if any."), limit=64),
     Field("programme", N_("The programme that supported it.")),
     Field("funding_share", N_("Share funded by the programme, in percent."), type="share"),
     Field("year", N_("Year."), type="year", required=True),
     Field("province", N_("Province."), limit=200),
     Field("industry", N_("Industry."), limit=200),
     Field("indicators", N_("Indicators before and after: 'name:unit:before:after', "
                            "separated by ';'."), type="indicators", limit=4000)),
    key=None, searched=("enterprise",), shown=("year", "enterprise", "tool", "province"))

STAFF = Kind(
    "staff", "improvement staff member", staff,
    (Field("person", N_("Full name."), required=True),
     Field("enterprise", N_("The enterprise the person works for."), required=True),
     Field("tool", N_("The tool certified (5S, Kaizen…)."), required=True, limit=200),
     Field("level", N_("Level."), limit=100),
     Field("issued", N_("Certified on (YYYY-MM-DD)."), type="date", required=True),
     Field("expires", N_("Valid until (YYYY-MM-DD)."), type="date"),
     Field("province", N_("Province."), limit=200)),
    key=None, searched=("person", "enterprise"),
    shown=("issued", "person", "enterprise", "tool", "level"))

KINDS = {k.name: k for k in (EXPERTS, ORGANISATIONS, MODELS, STAFF)}


Parsed = tuple[Any, Message | None]


def _date(field: Field, text: str) -> Parsed:
    try:
        return dt.date.fromisoformat(text[:10]).isoformat(), None
    except ValueError:
        return None, msg("'{value}' is not a date (YYYY-MM-DD)", value=text[:30])


def _year(field: Field, text: str) -> Parsed:
    if text.isdigit() and 1950 <= int(text) <= 2100:
        return int(text), None
    return None, msg("'{value}' is not a year", value=text[:30])


def _share(field: Field, text: str) -> Parsed:
    try:
        share = float(text.rstrip("%").replace(",", "."))
    except ValueError:
        share = -1.0
    if 0 <= share <= 100:
        return share, None
    return None, msg("'{value}' is not a percentage from 0 to 100", value=text[:30])


def _choice(field: Field, text: str) -> Parsed:
    if text.lower() in field.choices:
        return text.lower(), None
    return None, msg("'{value}' is not one of {choices}", value=text[:30],
                     choices=", ".join(field.choices))


def _list(field: Field, text: str) -> Parsed:
    return ";".join(p.strip() for p in text.split(";") if p.strip()), None


def parse(field: Field, raw: str) -> Parsed:
    """A cell's value as the database keeps it, or why it cannot be."""
    text = raw.strip()
    if not text:
        return None, (msg("required") if field.required else None)
    if len(text) > field.limit:
        return None, msg("longer than {limit} characters", limit=field.limit)
    reader = _READERS.get(field.type)
    return reader(field, text) if reader is not None else (text, None)


def _indicators(field: Field, text: str) -> Parsed:
    found = []
    for part in filter(str.strip, text.split(";")):
        pieces = [p.strip() for p in part.split(":")]
        if len(pieces) != 4 or not pieces[0]:
            return None, msg("'{value}' is not 'name:unit:before:after'", value=part[:60])
        try:
            before = float(pieces[2].replace(",", ".")) if pieces[2] else None
            after = float(pieces[3].replace(",", ".")) if pieces[3] else None
        except ValueError:
            return None, msg("'{value}' is not 'name:unit:before:after'", value=part[:60])
        found.append({"name": pieces[0][:200], "unit": pieces[1][:50] or None,
                      "before": before, "after": after})
    return found, None


_READERS = {"date": _date, "year": _year, "share": _share, "choice": _choice, "list": _list,
            "indicators": _indicators}
