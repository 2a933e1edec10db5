"""Scoring cases kept as data (tests/cases/*.yaml), in the spirit of JSON-Schema-Test-Suite.

Each file holds a checklist fragment and cases of answers with the figures expected, worked out
by hand; OpenSCAP's cases for the XCCDF models are written the way result_scoring.c scores them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

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
                                 **{k: case[k] for k in ("organisation", "site", "areas")
                                    if k in case})
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
            assert gate.explanation.text("en")
            assert gate.explanation.text("vi") != gate.explanation.text("en")
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
    if "findings" in want:
        assert result.findings == want["findings"]
    if "nonconformities" in want:
        assert [[n.item_id, n.grade] for n in result.nonconformities] == want["nonconformities"]
    if "areas" in want:
        assert [[a.id, a.rank, _approx(a.overall.percentage), a.level]
                for a in result.areas] == [[i, r, _approx(v), lv] for i, r, v, lv in want["areas"]]
    if "gap_points" in want:
        assert [(g.item_id, g.gain_points) for g in result.gaps] == [
            (iid, _approx(gain)) for iid, gain in want["gap_points"]]
