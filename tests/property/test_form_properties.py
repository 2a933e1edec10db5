"""Whatever an assessor enters in a workbook — any answers, blanks, N/A, notes in any script —
comes back from the import exactly, for every bundled checklist."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gembakit
from gembakit.assessments.spreadsheet import export_xlsx, import_xlsx
from tests.builders import item_rows

CHECKLISTS = {cid: gembakit.load_checklist(cid) for cid in ("5s", "kaizen", "iso9001", "iso56001",
                                                                  "gtclqg")}
NOTE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
               max_size=40).map(str.strip)


@st.composite
def filled(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, str]]:
    cid = draw(st.sampled_from(sorted(CHECKLISTS)))
    checklist = CHECKLISTS[cid]
    answers: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for placed in checklist.placed:
        choices: list[Any] = [None, *(p.value for p in checklist.scale.points)]
        if checklist.na_allowed(placed.item):
            choices.append("na")
        value = draw(st.sampled_from(choices))
        if value is not None:
            answers[placed.item.id] = value
        note = draw(st.one_of(st.just(""), NOTE))
        if note and not note.startswith("="):  # openpyxl writes "=…" as a formula
            notes[placed.item.id] = note
    return cid, answers, notes


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=filled())
def test_workbook_round_trip_is_exact(case: tuple[str, dict[str, Any], dict[str, str]],
                                      tmp_path: Path) -> None:
    from openpyxl import load_workbook

    cid, answers, notes = case
    book = load_workbook(io.BytesIO(export_xlsx(CHECKLISTS[cid], "en")))
    for item, row in item_rows(book):
        if item in answers:
            row[4].value = answers[item]
        if item in notes:
            row[5].value = notes[item]
    path = tmp_path / f"{cid}.xlsx"
    book.save(path)
    data = import_xlsx(path)
    assert {k: v["score"] for k, v in data["answers"].items() if "score" in v} == answers
    assert {k: v["note"] for k, v in data["answers"].items() if "note" in v} == notes
