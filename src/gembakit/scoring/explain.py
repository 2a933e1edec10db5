"""Gate outcomes in words, in Vietnamese and English: one pure function per gate kind.

A consultant must be able to tell an enterprise exactly what stands between it and the next
level, with the numbers: "overall 72.2 % is below the 75 % required (2.8 percentage points
short)". Callers who add gate kinds add their words to :data:`EXPLAINERS`.
"""

from __future__ import annotations

__all__ = ["EXPLAINERS", "GRADE_WORDS", "explain", "number", "pct"]

from collections.abc import Callable, Mapping

from gembakit._words import GRADE_WORDS, number, pct
from gembakit.checklists.base import Text
from gembakit.scoring.result import GateOutcome


def _overall(o: GateOutcome) -> Text:
    need = o.required or 0.0
    if o.actual is None:
        return Text(en=f"no overall score: nothing was counted; {pct(need, 'en')} is required",
                    vi=f"chưa có điểm tổng: chưa tiêu chí nào được tính; cần {pct(need, 'vi')}")
    got, short = o.actual, need - o.actual
    if o.passed:
        return Text(en=f"overall {pct(got, 'en')} reaches the {pct(need, 'en')} required",
                    vi=f"điểm tổng {pct(got, 'vi')} đạt mức yêu cầu {pct(need, 'vi')}")
    return Text(
        en=f"overall {pct(got, 'en')} is below the {pct(need, 'en')} required "
           f"({number(short, 'en')} percentage points short)",
        vi=f"điểm tổng {pct(got, 'vi')} thấp hơn mức yêu cầu {pct(need, 'vi')} "
           f"(còn thiếu {number(short, 'vi')} điểm phần trăm)")


def _sections(o: GateOutcome) -> Text:
    need = o.required or 0.0
    if o.passed:
        return Text(en=f"every section required reaches {pct(need, 'en')}",
                    vi=f"mọi phần được yêu cầu đều đạt {pct(need, 'vi')}")

    def listing(lang: str) -> str:
        unscored = "not scored" if lang == "en" else "chưa có điểm"
        return "; ".join(f"{title.get('vi' if lang == 'vi' else 'en')} "
                         f"{pct(value, lang) if value is not None else unscored}"
                         for title, value in zip(o.titles, o.values, strict=True))

    return Text(en=f"below {pct(need, 'en')}: {listing('en')}",
                vi=f"thấp hơn {pct(need, 'vi')}: {listing('vi')}")


def _mandatory(o: GateOutcome) -> Text:
    if o.passed:
        return Text(en="no mandatory item failed",
                    vi="không có tiêu chí bắt buộc nào không đạt")
    ids = ", ".join(o.items)
    return Text(en=f"{len(o.items)} mandatory item(s) failed: {ids}",
                vi=f"{len(o.items)} tiêu chí bắt buộc không đạt: {ids}")


def _mandatory_answered(o: GateOutcome) -> Text:
    if o.passed:
        return Text(en="every mandatory item is answered",
                    vi="mọi tiêu chí bắt buộc đã được trả lời")
    ids = ", ".join(o.items)
    return Text(en=f"{len(o.items)} mandatory item(s) not answered: {ids}",
                vi=f"{len(o.items)} tiêu chí bắt buộc chưa được trả lời: {ids}")


def _answered(o: GateOutcome) -> Text:
    need, got = o.required or 0.0, o.actual or 0.0
    left = len(o.items)
    return Text(
        en=f"{pct(got, 'en')} of applicable items answered; {pct(need, 'en')} required"
           + ("" if o.passed else f" ({left} unanswered)"),
        vi=f"đã trả lời {pct(got, 'vi')} số tiêu chí áp dụng; yêu cầu {pct(need, 'vi')}"
           + ("" if o.passed else f" ({left} tiêu chí chưa trả lời)"))


def _findings(o: GateOutcome) -> Text:
    en, vi = GRADE_WORDS.get(o.grade or "", (o.grade or "", o.grade or ""))
    got, most = int(o.actual or 0), int(o.required or 0)
    return Text(en=f"{got} {en}; at most {most} allowed",
                vi=f"{got} {vi}; cho phép tối đa {most}")


def _knockout(o: GateOutcome) -> Text:
    ids = ", ".join(o.items)
    cap = int(o.required or 0)
    return Text(en=f"a failed mandatory item caps the level at {cap}: {ids}",
                vi=f"tiêu chí bắt buộc không đạt giới hạn cấp độ ở mức {cap}: {ids}")


EXPLAINERS: dict[str, Callable[[GateOutcome], Text]] = {
    "overall_min": _overall,
    "every_section_min": _sections,
    "sections_min": _sections,
    "no_failed_mandatory": _mandatory,
    "mandatory_answered": _mandatory_answered,
    "answered_min": _answered,
    "max_findings": _findings,
    "knockout": _knockout,
}


def explain(outcome: GateOutcome, explainers: Mapping[str, Callable[[GateOutcome], Text]]
            = EXPLAINERS) -> Text:
    words = explainers.get(outcome.gate)
    if words is None:
        state = "passed" if outcome.passed else "failed"
        vi_state = "đạt" if outcome.passed else "không đạt"
        return Text(en=f"gate {outcome.gate} {state}", vi=f"điều kiện {outcome.gate} {vi_state}")
    return words(outcome)
