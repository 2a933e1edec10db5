"""Assessment forms as spreadsheets: export a checklist to XLSX, import the filled workbook.

Every item row carries its id in a hidden column and a hidden sheet names the checklist and its
version, so the import never depends on row order, sheet order or wording: an assessor may sort,
re-title or translate freely. Every cell is checked and each problem names its sheet and cell.
LibreOffice keeps the hidden column and sheet, so workbooks it saved import too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from gembakit.assessments.workbook_areas import (
    AREA_COLUMNS,
    MARK_AREA,
    MARK_AREAS,
    add_area_sheets,
    marker,
    read_areas,
)
from gembakit.assessments.workbook_cells import (
    EMPTY,
    META,
    RowReader,
    printable,
    sheet_title,
    text,
    wrapped_lines,
)
from gembakit.base import limits
from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import N_, tr
from gembakit.base.models import GRADES
from gembakit.base.safe_io import read_bytes
from gembakit.checklists.catalogue import resolve_checklist
from gembakit.checklists.model import Checklist

__all__ = ["META", "export_xlsx", "import_xlsx"]

COVER_KEYS: tuple[tuple[str, str], ...] = (
    ("organisation.name", N_("Organisation")),
    ("organisation.tax_code", N_("Tax code")),
    ("organisation.industry", N_("Industry")),
    ("organisation.size", N_("Size (micro/small/medium/large)")),
    ("organisation.province", N_("Province")),
    ("site.name", N_("Site")),
    ("assessor.name", N_("Assessor")),
    ("assessor.organisation", N_("Assessor's organisation")),
    ("assessor.tier", N_("Tier (self/consultant/state)")),
    ("date", N_("Date (YYYY-MM-DD)")),
)
HEADERS = (N_("Id"), N_("Item"), N_("Guidance"), N_("What each answer means"), N_("Answer"),
           N_("Note"), N_("Evidence (file names, separated by ;)"), N_("Finding (grade)"),
           N_("Finding"))
# A workbook is a zip: what its parts may hold once unpacked, checked before openpyxl reads it.
MAX_UNPACKED = 200 * 1024 * 1024


def _section_sheet(sheet: Any, checklist: Checklist, section: Any, lang: str) -> None:
    """One section's items: texts, guidance, descriptors and the cells to fill."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    allowed = [str(p.value) for p in checklist.scale.points] + (["na"] if checklist.any_na
                                                                 else [])
    fill = PatternFill("solid", fgColor="FFF7D6")
    sheet.append([tr(lang, label) for label in HEADERS])
    head = PatternFill("solid", fgColor="DCE7EE")
    for cell in sheet[1]:
        cell.font = Font(name="Calibri", bold=True)
        cell.fill = head
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[1].height = 30
    answers = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                             allow_blank=True, showErrorMessage=True)
    grades = DataValidation(type="list", formula1='"' + ",".join(GRADES) + '"', allow_blank=True)
    sheet.add_data_validation(answers)
    sheet.add_data_validation(grades)
    for placed in checklist.by_section[section.id]:
        item = placed.item
        mark = " [" + tr(lang, "MANDATORY") + "]" if item.mandatory else ""
        descriptors = "\n".join(
            f"{p.value} – {(checklist.descriptor(item, p.value) or p.descriptor).get(lang)}"
            for p in checklist.scale.points)
        sheet.append([item.id, item.text.get(lang) + mark,
                      item.guidance.get(lang) if item.guidance else "", descriptors,
                      None, None, None, None, None])
        row = sheet.max_row
        # Wrapped cells do not grow by themselves in every program: size the row.
        lines = max(wrapped_lines(str(sheet[f"{c}{row}"].value or ""), per_line)
                    for c, per_line in (("B", 44), ("C", 36), ("D", 44)))
        sheet.row_dimensions[row].height = 13.5 * lines
        answers.add(f"E{row}")
        grades.add(f"H{row}")
        sheet[f"E{row}"].fill = fill
        for column in "BCDEFGHI":
            sheet[f"{column}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGHI", (12, 48, 40, 48, 10, 30, 28, 14, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = "B2"
    printable(sheet)


def export_xlsx(checklist: Checklist, lang: str) -> bytes:
    """A workbook to fill: a cover sheet, a sheet per section, answer drop-downs; for a
    checklist rated area by area also a sheet of areas and a sheet per area."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = tr(lang, "Cover")
    cover["A1"] = checklist.title.get(lang)
    cover["A1"].font = Font(name="Calibri", bold=True, size=14)
    cover["A2"] = f"{checklist.id} {checklist.version} — " + tr(
        lang, "Fill in column B here and the 'Answer' column on every section sheet.")
    for row, (key, label) in enumerate(COVER_KEYS, start=4):
        cover.cell(row, 1, tr(lang, label)).font = Font(name="Calibri", bold=True)
        # Text cells: a tax code typed 0301234567 must keep its leading zero.
        cover.cell(row, 2).number_format = "@"
        cover.cell(row, 3, key)
    tiers = DataValidation(type="list", formula1='"self,consultant,state"', allow_blank=True)
    cover.add_data_validation(tiers)
    tiers.add(f"B{4 + [k for k, _ in COVER_KEYS].index('assessor.tier')}")
    cover.column_dimensions["A"].width = 38
    cover.column_dimensions["B"].width = 50
    cover.column_dimensions["C"].hidden = True
    printable(cover)

    used = {cover.title.casefold(), META.casefold()}
    for section in checklist.sections:
        _section_sheet(book.create_sheet(sheet_title(section.title.get(lang), used)),
                       checklist, section, lang)
    if checklist.areas:
        add_area_sheets(book, checklist, lang, used, sheet_title)
    meta = book.create_sheet(META)
    for pair in (("schema", "gembakit/xlsx-form/v1"), ("checklist", checklist.id),
                 ("version", checklist.version), ("lang", lang)):
        meta.append(list(pair))
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_zip(raw: bytes, source: str) -> None:
    """A workbook whose parts would unpack to more than :data:`MAX_UNPACKED` is refused before
    any part is read (a zip bomb would otherwise cost its full size in memory)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse("workbook.unreadable", "not a readable workbook ({reason})", file=source,
                     reason="zip") from None
    if unpacked > MAX_UNPACKED:
        raise refuse("limit.workbook_size", "unpacks to {size} MiB; a form workbook holds at "
                     "most {limit} MiB", file=source, size=unpacked // (1024 * 1024),
                     limit=MAX_UNPACKED // (1024 * 1024))


def _cover(sheet: Any, data: dict[str, Any]) -> None:
    keys = {k for k, _ in COVER_KEYS}
    for row in sheet.iter_rows(min_col=1, max_col=3):
        key, value = text(row[2].value), text(row[1].value)
        if key not in keys or value is None:
            continue
        if "." in key:
            group, field = key.split(".")
            data[group][field] = value
        else:
            data[key] = value


def import_xlsx(path: Path, checklist_ref: str | None = None,
                base: Path | None = None) -> dict[str, Any]:
    """The assessment a filled workbook holds (as data for the assessment model). Evidence
    files, named in the workbook relative to it, are named relative to ``base`` (the folder the
    assessment will be saved in; by default the workbook's).

    Raises :class:`InputError` naming every bad cell by sheet and cell.
    """
    from openpyxl import load_workbook

    source = str(path)
    raw = read_bytes(path, source, limit=limits.WORKBOOK_BYTES)
    _check_zip(raw, source)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise refuse("workbook.unreadable", "not a readable workbook ({reason})", file=source,
                     reason=type(exc).__name__) from None
    try:
        data, reader = _read_book(book, path, source, checklist_ref, base)
    except InputError:
        raise
    except Exception as exc:
        # openpyxl reads a read-only sheet lazily, so a damaged part surfaces here, as any of
        # the XML, zip or value errors its parsers raise: all mean the same to the user.
        raise refuse("workbook.unreadable", "not a readable workbook ({reason})", file=source,
                     reason=type(exc).__name__) from None
    if reader.problems:
        raise InputError(tuple(reader.problems))
    return data


def _read_section(sheet: Any, reader: RowReader, source: str, answers: dict[str, Any]) -> None:
    for n, cells in enumerate(sheet.iter_rows(min_row=2, max_col=9), start=2):
        if n > limits.WORKBOOK_ROWS:
            raise refuse("limit.workbook_rows", "sheet '{sheet}' has more than {limit} rows",
                         file=source, sheet=sheet.title[:40], limit=limits.WORKBOOK_ROWS)
        row = (*cells, *(EMPTY,) * (9 - len(cells)))  # a read-only sheet drops empty cells
        found = reader.row(sheet.title, row, n)
        if found is not None:
            answers[found[0]] = found[1]


def _read_book(book: Any, path: Path, source: str, checklist_ref: str | None,
               base: Path | None) -> tuple[dict[str, Any], RowReader]:
    if META not in book.sheetnames:
        raise refuse("workbook.not_a_form", "not a gembakit form: its hidden sheet _gembakit is "
                     "missing", file=source)
    for sheet in book.worksheets:
        rows = sheet.max_row or 0
        if rows > limits.WORKBOOK_ROWS:
            raise refuse("limit.workbook_rows", "sheet '{sheet}' has {rows} rows; a form has at "
                         "most {limit}", file=source, sheet=sheet.title[:40], rows=rows,
                         limit=limits.WORKBOOK_ROWS)
    meta = {str(r[0].value): text(r[1].value) for r in book[META].iter_rows(max_col=2)
            if r[0].value is not None}
    checklist = resolve_checklist(checklist_ref or meta.get("checklist") or "")
    data: dict[str, Any] = {"schema": "gembakit/assessment/v1",
                            "checklist": {"id": checklist.id,
                                          "version": meta.get("version") or checklist.version},
                            "organisation": {}, "site": {}, "assessor": {}, "answers": {}}
    _cover(book.worksheets[0], data)
    reader = RowReader(checklist, source, path.parent, base or path.parent)
    summary, area_sheets = None, {}
    for sheet in book.worksheets[1:]:
        if sheet.title == META:
            continue
        mark = marker(sheet)
        if mark == MARK_AREAS:
            summary = sheet
            continue
        if mark is not None:
            slot = mark.removeprefix(MARK_AREA)
            if slot.isdigit():
                area_sheets[int(slot)] = sheet
            continue
        _read_section(sheet, reader, source, data["answers"])
    if summary is not None:
        areas, problems = read_areas(summary, area_sheets, checklist, reader=lambda: RowReader(
            checklist, source, path.parent, base or path.parent, AREA_COLUMNS), source=source,
            lang=meta.get("lang") or "vi")
        reader.problems += problems
        if areas:
            # Rated area by area: blank rows of the section sheets are no site answers.
            data["areas"] = areas
            data["answers"] = {k: v for k, v in data["answers"].items() if v}
    return data, reader
