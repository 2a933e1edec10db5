"""The register of issued certificates: one SQLite file, safe under concurrent writers.

Every write runs in an immediate transaction (the write lock is taken at once, so two issuers
never interleave), the journal is in WAL mode (readers never block writers) and a busy timeout
makes a writer wait for the lock instead of failing. Status changes are kept as events, so the
register can say who changed what and when — as public registers of certification bodies do.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from gembakit.base.errors import refuse
from gembakit.base.safe_io import write_atomic
from gembakit.certificates import cose
from gembakit.certificates.issue import Certificate
from gembakit.certificates.keys import Signer, b64url
from gembakit.certificates.revocation import make_revoked

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
_SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
  id TEXT PRIMARY KEY, tier TEXT NOT NULL, organisation TEXT NOT NULL, tax_code TEXT,
  province TEXT, checklist TEXT NOT NULL, version TEXT NOT NULL, level INTEGER NOT NULL,
  issuer TEXT NOT NULL, key_id TEXT NOT NULL, issued TEXT NOT NULL, expires TEXT NOT NULL,
  status TEXT NOT NULL, since TEXT NOT NULL, reason TEXT, certificate TEXT NOT NULL,
  assessment TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL REFERENCES certificates(id),
  at TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, by TEXT);
CREATE INDEX IF NOT EXISTS by_org ON certificates(organisation);
CREATE INDEX IF NOT EXISTS by_tax ON certificates(tax_code);
CREATE INDEX IF NOT EXISTS by_assessment ON certificates(assessment, tier);
"""


class Entry(NamedTuple):
    id: str
    tier: str
    organisation: str
    tax_code: str | None
    province: str | None
    checklist: str
    version: str
    level: int
    issuer: str
    key_id: str
    issued: str
    expires: str
    status: str
    since: str
    reason: str | None
    certificate: str
    assessment: str


class Register:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA foreign_keys = ON")
        with self._write():
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(statement)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, certificate: Certificate, by: str | None = None) -> None:
        """Register a new certificate; an earlier active one of the same assessment and tier is
        superseded (one in force per assessment and tier, the history kept)."""
        p = certificate.payload
        now = p.issued.isoformat()
        kid = b64url(cose.decode(certificate.text)[1][4])
        digest = p.assessment_sha256.hex()
        with self._write() as db:
            earlier = [r[0] for r in db.execute(
                "SELECT id FROM certificates WHERE assessment = ? AND tier = ? AND status IN "
                "('active', 'suspended')", (digest, p.tier))]
            try:
                db.execute(
                    "INSERT INTO certificates VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (p.id, p.tier, p.organisation, p.tax_code, p.province, p.checklist,
                     p.checklist_version, p.level, p.issuer, kid, now, p.expires.isoformat(),
                     "active", now, None, certificate.text, digest))
            except sqlite3.IntegrityError:
                raise refuse("register.duplicate", "certificate {id} is already registered",
                             id=p.id) from None
            db.execute("INSERT INTO events (id, at, status, reason, by) VALUES (?,?,?,?,?)",
                       (p.id, now, "active", "issued", by))
            for old in earlier:
                db.execute("UPDATE certificates SET status = 'superseded', since = ?, reason = ? "
                           "WHERE id = ?", (now, f"superseded by {p.id}", old))
                db.execute("INSERT INTO events (id, at, status, reason, by) VALUES (?,?,?,?,?)",
                           (old, now, "superseded", f"superseded by {p.id}", by))

    def get(self, cert_id: str) -> Entry:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE id = ?",
                               (cert_id,)).fetchone()
        if row is None:
            raise refuse("register.unknown", "no certificate {id} in the register",
                         file=str(self.path), id=cert_id)
        return Entry(*row)

    def set_status(self, cert_id: str, status: str, *, reason: str | None = None,
                   by: str | None = None, on: dt.date | None = None) -> Entry:
        """Record a decision (suspend, withdraw, restore to active, expire, cancel)."""
        day = (on or dt.date.today()).isoformat()
        with self._write() as db:
            current = self.get(cert_id)
            if status not in MOVES[current.status]:
                raise refuse("register.move", "certificate {id} is {current}; it cannot become "
                             "{status}", file=str(self.path), id=cert_id,
                             current=current.status, status=status)
            db.execute("UPDATE certificates SET status = ?, since = ?, reason = ? WHERE id = ?",
                       (status, day, reason, cert_id))
            db.execute("INSERT INTO events (id, at, status, reason, by) VALUES (?,?,?,?,?)",
                       (cert_id, day, status, reason, by))
        return self.get(cert_id)

    def expire_due(self, on: dt.date | None = None) -> list[str]:
        """Mark every active or suspended certificate past its expiry date as expired."""
        day = (on or dt.date.today()).isoformat()
        with self._write() as db:
            due = [r[0] for r in db.execute(
                "SELECT id FROM certificates WHERE status IN ('active','suspended') "
                "AND expires < ? ORDER BY id", (day,))]
            for cert_id in due:
                db.execute("UPDATE certificates SET status='expired', since=?, reason=? "
                           "WHERE id=?", (day, "validity ended", cert_id))
                db.execute("INSERT INTO events (id, at, status, reason) VALUES (?,?,?,?)",
                           (cert_id, day, "expired", "validity ended"))
        return due

    def search(self, **filters: Any) -> list[Entry]:
        """Filter by organisation (part of the name), tax_code, province, checklist, tier,
        status; every filter given must match."""
        clauses, values = [], []
        for key, value in filters.items():
            if value is None:
                continue
            if key == "organisation":
                clauses.append("organisation LIKE ?")
                values.append(f"%{value}%")
            elif key in ("tax_code", "province", "checklist", "tier", "status"):
                clauses.append(f"{key} = ?")
                values.append(value)
            else:
                raise ValueError(f"unknown filter {key}")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM certificates{where} ORDER BY issued, id",
                                values).fetchall()
        return [Entry(*row) for row in rows]

    def history(self, cert_id: str) -> list[tuple[str, str, str | None, str | None]]:
        return list(self._db.execute("SELECT at, status, reason, by FROM events WHERE id = ? "
                                     "ORDER BY seq", (cert_id,)))

    def revoked_entries(self) -> list[dict[str, Any]]:
        """Every certificate not in force by decision (suspended, withdrawn, cancelled)."""
        rows = self._db.execute(
            "SELECT id, status, since, reason FROM certificates WHERE status IN "
            "('suspended','withdrawn','cancelled') ORDER BY id").fetchall()
        return [{"id": r[0], "status": r[1], "since": r[2], **({"reason": r[3]} if r[3] else {})}
                for r in rows]

    def export_revoked(self, path: Path, key: Signer, on: dt.date | None = None) -> None:
        """Write the revocation list signed with ``key`` (the register keeper's)."""
        signed = make_revoked(self.revoked_entries(), key, on)
        write_atomic(path, json.dumps(signed, ensure_ascii=False, indent=2) + "\n")


_COLUMNS = ", ".join(Entry._fields)
