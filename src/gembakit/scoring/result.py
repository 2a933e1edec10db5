"""The frozen result of scoring one assessment, with its provenance and the reasons for its level.

Plain frozen dataclasses rather than pydantic models: scoring builds tens of thousands of results
a second, and pydantic still serialises them (one :class:`~pydantic.TypeAdapter`, made on first use).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from gembakit.checklists.base import Text


@dataclass(frozen=True, slots=True)
class Figure:
    """Points out of a maximum; ``percentage`` is ``None`` when nothing counted."""

    points: float
    max_points: float
    percentage: float | None


@dataclass(frozen=True, slots=True)
class Counts:
    """How the items of the checklist were answered.

    ``applicable`` excludes items whose applicability condition is false for this site;
    ``answered`` counts items with a score, ``na`` those marked not applicable by the assessor.
    """

    items: int
    applicable: int
    answered: int
    na: int
    unanswered: int
    informational: int
    not_applicable: int
    answered_share: float


@dataclass(frozen=True, slots=True)
class SectionResult:
    id: str
    title: Text
    figure: Figure
    counts: Counts


@dataclass(frozen=True, slots=True)
class GateOutcome:
    """One gate checked: what was required, what was found, and the reason in words."""

    gate: str
    passed: bool
    required: float | None
    actual: float | None
    explanation: Text
    items: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """An item below the top of the scale and what raising it would add to the overall score."""

    item_id: str
    section_id: str
    score: int
    gain: float
    mandatory: bool
    failed_mandatory: bool


@dataclass(frozen=True, slots=True)
class Result:
    checklist_id: str
    checklist_version: str
    scoring_model: str
    organisation: str
    site: str
    assessor: str
    tier: str
    date: dt.date
    overall: Figure
    sections: tuple[SectionResult, ...]
    counts: Counts
    unanswered: tuple[str, ...]
    failed_mandatory: tuple[str, ...]
    level: int
    level_name: Text | None
    knockout_capped: bool
    next_level: int | None
    next_level_name: Text | None
    next_level_gates: tuple[GateOutcome, ...]
    gaps: tuple[Gap, ...]

    @property
    def failed_gates(self) -> tuple[GateOutcome, ...]:
        """Why the next level up was not reached."""
        return tuple(g for g in self.next_level_gates if not g.passed)

    def section(self, section_id: str) -> SectionResult | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return data

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return _adapter().validate_python(data)


@cache
def _adapter() -> TypeAdapter[Result]:
    return TypeAdapter(Result)
