"""Maturity levels, their gates (a closed vocabulary) and recognition rules per tier."""

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field

from gembakit.base.models import Flag, Grade, Id, Number, Strict, Text, Whole

Percent = Annotated[Number, Field(ge=0, le=100)]


class OverallMin(Strict):
    """The overall percentage reaches ``value``."""

    gate: Literal["overall_min"]
    value: Percent


class EverySectionMin(Strict):
    """Every section with something counted reaches ``value`` percent."""

    gate: Literal["every_section_min"]
    value: Percent


class SectionsMin(Strict):
    """Each named section reaches ``value`` percent."""

    gate: Literal["sections_min"]
    sections: tuple[Id, ...] = Field(min_length=1)
    value: Percent


class NoFailedMandatory(Strict):
    """No mandatory (knock-out) item is answered below the pass score."""

    gate: Literal["no_failed_mandatory"]


class AnsweredMin(Strict):
    """At least ``value`` percent of the applicable items carry an answer (a score or N/A)."""

    gate: Literal["answered_min"]
    value: Percent


class MandatoryAnswered(Strict):
    """Every applicable mandatory item carries an answer (ISO audits leave no clause unseen)."""

    gate: Literal["mandatory_answered"]


class PointsMin(Strict):
    """The overall points reach ``value`` (the National Quality Award opens at 600 of 1,000)."""

    gate: Literal["points_min"]
    value: Number = Field(ge=0)


class MaxFindings(Strict):
    """At most ``value`` findings of ``grade`` (e.g. no major nonconformity): written findings
    and answers whose scale point carries that grade, an item counted once per grade."""

    gate: Literal["max_findings"]
    grade: Grade
    value: Whole = Field(ge=0)


Gate = Annotated[
    OverallMin | EverySectionMin | SectionsMin | NoFailedMandatory | MandatoryAnswered
    | AnsweredMin | MaxFindings | PointsMin,
    Field(discriminator="gate"),
]


class Level(Strict):
    level: Whole = Field(ge=0, le=100)
    name: Text
    description: Text
    gates: tuple[Gate, ...] = ()


class Maturity(Strict):
    """Ordered levels; the result is the highest level reached with every lower level reached too.

    ``knockout_cap`` is the highest level an assessment with a failed mandatory item can reach;
    by default the lowest level.
    """

    levels: tuple[Level, ...] = Field(min_length=1)
    knockout_cap: Whole | None = None

    @property
    def cap(self) -> int:
        return self.knockout_cap if self.knockout_cap is not None else self.levels[0].level

    @cached_property
    def names(self) -> dict[int, Text]:
        return {lv.level: lv.name for lv in self.levels}

    def find(self, level: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == level), None)


class TierRule(Strict):
    """What an assessment must show to be recognised at one tier."""

    min_level: Whole = Field(ge=0)
    validity_months: Whole = Field(gt=0, le=120)
    surveillance_months: Whole | None = Field(default=None, gt=0, le=60)
    consultant_max_age_days: Whole | None = Field(default=None, gt=0)
    no_failed_mandatory: Flag = True
    no_major_findings: Flag = True
    # Items that must be answered at or above the pass score for this tier, beyond those
    # marked mandatory for every use of the checklist.
    mandatory_items: tuple[Id, ...] = ()
