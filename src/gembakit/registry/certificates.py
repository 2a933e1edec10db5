"""The register of issued certificates, in the programme database.

A certificate is added once; every decision about it afterwards (suspend, withdraw, restore,
expire, cancel, superseded by a newer one) is an event with its date, reason and who decided — as
public registers of certification bodies keep them. Listings stream: a province's whole register
is read a page at a time, never held in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, insert, select, update
from sqlalchemy.exc import IntegrityError

from gembakit.base.errors import refuse
from gembakit.base.safe_io import write_atomic
from gembakit.certificates import cose
from gembakit.certificates.issue import Certificate
from gembakit.certificates.keys import Signer, b64url
from gembakit.certificates.revocation import make_revoked
from gembakit.registry.db import Database
from gembakit.registry.schema import certificate_events, certificates
from gembakit.registry.search import fold

STATUSES = ("active", "suspended", "withdrawn", "expired", "cancelled", "superseded")
# From each status, where a decision may take a certificate.
MOVES = {
    "active": {"suspended", "withdrawn", "expired", "cancelled"},
    "suspended": {"active", "withdrawn", "expired", "cancelled"},
    "withdrawn": set(),
    "expired": set(),
    "cancelled": set(),
    "superseded": set(),
}
IN_FORCE = ("active", "suspended")
PAGE = 500  # rows fetched at a time by a listing


class Entry(NamedTuple):
    id: str
    tier: str
    organisation: str
    tax_code: str | None
    province: str | None
    industry: str | None
    checklist: str
    version: str
    level: int
    score: int | None
    issuer: str
    key_id: str
    assessor: str | None
    issued: str
    expires: str
    status: str
    since: str
    reason: str | None
    certificate: str
    assessment: str


_COLUMNS = [certificates.c[name] for name in Entry._fields]


class Event(NamedTuple):
    at: str
    status: str
    reason: str | None
    by: str | None


def _event(conn: Connection, pk: int, at: str, status: str, *, reason: str | None,
           by: str | None) -> None:
    conn.execute(insert(certificate_events).values(certificate_pk=pk, at=at, status=status,
                                                   reason=reason, by=by))


class Register:
    """The certificates of one programme database."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def add(self, certificate: Certificate, *, by: str | None = None,
            industry: str | None = None) -> None:
        """Register a new certificate; an earlier one in force for the same assessment and tier
        is superseded (one in force per assessment and tier, the history kept)."""
        p = certificate.payload
        day = p.issued.isoformat()
        digest = p.assessment_sha256.hex()
        row = {"id": p.id, "tier": p.tier, "organisation": p.organisation,
               "organisation_search": fold(p.organisation), "tax_code": p.tax_code,
               "province": p.province, "province_search": fold(p.province) or None,
               "industry": industry, "checklist": p.checklist, "version": p.checklist_version,
               "level": p.level, "score": p.score, "issuer": p.issuer,
               "key_id": b64url(cose.decode(certificate.text)[1][4]), "assessor": p.assessor,
               "issued": day, "expires": p.expires.isoformat(), "status": "active",
               "since": day, "reason": None, "certificate": certificate.text,
               "assessment": digest}
        try:
            with self.db.write() as conn:
                earlier = conn.execute(select(certificates.c.pk, certificates.c.id).where(
                    certificates.c.assessment == digest, certificates.c.tier == p.tier,
                    certificates.c.status.in_(IN_FORCE))).all()
                pk = conn.execute(insert(certificates).values(**row)
                                  .returning(certificates.c.pk)).scalar_one()
                _event(conn, pk, day, "active", reason="issued", by=by)
                for old_pk, _old_id in earlier:
                    why = f"superseded by {p.id}"
                    conn.execute(update(certificates).where(certificates.c.pk == old_pk)
                                 .values(status="superseded", since=day, reason=why))
                    _event(conn, old_pk, day, "superseded", reason=why, by=by)
        except IntegrityError:
            raise refuse("register.duplicate", "certificate {id} is already registered",
                         id=p.id) from None

    def _pk_and_entry(self, conn: Connection, cert_id: str) -> tuple[int, Entry]:
        row = conn.execute(select(certificates.c.pk, *_COLUMNS)
                           .where(certificates.c.id == cert_id)).first()
        if row is None:
            raise refuse("register.unknown", "no certificate {id} in the register {db}",
                         id=cert_id, db=self.db.name)
        return row[0], Entry(*row[1:])

    def get(self, cert_id: str) -> Entry:
        with self.db.read() as conn:
            return self._pk_and_entry(conn, cert_id)[1]

    def set_status(self, cert_id: str, status: str, *, reason: str | None = None,
                   by: str | None = None, on: dt.date | None = None) -> Entry:
        """Record a decision (suspend, withdraw, restore to active, expire, cancel)."""
        day = (on or dt.date.today()).isoformat()
        with self.db.write() as conn:
            pk, current = self._pk_and_entry(conn, cert_id)
            if status not in MOVES[current.status]:
                raise refuse("register.move", "certificate {id} is {current}; it cannot become "
                             "{status}", id=cert_id, current=current.status, status=status)
            conn.execute(update(certificates).where(certificates.c.pk == pk)
                         .values(status=status, since=day, reason=reason))
            _event(conn, pk, day, status, reason=reason, by=by)
        return self.get(cert_id)

    def expire_due(self, on: dt.date | None = None) -> list[str]:
        """Mark every certificate in force past its expiry date as expired."""
        day = (on or dt.date.today()).isoformat()
        with self.db.write() as conn:
            due = conn.execute(select(certificates.c.pk, certificates.c.id).where(
                certificates.c.status.in_(IN_FORCE), certificates.c.expires < day)
                .order_by(certificates.c.id)).all()
            for pk, _cert_id in due:
                conn.execute(update(certificates).where(certificates.c.pk == pk)
                             .values(status="expired", since=day, reason="validity ended"))
                _event(conn, pk, day, "expired", reason="validity ended", by=None)
        return [cert_id for _, cert_id in due]

    def query(self, *, search: str | None = None, tax_code: str | None = None,
              province: str | None = None, checklist: str | None = None,
              tier: str | None = None, status: str | None = None,
              year: int | None = None) -> Select[Any]:
        """The selection every listing shares (each filter given must hold)."""
        q = select(*_COLUMNS)
        if search:
            q = q.where(self.db.matches(certificates, search))
        if tax_code:
            q = q.where(certificates.c.tax_code == tax_code.strip())
        if province:
            q = q.where(certificates.c.province_search == fold(province))
        for column, value in (("checklist", checklist), ("tier", tier), ("status", status)):
            if value:
                q = q.where(certificates.c[column] == value)
        if year:
            q = q.where(certificates.c.issued.between(f"{year}-01-01", f"{year}-12-31"))
        return q.order_by(certificates.c.issued, certificates.c.id)

    def search(self, *, limit: int | None = None, **filters: Any) -> Iterator[Entry]:
        """Matching certificates, oldest first, read a page at a time."""
        q = self.query(**filters)
        if limit is not None:
            q = q.limit(limit)
        with self.db.read() as conn:
            result = conn.execution_options(stream_results=True, yield_per=PAGE).execute(q)
            for row in result:
                yield Entry(*row)

    def history(self, cert_id: str) -> list[Event]:
        with self.db.read() as conn:
            pk, _ = self._pk_and_entry(conn, cert_id)
            rows = conn.execute(select(certificate_events.c.at, certificate_events.c.status,
                                       certificate_events.c.reason, certificate_events.c.by)
                                .where(certificate_events.c.certificate_pk == pk)
                                .order_by(certificate_events.c.pk)).all()
        return [Event(*r) for r in rows]

    def revoked_entries(self) -> list[dict[str, Any]]:
        """Every certificate not in force by decision (suspended, withdrawn, cancelled)."""
        with self.db.read() as conn:
            rows = conn.execute(select(certificates.c.id, certificates.c.status,
                                       certificates.c.since, certificates.c.reason)
                                .where(certificates.c.status.in_(
                                    ("suspended", "withdrawn", "cancelled")))
                                .order_by(certificates.c.id)).all()
        return [{"id": r[0], "status": r[1], "since": r[2], **({"reason": r[3]} if r[3] else {})}
                for r in rows]

    def export_revoked(self, path: Path, key: Signer, on: dt.date | None = None) -> None:
        """Write the revocation list signed with ``key`` (the register keeper's)."""
        write_atomic(path, revoked_json(self.revoked_entries(), key, on))


def revoked_json(entries: Iterable[Mapping[str, Any]], key: Signer,
                 on: dt.date | None = None) -> str:
    return json.dumps(make_revoked(entries, key, on), ensure_ascii=False, indent=2) + "\n"
