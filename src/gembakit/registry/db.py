"""Opening the programme database: an SQLite file by default, PostgreSQL by URL.

``--db`` (or ``GEMBAKIT_DB``) names it: a path is an SQLite file, a URL (``postgresql://…``) a
server. A database that does not exist, a server that cannot be reached and a schema older than
this gembakit are each one clear refusal — never a silently created empty file; only
``gembakit db init`` creates, and ``gembakit db upgrade`` migrates (an old register file
included).

Writers never interleave: on SQLite a write takes the lock at once (``BEGIN IMMEDIATE``, WAL
journal, a busy timeout so a second writer waits instead of failing); on PostgreSQL each write is
a transaction and the tables' unique keys settle races. Reads stream.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.sql.elements import ColumnElement

from gembakit.base.errors import refuse
from gembakit.registry.schema import SEARCHED
from gembakit.registry.search import fts5_query, tsquery

HEAD = "0001"  # the newest migration in migrations/versions (a test keeps them equal)
DEFAULT = "programme.db"


def database_url(value: str | Path | None) -> str:
    """The SQLAlchemy URL for ``--db``: a path becomes an SQLite URL; ``postgresql://`` uses
    psycopg 3."""
    chosen = str(value) if value else os.environ.get("GEMBAKIT_DB") or DEFAULT
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if chosen.startswith(plain):
            return "postgresql+psycopg://" + chosen.removeprefix(plain)
    return chosen


def shown(url: str) -> str:
    """The URL as messages show it (a password never)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url[:200]
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or url
    return parsed.render_as_string(hide_password=True)


def _sqlite_engine(url: str) -> Engine:
    """SQLAlchemy's recipe for SQLite transactions that mean what they say: the driver's own
    implicit BEGIN is switched off and every transaction is begun here — ``BEGIN IMMEDIATE``
    (the write lock at once) for writes, a plain deferred ``BEGIN`` (a snapshot) for reads."""
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi: Any, _: object) -> None:
        dbapi.isolation_level = None
        cursor = dbapi.cursor()
        for pragma in ("journal_mode = WAL", "busy_timeout = 60000", "foreign_keys = ON",
                       "synchronous = NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("gembakit_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """An open programme database."""

    url: str
    engine: Engine

    @property
    def name(self) -> str:
        return shown(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: all of it is written or none of it."""
        with self.engine.connect() as conn:
            conn.execution_options(gembakit_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def matches(self, table: Table, query: str) -> ColumnElement[bool]:
        """Rows of ``table`` whose folded names hold every word of ``query`` (as prefixes),
        through the table's full-text index."""
        name = table.name
        if self.is_sqlite:
            return table.c.pk.in_(text(f"SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH "
                                       ":fts_query").bindparams(fts_query=fts5_query(query)))
        # OFFSET 0 keeps the match a subquery of its own: PostgreSQL then reads the GIN index
        # for it, instead of walking the date index and building a tsvector for every row.
        return table.c.pk.in_(text(f"SELECT pk FROM {name} WHERE {tsvector(name)} @@ "
                                   "to_tsquery('simple', :ts_query) OFFSET 0").bindparams(
            ts_query=tsquery(query)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def tsvector(table: str) -> str:
    """The expression PostgreSQL's full-text index is built on (queries must repeat it)."""
    columns = " || ' ' || ".join(f"coalesce({c}, '')" for c in SEARCHED[table])
    return f"to_tsvector('simple', {columns})"


def _engine(url: str) -> Engine:
    try:
        if make_url(url).get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise refuse("db.url", "not a database URL gembakit can use: {url} ({reason})",
                     url=shown(url), reason=str(exc)[:200]) from None


def connect(value: str | Path | None, *, create: bool = False) -> Database:
    """The database ``--db`` names, reachable; an SQLite file must exist unless ``create``."""
    url = database_url(value)
    if make_url(url).get_backend_name() == "sqlite" and not create:
        path = Path(make_url(url).database or "")
        if not path.is_file():
            raise refuse("db.missing", "no programme database at {where}: create it with "
                         "gembakit db init --db {where}", where=str(path))
    database = Database(url, _engine(url))
    try:
        with database.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        database.close()
        raise refuse("db.unreachable", "cannot reach the database {url}: {reason}",
                     url=database.name, reason=_reason(exc)) from None
    except DatabaseError as exc:
        database.close()
        raise refuse("db.not_a_database", "{url} is not a database ({reason})",
                     url=database.name, reason=_reason(exc)) from None
    return database


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]


def revision(database: Database) -> str | None:
    """The schema's migration, ``legacy`` for a register file older than the database, ``None``
    for an empty database."""
    with database.read() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" in tables:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return str(row[0]) if row else None
        if "certificates" in tables and "events" in tables:
            return "legacy"
        if tables:
            return "unknown"
    return None


def open_database(value: str | Path | None) -> Database:
    """The database, refused unless its schema is this gembakit's."""
    database = connect(value)
    found = revision(database)
    if found != HEAD:
        database.close()
        if found is None:
            raise refuse("db.empty", "{url} holds no programme database: run gembakit db init",
                         url=database.name)
        if found == "unknown":
            raise refuse("db.foreign", "{url} holds tables that are not a programme database",
                         url=database.name)
        raise refuse("db.schema", "the database {url} has schema {found}; this gembakit needs "
                     "{head}: run gembakit db upgrade --db {url}", url=database.name,
                     found=found, head=HEAD)
    return database
