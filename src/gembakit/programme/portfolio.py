"""A programme's portfolio at a glance: levels, sections, weakest items, movers, benchmarks.

Built from batch rows (:mod:`gembakit.programme.batch`) of one checklist. Each enterprise counts
once,
with its latest assessment (by tax code, else by name); earlier ones only tell who moved. Benchmark
groups smaller than ``min_group`` enterprises are not shown, so no enterprise can be singled out.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal, NamedTuple

from gembakit.assessments.identity import organisation_keys
from gembakit.base.models import Text
from gembakit.checklists.model import Checklist
from gembakit.programme.batch import Row

GroupBy = Literal["industry", "province", "size"]


class LevelCount(NamedTuple):
    level: int
    name: Text | None
    enterprises: int


class SectionStat(NamedTuple):
    id: str
    title: Text
    enterprises: int
    mean: float | None
    stdev: float | None
    minimum: float | None
    maximum: float | None


class ItemStat(NamedTuple):
    item_id: str
    section_id: str
    text: Text
    enterprises: int
    mean: float  # percent of the scale


class Move(NamedTuple):
    organisation: str
    previous_date: str
    previous_level: int
    date: str
    level: int

    @property
    def change(self) -> int:
        return self.level - self.previous_level


class Benchmark(NamedTuple):
    organisation: str
    group: str
    group_size: int
    overall: float | None
    group_mean: float | None  # None when the group is too small to show
    rank: int | None  # 1 is the best of the group


class Portfolio(NamedTuple):
    checklist_id: str
    by: str
    enterprises: int
    assessments: int
    levels: tuple[LevelCount, ...]
    sections: tuple[SectionStat, ...]
    weakest: tuple[ItemStat, ...]
    moved_up: tuple[Move, ...]
    moved_down: tuple[Move, ...]
    benchmarks: tuple[Benchmark, ...]


def portfolio(rows: Sequence[Row], checklist: Checklist, *, by: GroupBy = "industry",
              min_group: int = 5, weakest: int = 10) -> Portfolio:
    mine = [r for r in rows if r.checklist == checklist.id]
    history: dict[str, list[Row]] = defaultdict(list)
    keys = organisation_keys([(r.organisation, r.tax_code) for r in mine])
    for key, row in zip(keys, mine, strict=True):
        history[key].append(row)
    for rows_of in history.values():
        rows_of.sort(key=lambda r: (r.date, r.file))
    latest = [rows_of[-1] for rows_of in history.values()]

    names = checklist.maturity.names
    counts: dict[int, int] = defaultdict(int)
    for row in latest:
        counts[row.level] += 1
    levels = tuple(LevelCount(lv, names.get(lv), counts.get(lv, 0))
                   for lv in sorted({*names, *counts}))

    sections = []
    for section in checklist.sections:
        values = [v for r in latest for sid, v in r.sections if sid == section.id and v is not None]
        sections.append(SectionStat(
            section.id, section.title, len(values),
            statistics.fmean(values) if values else None,
            statistics.pstdev(values) if len(values) > 1 else (0.0 if values else None),
            min(values, default=None), max(values, default=None)))

    per_item: dict[str, list[float]] = defaultdict(list)
    for row in latest:
        for item_id, ratio in row.items:
            per_item[item_id].append(ratio)
    stats = [ItemStat(i, checklist.by_id[i].section_id, checklist.by_id[i].item.text, len(v),
                      100.0 * statistics.fmean(v)) for i, v in per_item.items() if i in
             checklist.by_id]
    stats.sort(key=lambda s: (s.mean, -s.enterprises, checklist.by_id[s.item_id].order))

    moves = [Move(r[-1].organisation, r[-2].date, r[-2].level, r[-1].date, r[-1].level)
             for r in history.values() if len(r) > 1 and r[-1].level != r[-2].level]

    groups: dict[str, list[Row]] = defaultdict(list)
    for row in latest:
        groups[getattr(row, by) or "—"].append(row)
    benchmarks = []
    for group, members in sorted(groups.items()):
        shown = len(members) >= min_group
        scored = [m.overall for m in members if m.overall is not None]
        mean = statistics.fmean(scored) if shown and scored else None
        ordered = sorted(members, key=lambda m: -(m.overall or 0.0))
        for member in members:
            benchmarks.append(Benchmark(member.organisation, group, len(members), member.overall,
                                        mean, ordered.index(member) + 1 if shown else None))
    benchmarks.sort(key=lambda b: (b.group, b.organisation))
    return Portfolio(
        checklist_id=checklist.id, by=by, enterprises=len(latest), assessments=len(mine),
        levels=levels, sections=tuple(sections), weakest=tuple(stats[:weakest]),
        moved_up=tuple(sorted((m for m in moves if m.change > 0), key=lambda m: -m.change)),
        moved_down=tuple(sorted((m for m in moves if m.change < 0), key=lambda m: m.change)),
        benchmarks=tuple(benchmarks))
