"""Structured applicability conditions, evaluated without ``eval``.

A condition looks at facts the assessment records about the organisation and site. Facts may be
unknown (a blank field); an unknown fact makes a test *unknown*, not false, and an item is
dropped only when its condition is definitely false — so a missing organisation size never hides
items from an audit. Combinators use Kleene's three-valued logic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from gembakit.base.models import NonEmpty, Strict

Fact = Literal[
    "organisation.size",
    "organisation.industry",
    "organisation.province",
    "site.activities",
    "area.kind",
]
FactValue = str | tuple[str, ...] | None
Facts = Mapping[str, FactValue]
Truth = bool | None  # None: unknown


class FactTest(Strict):
    """Compare one fact: ``{fact: organisation.size, op: in, value: [medium, large]}``."""

    fact: Fact
    op: Literal["eq", "ne", "in", "not_in", "has", "has_any"]
    value: NonEmpty | tuple[NonEmpty, ...]


class AllOf(Strict):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Strict):
    any: tuple[Condition, ...] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _kind(value: Any) -> str | None:
    keys = set(value) if isinstance(value, dict) else {
        name for name in ("all", "any", "not_", "fact") if hasattr(value, name)
    }
    for key, tag in (("all", "all"), ("any", "any"), ("not", "not"), ("not_", "not")):
        if key in keys:
            return tag
    return "fact" if "fact" in keys else None


Condition = Annotated[
    Annotated[FactTest, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(_kind, custom_error_type="condition",
                  custom_error_message="a condition needs one of the keys fact, all, any, not"),
]


def _as_set(value: str | tuple[str, ...]) -> frozenset[str]:
    return frozenset((value,)) if isinstance(value, str) else frozenset(value)


def _eq(fact: FactValue, value: str | tuple[str, ...]) -> bool:
    return fact in _as_set(value) if isinstance(fact, str) else False


def _has(fact: FactValue, value: str | tuple[str, ...]) -> bool:
    present = _as_set(fact) if fact is not None else frozenset()
    return _as_set(value) <= present


def _has_any(fact: FactValue, value: str | tuple[str, ...]) -> bool:
    present = _as_set(fact) if fact is not None else frozenset()
    return bool(_as_set(value) & present)


# Explicit operator table; callers may pass their own to :func:`evaluate`.
OPERATORS: Mapping[str, Callable[[FactValue, str | tuple[str, ...]], bool]] = {
    "eq": _eq,
    "in": _eq,
    "ne": lambda fact, value: not _eq(fact, value),
    "not_in": lambda fact, value: not _eq(fact, value),
    "has": _has,
    "has_any": _has_any,
}


def evaluate(condition: Condition, facts: Facts,
             operators: Mapping[str, Callable[[FactValue, str | tuple[str, ...]], bool]]
             = OPERATORS) -> Truth:
    """Three-valued evaluation: ``None`` when the facts needed are unknown."""
    if isinstance(condition, FactTest):
        fact = facts.get(condition.fact)
        if fact is None or fact == ():
            return None
        return operators[condition.op](fact, condition.value)
    if isinstance(condition, AllOf):
        results = [evaluate(c, facts, operators) for c in condition.all]
        if False in results:
            return False
        return None if None in results else True
    if isinstance(condition, AnyOf):
        results = [evaluate(c, facts, operators) for c in condition.any]
        if True in results:
            return True
        return None if None in results else False
    inner = evaluate(condition.not_, facts, operators)
    return None if inner is None else not inner
