"""Scoring cases kept as data (tests/cases/*.yaml), in the spirit of JSON-Schema-Test-Suite.

Each file holds a checklist fragment and cases of answers with the figures expected, worked out
by hand. Every case is also scored through the plain model functions (``models.run``), so the
engine's single-pass treatment of linear models is held to the same figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gembakit.assessments.model import facts_of
from gembakit.checklists.conditions import evaluate
from gembakit.scoring import engine, models
from gembakit.scoring.engine import score
from tests.builders import make_assessment, make_checklist

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append(pytest.param(data, case, id=f"{path.stem}: {case['description']}"))
    return found


def _approx(value: float | None) -> Any:
    return None if value is None else pytest.approx(value, abs=1e-5)


@pytest.mark.parametrize(("suite", "case"), _cases())
def test_case(suite: dict[str, Any], case: dict[str, Any]) -> None:
    fragment = dict(suite["checklist"])
    if "model" in case:
        fragment["scoring"] = {**fragment.get("scoring", {}), "model": case["model"]}
    checklist = make_checklist(fragment)
    answers = case.get("answers", suite.get("answers", {}))
    assessment = make_assessment(checklist, answers,
                                 **{k: case[k] for k in ("organisation", "site") if k in case})
    result = score(assessment, checklist)
    want = case["expected"]

    if "overall" in want:
        assert result.overall.percentage == _approx(want["overall"])
    if "points" in want:
        assert (result.overall.points, result.overall.max_points) == (
            _approx(want["points"][0]), _approx(want["points"][1]))
    for sid, value in want.get("sections", {}).items():
        section = result.section(sid)
        assert section is not None
        assert section.figure.percentage == _approx(value), sid
    if "level" in want:
        assert result.level == want["level"]
    if "next_level" in want:
        assert result.next_level == want["next_level"]
    if "failed_gates" in want:
        assert [g.gate for g in result.failed_gates] == want["failed_gates"]
        for gate in result.failed_gates:  # every reason can be read in both languages
            assert gate.explanation.en
            assert gate.explanation.vi
    if "failed_mandatory" in want:
        assert list(result.failed_mandatory) == want["failed_mandatory"]
    if "knockout_capped" in want:
        assert result.knockout_capped is want["knockout_capped"]
    if "unanswered" in want:
        assert list(result.unanswered) == want["unanswered"]
    if "gaps" in want:
        assert [(g.item_id, g.gain) for g in result.gaps] == [
            (iid, _approx(gain)) for iid, gain in want["gaps"]]
    for key, value in want.get("counts", {}).items():
        assert getattr(result.counts, key) == _approx(value), key

    _same_as_plain_models(assessment, checklist, result)


def _same_as_plain_models(assessment: Any, checklist: Any, result: Any) -> None:
    """The figures from the models' plain functions equal those of the engine's single pass."""
    facts = facts_of(assessment)
    counted = []
    for placed in checklist.placed:
        conditions = [n.applies_when for n in (*placed.groups, placed.item) if n.applies_when]
        if any(evaluate(c, facts) is False for c in conditions) or placed.weight == 0:
            continue
        answer = assessment.answers.get(placed.item.id)
        value = answer.score if answer else None
        if value == "na":
            value = checklist.scale.na_score
        if value is not None:
            counted.append((placed, value))
    plain = models.run(models.SCORING_MODELS[checklist.scoring.model], checklist, counted)
    overall = plain.overall or engine._EMPTY
    assert overall.percentage == _approx(result.overall.percentage)
    assert overall.points == _approx(result.overall.points)
    gains = sorted(((row[0], row[3] * plain.gain_factor) for row in plain.gains),
                   key=lambda g: -g[1])
    assert sorted(gains) == sorted((g.item_id, _approx(g.gain)) for g in result.gaps)
