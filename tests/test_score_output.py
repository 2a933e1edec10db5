"""What ``gembakit score`` and the certificate show: points as the checklist counts them, the
areas ranked, the statement that an ISO assessment is not a certification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import gembakit
from gembakit.cli.show_result import format_result
from tests.builders import EXAMPLE, make_assessment

AREAS = EXAMPLE.parent / "5s-areas.yaml"
AWARD = EXAMPLE.parent / "gtclqg-example.yaml"


def _shown(path: Path, lang: str) -> str:
    assessment = gembakit.load_assessment(path)
    checklist = gembakit.load_checklist(assessment.checklist.id)
    return format_result(gembakit.score(assessment, checklist), checklist, lang)


def test_points_out_of_1000_with_gains_in_points() -> None:
    en, vi = _shown(AWARD, "en"), _shown(AWARD, "vi")
    assert "Level 3 · Maturing (450–599 points)   overall 57 %   569.5 / 1,000 points" in en
    assert "569,5 / 1.000 điểm" in vi
    assert "1 Leadership                                      60.8 %   73 / 120     2 / 2" in en
    assert "✗ 569.5 points are below the 600 required (30.5 short)" in en
    assert "  +48 points  nqa.7.1 (60) What do the figures show" in en


def test_no_points_column_where_weights_are_not_points() -> None:
    shown = _shown(EXAMPLE, "en")
    assert "Section                      %  Answered" in shown
    assert "Points" not in shown


def test_areas_ranked_with_their_kind() -> None:
    shown = _shown(AREAS, "en")
    assert "\n".join([
        "Areas, ranked:",
        "Rank  Area                  Kind of area       %  Level",
        "────  ────────────────────  ────────────  ──────  ───────────────",
        "   1  Xưởng SMT             Workshop      93.1 %  5 · Exemplary",
        "   2  Văn phòng hành chính  Office        75.8 %  3 · Established",
        "   3  Xưởng lắp ráp         Workshop      65.3 %  3 · Established",
        "   4  Kho linh kiện         Warehouse     51.4 %  2 · Developing"]) in shown
    assert ("126 answered, 0 N/A, 0 unanswered, 18 not applicable to the kind of area, "
            "0 informational") in shown
    assert "Xếp hạng các khu vực:" in _shown(AREAS, "vi")


def test_iso_score_says_it_is_not_a_certification() -> None:
    checklist = gembakit.load_checklist("iso56001")
    assessment = make_assessment(checklist, {p.item_id: 3 for p in checklist.placed})
    shown = format_result(gembakit.score(assessment, checklist), checklist, "vi")
    assert shown.splitlines()[3] == ("Đánh giá theo ISO 56001; không phải chứng nhận ISO 56001 "
                                     "của tổ chức chứng nhận được công nhận.")


def test_certificate_counts_points_as_the_award_does(tmp_path: Path) -> None:
    from gembakit.certificates.issue import assessed_file, certify
    from gembakit.render.certificate import certificate_view
    from tests.test_certificates import _programme

    text = AWARD.read_text(encoding="utf-8").replace(
        "    at: 2026-11-10T09:00:00+07:00\n",
        "    at: 2026-11-10T09:00:00+07:00\n  - status: submitted\n    by: Lương Minh Khoa\n"
        "    at: 2026-11-10T17:00:00+07:00\n")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    programme = _programme(tmp_path / "programme")
    assessed, checklist, raw = assessed_file(tmp_path / "a.yaml")
    cert = certify(assessed, checklist, programme.keys["self"], may_sign=["self"],
                   assessment_bytes=raw, issued=dt.date(2026, 11, 20))
    # whole points in the signed claim, rounded down: 569.5 is 569 (never a threshold not reached)
    assert cert.payload.points == (569, 1000)
    for lang, words in (("vi", "56 % · 569/1.000 điểm"), ("en", "56 % · 569 of 1,000 points")):
        view = certificate_view(cert, lang=lang, verifier_url="https://verify.example.org/gk/",
                                checklist_title=checklist.title)
        assert next(f.value for f in view.facts if f.key == "score") == words
