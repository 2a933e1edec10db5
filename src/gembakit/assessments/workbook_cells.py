"""Cells of the on-site workbook: sheet titles, printing, cell text, and the reader of item rows.

Shared by the section sheets (:mod:`gembakit.assessments.spreadsheet`) and the area sheets
(:mod:`gembakit.assessments.workbook_areas`), which keep an item's cells in other columns: a
:class:`Columns` names where they are, so every problem still names the cell a person must fix.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from gembakit.assessments.evidence import record
from gembakit.base import limits
from gembakit.base.errors import InputError, Problem, problem
from gembakit.base.models import GRADES
from gembakit.base.safe_io import read_bytes
from gembakit.checklists.model import Checklist

META = "_gembakit"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


class Columns(NamedTuple):
    """Where an item row keeps its cells (positions from 0; all within A-Z)."""

    id: int
    answer: int
    note: int
    evidence: int
    grade: int
    finding: int

    @staticmethod
    def letter(position: int) -> str:
        return chr(ord("A") + position)


# The section sheets: A id (hidden), B item, C guidance, D descriptors, E answer, F note,
# G evidence, H finding grade, I finding.
SITE_COLUMNS = Columns(0, 4, 5, 6, 7, 8)


def sheet_title(text: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text).strip()[:28] or "Section"
    title, n = base, 2
    while title.casefold() in used:
        title, n = f"{base[:25]} ({n})", n + 1
    used.add(title.casefold())
    return title


def wrapped_lines(text: str, per_line: int) -> int:
    """About how many lines ``text`` takes in a column of ``per_line`` characters: each line
    break starts a new line, and each long line wraps (a safe overestimate is better than a
    clipped descriptor on a printed form)."""
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def printable(sheet: Any) -> None:
    """Landscape, one page wide: the form is often printed and filled by hand first."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1" if sheet.max_row > 1 else None
    sheet.print_options.gridLines = True  # a printed form needs its cell borders to write in


def text(value: Any) -> str | None:
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


class RowReader:
    """Reads item rows, collecting a problem per bad cell."""

    def __init__(self, checklist: Checklist, source: str, folder: Path, base: Path,
                 columns: Columns = SITE_COLUMNS) -> None:
        self.checklist = checklist
        self.columns = columns
        self.source = source
        self.folder = folder  # evidence named in the workbook lies beside it
        self.base = base  # the assessment names it relative to its own folder
        self.problems: list[Problem] = []
        self.values = {str(p.value): p.value for p in checklist.scale.points}
        self.allowed = ", ".join(self.values) + (", na" if checklist.any_na else "")
        self.seen: dict[str, str] = {}
        self.n = 0

    def at(self, position: int) -> str:
        """The cell of the current row at ``position``."""
        return f"{self.columns.letter(position)}{self.n}"

    def bad(self, sheet: str, cell: str, code: str, msgid: str, **params: Any) -> None:
        self.problems.append(problem(code, msgid, file=self.source, path=(sheet, cell),
                                     **params))

    def row(self, sheet: str, row: Sequence[Any], n: int) -> tuple[str, dict[str, Any]] | None:
        """Row ``n`` (cells of a read-only sheet carry no coordinates of their own)."""
        self.n = n
        c = self.columns
        item_id = text(row[c.id].value)
        if item_id is None:
            return None
        where = f"{c.letter(c.id)}{n}"
        if item_id not in self.checklist.by_id:
            self.bad(sheet, where, "workbook.unknown_item", "unknown item '{id}'", id=item_id)
            return None
        if item_id in self.seen:
            self.bad(sheet, where, "workbook.item_twice", "item '{id}' appears twice (also "
                     "{other})", id=item_id, other=self.seen[item_id])
            return None
        self.seen[item_id] = f"{sheet}!{where}"
        answer: dict[str, Any] = {}
        self._score(sheet, row[c.answer], item_id, answer)
        note = text(row[c.note].value)
        if note:
            answer["note"] = note
        self._evidence(sheet, row[c.evidence], answer)
        self._finding(sheet, row[c.grade], row[c.finding], answer)
        return item_id, answer

    def _score(self, sheet: str, cell: Any, item_id: str, answer: dict[str, Any]) -> None:
        raw = text(cell.value)
        if raw is None:
            return
        item = self.checklist.by_id[item_id].item
        if raw.lower() in ("na", "n/a") and self.checklist.na_allowed(item):
            answer["score"] = "na"
        elif raw in self.values:
            answer["score"] = self.values[raw]
        else:
            self.bad(sheet, self.at(self.columns.answer), "workbook.answer",
                     "'{value}' is not an answer ({allowed})", value=raw[:40],
                     allowed=self.allowed)

    def _evidence(self, sheet: str, cell: Any, answer: dict[str, Any]) -> None:
        evidence = []
        for name in (f.strip() for f in (text(cell.value) or "").split(";") if f.strip()):
            shown = name[:120]
            if len(name) > limits.SHORT_TEXT:
                self.bad(sheet, self.at(self.columns.evidence), "workbook.evidence_name",
                         "evidence file name {name}… is too long: at most {limit} characters",
                         name=name[:40], limit=limits.SHORT_TEXT)
                continue
            try:
                file = self.folder / name
                inside = file.resolve().is_relative_to(self.folder.resolve())
            except (OSError, ValueError):
                inside = False
            if not inside:
                self.bad(sheet, self.at(self.columns.evidence), "workbook.evidence_outside",
                         "evidence file {name} is outside the workbook's folder", name=shown)
                continue
            try:
                present = file.is_file()
            except OSError:
                present = False
            if not present:
                self.bad(sheet, self.at(self.columns.evidence), "workbook.evidence_missing",
                         "evidence file {name} not found beside the workbook", name=shown)
                continue
            try:
                data = read_bytes(file, limit=limits.EVIDENCE_BYTES)
            except InputError as exc:
                self.problems += [p.located(prefix=(sheet, self.at(self.columns.evidence)))
                                  for p in exc.problems]
                continue
            rel = Path(os.path.relpath(file, self.base)).as_posix()
            evidence.append(record(data, rel).model_dump(exclude_none=True))
        if evidence:
            answer["evidence"] = evidence

    def _finding(self, sheet: str, grade_cell: Any, text_cell: Any,
                 answer: dict[str, Any]) -> None:
        grade, finding = text(grade_cell.value), text(text_cell.value)
        if not (grade or finding):
            return
        if grade not in GRADES or not finding:
            self.bad(sheet, self.at(self.columns.grade), "workbook.finding",
                     "a finding needs a grade (major, minor, observation, opportunity) and a "
                     "text")
            return
        answer["findings"] = [{"grade": grade, "text": finding}]


class Empty:
    value = None


EMPTY = Empty()
