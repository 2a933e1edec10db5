"""``gembakit db init`` and ``gembakit db upgrade``: the schema through Alembic's migrations, and
the register file of earlier gembakit versions carried over whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, text

from gembakit.base.errors import refuse
from gembakit.registry.db import HEAD, Database, connect, revision
from gembakit.registry.schema import certificate_events, certificates
from gembakit.registry.search import fold

MIGRATIONS = Path(__file__).parent / "migrations"


def _upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def head() -> str:
    """The newest migration as Alembic reads the scripts (a test holds it equal to HEAD)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return str(ScriptDirectory.from_config(config).get_current_head())


def init_database(value: str | Path | None) -> Database:
    """A new programme database (an SQLite file is created); refused where one exists."""
    database = connect(value, create=True)
    found = revision(database)
    if found is not None:
        database.close()
        raise refuse("db.exists", "{url} already holds a database (schema {found}); to bring it "
                     "up to date: gembakit db upgrade", url=database.name, found=found)
    with database.write() as conn:
        _upgrade(conn)
    return database


def upgrade_database(value: str | Path | None) -> tuple[str | None, str]:
    """Bring the database to this gembakit's schema; returns (from, to)."""
    with connect(value) as database:
        found = revision(database)
        if found == "unknown":
            raise refuse("db.foreign", "{url} holds tables that are not a programme database",
                         url=database.name)
        with database.write() as conn:
            if found == "legacy":
                _from_register(conn)
            elif found != HEAD:
                _upgrade(conn)
    return found, HEAD


_LEGACY = ("id", "tier", "organisation", "tax_code", "province", "checklist", "version", "level",
           "issuer", "key_id", "issued", "expires", "status", "since", "reason", "certificate",
           "assessment")


def _from_register(conn: Connection) -> None:
    """An earlier gembakit's register file (tables ``certificates`` and ``events``) becomes a
    programme database holding the same certificates and history, in one transaction."""
    conn.exec_driver_sql("ALTER TABLE certificates RENAME TO legacy_certificates")
    conn.exec_driver_sql("ALTER TABLE events RENAME TO legacy_events")
    for index in ("by_org", "by_tax", "by_assessment"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    _upgrade(conn)
    rows = conn.execute(text(f"SELECT {', '.join(_LEGACY)} FROM legacy_certificates "
                             "ORDER BY issued, id")).mappings()
    for row in list(rows):
        values: dict[str, Any] = dict(row)
        values["organisation_search"] = fold(values["organisation"])
        values["province_search"] = fold(values["province"]) or None
        conn.execute(insert(certificates).values(**values))
    pks = {row[0]: row[1] for row in conn.execute(select(certificates.c.id, certificates.c.pk))}
    for seq, cert_id, at, status, reason, by in conn.execute(text(
            "SELECT seq, id, at, status, reason, by FROM legacy_events ORDER BY seq")).all():
        del seq
        conn.execute(insert(certificate_events).values(
            certificate_pk=pks[cert_id], at=at, status=status, reason=reason, by=by))
    conn.exec_driver_sql("DROP TABLE legacy_events")
    conn.exec_driver_sql("DROP TABLE legacy_certificates")
