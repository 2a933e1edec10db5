"""Maturity gates: one pure function per gate kind, in an explicit mapping.

A gate function returns whether its gate holds with the facts behind the verdict (required,
actual, failing items or sections); the words come from :mod:`gembakit.scoring.explain` when
someone reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from gembakit.checklists.base import Text
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    Gate,
    MandatoryAnswered,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    SectionsMin,
)
from gembakit.scoring.result import Counts, GateOutcome

_new = tuple.__new__  # see engine: skips a Python-level named tuple constructor


class GateFacts(NamedTuple):
    """What gates may look at; built once per assessment by the engine."""

    overall: float | None
    section_ids: Sequence[str]
    sections: Mapping[str, float | None]
    section_titles: Mapping[str, Text]
    failed_mandatory: tuple[str, ...]
    unanswered: tuple[str, ...]
    unanswered_mandatory: tuple[str, ...]
    counts: Counts
    findings: Mapping[str, int]


def overall_min(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(OverallMin, gate)
    got = facts.overall
    return _new(GateOutcome, ("overall_min", got is not None and got >= gate.value, gate.value,
                              got, (), (), (), (), None))


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
    return _new(GateOutcome, (
        gate, not low, need, lowest, (), tuple(low),
        tuple(facts.sections.get(s) for s in low),
        tuple(facts.section_titles[s] for s in low), None))


def every_section_min(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(EverySectionMin, gate)
    return _sections_below(facts, facts.section_ids, gate.value, "every_section_min", False)


def sections_min(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(SectionsMin, gate)
    return _sections_below(facts, gate.sections, gate.value, "sections_min", True)


def no_failed_mandatory(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(NoFailedMandatory, gate)
    failed = facts.failed_mandatory
    return _new(GateOutcome, ("no_failed_mandatory", not failed, 0, len(failed), failed,
                              (), (), (), None))


def mandatory_answered(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(MandatoryAnswered, gate)
    missing = facts.unanswered_mandatory
    return _new(GateOutcome, ("mandatory_answered", not missing, 0, len(missing), missing,
                              (), (), (), None))


def answered_min(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(AnsweredMin, gate)
    got = facts.counts.answered_share
    return _new(GateOutcome, ("answered_min", got >= gate.value, gate.value, got,
                              facts.unanswered, (), (), (), None))


def max_findings(gate: Any, facts: GateFacts) -> GateOutcome:
    gate = cast(MaxFindings, gate)
    got = facts.findings.get(gate.grade, 0)
    return _new(GateOutcome, ("max_findings", got <= gate.value, gate.value, got, (), (), (),
                              (), gate.grade))


GateCheck = Callable[[Any, GateFacts], GateOutcome]

# Gate kinds by the name used in ``maturity.levels[].gates[].gate``; callers may pass their own.
GATES: Mapping[str, GateCheck] = {
    "overall_min": overall_min,
    "every_section_min": every_section_min,
    "sections_min": sections_min,
    "no_failed_mandatory": no_failed_mandatory,
    "mandatory_answered": mandatory_answered,
    "answered_min": answered_min,
    "max_findings": max_findings,
}


def check(gate: Gate, facts: GateFacts, gates: Mapping[str, GateCheck] = GATES) -> GateOutcome:
    return gates[gate.gate](gate, facts)
