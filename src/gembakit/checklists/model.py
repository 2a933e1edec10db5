"""The checklist format (``schema: gembakit/checklist/v1``) as pydantic models.

These hand-written models are the source of truth; ``schema/checklist-v1.schema.json`` is generated
from them (see :mod:`gembakit.checklists.schema`). Cross-field rules the JSON Schema cannot express
live in :mod:`gembakit.checklists.crosscheck`.
"""

from collections.abc import Iterator
from functools import cached_property
from typing import Literal, NamedTuple

from pydantic import Field

from gembakit.checklists.base import Id, NonEmpty, SemVer, Strict, Text
from gembakit.checklists.conditions import Condition
from gembakit.checklists.maturity import Grade, Maturity, Tier, TierRule

CHECKLIST_SCHEMA = "gembakit/checklist/v1"
# Whether an item may be answered N/A: never, freely, or only with a note saying why (ISO 9001
# lets a requirement be excluded only with a justification). ``true``/``false`` are the older
# spellings of ``allowed``/``forbidden``.
NaRule = Literal["forbidden", "allowed", "justify"]
ScoringModelName = Literal[
    "weighted", "sum", "xccdf-default", "xccdf-flat", "xccdf-flat-unweighted", "xccdf-absolute"
]


class ScalePoint(Strict):
    """One answer of the scale. ``finding`` makes the answer itself a graded finding (on ISO
    audit scales "no practice" is a major nonconformity), counted in gates like a written one."""

    value: int
    label: Text
    descriptor: Text
    finding: Grade | None = None


class Scale(Strict):
    """The answer scale. ``na_score`` counts N/A at a fixed score instead of dropping it."""

    points: tuple[ScalePoint, ...] = Field(min_length=2)
    na: NaRule | bool = "allowed"
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


class Item(Strict):
    """A question to answer, or (when it has ``items``) a group of questions."""

    id: Id
    text: Text
    guidance: Text | None = None
    evidence: tuple[Text, ...] = ()
    weight: float = Field(default=1.0, ge=0)
    mandatory: bool = False
    clause: NonEmpty | None = None
    see_also: tuple[Reference, ...] = ()
    levels: dict[int, Text] = Field(default_factory=dict)
    na: NaRule | bool | None = None
    applies_when: Condition | None = None
    items: tuple["Item", ...] = ()

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


class Placed(NamedTuple):
    """An answerable item with where it sits and its weight after group and section weights."""

    item: Item
    section: Section
    section_index: int
    groups: tuple[Item, ...]
    weight: float
    order: int
    # Copies of the item's and section's fields, read in the scoring loop.
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
                    section = self.sections[pos]
                    found.append(Placed(item, section, pos, groups, weight * item.weight,
                                        len(found), item.id, section.id, item.mandatory))

        for pos, section in enumerate(self.sections):
            walk(pos, section.items, (), section.weight)
        return tuple(found)

    @cached_property
    def compiled(self) -> tuple[tuple[str, int, float, bool, Placed], ...]:
        """(id, section position, effective weight, mandatory, placed) for the scoring loop."""
        return tuple((p.item.id, p.section_index, p.weight, p.item.mandatory, p)
                     for p in self.placed)

    @cached_property
    def section_static(self) -> tuple[tuple[str, Text, int, int], ...]:
        """Per section: id, title, items, and informational items (weight 0) among them."""
        return tuple(
            (s.id, s.title, sum(1 for p in self.placed if p.section_index == i),
             sum(1 for p in self.placed if p.section_index == i and p.weight == 0))
            for i, s in enumerate(self.sections))

    @cached_property
    def memo(self) -> dict[object, object]:
        """A place for derived data other layers compute once per checklist (e.g. scoring
        tables); checklists are frozen, so what is derived from them never goes stale."""
        return {}

    @cached_property
    def static_totals(self) -> tuple[int, int]:
        """Items, and informational items, in the whole checklist."""
        return len(self.placed), sum(1 for p in self.placed if p.weight == 0)

    @cached_property
    def by_id(self) -> dict[str, Placed]:
        return {p.item.id: p for p in self.placed}

    @cached_property
    def group_ids(self) -> frozenset[str]:
        return frozenset(g.id for p in self.placed for g in p.groups)

    @cached_property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    @cached_property
    def section_titles(self) -> dict[str, Text]:
        return {s.id: s.title for s in self.sections}

    @cached_property
    def has_conditions(self) -> bool:
        return any(node.applies_when is not None
                   for p in self.placed for node in (*p.groups, p.item))

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
