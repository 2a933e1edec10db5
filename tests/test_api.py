"""The public Python API, and the cache of validated checklists behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gembakit
from gembakit.assessments.io import load_assessment, save_assessment
from tests.builders import EXAMPLE


def test_public_api() -> None:
    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment(EXAMPLE)
    result = gembakit.score(assessment)
    assert result == gembakit.score(assessment, checklist) == gembakit.score(str(EXAMPLE), "5s")
    assert (result.checklist_id, result.checklist_version) == ("5s", "2.0.0")
    assert result.level == 3
    assert result.level_name is not None
    assert result.level_name.vi == "Ổn định"
    assert result.overall.percentage == pytest.approx(72.2222, abs=1e-3)
    assert result.organisation == "Công ty TNHH Cơ khí Chính xác Đồng Nai"
    assert [g.gate for g in result.failed_gates] == ["overall_min", "sections_min"]
    assert result.failed_gates[0].explanation.text("en") == (
        "overall 72.2 % is below the 80 % required (7.8 percentage points short)")
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
    with pytest.raises(AttributeError):
        result.gaps[0].gain = 9.0  # type: ignore[misc]


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


def test_score_follows_checklist_source(tmp_path: Path) -> None:
    """gembakit.score(path) finds a custom checklist the way the command line does: through
    the checklist.source the assessment records, relative to the assessment's own folder."""
    import yaml

    from tests.builders import checklist_data

    data = checklist_data({"id": "mine", "sections": [{"id": "s", "items": [{"id": "a"}]}],
                           "levels": [{"level": 1}, {"level": 2, "gates": [
                               {"gate": "overall_min", "value": 50}]}]})
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "mine.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                  encoding="utf-8")
    assessment = {"schema": "gembakit/assessment/v1",
                  "checklist": {"id": "mine", "version": "1.0.0", "source": "forms/mine.yaml"},
                  "organisation": {"name": "A"}, "site": {"name": "B"},
                  "assessor": {"tier": "self", "name": "C", "organisation": "A"},
                  "date": "2026-11-01", "answers": {"a": {"score": 4}}}
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(assessment, allow_unicode=True), encoding="utf-8")
    result = gembakit.score(path)
    assert (result.checklist_id, result.level, result.overall.percentage) == ("mine", 2, 100.0)


def test_assessment_from_bad_data_names_every_problem() -> None:
    with pytest.raises(gembakit.InputError) as caught:
        gembakit.assessment_from_data({"schema": "gembakit/assessment/v1",
                                       "checklist": {"id": "5s", "version": "x"}})
    assert [p.render() for p in caught.value.problems] == [
        "checklist › version: must be a version such as 1.2.0",
        "organisation: required, but missing",
        "site: required, but missing",
        "assessor: required, but missing",
        "date: required, but missing",
    ]
    assert caught.value.codes[0] == "schema.string_pattern_mismatch"


def test_typed_api_for_compare_trend_report_certify_verify() -> None:
    import inspect

    for name in ("compare", "trend", "report_pdf", "certify", "verify", "score"):
        assert inspect.isfunction(getattr(gembakit, name)), name
        assert inspect.signature(getattr(gembakit, name)).return_annotation != "object"
    comparison = gembakit.compare(EXAMPLE, EXAMPLE)
    assert comparison.agreement.kappa == 1.0
    assert gembakit.trend([EXAMPLE]).points[0].level == 3
    assert gembakit.__version__.count(".") >= 2


def test_custom_model_and_gate_mappings() -> None:
    """Callers may swap the pure functions the engine uses."""
    from gembakit.base.messages import Message
    from gembakit.scoring import GATES, SCORING_MODELS, Gate
    from gembakit.scoring.engine import score
    from gembakit.scoring.result import GateOutcome

    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment(EXAMPLE)

    def never(gate: object, facts: object) -> bool:
        return False

    def explain(gate: object, facts: object, passed: bool) -> GateOutcome:
        return GateOutcome("overall_min", passed, 100.0, 0.0, Message("never enough"))

    result = score(assessment, checklist, gates={**GATES, "overall_min": Gate(never, explain)})
    assert result.level == 1
    assert [str(g.explanation) for g in result.failed_gates] == ["never enough"]
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
