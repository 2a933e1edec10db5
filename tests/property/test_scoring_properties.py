"""Properties of scoring that must hold for every checklist and every set of answers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembakit.assessments.io import dumps_assessment, parse_assessment
from gembakit.assessments.model import Assessment
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score
from gembakit.scoring.models import SCORING_MODELS
from gembakit.scoring.result import Result
from tests.builders import make_assessment, make_checklist

# Band scoring needs its own scale (percentages in steps of 5): its cases are data (cases/bands).
MODELS = sorted(m for m in SCORING_MODELS if m != "bands")
ANSWER = st.one_of(st.integers(0, 4), st.just("na"), st.none())


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    """Random shapes: sections, nested groups, weights (some 0), mandatory items, gates."""
    n_sections = draw(st.integers(1, 4))
    sections = []
    counter = 0
    for s in range(n_sections):
        items: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(1, 4))):
            counter += 1
            if draw(st.integers(0, 5)) == 0:
                children = []
                for _ in range(draw(st.integers(1, 3))):
                    counter += 1
                    children.append({"id": f"i{counter}",
                                     "weight": draw(st.sampled_from([0, 1, 2, 0.5]))})
                items.append({"id": f"g{counter}", "weight": draw(st.sampled_from([1, 2])),
                              "items": children})
            else:
                items.append({"id": f"i{counter}",
                              "weight": draw(st.sampled_from([0, 1, 2, 3])),
                              "mandatory": draw(st.booleans())})
        sections.append({"id": f"s{s}", "weight": draw(st.sampled_from([1, 2])), "items": items})
    for section in sections:  # mandatory items may not be informational
        for item in section["items"]:  # type: ignore[attr-defined]  # a list of dicts
            if item.get("mandatory") and item.get("weight") == 0:
                item["weight"] = 1
    thresholds = sorted(draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)))
    levels = [{"level": 1}] + [
        {"level": n + 2, "gates": [
            {"gate": "overall_min", "value": t},
            {"gate": "every_section_min", "value": max(0, t - 20)},
            *([{"gate": "answered_min", "value": 50}] if n > 1 else []),
            *([{"gate": "no_failed_mandatory"}] if n > 0 else []),
        ]} for n, t in enumerate(thresholds)]
    return make_checklist({
        "scoring": {"model": draw(st.sampled_from(MODELS)), "pass_score": draw(st.integers(1, 4))},
        "maturity": {"knockout_cap": draw(st.sampled_from([1, 2]))},
        "sections": sections,
        "levels": levels,
    })


@st.composite
def scored(draw: st.DrawFn) -> tuple[Checklist, Assessment]:
    checklist = draw(checklists())
    answers = {p.item.id: draw(ANSWER) for p in checklist.placed if draw(st.booleans())}
    return checklist, make_assessment(checklist, answers)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scored())
def test_scores_stay_in_range(case: tuple[Checklist, Assessment]) -> None:
    checklist, assessment = case
    result = score(assessment, checklist)
    figures = [result.overall, *(s.figure for s in result.sections)]
    for figure in figures:
        if figure.percentage is not None:
            assert -1e-9 <= figure.percentage <= 100 + 1e-9
            assert 0 <= figure.points <= figure.max_points + 1e-9
    levels = [lv.level for lv in checklist.maturity.levels]
    assert result.level == 0 or result.level in levels
    assert all(0 < g.gain <= 100 + 1e-9 for g in result.gaps)
    counts = result.counts
    assert counts.answered + counts.na + counts.unanswered == counts.applicable


@SETTINGS
@given(scored(), st.data())
def test_a_better_answer_never_lowers_the_level(case: tuple[Checklist, Assessment],
                                                data: st.DataObject) -> None:
    checklist, assessment = case
    numeric = [k for k, a in assessment.answers.items() if isinstance(a.score, int) and a.score < 4]
    if not numeric:
        return
    item = data.draw(st.sampled_from(numeric))
    current = assessment.answers[item].score
    assert isinstance(current, int)
    better = data.draw(st.integers(current + 1, 4))
    improved = assessment.model_copy(update={"answers": {
        **assessment.answers, item: assessment.answers[item].model_copy(update={"score": better})}})
    before, after = score(assessment, checklist), score(improved, checklist)
    assert after.level >= before.level
    if before.overall.percentage is not None:
        assert after.overall.percentage is not None
        assert after.overall.percentage >= before.overall.percentage - 1e-9


@SETTINGS
@given(scored())
def test_a_failed_knockout_always_caps(case: tuple[Checklist, Assessment]) -> None:
    checklist, assessment = case
    result = score(assessment, checklist)
    if result.failed_mandatory:
        assert result.level <= checklist.maturity.cap
        if result.next_level is not None and result.next_level > checklist.maturity.cap:
            assert any(g.gate == "knockout" for g in result.failed_gates)
    mandatory = [p.item.id for p in checklist.placed if p.item.mandatory]
    if mandatory:  # fail one on purpose: the cap must hold whatever else is answered
        worst = {**assessment.answers,
                 mandatory[0]: make_assessment(checklist, {mandatory[0]: 0}).answers[mandatory[0]]}
        failing = score(assessment.model_copy(update={"answers": worst}), checklist)
        assert mandatory[0] in failing.failed_mandatory
        assert failing.level <= checklist.maturity.cap


@SETTINGS
@given(scored(), st.sampled_from(["yaml", "json"]))
def test_dump_then_load_is_identity(case: tuple[Checklist, Assessment], fmt: str) -> None:
    _, assessment = case
    text = dumps_assessment(assessment, fmt)
    if fmt == "json":
        import json

        data = json.loads(text)
    else:
        from gembakit.base.safe_yaml import parse_yaml

        data = parse_yaml(text, "a.yaml").data
    assert parse_assessment(data, "a") == assessment


@SETTINGS
@given(scored())
def test_result_round_trips_through_json(case: tuple[Checklist, Assessment]) -> None:
    import json

    checklist, assessment = case
    result = score(assessment, checklist)
    again = Result.from_dict(json.loads(result.to_json()))
    assert again.to_dict() == result.to_dict()
    assert again.level == result.level
    assert again.gaps == result.gaps
