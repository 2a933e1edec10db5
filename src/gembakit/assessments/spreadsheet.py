"""Assessment forms as spreadsheets: export a checklist to XLSX, import the filled workbook.

Every item row carries its id in a hidden column and a hidden sheet names the checklist and its
version, so the import never depends on row order, sheet order or wording: an assessor may sort,
re-title or translate freely. Every cell is checked and each problem names its sheet and cell.
LibreOffice keeps the hidden column and sheet, so workbooks it saved import too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from gembakit.checklists.model import Checklist
from gembakit.errors import InputError, Lang, Problem

META = "_gembakit"
COVER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("organisation.name", "Tên tổ chức", "Organisation"),
    ("organisation.tax_code", "Mã số thuế", "Tax code"),
    ("organisation.industry", "Ngành", "Industry"),
    ("organisation.size", "Quy mô (micro/small/medium/large)", "Size (micro/small/medium/large)"),
    ("organisation.province", "Tỉnh/thành", "Province"),
    ("site.name", "Địa điểm đánh giá", "Site"),
    ("assessor.name", "Người đánh giá", "Assessor"),
    ("assessor.organisation", "Tổ chức của người đánh giá", "Assessor's organisation"),
    ("assessor.tier", "Hình thức (self/consultant/state)", "Tier (self/consultant/state)"),
    ("date", "Ngày đánh giá (YYYY-MM-DD)", "Date (YYYY-MM-DD)"),
)
HEADERS = {
    "vi": ("Mã", "Tiêu chí", "Hướng dẫn", "Mô tả các mức", "Kết quả", "Ghi chú",
           "Bằng chứng (tên tệp, cách nhau bởi ;)", "Phát hiện (mức)", "Nội dung phát hiện"),
    "en": ("Id", "Item", "Guidance", "What each answer means", "Answer", "Note",
           "Evidence (file names, separated by ;)", "Finding (grade)", "Finding"),
}
GRADES = ("major", "minor", "observation", "opportunity")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text).strip()[:28] or "Section"
    title, n = base, 2
    while title.casefold() in used:
        title, n = f"{base[:25]} ({n})", n + 1
    used.add(title.casefold())
    return title


def export_xlsx(checklist: Checklist, lang: Lang) -> bytes:
    """A workbook to fill: a cover sheet, a sheet per section, answer drop-downs."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    vi = lang == "vi"
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Bìa" if vi else "Cover"
    cover["A1"] = checklist.title.get(lang)
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = (f"{checklist.id} {checklist.version} — " + (
        "Điền thông tin ở cột B, kết quả ở cột 'Kết quả' của mỗi trang." if vi else
        "Fill in column B here and the 'Answer' column on every section sheet."))
    for row, (key, label_vi, label_en) in enumerate(COVER_KEYS, start=4):
        cover.cell(row, 1, label_vi if vi else label_en).font = Font(bold=True)
        cover.cell(row, 3, key)
    tiers = DataValidation(type="list", formula1='"self,consultant,state"', allow_blank=True)
    cover.add_data_validation(tiers)
    tiers.add(f"B{4 + [k for k, _, _ in COVER_KEYS].index('assessor.tier')}")
    cover.column_dimensions["A"].width = 38
    cover.column_dimensions["B"].width = 50
    cover.column_dimensions["C"].hidden = True

    allowed = [str(p.value) for p in checklist.scale.points] + (["na"] if checklist.scale.na
                                                                 else [])
    fill = PatternFill("solid", fgColor="FFF7D6")
    used = {cover.title.casefold(), META.casefold()}
    for section in checklist.sections:
        sheet = book.create_sheet(_sheet_title(section.title.get(lang), used))
        sheet.append(list(HEADERS[lang]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        answers = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                                 allow_blank=True, showErrorMessage=True)
        grades = DataValidation(type="list", formula1='"' + ",".join(GRADES) + '"',
                                allow_blank=True)
        sheet.add_data_validation(answers)
        sheet.add_data_validation(grades)
        for placed in (p for p in checklist.placed if p.section is section):
            item = placed.item
            mark = (" [BẮT BUỘC]" if vi else " [MANDATORY]") if item.mandatory else ""
            descriptors = "\n".join(
                f"{p.value} – {(item.levels.get(p.value) or p.descriptor).get(lang)}"
                for p in checklist.scale.points)
            sheet.append([item.id, item.text.get(lang) + mark,
                          item.guidance.get(lang) if item.guidance else "", descriptors,
                          None, None, None, None, None])
            row = sheet.max_row
            answers.add(f"E{row}")
            grades.add(f"H{row}")
            sheet[f"E{row}"].fill = fill
            for column in "BCD":
                sheet[f"{column}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        for column, width in zip("ABCDEFGHI", (12, 48, 40, 48, 10, 30, 28, 14, 36), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.column_dimensions["A"].hidden = True
        sheet.freeze_panes = "B2"
    meta = book.create_sheet(META)
    for row in (("schema", "gembakit/xlsx-form/v1"), ("checklist", checklist.id),
                ("version", checklist.version), ("lang", lang)):
        meta.append(list(row))
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def import_xlsx(path: Path, checklist_ref: str | None = None) -> dict[str, Any]:
    """The assessment a filled workbook holds (as data for the assessment model).

    Raises :class:`InputError` naming every bad cell by sheet and cell.
    """
    from openpyxl import load_workbook

    from gembakit.checklists.catalogue import resolve_checklist

    source = str(path)
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets one clear message
        raise InputError((Problem(en=f"not a readable workbook ({type(exc).__name__})",
                                  vi=f"không đọc được sổ tính ({type(exc).__name__})",
                                  file=source),)) from None
    if META not in book.sheetnames:
        raise InputError((Problem(en="not a gembakit form: its hidden sheet _gembakit is missing",
                                  vi="không phải phiếu gembakit: thiếu trang ẩn _gembakit",
                                  file=source),))
    meta = {str(r[0].value): _text(r[1].value) for r in book[META].iter_rows(max_col=2)
            if r[0].value is not None}
    checklist = resolve_checklist(checklist_ref or meta.get("checklist") or "")
    problems: list[Problem] = []

    def bad(sheet: str, cell: str, en: str, vi: str) -> None:
        problems.append(Problem(en=en, vi=vi, file=source, path=(sheet, cell)))

    data: dict[str, Any] = {"schema": "gembakit/assessment/v1",
                            "checklist": {"id": checklist.id,
                                          "version": meta.get("version") or checklist.version},
                            "organisation": {}, "site": {}, "assessor": {}, "answers": {}}
    cover = book.worksheets[0]
    keys = {k for k, _, _ in COVER_KEYS}
    for row in cover.iter_rows(min_col=1, max_col=3):
        key = _text(row[2].value)
        if key not in keys:
            continue
        value = _text(row[1].value)
        if value is None:
            continue
        if "." in key:
            group, field = key.split(".")
            data[group][field] = value
        else:
            data[key] = value

    values = {str(p.value): p.value for p in checklist.scale.points}
    allowed = ", ".join(values) + (", na" if checklist.scale.na else "")
    base = path.parent
    seen: dict[str, str] = {}
    for sheet in book.worksheets[1:]:
        if sheet.title == META:
            continue
        for row in sheet.iter_rows(min_row=2, max_col=9):
            item_id = _text(row[0].value)
            if item_id is None:
                continue
            where = row[0].coordinate
            if item_id not in checklist.by_id:
                bad(sheet.title, where, f"unknown item '{item_id}'",
                    f"không có tiêu chí '{item_id}'")
                continue
            if item_id in seen:
                bad(sheet.title, where, f"item '{item_id}' appears twice (also {seen[item_id]})",
                    f"tiêu chí '{item_id}' xuất hiện hai lần (cả ở {seen[item_id]})")
                continue
            seen[item_id] = f"{sheet.title}!{where}"
            raw = _text(row[4].value)
            answer: dict[str, Any] = {}
            if raw is not None:
                if raw.lower() in ("na", "n/a") and checklist.na_allowed(
                        checklist.by_id[item_id].item):
                    answer["score"] = "na"
                elif raw in values:
                    answer["score"] = values[raw]
                else:
                    bad(sheet.title, row[4].coordinate, f"'{raw}' is not an answer ({allowed})",
                        f"'{raw}' không phải kết quả hợp lệ ({allowed})")
            note = _text(row[5].value)
            if note:
                answer["note"] = note
            files = [f.strip() for f in (_text(row[6].value) or "").split(";") if f.strip()]
            evidence = []
            for name in files:
                file = base / name
                if not file.is_file():
                    bad(sheet.title, row[6].coordinate, f"evidence file {name} not found beside "
                        "the workbook", f"không thấy tệp bằng chứng {name} cạnh sổ tính")
                    continue
                evidence.append({"file": name,
                                 "sha256": hashlib.sha256(file.read_bytes()).hexdigest()})
            if evidence:
                answer["evidence"] = evidence
            grade, finding = _text(row[7].value), _text(row[8].value)
            if grade or finding:
                if grade not in GRADES or not finding:
                    bad(sheet.title, row[7].coordinate,
                        "a finding needs a grade (major, minor, observation, opportunity) and "
                        "a text", "phát hiện cần có mức (major, minor, observation, "
                        "opportunity) và nội dung")
                else:
                    answer["findings"] = [{"grade": grade, "text": finding}]
            data["answers"][item_id] = answer
    if problems:
        raise InputError(tuple(problems))
    return data
