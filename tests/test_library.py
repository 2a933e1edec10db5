"""The bundled checklist library: content rules every checklist keeps, and full assessments.

Full assessments live in tests/library/<checklist>.yaml: each case answers every item with a
default score, overrides some answers, and names the level (and figures) it must reach.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from gembakit.checklists.catalogue import bundled_ids, load_bundled
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score
from tests.builders import ROOT, make_assessment

LIBRARY = Path(__file__).parent / "library"
IDS = Path(__file__).parent / "ids"
ALL = ["5s", "kaizen", "iso9001", "iso56001"]


def test_all_four_are_bundled() -> None:
    assert bundled_ids() == sorted(ALL)


@pytest.mark.parametrize("checklist_id", ALL)
def test_every_text_in_both_languages(checklist_id: str) -> None:
    cl = load_bundled(checklist_id)
    texts = [cl.title, *(s.title for s in cl.sections),
             *(lv.name for lv in cl.maturity.levels),
             *(lv.description for lv in cl.maturity.levels)]
    for item in cl.items():
        texts += [item.text, *( [item.guidance] if item.guidance else []), *item.evidence]
        assert item.guidance is not None, item.id
        assert item.evidence, item.id
    for text in texts:
        assert text.vi.strip()
        assert text.en.strip()
    # Sentences, not labels: a Vietnamese text equal to its English one was never translated.
    for item in cl.items():
        assert item.text.vi != item.text.en, item.id
        assert item.guidance is not None
        assert item.guidance.vi != item.guidance.en, item.id


@pytest.mark.parametrize("checklist_id", ALL)
def test_scale_points_have_descriptors(checklist_id: str) -> None:
    cl = load_bundled(checklist_id)
    assert [p.value for p in cl.scale.points] == [0, 1, 2, 3, 4]
    for point in cl.scale.points:
        assert point.descriptor.vi
        assert point.descriptor.en
        assert point.label.vi != point.label.en


@pytest.mark.parametrize("checklist_id", ALL)
def test_ids_are_unique_and_stable(checklist_id: str) -> None:
    cl = load_bundled(checklist_id)
    ids = [s.id for s in cl.sections] + [p.item.id for p in cl.placed] + sorted(cl.group_ids)
    assert len(ids) == len(set(ids))
    committed = [line for line in (IDS / f"{checklist_id}.txt").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    gone = sorted(set(committed) - set(ids))
    assert not gone, f"ids removed or renamed (needs a new major version): {gone}"
    assert ids == committed, f"ids added or moved: update tests/ids/{checklist_id}.txt"


@pytest.mark.parametrize("checklist_id", ALL)
def test_five_levels_and_three_tiers(checklist_id: str) -> None:
    cl = load_bundled(checklist_id)
    assert [lv.level for lv in cl.maturity.levels] == [1, 2, 3, 4, 5]
    assert set(cl.recognition) == {"self", "consultant", "state"}
    assert cl.licence
    assert cl.version.count(".") == 2


def test_sizes() -> None:
    kaizen = load_bundled("kaizen")
    assert len(kaizen.sections) >= 8
    assert len(kaizen.placed) >= 30
    assert len(load_bundled("iso9001").placed) >= 45
    assert len(load_bundled("iso56001").placed) >= 35


def test_iso9001_names_a_clause_for_every_item() -> None:
    cl = load_bundled("iso9001")
    clauses: set[str] = set()
    for item in cl.items():
        assert item.clause, item.id
        clauses.update(part.strip() for part in item.clause.split(","))
    wanted = {"4.1", "4.2", "4.3", "4.4", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3", "6.1.1",
              "6.1.2", "6.2.1", "6.2.2", "6.3", "7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5.1",
              "7.1.5.2", "7.1.6", "7.2", "7.3", "7.4", "7.5.1", "7.5.3", "8.1", "8.2.1",
              "8.2.4", "8.3.1", "8.4.1", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6",
              "8.6", "8.7", "9.1.1", "9.1.2", "9.1.3", "9.2", "9.3", "10.1", "10.2", "10.3"}
    assert wanted <= clauses, sorted(wanted - clauses)
    context = {i.id: i for i in cl.items()}
    assert "climate" in context["c4.1"].text.en
    assert "khí hậu" in context["c4.2"].text.vi


def test_iso56001_maps_to_iso56002_and_covers_the_processes() -> None:
    cl = load_bundled("iso56001")
    for item in cl.items():
        assert any(r.standard == "ISO 56002:2019" for r in item.see_also), item.id
    guidance = {r.clause for i in cl.items() for r in i.see_also}
    assert {"8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6", "6.4", "7.7", "7.8", "4.4.2",
            "4.4.3"} <= guidance


def _library_cases() -> list[Any]:
    found = []
    for path in sorted(LIBRARY.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [pytest.param(data["checklist"], case, id=f"{path.stem}: {case['description']}")
                  for case in data["cases"]]
    return found


@pytest.mark.parametrize(("checklist_id", "case"), _library_cases())
def test_full_assessment(checklist_id: str, case: dict[str, Any]) -> None:
    cl: Checklist = load_bundled(checklist_id)
    answers: dict[str, Any] = {p.item.id: case["default"] for p in cl.placed}
    answers.update(case.get("answers", {}))
    for key, value in list(answers.items()):
        if value is None:
            del answers[key]
    result = score(make_assessment(cl, answers), cl)
    want = case["expected"]
    assert result.level == want["level"]
    if "overall" in want:
        assert result.overall.percentage == pytest.approx(want["overall"], abs=1e-5)
    if "knockout_capped" in want:
        assert result.knockout_capped is want["knockout_capped"]
    if "failed_gates" in want:
        assert [g.gate for g in result.failed_gates] == want["failed_gates"]


def test_reference_pages_are_current() -> None:
    spec = importlib.util.spec_from_file_location("checklist_docs",
                                                  ROOT / "scripts/checklist_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.pages().items():
        page = ROOT / "docs/checklists" / name
        assert page.read_text(encoding="utf-8") == text, (
            f"{page} is stale: run python scripts/checklist_docs.py")
