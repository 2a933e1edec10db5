"""The frozen result of scoring one assessment, with its provenance and the reasons for its level.

The records made for every assessment (figures, counts, sections, gaps, findings, gate outcomes)
are named tuples: immutable, and built several times faster than frozen dataclasses, which matters
when a batch scores thousands of assessments. A gate's reason is a
:class:`~gembakit.base.messages.Message`, put into words when someone reads it.
:meth:`Result.to_dict` writes it as JSON keeps it (both languages), :meth:`Result.from_dict`
reads that back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from gembakit.base.messages import Message
from gembakit.base.models import Text
from gembakit.base.plain import to_plain


class Figure(NamedTuple):
    """Points out of a maximum; ``percentage`` is ``None`` when nothing counted."""

    points: float
    max_points: float
    percentage: float | None


NO_FIGURE = Figure(0.0, 0.0, None)


class Counts(NamedTuple):
    """How the items were answered.

    ``applicable`` leaves out items whose applicability condition is false for this site;
    ``answered`` counts items with a score, ``na`` those the assessor marked not applicable;
    ``answered_share`` is (answered + na) / applicable in percent.
    """

    items: int
    applicable: int
    answered: int
    na: int
    unanswered: int
    informational: int
    not_applicable: int
    answered_share: float


class SectionResult(NamedTuple):
    id: str
    title: Text
    figure: Figure
    counts: Counts


class GateOutcome(NamedTuple):
    """One gate checked: what was required, what was found, which items or sections failed,
    and the reason in words (``explanation``)."""

    gate: str
    passed: bool
    required: float | None
    actual: float | None
    explanation: Message
    items: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    grade: str | None = None


class Gap(NamedTuple):
    """An item below the top of the scale, and what raising it alone to the top would add:
    ``gain`` overall percentage points, ``gain_points`` in the checklist's own points."""

    item_id: str
    section_id: str
    score: int
    gain: float
    gain_points: float
    mandatory: bool
    failed_mandatory: bool
    area: str | None = None


class Nonconformity(NamedTuple):
    """An answer that is itself a finding because its scale point carries a grade."""

    item_id: str
    grade: str
    score: int
    area: str | None = None


class AreaResult(NamedTuple):
    """One area of a site rated area by area, with its rank among the areas (1 = best)."""

    id: str
    name: str
    kind: str | None
    overall: Figure
    sections: tuple[SectionResult, ...]
    level: int
    level_name: Text | None
    rank: int


class Result(NamedTuple):
    """Everything scoring found, with provenance.

    ``next_level_gates`` holds every gate of the next level up, passed or not; the explanation of
    the level is in the failed ones (:attr:`failed_gates`). ``findings`` counts findings per
    grade as gates count them (written findings and graded answers, once per item).
    """

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
    nonconformities: tuple[Nonconformity, ...]
    findings: dict[str, int]
    level: int
    level_name: Text | None
    knockout_capped: bool
    next_level: int | None
    next_level_name: Text | None
    next_level_gates: tuple[GateOutcome, ...]
    gaps: tuple[Gap, ...]
    show_points: bool = False
    areas: tuple[AreaResult, ...] = ()

    @property
    def failed_gates(self) -> tuple[GateOutcome, ...]:
        """Why the next level up was not reached."""
        return tuple(g for g in self.next_level_gates if not g.passed)

    def section(self, section_id: str) -> SectionResult | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = to_plain(self)
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """Read back what :meth:`to_dict` wrote (explanations are kept as the words written)."""
        def fig(d: dict[str, Any]) -> Figure:
            return Figure(**d)

        def counts(d: dict[str, Any]) -> Counts:
            return Counts(**d)

        def text(d: dict[str, str] | None) -> Text | None:
            return Text(**d) if d else None

        def section(d: dict[str, Any]) -> SectionResult:
            return SectionResult(d["id"], Text(**d["title"]), fig(d["figure"]),
                                 counts(d["counts"]))

        def gate(d: dict[str, Any]) -> GateOutcome:
            words = d["explanation"]
            return GateOutcome(d["gate"], d["passed"], d["required"], d["actual"],
                               Message("{text}", {"text": _Written(words)}),
                               tuple(d["items"]), tuple(d["sections"]), d["grade"])

        return cls(
            data["checklist_id"], data["checklist_version"], data["scoring_model"],
            data["organisation"], data["site"], data["assessor"], data["tier"],
            dt.date.fromisoformat(data["date"]), fig(data["overall"]),
            tuple(section(s) for s in data["sections"]), counts(data["counts"]),
            tuple(data["unanswered"]), tuple(data["failed_mandatory"]),
            tuple(Nonconformity(**n) for n in data["nonconformities"]), dict(data["findings"]),
            data["level"], text(data["level_name"]), data["knockout_capped"], data["next_level"],
            text(data["next_level_name"]), tuple(gate(g) for g in data["next_level_gates"]),
            tuple(Gap(**g) for g in data["gaps"]), data.get("show_points", False),
            tuple(AreaResult(a["id"], a["name"], a["kind"], fig(a["overall"]),
                             tuple(section(s) for s in a["sections"]), a["level"],
                             text(a["level_name"]), a["rank"]) for a in data.get("areas", ())),
        )


@dataclass(frozen=True, slots=True)
class _Written:
    """Words read back from a file: shown in the language asked for, English otherwise."""

    words: dict[str, str]

    def __format__(self, spec: str) -> str:
        return self.words.get("en", "")

    def get(self, lang: str) -> str:
        return self.words.get(lang) or self.words.get("en", "")

    @property
    def vi(self) -> str:
        return self.get("vi")

    @property
    def en(self) -> str:
        return self.get("en")
