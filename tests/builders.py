"""Builders for small checklists and assessments used across the tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gembakit.assessments.model import Assessment
from gembakit.checklists.loader import checklist_from_data
from gembakit.checklists.model import Checklist

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/gembakit/examples/5s-example.yaml"


def text(value: str) -> dict[str, str]:
    return {"vi": f"{value} (vi)", "en": value}


def _expand_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        full = {"text": text(item["id"]), **item}
        if "items" in full:
            full["items"] = _expand_items(full["items"])
        out.append(full)
    return out


def checklist_data(fragment: dict[str, Any]) -> dict[str, Any]:
    """A complete checklist from a compact fragment (texts filled in, defaults for the rest).

    ``scale`` may be a list of values; sections and items need only ids; levels only numbers
    and gates.
    """
    frag = copy.deepcopy(fragment)
    scale = frag.pop("scale", [0, 1, 2, 3, 4])
    if isinstance(scale, list):
        scale = {"values": scale}
    values = scale.pop("values")
    graded = scale.pop("findings", {})
    scale["points"] = [{"value": v, "label": text(f"p{v}"), "descriptor": text(f"point {v}"),
                        **({"finding": graded[v]} if v in graded else {})} for v in values]
    levels = frag.pop("levels", [{"level": 1}])
    data: dict[str, Any] = {
        "schema": "gembakit/checklist/v1",
        "id": frag.pop("id", "t"),
        "version": frag.pop("version", "1.0.0"),
        "title": text("Test checklist"),
        "standard": {"name": "test"},
        "licence": "CC0",
        "scale": scale,
        "sections": [{"title": text(s["id"]), **s, "items": _expand_items(s["items"])}
                     for s in frag.pop("sections")],
        "maturity": {
            **frag.pop("maturity", {}),
            "levels": [{"name": text(f"L{lv['level']}"), "description": text("d"), **lv}
                       for lv in levels],
        },
    }
    data.update(frag)
    return data


def make_checklist(fragment: dict[str, Any]) -> Checklist:
    return checklist_from_data(checklist_data(fragment), "test")


def make_assessment(checklist: Checklist, answers: dict[str, Any], **extra: Any) -> Assessment:
    """An assessment of ``checklist``; answers map item ids to a score, ``na``, None, or a dict."""
    data: dict[str, Any] = {
        "schema": "gembakit/assessment/v1",
        "checklist": {"id": checklist.id, "version": checklist.version},
        "organisation": {"name": "Công ty TNHH Thử Nghiệm", **extra.pop("organisation", {})},
        "site": {"name": "Xưởng 1", **extra.pop("site", {})},
        "assessor": {"tier": "self", "name": "Lê Văn A", "organisation": "Công ty"},
        "date": "2026-11-01",
        "answers": {k: v if isinstance(v, dict) else {"score": v} for k, v in answers.items()},
        **extra,
    }
    return Assessment.model_validate(data)


def item_rows(book: Any) -> Iterator[tuple[str, Any]]:
    """(item id, row of cells) for every item row of an exported workbook, as an assessor
    filling it would meet them: section sheets only, the id from the hidden column A."""
    from gembakit.assessments.spreadsheet import META

    for sheet in book.worksheets[1:]:
        if sheet.title == META:
            continue
        for row in sheet.iter_rows(min_row=2):
            if row[0].value is not None:
                yield str(row[0].value), row
