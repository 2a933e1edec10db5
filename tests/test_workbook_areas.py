"""The workbook rated area by area: a sheet of areas with score, level and rank worked out by the
workbook's own formulas, a sheet per area, and an import that brings every area back."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

import gembakit
from gembakit.assessments.io import parse_assessment
from gembakit.assessments.spreadsheet import export_xlsx, import_xlsx
from gembakit.assessments.workbook_areas import MARK_AREA, MARK_AREAS
from gembakit.base.errors import InputError
from gembakit.checklists.catalogue import load_bundled
from tests.builders import EXAMPLE, item_rows

AREAS_EXAMPLE = EXAMPLE.parent / "5s-areas.yaml"


def _sheet(book: Any, mark: str) -> Any:
    return next(s for s in book.worksheets if s["A1"].value == mark)


def _fill(tmp_path: Path, lang: str = "vi") -> Path:
    """The 5S workbook filled in from the four-area example, as an assessor would."""
    from openpyxl import load_workbook

    checklist = load_bundled("5s")
    form = tmp_path / "form.xlsx"
    form.write_bytes(export_xlsx(checklist, lang))
    example = yaml.safe_load(AREAS_EXAMPLE.read_text(encoding="utf-8"))
    kinds = {k.id: k.name.get(lang) for k in checklist.areas}
    book = load_workbook(form)
    areas = _sheet(book, MARK_AREAS)
    for k, area in enumerate(example["areas"], start=1):
        areas[f"C{1 + k}"] = area["name"]
        areas[f"D{1 + k}"] = kinds[area["kind"]]
        areas[f"E{1 + k}"] = area.get("weight", 1)
        sheet = _sheet(book, f"{MARK_AREA}{k}")
        for row in sheet.iter_rows(min_row=3):
            answer = area["answers"].get(row[1].value)
            if answer is None:
                continue
            row[5].value = answer["score"]
            row[6].value = answer.get("note")
            if answer.get("findings"):
                row[8].value = answer["findings"][0]["grade"]
                row[9].value = answer["findings"][0]["text"]
    cover = book.worksheets[0]
    for row in cover.iter_rows(min_row=4):
        key = row[2].value
        if key in ("organisation.name", "site.name", "assessor.name", "assessor.organisation"):
            row[1].value = "Công ty TNHH Điện tử Minh Phát"
        elif key == "assessor.tier":
            row[1].value = "self"
        elif key == "date":
            row[1].value = "2026-11-16"
    book.save(form)
    return form


def test_area_sheets_are_added_only_where_the_checklist_names_kinds() -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(export_xlsx(load_bundled("5s"), "en")))
    marks = [s["A1"].value for s in book.worksheets]
    assert marks.count(MARK_AREAS) == 1
    assert [m for m in marks if str(m).startswith(MARK_AREA)] == [
        f"{MARK_AREA}{k}" for k in range(1, 7)]
    # The section sheets stay as they were: their rows are still the only item rows.
    assert len([i for i, _ in item_rows(book)]) == len(load_bundled("5s").placed)
    plain = load_workbook(BytesIO(export_xlsx(load_bundled("iso9001"), "en")))
    assert MARK_AREAS not in [s["A1"].value for s in plain.worksheets]


def test_areas_come_back_from_the_workbook(tmp_path: Path) -> None:
    data = import_xlsx(_fill(tmp_path))
    assert data["answers"] == {}
    assert [(a["id"], a["name"], a.get("kind"), a.get("weight")) for a in data["areas"]] == [
        ("xuong-smt", "Xưởng SMT", "workshop", 2.0),
        ("xuong-lap-rap", "Xưởng lắp ráp", "workshop", 1.0),
        ("kho-linh-kien", "Kho linh kiện", "warehouse", 1.0),
        ("van-phong-hanh-chinh", "Văn phòng hành chính", "office", 1.0)]
    example = gembakit.load_assessment(AREAS_EXAMPLE)
    imported = parse_assessment(data, "form.xlsx")
    for got, want in zip(imported.areas, example.areas, strict=True):
        assert {k: (a.score, a.note) for k, a in got.answers.items()} == {
            k: (a.score, a.note) for k, a in want.answers.items()}, want.id
    result = gembakit.score(imported, load_bundled("5s"))
    assert [(a.name, a.rank, a.level) for a in result.areas] == [
        ("Xưởng SMT", 1, 5), ("Xưởng lắp ráp", 3, 3), ("Kho linh kiện", 4, 2),
        ("Văn phòng hành chính", 2, 3)]


def test_bad_area_cells_are_named(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    form = _fill(tmp_path, "en")
    book = load_workbook(form)
    areas = _sheet(book, MARK_AREAS)
    areas["D3"] = "nhà ăn"
    areas["E4"] = "hai"
    sheet = _sheet(book, f"{MARK_AREA}5")  # a slot no area is named for
    sheet["F4"] = 3
    book.save(form)
    with pytest.raises(InputError) as caught:
        import_xlsx(form)
    assert [p.render("en") for p in caught.value.problems] == [
        f"{form} › Areas › D3: 'nhà ăn' is not a kind of area of this checklist (Workshop, "
        "Warehouse, Office)",
        f"{form} › Areas › E4: 'hai' is not a weight",
        f"{form} › Areas › C6: sheet 'Area 5' holds answers, but row 6 of 'Areas' names no "
        "area for it"]


@pytest.mark.tool("soffice")
def test_the_workbook_works_out_what_gembakit_does(tmp_path: Path) -> None:
    """Recalculated by LibreOffice, each area's score, points, level and rank and the site's
    score are the engine's."""
    from openpyxl import load_workbook

    form = _fill(tmp_path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(form)],
                   check=True, capture_output=True, timeout=240)
    book = load_workbook(tmp_path / "lo" / "form.xlsx", data_only=True)
    areas = _sheet(book, MARK_AREAS)
    result = gembakit.score(gembakit.load_assessment(AREAS_EXAMPLE), load_bundled("5s"))
    for k, area in enumerate(result.areas, start=1):
        row = [areas.cell(1 + k, c).value for c in range(3, 11)]
        assert row[0] == area.name
        assert row[3] == pytest.approx(area.overall.percentage)
        assert row[4] == pytest.approx(area.overall.points)
        assert (row[5], row[6], row[7]) == (area.level, area.level_name.vi if area.level_name
                                           else None, area.rank)
    assert [areas.cell(r, 3).value for r in (6, 7)] == [None, None]
    assert areas["F9"].value == pytest.approx(result.overall.percentage)
