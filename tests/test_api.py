"""The public Python API, and the cache of validated checklists behind it."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import gembakit
from gembakit.assessments.io import load_assessment, save_assessment
from gembakit.checklists import cache
from gembakit.checklists.catalogue import _data_dir
from gembakit.checklists.loader import load_checklist_file
from tests.builders import EXAMPLE


def test_public_api() -> None:
    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment(EXAMPLE)
    result = gembakit.score(assessment)
    assert result == gembakit.score(assessment, checklist) == gembakit.score(str(EXAMPLE), "5s")
    assert (result.checklist_id, result.checklist_version) == ("5s", "1.0.0")
    assert result.level == 3
    assert result.level_name is not None
    assert result.level_name.vi == "Ổn định"
    assert result.overall.percentage == pytest.approx(72.2222, abs=1e-3)
    assert result.organisation == "Công ty TNHH Cơ khí Chính xác Đồng Nai"
    assert [g.gate for g in result.failed_gates] == ["overall_min"]
    assert result.failed_gates[0].explanation.en == (
        "overall 72.2 % is below the 75 % required (2.8 percentage points short)")
    assert result.gaps[0].item_id == "sort.4"
    assert gembakit.validate(assessment, checklist) == []
    assert "py.typed" in {p.name for p in Path(gembakit.__file__).parent.iterdir()}
    assert set(gembakit.__all__) >= {"load_checklist", "load_assessment", "score", "Result"}


def test_result_is_immutable() -> None:
    result = gembakit.score(EXAMPLE)
    with pytest.raises(AttributeError):
        result.level = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.gaps[0] = result.gaps[1]  # type: ignore[index]


def test_score_refuses_invalid_answers() -> None:
    assessment = gembakit.load_assessment(EXAMPLE)
    bad = assessment.model_copy(update={"answers": {
        **assessment.answers, "sort.1": assessment.answers["sort.1"].model_copy(
            update={"score": 9})}})
    with pytest.raises(gembakit.InputError) as caught:
        gembakit.score(bad)
    assert str(caught.value) == "answers › sort.1 › score: 9 is off the scale (0, 1, 2, 3, 4, " \
        "or na)"


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    assessment = gembakit.load_assessment(EXAMPLE)
    for name in ("a.yaml", "a.json"):
        save_assessment(assessment, tmp_path / name)
        assert load_assessment(tmp_path / name) == assessment
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["organisation"]["name"] == "Công ty TNHH Cơ khí Chính xác Đồng Nai"


def test_checklist_cache_is_used_and_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path))
    source = _data_dir() / "5s.yaml"
    first = load_checklist_file(source)
    entries = list(tmp_path.glob("checklist-*.pickle"))
    assert len(entries) == 1
    assert load_checklist_file(source) == first  # read back from the cache
    # Cached entries hold fields only, never values derived later (such as scoring tables).
    first.placed  # noqa: B018 - fills a cached property
    assert "placed" not in pickle.loads(pickle.dumps(first)).__dict__

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    entries[0].write_bytes(pickle.dumps(Evil()))
    assert cache.load(source.read_bytes()) is None  # refused, not run
    assert load_checklist_file(source) == first  # and the file is simply read again


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("GEMBAKIT_NO_CACHE", "1")
    load_checklist_file(_data_dir() / "5s.yaml")
    assert list(tmp_path.iterdir()) == []


def test_custom_model_and_gate_mappings() -> None:
    """Callers may swap the pure functions the engine uses."""
    from gembakit.scoring import GATES, SCORING_MODELS
    from gembakit.scoring.engine import score
    from gembakit.scoring.result import GateOutcome

    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment(EXAMPLE)

    def strict_overall(gate: object, facts: object) -> GateOutcome:
        return GateOutcome("overall_min", False, 100.0, 0.0)

    result = score(assessment, checklist, gates={**GATES, "overall_min": strict_overall})
    assert result.level == 1
    flat = score(assessment, checklist,
                 models={**SCORING_MODELS, "weighted": SCORING_MODELS["xccdf-flat"]})
    assert flat.overall.percentage == 100.0  # every answer in the example reaches 2


def test_vietnamese_text_is_normalised_to_one_spelling() -> None:
    import unicodedata

    assessment = gembakit.load_assessment(EXAMPLE)
    decomposed = unicodedata.normalize("NFD", "Công ty TNHH Cơ khí Chính xác Đồng Nai")
    again = assessment.model_validate({
        **assessment.model_dump(by_alias=True),
        "organisation": {**assessment.organisation.model_dump(), "name": decomposed}})
    assert again.organisation.name == assessment.organisation.name
