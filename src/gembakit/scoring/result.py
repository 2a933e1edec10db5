"""The frozen result of scoring one assessment, with its provenance and the reasons for its level.

Records are immutable named tuples and the result a frozen dataclass rather than pydantic
models: scoring builds tens of thousands of results a second. pydantic still does all
serialising, through one :class:`~pydantic.TypeAdapter` made on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, overload

from pydantic import BaseModel, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import core_schema

from gembakit.checklists.base import Text

if TYPE_CHECKING:
    from pydantic import TypeAdapter


def _plain(value: Any) -> Any:
    if hasattr(value, "_asdict"):
        return _as_dict(value)
    if isinstance(value, BaseModel):
        # Dumped here, not left to pydantic's inference: a model whose serializer is still
        # deferred (a checklist read from the cache never built its Text serializer) must be
        # built first, and only the model's own method does that.
        return value.model_dump(mode="json")
    if isinstance(value, tuple | Gaps):
        return [_plain(v) for v in value]
    return value


def to_plain(value: Any) -> Any:
    """Records (named tuples, gap lists, models) as JSON-ready dicts and lists."""
    return _plain(value)


def _as_dict(record: Any) -> dict[str, Any]:
    """Named tuples as objects in JSON (pydantic would write them as arrays), with the derived
    fields worth keeping in a file (a gate's explanation in words)."""
    data = {k: _plain(v) for k, v in record._asdict().items()}
    if isinstance(record, GateOutcome):
        data["explanation"] = record.explanation
    return data


_Obj = PlainSerializer(_as_dict, return_type=dict[str, Any])


class Figure(NamedTuple):
    """Points out of a maximum; ``percentage`` is ``None`` when nothing counted."""

    points: float
    max_points: float
    percentage: float | None


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
    """One gate checked: what was required, what was found, and which items or sections failed.

    The reason in words (:attr:`explanation`) is derived from these facts when read, so scoring
    thousands of assessments does not spend its time writing sentences nobody reads.
    ``values`` and ``titles`` run alongside ``sections``; ``grade`` is set for ``max_findings``.
    """

    gate: str
    passed: bool
    required: float | None
    actual: float | None
    items: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    values: tuple[float | None, ...] = ()
    titles: tuple[Text, ...] = ()
    grade: str | None = None

    @property
    def explanation(self) -> Text:
        from gembakit.scoring.explain import explain

        return explain(self)


class Gap(NamedTuple):
    """An item below the top of the scale, and the overall points raising it alone would add."""

    item_id: str
    section_id: str
    score: int
    gain: float
    mandatory: bool
    failed_mandatory: bool


GainRow = tuple[str, str, int, float, bool]  # item id, section id, score, gain, mandatory


class Gaps(Sequence[Gap]):
    """The gap analysis: items ranked by the overall points raising each alone would add.

    An immutable sequence of :class:`Gap`. It keeps the ranked rows the scoring model produced
    and makes each record when read: a result carries a gap for every item below the top of the
    scale, and building hundreds of records per assessment would dominate batch scoring.
    """

    __slots__ = ("_factor", "_failed", "_rows")

    def __init__(self, rows: Sequence[GainRow] = (), factor: float = 1.0,
                 failed: frozenset[str] = frozenset()) -> None:
        self._rows = tuple(rows)
        self._factor = factor
        self._failed = failed

    def _make(self, row: GainRow) -> Gap:
        item_id, section_id, score, gain, mandatory = row
        return Gap(item_id, section_id, score, gain * self._factor, mandatory,
                   item_id in self._failed)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Gap: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Gap, ...]: ...

    def __getitem__(self, index: int | slice) -> Gap | tuple[Gap, ...]:
        if isinstance(index, slice):
            return tuple(self._make(r) for r in self._rows[index])
        return self._make(self._rows[index])

    def __iter__(self) -> Iterator[Gap]:
        return map(self._make, self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Gaps | tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Gaps({list(self)!r})"

    @classmethod
    def of(cls, gaps: Iterable[Gap | dict[str, Any]]) -> Gaps:
        """Gaps from records (as read back from JSON), in the order given."""
        records = [g if isinstance(g, Gap) else Gap(**g) for g in gaps]
        return cls([(g.item_id, g.section_id, g.score, g.gain, g.mandatory) for g in records],
                   1.0, frozenset(g.item_id for g in records if g.failed_mandatory))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            lambda v: v if isinstance(v, Gaps) else cls.of(v),
            core_schema.is_instance_schema(cls),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: [g._asdict() for g in v]),
        )


class Result(NamedTuple):
    """Everything scoring found, with provenance; immutable (a named tuple, for speed).

    ``next_level_gates`` holds every gate of the next level up, passed or not; the
    explanation of the level is in the failed ones (:attr:`failed_gates`).
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
    level: int
    level_name: Text | None
    knockout_capped: bool
    next_level: int | None
    next_level_name: Text | None
    next_level_gates: tuple[GateOutcome, ...]
    gaps: Gaps

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
        """Read back what :meth:`to_dict` wrote (derived fields are recomputed, not read)."""
        gates = [{k: v for k, v in g.items() if k != "explanation"}
                 for g in data.get("next_level_gates", ())]
        return _adapter().validate_python({**data, "next_level_gates": gates})


@cache
def _adapter() -> TypeAdapter[Result]:
    from pydantic import TypeAdapter

    return TypeAdapter(Annotated[Result, _Obj])
