"""One organisation's assessments of one checklist over time: levels and section scores by date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gembakit.assessments.identity import organisation_keys
from gembakit.assessments.model import Assessment
from gembakit.base.errors import refuse
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score


class TrendPoint(NamedTuple):
    date: str
    tier: str
    level: int
    overall: float | None
    sections: tuple[tuple[str, float | None], ...]


class Trend(NamedTuple):
    organisation: str
    checklist_id: str
    points: tuple[TrendPoint, ...]


def trend(assessments: Sequence[Assessment], checklist: Checklist) -> Trend:
    """The series in date order; refused when the assessments are of different organisations."""
    if not assessments:
        raise refuse("trend.empty", "no assessment to follow")
    keys = set(organisation_keys([(a.organisation.name, a.organisation.tax_code)
                                  for a in assessments]))
    if len(keys) > 1:
        raise refuse("trend.organisations", "the assessments are of different organisations")
    points = []
    for a in sorted(assessments, key=lambda x: x.date):
        r = score(a, checklist)
        points.append(TrendPoint(a.date.isoformat(), a.assessor.tier, r.level,
                                 r.overall.percentage,
                                 tuple((s.id, s.figure.percentage) for s in r.sections)))
    return Trend(assessments[-1].organisation.name, checklist.id, tuple(points))
