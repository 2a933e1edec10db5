"""Batch and portfolio summaries as CSV and XLSX (openpyxl, imported only when asked for)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from gembakit.base.safe_io import write_atomic
from gembakit.programme.batch import Row

BASE = ("file", "organisation", "tax_code", "province", "industry", "size", "site", "checklist",
        "version", "tier", "date", "status", "level", "overall", "failed_mandatory",
        "unanswered")


def table(rows: Sequence[Row]) -> tuple[list[str], list[list[object]]]:
    """Header and rows; one column per section of every checklist present (in first-seen order)."""
    sections: list[str] = []
    for row in rows:
        for key in (f"{row.checklist}:{sid}" for sid, _ in row.sections):
            if key not in sections:
                sections.append(key)
    header = [*BASE, *sections]
    body: list[list[object]] = []
    for row in rows:
        cells = (row.file, row.organisation, row.tax_code, row.province, row.industry, row.size,
                 row.site, row.checklist, row.version, row.tier, row.date, row.status, row.level,
                 None if row.overall is None else round(row.overall, 2), row.failed_mandatory,
                 row.unanswered)
        values: dict[str, object] = dict(zip(BASE, cells, strict=True))
        for sid, value in row.sections:
            values[f"{row.checklist}:{sid}"] = None if value is None else round(value, 2)
        body.append([values.get(column) for column in header])
    return header, body


def write_csv(path: Path, header: Sequence[str], body: Sequence[Sequence[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in line] for line in body)
    # A byte-order mark, so spreadsheet programs read the Vietnamese names as UTF-8.
    write_atomic(path, "\ufeff" + buffer.getvalue())


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str],
                                                  Sequence[Sequence[object]]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for title, header, body in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in body:
            sheet.append(list(line))
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())
