"""The checklist format (``schema: gembakit/checklist/v1``) as pydantic models.

These hand-written models are the source of truth; ``schema/checklist-v1.schema.json`` is generated
from them (see :mod:`gembakit.checklists.schema`). Cross-field rules the JSON Schema cannot express
live in :mod:`gembakit.checklists.crosscheck`.
"""

from collections.abc import Iterator
from functools import cached_property
from typing import Literal, NamedTuple

from pydantic import Field

from gembakit.base.models import (
    Flag,
    Grade,
    Id,
    NonEmpty,
    Number,
    SemVer,
    Strict,
    Text,
    Tier,
    Whole,
)
from gembakit.checklists.conditions import Condition
from gembakit.checklists.maturity import Maturity, TierRule

CHECKLIST_SCHEMA = "gembakit/checklist/v1"
# Whether an item may be answered N/A: never, freely, or only with a note saying why (ISO 9001
# lets a requirement be excluded only with a justification). ``true``/``false`` are the older
# spellings of ``allowed``/``forbidden``.
NaRule = Literal["forbidden", "allowed", "justify"]
ScoringModelName = Literal[
    "weighted", "sum", "bands", "xccdf-default", "xccdf-flat", "xccdf-flat-unweighted",
    "xccdf-absolute"
]
ItemKind = Literal["process", "results"]


class ScalePoint(Strict):
    """One answer of the scale. ``finding`` makes the answer itself a graded finding (on ISO
    audit scales "no practice" is a major nonconformity), counted in gates like a written one."""

    value: Whole
    label: Text
    descriptor: Text
    finding: Grade | None = None


class Scale(Strict):
    """The answer scale. ``na_score`` counts N/A at a fixed score instead of dropping it."""

    points: tuple[ScalePoint, ...] = Field(min_length=2)
    na: NaRule | Flag = "allowed"
    na_score: Whole | None = None

    @cached_property
    def values(self) -> frozenset[int]:
        return frozenset(p.value for p in self.points)

    @property
    def min(self) -> int:
        return self.points[0].value

    @property
    def max(self) -> int:
        return self.points[-1].value

    @property
    def na_default(self) -> bool:
        """Whether items that set no rule of their own may be answered N/A."""
        return self.na not in ("forbidden", False)

    def point(self, value: int) -> ScalePoint | None:
        return next((p for p in self.points if p.value == value), None)


class Reference(Strict):
    """Where an item's subject sits in another standard (e.g. ISO 56002 guidance)."""

    standard: NonEmpty
    clause: NonEmpty
    note: Text | None = None


class Band(Strict):
    """What an answer between ``min`` and ``max`` percent looks like (band scoring)."""

    min: Whole = Field(ge=0, le=100)
    max: Whole = Field(ge=0, le=100)
    vi: NonEmpty
    en: NonEmpty

    def text(self) -> Text:
        return Text(vi=self.vi, en=self.en)


class BandDescriptors(Strict):
    """The generic bands of a band-scored checklist: approach, deployment, learning and
    integration for process items; levels, trends, comparisons and integration for results."""

    process: tuple[Band, ...] = Field(min_length=1)
    results: tuple[Band, ...] = Field(min_length=1)


class AreaKind(Strict):
    """A kind of area a site is rated in, one by one (a workshop, a warehouse, an office).

    Items can apply to some kinds only (``applies_when: {fact: area.kind, op: in, value: …}``).
    """

    id: Id
    name: Text


class Item(Strict):
    """A question to answer, or (when it has ``items``) a group of questions.

    ``levels`` describes what each answer looks like for this item; band-scored checklists
    describe bands instead (``bands``) and say whether an item is about a ``process`` or its
    ``results``.
    """

    id: Id
    text: Text
    guidance: Text | None = None
    evidence: tuple[Text, ...] = ()
    weight: Number = Field(default=1.0, ge=0)
    mandatory: Flag = False
    clause: NonEmpty | None = None
    see_also: tuple[Reference, ...] = ()
    levels: dict[int, Text] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"pattern": "^-?[0-9]+$"}})
    na: NaRule | Flag | None = None
    applies_when: Condition | None = None
    kind: ItemKind | None = None
    bands: tuple[Band, ...] = ()
    items: tuple["Item", ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.items)


class Section(Strict):
    id: Id
    title: Text
    description: Text | None = None
    weight: Number = Field(default=1.0, ge=0)
    items: tuple[Item, ...] = Field(min_length=1)


class Standard(Strict):
    """The standard a checklist follows. ``certification`` marks one organisations are certified
    against by accredited bodies (ISO 9001, ISO 56001): reports and certificates then say plainly
    that an assessment is not that certification."""

    name: NonEmpty
    edition: NonEmpty | None = None
    note: Text | None = None
    certification: Flag = False


class Scoring(Strict):
    """How answers become a percentage; ``pass_score`` is the lowest passing answer.

    ``pass_score`` (default: the top of the scale) decides pass/fail for the XCCDF models and
    whether a mandatory item has failed. ``bands`` answers are percentages in steps of 5 (the
    National Quality Award's method): an item earns that share of its weight in points.
    """

    model: ScoringModelName = "weighted"
    pass_score: Whole | None = None
    # Show points out of the checklist's maximum (e.g. 110/125) beside the percentage.
    show_points: Flag = False


class Placed(NamedTuple):
    """An answerable item with where it sits and its weight after group and section weights.

    A named tuple with the item's id and flags copied out: the scoring loop reads them for every
    item of every assessment, and a tuple field is the cheapest read Python has."""

    item: Item
    section: Section
    section_index: int
    groups: tuple[Item, ...]
    weight: float  # effective: item × groups × section
    order: int
    item_id: str
    section_id: str
    mandatory: bool


class Checklist(Strict):
    schema_: Literal["gembakit/checklist/v1"] = Field(alias="schema")
    id: Id
    version: SemVer
    title: Text
    description: Text | None = None
    standard: Standard
    licence: NonEmpty
    scale: Scale
    scoring: Scoring = Field(default_factory=Scoring)
    sections: tuple[Section, ...] = Field(min_length=1)
    areas: tuple[AreaKind, ...] = ()
    band_descriptors: BandDescriptors | None = None
    maturity: Maturity
    recognition: dict[Tier, TierRule] = Field(default_factory=dict)

    @property
    def pass_score(self) -> int:
        return self.scoring.pass_score if self.scoring.pass_score is not None else self.scale.max

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Answerable items in document order (computed once; checklists are frozen)."""
        found: list[Placed] = []

        def walk(pos: int, items: tuple[Item, ...], groups: tuple[Item, ...],
                 weight: float) -> None:
            for item in items:
                if item.is_group:
                    walk(pos, item.items, (*groups, item), weight * item.weight)
                else:
                    found.append(Placed(item, self.sections[pos], pos, groups,
                                        weight * item.weight, len(found), item.id,
                                        self.sections[pos].id, item.mandatory))

        for pos, section in enumerate(self.sections):
            walk(pos, section.items, (), section.weight)
        return tuple(found)

    @cached_property
    def by_id(self) -> dict[str, Placed]:
        return {p.item.id: p for p in self.placed}

    @cached_property
    def by_section(self) -> dict[str, tuple[Placed, ...]]:
        """The answerable items of each section, in document order: the one place this
        filter is written."""
        return {s.id: tuple(p for p in self.placed if p.section_index == i)
                for i, s in enumerate(self.sections)}

    @cached_property
    def section_titles(self) -> dict[str, Text]:
        return {s.id: s.title for s in self.sections}

    @cached_property
    def section_sizes(self) -> tuple[int, ...]:
        """How many answerable items each section has, by position."""
        return tuple(len(self.by_section[s.id]) for s in self.sections)

    @cached_property
    def group_ids(self) -> frozenset[str]:
        return frozenset(g.id for p in self.placed for g in p.groups)

    @cached_property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    @cached_property
    def has_conditions(self) -> bool:
        return any(node.applies_when is not None
                   for p in self.placed for node in (*p.groups, p.item))

    @cached_property
    def findings_by_value(self) -> dict[int, Grade]:
        """Scale points that are themselves a finding (ISO: 0 major, 1-2 minor)."""
        return {p.value: p.finding for p in self.scale.points if p.finding is not None}

    @property
    def max_points(self) -> float:
        """What the checklist counts as full marks, in its own points (for ``show_points``)."""
        return sum(p.weight for p in self.placed) * (
            self.scale.max if self.scoring.model == "sum" else 1.0)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def items(self) -> Iterator[Item]:
        return (p.item for p in self.placed)

    def na_rule(self, item: Item) -> NaRule:
        """The item's N/A rule, or the scale's when the item sets none."""
        rule = item.na if item.na is not None else self.scale.na
        if rule is True:
            return "allowed"
        if rule is False:
            return "forbidden"
        return rule

    def na_allowed(self, item: Item) -> bool:
        return self.na_rule(item) != "forbidden"

    @cached_property
    def any_na(self) -> bool:
        """Whether any item may be answered N/A (forms offer the choice only then)."""
        return any(self.na_allowed(p.item) for p in self.placed)

    def descriptor(self, item: Item, value: int) -> Text | None:
        """What answer ``value`` means for ``item``: its own descriptor, its band, or the
        scale's."""
        if value in item.levels:
            return item.levels[value]
        band = next((b for b in item.bands if b.min <= value <= b.max), None)
        if band is not None:
            return band.text()
        point = self.scale.point(value)
        return point.descriptor if point else None
