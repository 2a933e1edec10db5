"""Experts, organisations, pilot models and improvement staff: import, add, list, show, export.

An import is all or nothing: every cell is checked first and every bad one named (sheet, row,
column); only a clean file is written, in one transaction. A record with a key (an expert's
credential, an organisation's name) is updated by a later import of the same key, and an expert's
history says when and by whom. Concurrent importers on PostgreSQL that race to insert the same
key retry their transaction instead of failing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from gembakit.base.errors import InputError, Problem, problem, refuse
from gembakit.base.safe_io import atomic_file, write_atomic
from gembakit.registry.db import Database
from gembakit.registry.kinds import Field, Kind, parse
from gembakit.registry.schema import expert_events, indicators
from gembakit.registry.search import fold
from gembakit.registry.sheets import read_rows

PAGE = 500
ATTEMPTS = 8


def _search_columns(kind: Kind, values: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for name in (*kind.searched, "province"):
        if f"{name}_search" in kind.table.c:
            folded = fold(values.get(name))
            out[f"{name}_search"] = folded or (None if kind.table.c[f"{name}_search"].nullable
                                               else "")
    return out


def check_row(kind: Kind, cells: Mapping[str, str], where: tuple[str, ...]
              ) -> tuple[dict[str, Any], list[Problem]]:
    """A record's values from its cells (by column name), with a problem for each bad cell."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in kind.fields:
        value, why = parse(field, cells.get(field.name, ""))
        if why is not None:
            problems.append(problem("table.cell", "{why}", path=(*where, field.name), why=why))
        elif value is not None:
            values[field.name] = value
    if kind.name == "experts":
        values.setdefault("status", "active")
        values.setdefault("competences", "")
        if values.get("valid_from") and values.get("valid_until") and \
                values["valid_until"] < values["valid_from"]:
            problems.append(problem("table.cell", "ends before it starts",
                                    path=(*where, "valid_until")))
    return values, problems


def read_file(kind: Kind, path: Path) -> list[dict[str, Any]]:
    """Every record of a spreadsheet, or every problem of it (nothing half-read)."""
    source = str(path)
    sheet, header, rows = read_rows(path)
    known = {f.name for f in kind.fields}
    problems = [problem("table.column", "'{column}' is not a column of {kind} (columns: "
                        "{columns})", file=source, path=(sheet, column or "?"), column=column,
                        kind=kind.name, columns=", ".join(f.name for f in kind.fields))
                for column in header if column not in known]
    problems += [problem("table.column", "the column '{column}' is missing", file=source,
                         path=(sheet,), column=f.name)
                 for f in kind.fields if f.required and f.name not in header]
    if problems:
        raise InputError(tuple(problems))
    records: list[dict[str, Any]] = []
    for n, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        values, found = check_row(kind, dict(zip(header, cells, strict=False)),
                                  (sheet, f"row {n}"))
        problems += [p.located(file=source) for p in found]
        records.append(values)
        if len(problems) > 200:
            break
    if problems:
        raise InputError(tuple(problems))
    return records


def _write_one(conn: Connection, kind: Kind, values: dict[str, Any], by: str | None,
               day: str) -> bool:
    """Insert or update one record; True when it is new."""
    table = kind.table
    row = {k: v for k, v in values.items() if k != "indicators"}
    row.update(_search_columns(kind, values))
    existing = None
    if kind.key is not None:
        key_column = table.c[f"{kind.key}_search"] if kind.key == "name" else table.c[kind.key]
        key_value = fold(values[kind.key]) if kind.key == "name" else values[kind.key]
        existing = conn.execute(select(table.c.pk).where(key_column == key_value)).scalar()
    if existing is None:
        pk = conn.execute(insert(table).values(**row).returning(table.c.pk)).scalar_one()
    else:
        pk = existing
        conn.execute(update(table).where(table.c.pk == pk).values(**row))
    if kind.name == "experts":
        conn.execute(insert(expert_events).values(
            expert_pk=pk, at=day, what="registered" if existing is None else "updated", by=by))
    for indicator in values.get("indicators") or ():
        conn.execute(insert(indicators).values(model_pk=pk, **indicator))
    return existing is None


def write(db: Database, kind: Kind, records: Iterable[dict[str, Any]], *, by: str | None = None,
          on: dt.date | None = None) -> tuple[int, int]:
    """Write ``records`` in one transaction; returns (added, updated)."""
    rows = list(records)
    day = (on or dt.date.today()).isoformat()
    for attempt in range(ATTEMPTS):
        try:
            with db.write() as conn:
                added = sum(_write_one(conn, kind, r, by, day) for r in rows)
            return added, len(rows) - added
        except (IntegrityError, OperationalError) as exc:
            # Another writer inserted the same key, or (PostgreSQL) a deadlock: the whole
            # transaction was rolled back; do it again, seeing the other's rows.
            if attempt == ATTEMPTS - 1 or (isinstance(exc, IntegrityError)
                                           and kind.key is None):
                raise refuse("table.conflict", "could not write to {db}: {reason}", db=db.name,
                             reason=str(exc.orig).splitlines()[0][:200]) from None
    raise AssertionError("unreachable")


def import_file(db: Database, kind: Kind, path: Path, *, by: str | None = None
                ) -> tuple[int, int]:
    return write(db, kind, read_file(kind, path), by=by)


def query(db: Database, kind: Kind, *, search: str | None = None,
          province: str | None = None) -> Select[Any]:
    table = kind.table
    q = select(*[table.c[f.name] for f in kind.fields if f.name in table.c], table.c.pk)
    if search:
        q = q.where(db.matches(table, search))
    if province:
        q = q.where(table.c.province_search == fold(province))
    return q.order_by(table.c.pk)


def records(db: Database, kind: Kind, *, search: str | None = None, province: str | None = None,
            limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Matching records, a page at a time (a listing of any size in flat memory)."""
    q = query(db, kind, search=search, province=province)
    if limit is not None:
        q = q.limit(limit)
    with db.read() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=PAGE).execute(q):
            data = dict(row._mapping)
            data.pop("pk")
            yield data


def show(db: Database, kind: Kind, key: str) -> dict[str, Any]:
    """One record by its key (for kinds without one: its number in the listing) with its
    history or indicators."""
    table = kind.table
    if kind.key == "name":
        where = table.c.name_search == fold(key)
    elif kind.key is not None:
        where = table.c[kind.key] == key.strip()
    else:
        where = table.c.pk == (int(key) if key.strip().isdigit() else -1)
    with db.read() as conn:
        row = conn.execute(select(table).where(where)).first()
        if row is None:
            raise refuse("table.unknown", "no {kind} '{key}' in {db}", kind=kind.singular,
                         key=key[:100], db=db.name)
        data = {k: v for k, v in row._mapping.items() if not k.endswith("_search")}
        if kind.name == "experts":
            data["history"] = [dict(r._mapping) for r in conn.execute(
                select(expert_events.c.at, expert_events.c.what, expert_events.c.by)
                .where(expert_events.c.expert_pk == data["pk"]).order_by(expert_events.c.pk))]
        if kind.name == "models":
            data["indicators"] = [dict(r._mapping) for r in conn.execute(
                select(indicators.c.name, indicators.c.unit, indicators.c.before,
                       indicators.c.after).where(indicators.c.model_pk == data["pk"])
                .order_by(indicators.c.pk))]
    return data


def _cell(field: Field, value: Any) -> Any:
    return "" if value is None else value


def export(db: Database, kind: Kind, path: Path) -> int:
    """Every record to CSV or XLSX (streamed); the columns are those an import reads."""
    names = [f.name for f in kind.fields if f.name in kind.table.c]
    fields = [kind.field(n) for n in names]
    count = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(kind.name)
        sheet.append(names)
        for record in records(db, kind):
            sheet.append([_cell(f, record.get(f.name)) for f in fields])
            count += 1
        out = io.BytesIO()
        book.save(out)
        write_atomic(path, out.getvalue())
        return count
    with atomic_file(path) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(names)
        for record in records(db, kind):
            writer.writerow([_cell(f, record.get(f.name)) for f in fields])
            count += 1
        text.flush()
        text.detach()
    return count
