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

from gembakit.assessments.validate import validate
from gembakit.base.errors import errors_only
from gembakit.checklists.catalogue import bundled_ids, load_bundled
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score
from tests.builders import ROOT, make_assessment

LIBRARY = Path(__file__).parent / "library"
IDS = Path(__file__).parent / "ids"
ALL = ["5s", "kaizen", "iso9001", "iso56001", "gtclqg"]
# Checklists answered on the 0-4 audit scale; the National Quality Award is answered in percent.
AUDIT = ["5s", "kaizen", "iso9001", "iso56001"]


def test_all_five_are_bundled() -> None:
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


@pytest.mark.parametrize("checklist_id", AUDIT)
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


@pytest.mark.parametrize("checklist_id", AUDIT)
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


@pytest.mark.parametrize("checklist_id", ALL)
def test_every_item_describes_every_answer(checklist_id: str) -> None:
    """What an auditor sees at each point of the scale, for every item: its own descriptor (the
    0-4 checklists) or the band of its own that covers the answer (the National Quality Award)."""
    cl = load_bundled(checklist_id)
    for p in cl.placed:
        for value in sorted(cl.scale.values):
            own = p.item.levels.get(value) or next(
                (b.text() for b in p.item.bands if b.min <= value <= b.max), None)
            assert own is not None, (p.item_id, value)
            assert own.vi.strip(), (p.item_id, value)
            assert own.en.strip(), (p.item_id, value)
            assert own.vi != own.en, (p.item_id, value)


def test_only_certifiable_standards_say_they_are_not_certification() -> None:
    flagged = {cid for cid in ALL if load_bundled(cid).standard.certification}
    assert flagged == {"iso9001", "iso56001"}


def test_iso56001_cites_its_own_numbering() -> None:
    """ISO 56001:2024 numbers where confirmed, the clause title where not; never a number that
    exists only in the ISO 56002 guidance."""
    cl = load_bundled("iso56001")
    clause = {p.item_id: p.item.clause for p in cl.placed}
    assert clause["i4.1-b"] == "4.3.1"  # innovation intent
    assert clause["i4.3"] == "4.3.2"  # scope
    assert clause["i4.4.1"] == "4.4"  # the system, without sub-clauses
    assert clause["i5.3"] == "5.5"  # roles, responsibilities and authorities
    numbers = {c for c in clause.values() if c and c[0].isdigit()}
    assert numbers <= {"4.1", "4.2", "4.3.1", "4.3.2", "4.4", "5.1.1", "5.5", "6.5", "7.1",
                       "9.2", "9.3"}
    assert not numbers & {"4.4.1", "4.4.2", "4.4.3", "5.3"}
    note = cl.standard.note
    assert note is not None
    assert "ISO/TR 56004:2019" in note.en


def _clause_allows_na(clause: str) -> bool:
    """ISO 9001 lets a requirement be excluded only in clause 8 and in 7.1.5."""
    return clause.startswith(("8", "7.1.5"))


def test_iso9001_exclusions_follow_the_standard() -> None:
    cl = load_bundled("iso9001")
    for p in cl.placed:
        clause = p.item.clause or ""
        if not _clause_allows_na(clause):
            assert cl.na_rule(p.item) == "forbidden", p.item_id
        else:
            assert cl.na_rule(p.item) in ("forbidden", "justify"), p.item_id
    refused = make_assessment(cl, {"c4.1": {"score": "na", "note": "Không áp dụng."},
                                   "c8.3-a": "na"})
    assert [(p.code, p.path) for p in errors_only(validate(refused, cl))] == [
        ("answer.na_forbidden", ("answers", "c4.1", "score")),
        ("answer.na_unjustified", ("answers", "c8.3-a", "note"))]


def test_tcvn_terms() -> None:
    """TCVN ISO 9001:2015 wording, and none of the phrasings a Vietnamese reader flagged."""
    texts = {cid: (_data(cid)) for cid in ALL}
    for term in ("đảm bảo liên kết chuẩn đo lường", "nguồn lực theo dõi và đo lường",
                 "sự thỏa mãn của khách hàng", "thông tin dạng văn bản", "bên quan tâm"):
        assert term in texts["iso9001"], term
    for cid, text in texts.items():
        for wrong in ("thiết bị theo dõi và đo lường", "sự hài lòng", "vị trí đặt hàng",
                      "tham vọng đổi mới", "thất bại có chủ đích", "tích hợp nó", "re-funded"):
            assert wrong not in text, (cid, wrong)
        # "Sáng kiến" is a legal term (Decree 13/2012/NĐ-CP): only as "sáng kiến đổi mới".
        assert text.count("sáng kiến") == text.count("sáng kiến đổi mới"), cid


def _data(checklist_id: str) -> str:
    from gembakit.checklists.catalogue import _data_dir

    return (_data_dir() / f"{checklist_id}.yaml").read_text(encoding="utf-8")


def test_gtclqg_counts_the_award_points() -> None:
    """The seven criteria at 120/85/85/90/85/85/450 = 1,000 points, each item at its points,
    answered in 5 % steps; the award level at 600 points, gold at 800; a self-declaration only."""
    cl = load_bundled("gtclqg")
    assert (cl.scoring.model, cl.scoring.show_points) == ("bands", True)
    assert [sum(p.weight for p in cl.by_section[s.id]) for s in cl.sections] == [
        120, 85, 85, 90, 85, 85, 450]
    assert cl.max_points == 1000
    assert {p.item_id: p.weight for p in cl.placed} == {
        "nqa.1.1": 70, "nqa.1.2": 50, "nqa.2.1": 45, "nqa.2.2": 40, "nqa.3.1": 40,
        "nqa.3.2": 45, "nqa.4.1": 45, "nqa.4.2": 45, "nqa.5.1": 40, "nqa.5.2": 45,
        "nqa.6.1": 45, "nqa.6.2": 40, "nqa.7.1": 120, "nqa.7.2": 80, "nqa.7.3": 80,
        "nqa.7.4": 80, "nqa.7.5": 90}
    assert sorted(cl.scale.values) == list(range(0, 101, 5))
    assert cl.scale.na == "forbidden"
    for p in cl.placed:
        assert p.item.kind == ("results" if p.section_id == "c7" else "process"), p.item_id
    points = {lv.level: [g.value for g in lv.gates if g.gate == "points_min"]
              for lv in cl.maturity.levels}
    assert points == {1: [], 2: [300], 3: [450], 4: [600], 5: [800]}
    assert set(cl.recognition) == {"self"}
    assert cl.sections[0].title.vi == "1 Vai trò của lãnh đạo"
    assert cl.sections[6].title.vi == "7 Kết quả hoạt động"


def test_gtclqg_is_in_our_own_words() -> None:
    """A guard, not a proof: well-known sentences of the Baldrige criteria and scoring
    guidelines do not appear."""
    text = _data("gtclqg").casefold()
    for sentence in ("set your organization's vision and values", "information is anecdotal",
                     "no systematic approach to item requirements", "reacting to problems",
                     "operate independently", "create an environment for",
                     "responsive to the overall requirements", "early stages of deployment"):
        assert sentence not in text, sentence


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
    if "points" in want:
        assert [result.overall.points, result.overall.max_points] == pytest.approx(want["points"])
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
