"""Maturity gates: one pure function per gate kind, in an explicit mapping.

A gate function returns whether its gate holds, with the facts behind the verdict and the reason
in words — a consultant must be able to tell an enterprise exactly what stands between it and the
next level, with the numbers: "overall 72.2 % is below the 75 % required (2.8 percentage points
short)". Callers who add gate kinds pass their own mapping to :func:`gembakit.scoring.score`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gembakit.base.messages import Message, msg
from gembakit.base.models import Text
from gembakit.base.vocabulary import grade_count
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    MandatoryAnswered,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    PointsMin,
    SectionsMin,
)
from gembakit.scoring.result import Counts, GateOutcome


@dataclass(frozen=True, slots=True)
class GateFacts:
    """What gates may look at; built once per assessment by the engine."""

    overall: float | None
    points: float
    sections: Mapping[str, float | None]
    section_titles: Mapping[str, Text]
    failed_mandatory: tuple[str, ...]
    unanswered: tuple[str, ...]
    unanswered_mandatory: tuple[str, ...]
    counts: Counts
    findings: Mapping[str, int]


def overall_min(gate: OverallMin, facts: GateFacts) -> GateOutcome:
    got, need = facts.overall, gate.value
    if got is None:
        words = msg("no overall score: nothing was counted; {need:pct} is required", need=need)
    elif got >= need:
        words = msg("overall {got:pct} reaches the {need:pct} required", got=got, need=need)
    else:
        words = msg("overall {got:pct} is below the {need:pct} required ({short:num} percentage "
                    "points short)", got=got, need=need, short=need - got)
    return GateOutcome("overall_min", got is not None and got >= need, need, got, words)


def points_min(gate: PointsMin, facts: GateFacts) -> GateOutcome:
    got, need = facts.points, gate.value
    if got >= need:
        words = msg("{got:num} points reach the {need:num} required", got=got, need=need)
    else:
        words = msg("{got:num} points are below the {need:num} required ({short:num} short)",
                    got=got, need=need, short=need - got)
    return GateOutcome("points_min", got >= need, need, got, words)


class _Listing:
    """Sections below a threshold, listed in the language the message is read in."""

    def __init__(self, titles: Sequence[Text], values: Sequence[float | None]) -> None:
        self.pairs = list(zip(titles, values, strict=True))

    def __format__(self, spec: str) -> str:  # pragma: no cover - the formatter calls get()
        return self.get("en")

    def get(self, lang: str) -> str:
        return "; ".join(
            f"{title.get(lang)} "
            + (msg("{value:pct}", value=value).text(lang) if value is not None
               else msg("not scored").text(lang))
            for title, value in self.pairs)

    vi = property(lambda self: self.get("vi"))
    en = property(lambda self: self.get("en"))


def _sections_below(facts: GateFacts, ids: Sequence[str], need: float, gate: str,
                    unscored_fails: bool) -> GateOutcome:
    low: list[str] = []
    lowest: float | None = None
    for sid in ids:
        value = facts.sections.get(sid)
        if value is None:
            if unscored_fails:
                low.append(sid)
            continue
        if lowest is None or value < lowest:
            lowest = value
        if value < need:
            low.append(sid)
    if low:
        words = msg("below {need:pct}: {sections}", need=need, sections=_Listing(
            [facts.section_titles[s] for s in low], [facts.sections.get(s) for s in low]))
    else:
        words = msg("every section required reaches {need:pct}", need=need)
    return GateOutcome(gate, not low, need, lowest, words, sections=tuple(low))


def every_section_min(gate: EverySectionMin, facts: GateFacts) -> GateOutcome:
    return _sections_below(facts, tuple(facts.sections), gate.value, "every_section_min", False)


def sections_min(gate: SectionsMin, facts: GateFacts) -> GateOutcome:
    return _sections_below(facts, gate.sections, gate.value, "sections_min", True)


def no_failed_mandatory(gate: NoFailedMandatory, facts: GateFacts) -> GateOutcome:
    failed = facts.failed_mandatory
    words = (msg("mandatory items failed ({n}): {items}", n=len(failed), items=", ".join(failed))
             if failed else msg("no mandatory item failed"))
    return GateOutcome("no_failed_mandatory", not failed, 0, len(failed), words, items=failed)


def mandatory_answered(gate: MandatoryAnswered, facts: GateFacts) -> GateOutcome:
    missing = facts.unanswered_mandatory
    words = (msg("mandatory items not answered ({n}): {items}", n=len(missing),
                 items=", ".join(missing)) if missing
             else msg("every mandatory item is answered"))
    return GateOutcome("mandatory_answered", not missing, 0, len(missing), words, items=missing)


def answered_min(gate: AnsweredMin, facts: GateFacts) -> GateOutcome:
    got, need = facts.counts.answered_share, gate.value
    passed = got >= need
    words = (msg("{got:pct} of applicable items answered; {need:pct} required", got=got,
                 need=need) if passed else
             msg("{got:pct} of applicable items answered; {need:pct} required ({n} unanswered)",
                 got=got, need=need, n=len(facts.unanswered)))
    return GateOutcome("answered_min", passed, need, got, words, items=facts.unanswered)


def max_findings(gate: MaxFindings, facts: GateFacts) -> GateOutcome:
    got = facts.findings.get(gate.grade, 0)
    words = msg("{found}; at most {most} allowed", found=grade_count(gate.grade, got),
                most=gate.value)
    return GateOutcome("max_findings", got <= gate.value, gate.value, got, words,
                       grade=gate.grade)


def knockout(cap: int, failed: tuple[str, ...]) -> GateOutcome:
    """Not a gate of any level: the cap a failed mandatory item puts on every level above."""
    words: Message = msg("a failed mandatory item caps the level at {cap}: {items}", cap=cap,
                         items=", ".join(failed))
    return GateOutcome("knockout", False, cap, len(failed), words, items=failed)


GateCheck = Callable[[Any, GateFacts], GateOutcome]

# Gate kinds by the name used in ``maturity.levels[].gates[].gate``; callers may pass their own.
GATES: Mapping[str, GateCheck] = {
    "overall_min": overall_min,
    "points_min": points_min,
    "every_section_min": every_section_min,
    "sections_min": sections_min,
    "no_failed_mandatory": no_failed_mandatory,
    "mandatory_answered": mandatory_answered,
    "answered_min": answered_min,
    "max_findings": max_findings,
}
