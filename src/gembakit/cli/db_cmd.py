"""``gembakit db init|upgrade|status`` and the ``--db`` option every database command shares."""

from __future__ import annotations

from typing import Annotated

import typer

from gembakit.base.errors import GembakitError
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, say, state

DbOption = Annotated[str | None, typer.Option(
    "--db", metavar="FILE|URL",
    help="The programme database: an SQLite file or a postgresql:// URL (default: "
         "GEMBAKIT_DB, else programme.db).")]

db_app = typer.Typer(help="The programme database: create it, bring it up to date.",
                     no_args_is_help=True)


@db_app.command("init")
def init(db: DbOption = None, lang: LangOption = None) -> None:
    """Create the programme database (an SQLite file, or the tables in a PostgreSQL database
    that exists and is empty)."""
    from gembakit.registry.migrate import init_database

    try:
        database = init_database(db)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    database.close()
    say("created the programme database {db}", db=database.name)


@db_app.command("upgrade")
def upgrade(db: DbOption = None, lang: LangOption = None) -> None:
    """Bring the database up to this gembakit's schema (a register file of an earlier version
    becomes a programme database holding the same certificates and history)."""
    from gembakit.registry.db import database_url, shown
    from gembakit.registry.migrate import upgrade_database

    try:
        found, now = upgrade_database(db)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if found == now:
        say("{db} is up to date (schema {schema})", db=shown(database_url(db)), schema=now)
    else:
        say("{db}: schema {before} → {after}", db=shown(database_url(db)),
            before=found or "—", after=now)


@db_app.command("status")
def status(db: DbOption = None, lang: LangOption = None, json: JsonOption = False) -> None:
    """How many records the database holds, and its schema."""
    from sqlalchemy import func, select

    from gembakit.registry.db import open_database
    from gembakit.registry.schema import metadata

    try:
        with open_database(db) as database, database.read() as conn:
            counts = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                      for name, table in metadata.tables.items()}
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json({"database": database.name, "tables": counts})
        return
    say("{db}", db=database.name)
    for name, n in counts.items():
        print(f"  {name:<20} {n:>10,}")
