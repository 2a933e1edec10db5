"""``gembakit experts|organisations|models|staff import|list|add|show|export``.

The four groups are built from one description of each kind of record
(:mod:`gembakit.registry.kinds`): ``add`` gets one option per column, ``import`` reads the same
columns from a spreadsheet, ``export`` writes them back.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from gembakit.base.errors import GembakitError
from gembakit.base.messages import N_, tr
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, say, state
from gembakit.cli.db_cmd import DbOption
from gembakit.registry.kinds import KINDS, Kind

GROUP_HELP = {
    "experts": N_("Productivity and quality experts: credentials, levels, what they cover."),
    "organisations": N_("Consulting, training and certification organisations."),
    "models": N_("Pilot models: where a tool was applied, with indicators before and after."),
    "staff": N_("Improvement staff certified in enterprises."),
}
ByOption = Annotated[str | None, typer.Option("--by", help="Who records it (kept in the "
                                                            "history).")]
SearchOption = Annotated[str | None, typer.Option(
    help="Words of a name, in any case, with or without diacritics.")]
ProvinceOption = Annotated[str | None, typer.Option(help="Province.")]


def _import(kind: Kind) -> Callable[..., None]:
    def command(file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file.")],
                db: DbOption = None, by: ByOption = None, lang: LangOption = None) -> None:
        """Import a spreadsheet: every bad cell is named; nothing is written unless all are
        good."""
        from gembakit.registry.db import open_database
        from gembakit.registry.records import import_file

        try:
            with open_database(db) as database:
                added, updated = import_file(database, kind, file, by=by)
        except GembakitError as exc:
            raise fail(exc, state.lang) from None
        say("{file}: {added} added, {updated} updated in {db}", file=str(file), added=added,
            updated=updated, db=database.name)

    return command


def _list(kind: Kind) -> Callable[..., None]:
    def command(search: SearchOption = None, province: ProvinceOption = None,
                limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
                db: DbOption = None, lang: LangOption = None, json: JsonOption = False) -> None:
        """List or search (names in any case, with or without diacritics)."""
        from gembakit.registry.db import open_database
        from gembakit.registry.records import records

        try:
            with open_database(db) as database:
                found = records(database, kind, search=search, province=province, limit=limit)
                if json:
                    _stream_json(found)
                    return
                for record in found:
                    sys.stdout.write("  ".join(str(record.get(c) or "—") for c in kind.shown)
                                     + "\n")
        except GembakitError as exc:
            raise fail(exc, state.lang) from None

    return command


def _stream_json(rows: Any) -> None:
    """A JSON array written as it is read (a listing of any size in flat memory)."""
    import json

    sys.stdout.write("[")
    for i, row in enumerate(rows):
        sys.stdout.write(("," if i else "") + "\n  " + json.dumps(row, ensure_ascii=False))
    sys.stdout.write("\n]\n")


def _add(kind: Kind) -> Callable[..., None]:
    def command(**options: Any) -> None:
        from gembakit.base.errors import InputError
        from gembakit.registry.db import open_database
        from gembakit.registry.records import check_row, write

        cells = {f.name: options.get(f.name) or "" for f in kind.fields}
        values, problems = check_row(kind, cells, ())
        try:
            if problems:
                raise InputError(tuple(problems))
            with open_database(options.get("db")) as database:
                added, _ = write(database, kind, [values], by=options.get("by"))
        except GembakitError as exc:
            raise fail(exc, state.lang) from None
        key = values.get(kind.key or kind.fields[0].name)
        if added:
            say("{kind} {key}: added to {db}", kind=kind.name, key=key, db=database.name)
        else:
            say("{kind} {key}: updated in {db}", kind=kind.name, key=key, db=database.name)

    parameters = [inspect.Parameter(
        f.name, inspect.Parameter.KEYWORD_ONLY, default=None,
        annotation=Annotated[str | None, typer.Option(f"--{f.name.replace('_', '-')}",
                                                      help=f.help)])
        for f in kind.fields]
    for name, annotation in (("by", ByOption), ("db", DbOption), ("lang", LangOption)):
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                            annotation=annotation))
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__doc__ = tr("en", "Add one record, or update the one with the same key.")
    return command


def _show(kind: Kind) -> Callable[..., None]:
    def command(key: Annotated[str, typer.Argument(
                    help="The credential, the name, or the number in the listing.")],
                db: DbOption = None, lang: LangOption = None, json: JsonOption = False) -> None:
        """One record, with its history or indicators."""
        from gembakit.registry.db import open_database
        from gembakit.registry.records import show

        try:
            with open_database(db) as database:
                record = show(database, kind, key)
        except GembakitError as exc:
            raise fail(exc, state.lang) from None
        if json:
            emit_json(record)
            return
        for name, value in record.items():
            if isinstance(value, list):
                for entry in value:
                    sys.stdout.write(f"  {name}: " + ", ".join(
                        str(v) for v in entry.values() if v is not None) + "\n")
            elif value is not None and name != "pk":
                sys.stdout.write(f"{name}: {value}\n")

    return command


def _export(kind: Kind) -> Callable[..., None]:
    def command(output: Annotated[Path, typer.Option("--output", "-o",
                                                     help="A .csv or .xlsx file.")],
                db: DbOption = None, lang: LangOption = None) -> None:
        """Write every record to a spreadsheet with the columns an import reads."""
        from gembakit.registry.db import open_database
        from gembakit.registry.records import export

        try:
            with open_database(db) as database:
                n = export(database, kind, output)
        except GembakitError as exc:
            raise fail(exc, state.lang) from None
        say("wrote {file}: {n} records", file=str(output), n=n)

    return command


def group(name: str) -> typer.Typer:
    kind = KINDS[name]
    app = typer.Typer(help=GROUP_HELP[name], no_args_is_help=True)
    for command, make in (("import", _import), ("list", _list), ("add", _add),
                          ("show", _show), ("export", _export)):
        app.command(command)(make(kind))
    return app


experts_app = group("experts")
organisations_app = group("organisations")
models_app = group("models")
staff_app = group("staff")
