"""Maturity gates: per gate kind, the rule and its explanation, in an explicit mapping.

``holds`` is the rule, written once; ``explain`` turns the verdict into a
:class:`~gembakit.scoring.result.GateOutcome` with the facts behind it and the reason in words — a
consultant must be able to tell an enterprise exactly what stands between it and the next level,
with the numbers: "overall 72.2 % is below the 75 % required (2.8 percentage points short)".
The engine asks only ``holds`` of the levels an assessment reaches, and explains the gates of
the next level up: the outcomes nobody reads are never built. Callers who add gate kinds pass
their own mapping to :func:`gembakit.scoring.score`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

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


class GateFacts(NamedTuple):
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


def _overall_holds(gate: OverallMin, facts: GateFacts) -> bool:
    return facts.overall is not None and facts.overall >= gate.value


def _overall_explain(gate: OverallMin, facts: GateFacts, passed: bool) -> GateOutcome:
    got, need = facts.overall, gate.value
    if got is None:
        words = msg("no overall score: nothing was counted; {need:pct} is required", need=need)
    elif passed:
        words = msg("overall {got:pct} reaches the {need:pct} required", got=got, need=need)
    else:
        words = msg("overall {got:pct} is below the {need:pct} required ({short:num} percentage "
                    "points short)", got=got, need=need, short=need - got)
    return GateOutcome("overall_min", passed, need, got, words)


def _points_holds(gate: PointsMin, facts: GateFacts) -> bool:
    return facts.points >= gate.value


def _points_explain(gate: PointsMin, facts: GateFacts, passed: bool) -> GateOutcome:
    got, need = facts.points, gate.value
    if passed:
        words = msg("{got:num} points reach the {need:num} required", got=got, need=need)
    else:
        words = msg("{got:num} points are below the {need:num} required ({short:num} short)",
                    got=got, need=need, short=need - got)
    return GateOutcome("points_min", passed, need, got, words)


class _Listing:
    """Sections below a threshold, listed in the language the message is read in."""

    def __init__(self, titles: Sequence[Text], values: Sequence[float | None]) -> None:
        self.pairs = list(zip(titles, values, strict=True))

    def __eq__(self, other: object) -> bool:
        """Results are compared as data: two listings of the same sections are equal."""
        return isinstance(other, _Listing) and self.pairs == other.pairs

    def __hash__(self) -> int:
        return hash(tuple((title.vi, title.en, value) for title, value in self.pairs))

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


def _low(gate: EverySectionMin | SectionsMin, facts: GateFacts) -> list[str]:
    """Sections below the gate's value: every scored section, or the named ones (where a
    named section with nothing counted fails too)."""
    need, sections = gate.value, facts.sections
    if isinstance(gate, SectionsMin):
        return [s for s in gate.sections if (v := sections.get(s)) is None or v < need]
    return [s for s, v in sections.items() if v is not None and v < need]


def _sections_holds(gate: EverySectionMin | SectionsMin, facts: GateFacts) -> bool:
    return not _low(gate, facts)


def _sections_explain(gate: EverySectionMin | SectionsMin, facts: GateFacts,
                      passed: bool) -> GateOutcome:
    low = _low(gate, facts)
    ids = gate.sections if isinstance(gate, SectionsMin) else tuple(facts.sections)
    lowest = min((v for s in ids if (v := facts.sections.get(s)) is not None), default=None)
    if low:
        words = msg("below {need:pct}: {sections}", need=gate.value, sections=_Listing(
            [facts.section_titles[s] for s in low], [facts.sections.get(s) for s in low]))
    else:
        words = msg("every section required reaches {need:pct}", need=gate.value)
    return GateOutcome(gate.gate, passed, gate.value, lowest, words, sections=tuple(low))


def _no_failed_holds(gate: NoFailedMandatory, facts: GateFacts) -> bool:
    return not facts.failed_mandatory


def _no_failed_explain(gate: NoFailedMandatory, facts: GateFacts, passed: bool) -> GateOutcome:
    failed = facts.failed_mandatory
    words = (msg("no mandatory item failed") if passed else
             msg("mandatory items failed ({n}): {items}", n=len(failed), items=", ".join(failed)))
    return GateOutcome("no_failed_mandatory", passed, 0, len(failed), words, items=failed)


def _answered_holds(gate: MandatoryAnswered, facts: GateFacts) -> bool:
    return not facts.unanswered_mandatory


def _answered_explain(gate: MandatoryAnswered, facts: GateFacts, passed: bool) -> GateOutcome:
    missing = facts.unanswered_mandatory
    words = (msg("every mandatory item is answered") if passed else
             msg("mandatory items not answered ({n}): {items}", n=len(missing),
                 items=", ".join(missing)))
    return GateOutcome("mandatory_answered", passed, 0, len(missing), words, items=missing)


def _share_holds(gate: AnsweredMin, facts: GateFacts) -> bool:
    return facts.counts.answered_share >= gate.value


def _share_explain(gate: AnsweredMin, facts: GateFacts, passed: bool) -> GateOutcome:
    got, need = facts.counts.answered_share, gate.value
    words = (msg("{got:pct} of applicable items answered; {need:pct} required", got=got,
                 need=need) if passed else
             msg("{got:pct} of applicable items answered; {need:pct} required ({n} unanswered)",
                 got=got, need=need, n=len(facts.unanswered)))
    return GateOutcome("answered_min", passed, need, got, words, items=facts.unanswered)


def _findings_holds(gate: MaxFindings, facts: GateFacts) -> bool:
    return facts.findings.get(gate.grade, 0) <= gate.value


def _findings_explain(gate: MaxFindings, facts: GateFacts, passed: bool) -> GateOutcome:
    got = facts.findings.get(gate.grade, 0)
    words = msg("{found}; at most {most} allowed", found=grade_count(gate.grade, got),
                most=gate.value)
    return GateOutcome("max_findings", passed, gate.value, got, words, grade=gate.grade)


def knockout(cap: int, failed: tuple[str, ...]) -> GateOutcome:
    """Not a gate of any level: the cap a failed mandatory item puts on every level above."""
    words: Message = msg("a failed mandatory item caps the level at {cap}: {items}", cap=cap,
                         items=", ".join(failed))
    return GateOutcome("knockout", False, cap, len(failed), words, items=failed)


class Gate(NamedTuple):
    """A gate kind: its rule, and the rule's verdict explained."""

    holds: Callable[[Any, GateFacts], bool]
    explain: Callable[[Any, GateFacts, bool], GateOutcome]

    def check(self, gate: Any, facts: GateFacts) -> GateOutcome:
        return self.explain(gate, facts, self.holds(gate, facts))


# Gate kinds by the name used in ``maturity.levels[].gates[].gate``; callers may pass their own.
GATES: Mapping[str, Gate] = {
    "overall_min": Gate(_overall_holds, _overall_explain),
    "points_min": Gate(_points_holds, _points_explain),
    "every_section_min": Gate(_sections_holds, _sections_explain),
    "sections_min": Gate(_sections_holds, _sections_explain),
    "no_failed_mandatory": Gate(_no_failed_holds, _no_failed_explain),
    "mandatory_answered": Gate(_answered_holds, _answered_explain),
    "answered_min": Gate(_share_holds, _share_explain),
    "max_findings": Gate(_findings_holds, _findings_explain),
}
