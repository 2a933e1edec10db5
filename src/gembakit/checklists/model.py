"""The checklist format (``schema: gembakit/checklist/v1``) as pydantic models.

These hand-written models are the source of truth; ``schema/checklist-v1.schema.json`` is generated
from them (see :mod:`gembakit.checklists.schema`). Cross-field rules the JSON Schema cannot express
live in :mod:`gembakit.checklists.crosscheck`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import Field

from gembakit.checklists.base import Id, NonEmpty, SemVer, Strict, Text
from gembakit.checklists.conditions import Condition
from gembakit.checklists.maturity import Maturity, Tier, TierRule

CHECKLIST_SCHEMA = "gembakit/checklist/v1"
ScoringModelName = Literal[
    "weighted", "sum", "xccdf-default", "xccdf-flat", "xccdf-flat-unweighted", "xccdf-absolute"
]


class ScalePoint(Strict):
    value: int
    label: Text
    descriptor: Text


class Scale(Strict):
    """The answer scale. ``na_score`` counts N/A at a fixed score instead of dropping it."""

    points: tuple[ScalePoint, ...] = Field(min_length=2)
    na: bool = True
    na_score: int | None = None

    @cached_property
    def values(self) -> frozenset[int]:
        return frozenset(p.value for p in self.points)

    @property
    def min(self) -> int:
        return self.points[0].value

    @property
    def max(self) -> int:
        return self.points[-1].value

    def point(self, value: int) -> ScalePoint | None:
        return next((p for p in self.points if p.value == value), None)


class Item(Strict):
    """A question to answer, or (when it has ``items``) a group of questions."""

    id: Id
    text: Text
    guidance: Text | None = None
    evidence: tuple[Text, ...] = ()
    weight: float = Field(default=1.0, ge=0)
    mandatory: bool = False
    clause: NonEmpty | None = None
    levels: dict[int, Text] = Field(default_factory=dict)
    na: bool | None = None
    applies_when: Condition | None = None
    items: tuple[Item, ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.items)


class Section(Strict):
    id: Id
    title: Text
    description: Text | None = None
    weight: float = Field(default=1.0, ge=0)
    items: tuple[Item, ...] = Field(min_length=1)


class Standard(Strict):
    name: NonEmpty
    edition: NonEmpty | None = None
    note: Text | None = None


class Scoring(Strict):
    """How answers become a percentage; ``pass_score`` is the lowest passing answer.

    ``pass_score`` (default: the top of the scale) decides pass/fail for the XCCDF models and
    whether a mandatory item has failed.
    """

    model: ScoringModelName = "weighted"
    pass_score: int | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """An answerable item with where it sits and its weight after group and section weights."""

    item: Item
    section: Section
    groups: tuple[Item, ...]
    weight: float
    index: int


class Checklist(Strict):
    schema_: Literal["gembakit/checklist/v1"] = Field(alias="schema")
    id: Id
    version: SemVer
    title: Text
    description: Text | None = None
    standard: Standard
    licence: NonEmpty
    scale: Scale
    scoring: Scoring = Scoring()
    sections: tuple[Section, ...] = Field(min_length=1)
    maturity: Maturity
    recognition: dict[Tier, TierRule] = Field(default_factory=dict)

    @property
    def pass_score(self) -> int:
        return self.scoring.pass_score if self.scoring.pass_score is not None else self.scale.max

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Answerable items in document order (computed once; checklists are frozen)."""
        found: list[Placed] = []

        def walk(section: Section, items: tuple[Item, ...], groups: tuple[Item, ...],
                 weight: float) -> None:
            for item in items:
                if item.is_group:
                    walk(section, item.items, (*groups, item), weight * item.weight)
                else:
                    found.append(Placed(item, section, groups, weight * item.weight, len(found)))

        for section in self.sections:
            walk(section, section.items, (), section.weight)
        return tuple(found)

    @cached_property
    def by_id(self) -> dict[str, Placed]:
        return {p.item.id: p for p in self.placed}

    @cached_property
    def group_ids(self) -> frozenset[str]:
        return frozenset(g.id for p in self.placed for g in p.groups)

    @cached_property
    def has_conditions(self) -> bool:
        return any(node.applies_when is not None
                   for p in self.placed for node in (*p.groups, p.item))

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def items(self) -> Iterator[Item]:
        return (p.item for p in self.placed)

    def na_allowed(self, item: Item) -> bool:
        return item.na if item.na is not None else self.scale.na
