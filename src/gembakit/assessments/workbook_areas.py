"""Area by area in the workbook, as Vietnamese 5S forms do: a sheet of areas and a sheet per area.

For a checklist that names kinds of area, the workbook adds an *Areas* sheet — each row an area
to rate (name, kind, weight) with its score, level and rank worked out by the workbook's own
formulas as the answers are typed — and one sheet per area slot holding every item, with the kinds
of area it applies to. The formulas follow the engine's rules (``weighted``, ``sum`` and ``bands``
models; the gates of every level; the knock-out cap), so the figures on site are the figures
``gembakit score`` gives after import; items that do not apply to an area's kind are left out of
its figures. The sheets are found again by a marker in their hidden first cell, never by title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from gembakit.assessments.workbook_cells import Columns, RowReader, printable, text, wrapped_lines
from gembakit.base.errors import Problem, problem
from gembakit.base.messages import N_, tr
from gembakit.base.models import GRADES
from gembakit.checklists.conditions import evaluate
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    Gate,
    MandatoryAnswered,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    PointsMin,
    SectionsMin,
)
from gembakit.checklists.model import Checklist, Placed

SLOTS = 6  # area sheets in a new workbook: enough for most sites, few enough to print
MARK_AREAS = "gembakit-areas"
MARK_AREA = "gembakit-area:"
# Area sheets: A marker (hidden), B id (hidden), C item, D applies to, E descriptors, F answer,
# G note, H evidence, I finding grade, J finding; hidden helpers K weight, L mandatory, M kinds,
# N applies to this area (1/0); P the area's figures; Q1 the area's kind.
AREA_COLUMNS = Columns(1, 5, 6, 7, 8, 9)
FIRST = 3  # row 1 the area's name, row 2 headers
HEADERS = (N_("Id"), N_("Item"), N_("Applies to"), N_("What each answer means"), N_("Answer"),
           N_("Note"), N_("Evidence (file names, separated by ;)"), N_("Finding (grade)"),
           N_("Finding"))
# The Areas sheet: B number, C name, D kind, E weight, F score, G points, H level, I level name,
# J rank; hidden K kind id, M-N the kinds (id, name), P-Q the levels (number, name).
AREA_ROW0 = 2


def kinds_for(checklist: Checklist, placed: Placed) -> str:
    """``,workshop,warehouse,`` — the kinds an item applies to — or empty when it applies to
    every kind (the engine's three-valued rule, with only the kind known)."""
    kinds = [k.id for k in checklist.areas
             if all(node.applies_when is None or evaluate(
                 node.applies_when, {"area.kind": k.id}) is not False
                    for node in (*placed.groups, placed.item))]
    return "" if len(kinds) == len(checklist.areas) else "," + ",".join(kinds) + ","


def _number(value: float) -> str:
    return format(value, "g")


class _Figures:
    """The cells of one area sheet's figures (column P) and the formulas that fill them."""

    def __init__(self, checklist: Checklist, rows: dict[str, tuple[int, int]], last: int) -> None:
        self.cl, self.rows, self.last = checklist, rows, last
        names = ["overall", "points", "answered", "failed", "unanswered",
                 *(f"s:{s.id}" for s in checklist.sections), *(f"g:{g}" for g in GRADES),
                 "reached", "level"]
        self.cell = {name: f"$P${i}" for i, name in enumerate(names, start=1)}

    def _rng(self, col: str, first: int = FIRST, last: int | None = None) -> str:
        return f"${col}${first}:${col}${last or self.last}"

    def _share(self, first: int, last: int) -> tuple[str, str]:
        """(numerator, counted weight) over rows ``first``-``last``: numbers only, applicable
        items only; SUMPRODUCT reads text (``na``) as 0."""
        ans, w, app = (self._rng(c, first, last) for c in "FKN")
        lo = self.cl.scale.min
        counted = f'SUMIFS({w},{ans},">={lo}",{app},1)'
        return f"(SUMPRODUCT({ans},{w},{app})-{lo}*{counted})", counted

    def formulas(self) -> Iterator[tuple[str, str]]:
        cl, c = self.cl, self.cell
        span = cl.scale.max - cl.scale.min
        unit = cl.scale.max if cl.scoring.model == "sum" else 1
        num, counted = self._share(FIRST, self.last)
        ans, app, mand, grade = (self._rng(col) for col in "FNLI")
        yield c["overall"], f'=IF({counted}=0,"",100*{num}/({span}*{counted}))'
        yield c["points"], f'=IF({counted}=0,"",{num}/{span}*{unit})'
        yield c["answered"], (f'=IF(SUM({app})=0,100,100*COUNTIFS({app},1,{ans},"<>")'
                              f"/SUM({app}))")
        yield c["failed"], (f"=SUMPRODUCT({app},{mand},ISNUMBER({ans})*"
                            f"({ans}<{cl.pass_score}))")
        yield c["unanswered"], f'=SUMPRODUCT({app},{mand},--({ans}=""))'
        for section in cl.sections:
            first, last = self.rows[section.id]
            s_num, s_counted = self._share(first, last)
            yield c[f"s:{section.id}"], f'=IF({s_counted}=0,"",100*{s_num}/({span}*{s_counted}))'
        for g in GRADES:
            values = [v for v, graded in cl.findings_by_value.items() if graded == g]
            given = "+".join(f"({ans}={v})" for v in values) or "0"
            yield c[f"g:{g}"], (f'=SUMPRODUCT({app},--((({grade}="{g}")+ISNUMBER({ans})*'
                                f"({given}))>0))")
        reached = self._reached()
        if reached is not None:
            cap = cl.maturity.cap
            yield c["reached"], "=" + reached
            yield c["level"], f"=IF(AND({c['failed']}>0,{c['reached']}>{cap}),{cap},{c['reached']})"

    def _gate(self, gate: Gate) -> str | None:  # noqa: PLR0911 - one formula per gate kind
        c = self.cell
        if isinstance(gate, OverallMin):
            return f"AND(ISNUMBER({c['overall']}),N({c['overall']})>={_number(gate.value)})"
        if isinstance(gate, PointsMin):
            return f"N({c['points']})>={_number(gate.value)}"
        if isinstance(gate, SectionsMin):
            return "AND(" + ",".join(
                f"ISNUMBER({c['s:' + s]}),N({c['s:' + s]})>={_number(gate.value)}"
                for s in gate.sections) + ")"
        if isinstance(gate, EverySectionMin):
            return "AND(" + ",".join(
                f"OR(NOT(ISNUMBER({c['s:' + s.id]})),N({c['s:' + s.id]})>={_number(gate.value)})"
                for s in self.cl.sections) + ")"
        if isinstance(gate, NoFailedMandatory):
            return f"{c['failed']}=0"
        if isinstance(gate, MandatoryAnswered):
            return f"{c['unanswered']}=0"
        if isinstance(gate, AnsweredMin):
            return f"{c['answered']}>={_number(gate.value)}"
        if isinstance(gate, MaxFindings):
            return f"{c['g:' + gate.grade]}<={gate.value}"
        return None

    def _reached(self) -> str | None:
        """The highest level whose gates and every lower level's gates hold."""
        levels = self.cl.maturity.levels
        expr = str(levels[-1].level)
        for i in range(len(levels) - 1, -1, -1):
            gates = [self._gate(g) for g in levels[i].gates]
            if None in gates:
                return None
            below = levels[i - 1].level if i else levels[0].level - 1
            if gates:
                expr = f"IF(AND({','.join(g for g in gates if g)}),{expr},{below})"
        return expr


def _formulas_work(checklist: Checklist) -> bool:
    """The workbook computes what the engine computes only for these models."""
    return (checklist.scoring.model in ("weighted", "sum", "bands")
            and checklist.scale.na_score is None and checklist.scale.max > checklist.scale.min)


def add_area_sheets(book: Any, checklist: Checklist, lang: str, used: set[str],
                    title: Callable[[str, set[str]], str]) -> None:
    """The Areas sheet and one sheet per area slot, after the section sheets."""
    from openpyxl.styles import Font

    areas = book.create_sheet(title(tr(lang, "Areas"), used))
    slots = [book.create_sheet(title(f"{tr(lang, 'Area')} {k}", used))
             for k in range(1, SLOTS + 1)]
    _areas_sheet(areas, checklist, lang, [s.title for s in slots])
    for k, sheet in enumerate(slots, start=1):
        _area_sheet(sheet, checklist, lang, k, areas.title)
    for sheet in (areas, *slots):
        sheet["A1"].font = Font(name="Calibri", color="FFFFFF")


def _areas_sheet(sheet: Any, checklist: Checklist, lang: str, slots: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    show = _formulas_work(checklist)
    sheet.append([MARK_AREAS, tr(lang, "No."), tr(lang, "Area"), tr(lang, "Kind of area"),
                  tr(lang, "Weight"), tr(lang, "Score (%)"), tr(lang, "Points"),
                  tr(lang, "Level"), tr(lang, "Level name"), tr(lang, "Rank")])
    last = AREA_ROW0 + SLOTS - 1
    kinds = [(k.id, k.name.get(lang)) for k in checklist.areas]
    levels = [(lv.level, lv.name.get(lang)) for lv in checklist.maturity.levels]
    for i, (kid, name) in enumerate(kinds, start=2):
        sheet[f"M{i}"], sheet[f"N{i}"] = kid, name
    for i, (number, name) in enumerate(levels, start=2):
        sheet[f"P{i}"], sheet[f"Q{i}"] = number, name
    k_ids = f"$M$2:$M${1 + len(kinds)}"
    k_names = f"$N$2:$N${1 + len(kinds)}"
    for k, area_title in enumerate(slots, start=1):
        r = AREA_ROW0 + k - 1
        ref = f"'{area_title}'!"
        sheet[f"B{r}"], sheet[f"E{r}"] = k, 1
        sheet[f"K{r}"] = f'=IFERROR(INDEX({k_ids},MATCH(D{r},{k_names},0)),IF(D{r}="","",D{r}))'
        if show:
            sheet[f"F{r}"] = f'=IF(C{r}="","",{ref}$P$1)'
            sheet[f"G{r}"] = f'=IF(C{r}="","",{ref}$P$2)'
            sheet[f"H{r}"] = f'=IF(C{r}="","",IFERROR(1*{ref}$P${_level_row(checklist)},""))'
            sheet[f"I{r}"] = (f'=IF(ISNUMBER(H{r}),VLOOKUP(H{r},$P$2:$Q${1 + len(levels)},2,'
                              f'FALSE),"")')
            sheet[f"J{r}"] = f'=IF(ISNUMBER(F{r}),RANK(F{r},$F${AREA_ROW0}:$F${last}),"")'
        for col in "FG":
            sheet[f"{col}{r}"].number_format = "0.0"
    site = last + 2
    sheet[f"C{site}"] = tr(lang, "Whole site (areas averaged by weight)")
    sheet[f"C{site}"].font = Font(name="Calibri", bold=True)
    if show:
        rng, weights = f"F{AREA_ROW0}:F{last}", f"E{AREA_ROW0}:E{last}"
        sheet[f"F{site}"] = (f'=IF(SUMIF({rng},">=0",{weights})=0,"",'
                             f'SUMPRODUCT({rng},{weights})/SUMIF({rng},">=0",{weights}))')
        sheet[f"F{site}"].number_format = "0.0"
    choice = DataValidation(type="list", formula1=k_names, allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"D{AREA_ROW0}:D{last}")
    fill, head = PatternFill("solid", fgColor="FFF7D6"), PatternFill("solid", fgColor="DCE7EE")
    for cell in sheet[1]:
        cell.font, cell.fill = Font(name="Calibri", bold=True), head
    for r in range(AREA_ROW0, last + 1):
        for col in "CDE":
            sheet[f"{col}{r}"].fill = fill
    for col, width in zip("ABCDEFGHIJ", (4, 5, 34, 18, 8, 10, 10, 7, 22, 7), strict=True):
        sheet.column_dimensions[col].width = width
    for col in ("A", "K", "M", "N", "P", "Q", *(() if checklist.scoring.show_points else "G")):
        sheet.column_dimensions[col].hidden = True
    printable(sheet)


def _level_row(checklist: Checklist) -> int:
    return 5 + len(checklist.sections) + len(GRADES) + 2


def _area_sheet(sheet: Any, checklist: Checklist, lang: str, k: int, areas_title: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    r = AREA_ROW0 + k - 1
    sheet["A1"] = f"{MARK_AREA}{k}"
    sheet["C1"] = f"=\"{tr(lang, 'Area')} {k}: \"&'{areas_title}'!C{r}&\" — \"&'{areas_title}'!D{r}"
    sheet["C1"].font = Font(name="Calibri", bold=True, size=13)
    sheet["Q1"] = f"='{areas_title}'!K{r}"
    sheet.append([None, *(tr(lang, label) for label in HEADERS)])
    head, fill = PatternFill("solid", fgColor="DCE7EE"), PatternFill("solid", fgColor="FFF7D6")
    for cell in sheet[2]:
        cell.font, cell.fill = Font(name="Calibri", bold=True), head
    allowed = [str(p.value) for p in checklist.scale.points] + (
        ["na"] if checklist.any_na else [])
    answers = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                             allow_blank=True, showErrorMessage=True)
    grades = DataValidation(type="list", formula1='"' + ",".join(GRADES) + '"', allow_blank=True)
    sheet.add_data_validation(answers)
    sheet.add_data_validation(grades)
    names = {k.id: k.name.get(lang) for k in checklist.areas}
    rows: dict[str, tuple[int, int]] = {}
    for section in checklist.sections:
        sheet.append([None, None, section.title.get(lang)])
        sheet.cell(sheet.max_row, 3).font = Font(name="Calibri", bold=True)
        first = sheet.max_row + 1
        for placed in checklist.by_section[section.id]:
            item = placed.item
            kinds = kinds_for(checklist, placed)
            where = ", ".join(names[k] for k in kinds.strip(",").split(",")) if kinds else ""
            mark = " [" + tr(lang, "MANDATORY") + "]" if item.mandatory else ""
            descriptors = "\n".join(
                f"{p.value} – {(checklist.descriptor(item, p.value) or p.descriptor).get(lang)}"
                for p in checklist.scale.points)
            n = sheet.max_row + 1
            sheet.append([None, item.id, item.text.get(lang) + mark, where or tr(lang, "all"),
                          descriptors, None, None, None, None, None, placed.weight,
                          1 if item.mandatory else 0, kinds,
                          f'=IF(OR($Q$1="",M{n}=""),1,IF(ISNUMBER(SEARCH(","&$Q$1&",",M{n})),'
                          "1,0))"])
            answers.add(f"F{n}")
            grades.add(f"I{n}")
            sheet[f"F{n}"].fill = fill
            lines = max(wrapped_lines(str(sheet[f"{c}{n}"].value or ""), per)
                        for c, per in (("C", 44), ("E", 44)))
            sheet.row_dimensions[n].height = 13.5 * lines
            for col in "CDEFGHIJ":
                sheet[f"{col}{n}"].alignment = Alignment(wrap_text=True, vertical="top")
        rows[section.id] = (first, sheet.max_row)
    if _formulas_work(checklist):
        figures = _Figures(checklist, rows, sheet.max_row)
        for cell, formula in figures.formulas():
            sheet[cell.replace("$", "")] = formula
        overall, level = figures.cell["overall"], figures.cell["level"]
        sheet["E1"] = (f'=IF(ISNUMBER({overall}),"{tr(lang, "Overall score")} "&TEXT({overall},'
                       f'"0.0")&" % · {tr(lang, "Level")} "&{level},"")')
        sheet["E1"].font = Font(name="Calibri", bold=True, size=12)
    for col, width in zip("ABCDEFGHIJ", (3, 10, 48, 16, 44, 8, 28, 24, 12, 32), strict=True):
        sheet.column_dimensions[col].width = width
    for col in "ABKLMNOPQ":
        sheet.column_dimensions[col].hidden = True
    sheet.freeze_panes = "C3"
    printable(sheet)
    sheet.print_title_rows = "2:2"


def marker(sheet: Any) -> str | None:
    """The hidden first cell that names an area sheet or the Areas sheet."""
    for row in sheet.iter_rows(max_row=1, max_col=1):
        value = text(row[0].value) if row else None
        if value is not None and value.startswith((MARK_AREAS, MARK_AREA)):
            return value
    return None


def _slug(name: str, k: int, taken: set[str]) -> str:
    """An id for an area from its name: ``Xưởng SMT`` → ``xuong-smt``."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or f"area-{k}"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found


def read_areas(summary: Any, sheets: dict[int, Any], checklist: Checklist, *,
               reader: Callable[[], RowReader], source: str,
               lang: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The areas named on the Areas sheet, each with the answers of its sheet; a kind is read by
    its id or its name in either language."""
    problems: list[Problem] = []
    kinds = {k.id: k.id for k in checklist.areas}
    for k in checklist.areas:
        kinds.update({k.name.vi.casefold(): k.id, k.name.en.casefold(): k.id})
    found: list[dict[str, Any]] = []
    taken: set[str] = set()
    for n, row in enumerate(summary.iter_rows(min_row=AREA_ROW0, max_row=AREA_ROW0 + 49,
                                              max_col=5), start=AREA_ROW0):
        cells = [text(c.value) for c in row] + [None] * (5 - len(row))
        slot, name, kind, weight = cells[1], cells[2], cells[3], cells[4]
        if slot is None or not slot.isdigit():
            continue  # a heading, the whole site's row, a note
        sheet = sheets.get(int(slot))
        if name is None:
            if sheet is not None and _answers(sheet, reader(), problems):
                problems.append(problem(
                    "workbook.area_unnamed", "sheet '{sheet}' holds answers, but row {row} of "
                    "'{areas}' names no area for it", file=source, path=(summary.title, f"C{n}"),
                    sheet=sheet.title, row=n, areas=summary.title))
            continue
        area: dict[str, Any] = {"id": _slug(name, len(found) + 1, taken), "name": name}
        if kind is not None:
            if kind.casefold() in kinds or kind in kinds:
                area["kind"] = kinds.get(kind, kinds.get(kind.casefold()))
            else:
                problems.append(problem(
                    "workbook.area_kind", "'{kind}' is not a kind of area of this checklist "
                    "({kinds})", file=source, path=(summary.title, f"D{n}"), kind=kind[:40],
                    kinds=", ".join(k.name.get(lang) for k in checklist.areas)))
        if weight is not None:
            try:
                area["weight"] = float(weight)
            except ValueError:
                problems.append(problem("workbook.area_weight", "'{value}' is not a weight",
                                        file=source, path=(summary.title, f"E{n}"),
                                        value=weight[:40]))
        area["answers"] = _answers(sheet, reader(), problems) if sheet is not None else {}
        found.append(area)
    return found, problems


def _answers(sheet: Any, reader: RowReader, problems: list[Problem]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    width = AREA_COLUMNS.finding + 1
    for n, cells in enumerate(sheet.iter_rows(min_row=FIRST, max_col=width), start=FIRST):
        row = (*cells, *(_Blank(),) * (width - len(cells)))
        got = reader.row(sheet.title, row, n)
        if got is not None and got[1]:
            answers[got[0]] = got[1]
    problems += reader.problems
    return answers


class _Blank:
    value = None
