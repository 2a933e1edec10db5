"""Maturity gates: one pure function per gate kind, in an explicit mapping.

Each function returns whether the gate holds and, in both languages, the reason — a consultant
must be able to tell an enterprise exactly what stands between it and the next level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gembakit.checklists.base import Text
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    Gate,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    SectionsMin,
)
from gembakit.scoring.result import Counts, GateOutcome

_GRADE = {
    "major": ("major nonconformities", "điểm không phù hợp nặng"),
    "minor": ("minor nonconformities", "điểm không phù hợp nhẹ"),
    "observation": ("observations", "điểm lưu ý"),
    "opportunity": ("opportunities for improvement", "cơ hội cải tiến"),
}


@dataclass(frozen=True, slots=True)
class GateFacts:
    """What gates may look at; built once per assessment by the engine."""

    overall: float | None
    sections: Mapping[str, float | None]
    section_titles: Mapping[str, Text]
    failed_mandatory: tuple[str, ...]
    counts: Counts
    findings: Mapping[str, int]


def _num(value: float, lang: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "vi" else text


def pct(value: float, lang: str) -> str:
    """``62.5 %`` in English, ``62,5 %`` in Vietnamese."""
    return _num(value, lang) + " %"


def _text(en: str, vi: str) -> Text:
    return Text.model_construct(en=en, vi=vi)


def overall_min(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, OverallMin)
    need, got = gate.value, facts.overall
    if got is None:
        return GateOutcome("overall_min", False, need, None, _text(
            f"no overall score: nothing was counted; {pct(need, 'en')} is required",
            f"chưa có điểm tổng: chưa tiêu chí nào được tính; cần {pct(need, 'vi')}"))
    ok = got >= need
    return GateOutcome("overall_min", ok, need, got, _text(
        f"overall {pct(got, 'en')} {'reaches' if ok else 'is below'} the {pct(need, 'en')} "
        "required" + ("" if ok else f" ({_num(need - got, 'en')} percentage points short)"),
        f"điểm tổng {pct(got, 'vi')} {'đạt' if ok else 'thấp hơn'} mức yêu cầu {pct(need, 'vi')}"
        + ("" if ok else f" (còn thiếu {_num(need - got, 'vi')} điểm phần trăm)")))


def _sections_below(facts: GateFacts, ids: list[str], need: float, gate: str,
                    unscored_fails: bool) -> GateOutcome:
    low = [sid for sid in ids
           if (facts.sections.get(sid) is None and unscored_fails)
           or (facts.sections.get(sid) is not None and facts.sections[sid] < need)]  # type: ignore[operator]
    scored = [v for sid in ids if (v := facts.sections.get(sid)) is not None]
    lowest = min(scored) if scored else None
    if not low:
        return GateOutcome(gate, True, need, lowest, _text(
            f"every section required reaches {pct(need, 'en')}",
            f"mọi phần được yêu cầu đều đạt {pct(need, 'vi')}"), sections=tuple(ids))

    def describe(sid: str, lang: str) -> str:
        value = facts.sections.get(sid)
        shown = pct(value, lang) if value is not None else ("not scored" if lang == "en"
                                                            else "chưa có điểm")
        return f"{facts.section_titles[sid].get(lang)} {shown}"  # type: ignore[arg-type]

    return GateOutcome(gate, False, need, lowest, _text(
        f"below {pct(need, 'en')}: " + "; ".join(describe(s, "en") for s in low),
        f"thấp hơn {pct(need, 'vi')}: " + "; ".join(describe(s, "vi") for s in low)),
        sections=tuple(low))


def every_section_min(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, EverySectionMin)
    return _sections_below(facts, list(facts.sections), gate.value, "every_section_min", False)


def sections_min(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, SectionsMin)
    return _sections_below(facts, list(gate.sections), gate.value, "sections_min", True)


def no_failed_mandatory(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, NoFailedMandatory)
    failed = facts.failed_mandatory
    if not failed:
        return GateOutcome("no_failed_mandatory", True, 0, 0, _text(
            "no mandatory item failed", "không có tiêu chí bắt buộc nào không đạt"))
    ids = ", ".join(failed)
    return GateOutcome("no_failed_mandatory", False, 0, len(failed), _text(
        f"{len(failed)} mandatory item(s) failed: {ids}",
        f"{len(failed)} tiêu chí bắt buộc không đạt: {ids}"), items=failed)


def answered_min(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, AnsweredMin)
    need, got = gate.value, facts.counts.answered_share
    ok = got >= need
    left = facts.counts.unanswered
    return GateOutcome("answered_min", ok, need, got, _text(
        f"{pct(got, 'en')} of applicable items answered; {pct(need, 'en')} required"
        + ("" if ok else f" ({left} unanswered)"),
        f"đã trả lời {pct(got, 'vi')} số tiêu chí áp dụng; yêu cầu {pct(need, 'vi')}"
        + ("" if ok else f" ({left} tiêu chí chưa trả lời)")))


def max_findings(gate: Any, facts: GateFacts) -> GateOutcome:
    assert isinstance(gate, MaxFindings)
    got = facts.findings.get(gate.grade, 0)
    ok = got <= gate.value
    en, vi = _GRADE[gate.grade]
    return GateOutcome("max_findings", ok, gate.value, got, _text(
        f"{got} {en}; at most {gate.value} allowed",
        f"{got} {vi}; cho phép tối đa {gate.value}"))


GateCheck = Callable[[Any, GateFacts], GateOutcome]

# Gate kinds by the name used in ``maturity.levels[].gates[].gate``; callers may pass their own.
GATES: Mapping[str, GateCheck] = {
    "overall_min": overall_min,
    "every_section_min": every_section_min,
    "sections_min": sections_min,
    "no_failed_mandatory": no_failed_mandatory,
    "answered_min": answered_min,
    "max_findings": max_findings,
}


def check(gate: Gate, facts: GateFacts, gates: Mapping[str, GateCheck] = GATES) -> GateOutcome:
    return gates[gate.gate](gate, facts)
