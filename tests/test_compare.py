"""Comparing two assessments: differences, bias, agreement and weighted kappa."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gembakit
from gembakit.cli import main
from gembakit.programme.compare import compare, kappa_words, weighted_kappa
from tests.builders import EXAMPLE

CONSULTANT = EXAMPLE.parent / "5s-consultant.yaml"


def test_kappa_by_hand() -> None:
    # Two categories: quadratic weights reduce to Cohen's kappa. po = 3/4, pe = 1/2.
    assert weighted_kappa([(0, 0), (1, 1), (0, 1), (1, 1)], [0, 1]) == pytest.approx(0.5)
    # Three categories, every row and column total 2 of 6. Observed disagreement
    # 0.25 (0,1) + 0.25 (1,2) + 1 (2,0) = 1.5; chance 2/3 x (4 x 0.25 + 2 x 1) = 2.
    pairs = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (2, 0)]
    assert weighted_kappa(pairs, [0, 1, 2]) == pytest.approx(1 - 1.5 / 2)
    # Perfect agreement is 1 even when both raters always give the same single score.
    assert weighted_kappa([(3, 3)] * 5, [0, 1, 2, 3, 4]) == 1.0
    assert weighted_kappa([], [0, 1]) is None
    # Systematic disagreement at the extremes is worse than chance.
    kappa = weighted_kappa([(0, 4), (4, 0), (0, 4), (4, 0)], [0, 1, 2, 3, 4])
    assert kappa is not None
    assert kappa < 0
    assert kappa_words(kappa).text("en") == "poor (worse than chance)"
    assert kappa_words(0.7).text("vi") == "khá cao"


def test_self_against_consultant() -> None:
    checklist = gembakit.load_checklist("5s")
    first, second = gembakit.load_assessment(EXAMPLE), gembakit.load_assessment(CONSULTANT)
    result = compare(first, second, checklist)
    g = result.agreement
    assert g.pairs == 33  # items both rated (N/A and the office's items left out)
    assert g.exact == pytest.approx(4 / 33)
    assert g.within_one == pytest.approx(29 / 33)
    assert g.mean_bias == pytest.approx(-1.0)  # the enterprise rated itself lower
    assert result.level_change == 2
    assert [d.item_id for d in result.largest[:4]] == ["sort.4", "set.2", "shine.2",
                                                      "standardize.3"]
    assert len(result.improved) == 29
    assert result.fell_back == ()
    section = result.sections[0]
    assert section.difference == pytest.approx(100.0 - 78.5714286)


SCORES = st.sampled_from([0, 1, 2, 3, 4, "na", None])


@settings(max_examples=60, deadline=None)
@given(st.lists(SCORES, min_size=36, max_size=36))
def test_an_assessment_agrees_with_itself(scores: list[object]) -> None:
    checklist = gembakit.load_checklist("5s")
    base = gembakit.load_assessment(EXAMPLE)
    answers = {p.item.id: base.answers[p.item.id].model_copy(update={"score": s})
               for p, s in zip(checklist.placed, scores, strict=True)}
    one = base.model_copy(update={"answers": answers, "findings": (), "status": ()})
    result = compare(one, one, checklist)
    assert all(d.difference in (0, None) for d in result.items)
    assert all(s.difference in (0.0, None) for s in result.sections)
    assert result.largest == ()
    if result.agreement.pairs:
        assert result.agreement.kappa == 1.0
        assert result.agreement.exact == 1.0
        assert result.agreement.mean_bias == 0.0


def test_compare_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(EXAMPLE), str(CONSULTANT), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == {"first": 3, "second": 5, "change": 2}
    assert data["agreement"]["pairs"] == 33
    assert data["agreement"]["meaning"]["en"] == "slight"
    assert main(["compare", str(EXAMPLE), str(CONSULTANT), "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert "Độ lệch trung bình (1 − 2): -1 (bản 1 chấm thấp hơn)" in out
    assert "Hệ số kappa có trọng số: 0,14 — rất thấp" in out
