"""What the programme reports each year, from its database: the honour list and the figures.

The honour list holds the year's recognised enterprises (certificates issued that year and still
in force or expired since, never withdrawn, cancelled or superseded) and the most improved — the
enterprises whose newest certificate of the year, against their previous one of the same
checklist, gained most in level, then in score. The figures are the counts provincial plans
report: enterprises assessed and recognised per tier, pilot models, experts, improvement staff.
Enterprises are told apart by tax code, else by name (case and diacritics aside).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from gembakit.registry.db import Database
from gembakit.registry.schema import certificates, experts, organisations, pilot_models, staff
from gembakit.registry.search import fold

SHOWN = ("active", "suspended", "expired")  # a certificate an honour list may name
TIERS = ("state", "consultant", "self")


@dataclass(frozen=True, slots=True)
class Honoured:
    id: str
    tier: str
    organisation: str
    tax_code: str | None
    province: str | None
    industry: str | None
    checklist: str
    level: int
    score: int | None
    issued: str


@dataclass(frozen=True, slots=True)
class Improved:
    organisation: str
    tax_code: str | None
    province: str | None
    industry: str | None
    checklist: str
    level_before: int
    level_after: int
    score_before: int | None
    score_after: int | None
    since: str  # the previous certificate's date

    @property
    def level_gain(self) -> int:
        return self.level_after - self.level_before

    @property
    def score_gain(self) -> int:
        return (self.score_after or 0) - (self.score_before or 0)


@dataclass(slots=True)
class HonourList:
    year: int
    province: str | None
    recognised: list[Honoured] = field(default_factory=list)
    improved: list[Improved] = field(default_factory=list)

    def by_province(self) -> dict[str, list[Honoured]]:
        out: dict[str, list[Honoured]] = {}
        for h in self.recognised:
            out.setdefault(h.province or "—", []).append(h)
        return out


def enterprise(tax_code: str | None, name: str) -> str:
    """One key per enterprise: its tax code, else its folded name."""
    return tax_code.strip() if tax_code else "name:" + fold(name)


def _rows(db: Database, year: int | None, province: str | None,
          statuses: tuple[str, ...] | None = None, until: str | None = None
          ) -> Iterator[dict[str, Any]]:
    q = select(certificates.c.id, certificates.c.tier, certificates.c.organisation,
               certificates.c.tax_code, certificates.c.province, certificates.c.industry,
               certificates.c.checklist, certificates.c.level, certificates.c.score,
               certificates.c.issued, certificates.c.status)
    if year is not None:
        q = q.where(certificates.c.issued.between(f"{year}-01-01", f"{year}-12-31"))
    if until is not None:
        q = q.where(certificates.c.issued <= until)
    if province:
        q = q.where(certificates.c.province_search == fold(province))
    if statuses is not None:
        q = q.where(certificates.c.status.in_(statuses))
    with db.read() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=1000).execute(
                q.order_by(certificates.c.issued, certificates.c.id)):
            yield dict(row._mapping)


def honours(db: Database, year: int, province: str | None = None, top: int = 10) -> HonourList:
    """The year's honour list (the most improved: at most ``top``)."""
    result = HonourList(year, province)
    best: dict[tuple[str, str], Honoured] = {}
    for row in _rows(db, year, province, SHOWN):
        row.pop("status")
        honoured = Honoured(**row)
        key = (enterprise(honoured.tax_code, honoured.organisation), honoured.checklist)
        kept = best.get(key)
        if kept is None or (TIERS.index(honoured.tier), -honoured.level) < \
                (TIERS.index(kept.tier), -kept.level):
            best[key] = honoured
    result.recognised = sorted(best.values(), key=lambda h: (
        TIERS.index(h.tier), -h.level, -(h.score or 0), fold(h.organisation)))
    previous: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _rows(db, None, province, None, until=f"{year - 1}-12-31"):
        if row["status"] in ("withdrawn", "cancelled"):
            continue
        previous[(enterprise(row["tax_code"], row["organisation"]), row["checklist"])] = row
    gains = []
    for key, now in best.items():
        before = previous.get(key)
        if before is None:
            continue
        gains.append(Improved(now.organisation, now.tax_code, now.province, now.industry,
                              now.checklist, before["level"], now.level, before["score"],
                              now.score, before["issued"]))
    gains = [g for g in gains if g.level_gain > 0 or g.score_gain > 0]
    result.improved = sorted(gains, key=lambda g: (-g.level_gain, -g.score_gain,
                                                   fold(g.organisation)))[:top]
    return result


def programme_figures(db: Database, year: int | None = None, province: str | None = None
                      ) -> dict[str, Any]:
    """The counts a provincial plan reports, for a year (or all years) and a province."""
    assessed: set[str] = set()
    recognised: dict[str, set[str]] = {tier: set() for tier in TIERS}
    certificates_by_tier: dict[str, int] = dict.fromkeys(TIERS, 0)
    for row in _rows(db, year, province):
        key = enterprise(row["tax_code"], row["organisation"])
        assessed.add(key)
        certificates_by_tier[row["tier"]] += 1
        if row["status"] in SHOWN:
            recognised[row["tier"]].add(key)
    with db.read() as conn:
        def count(table: Any, *where: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table).where(*where))
                       .scalar_one())

        def place(table: Any) -> list[Any]:
            return [table.c.province_search == fold(province)] if province else []

        day = f"{year}-12-31" if year else None
        expert_filter = [experts.c.status == "active", *place(experts)]
        if day:
            expert_filter += [(experts.c.valid_until.is_(None)) | (experts.c.valid_until >= day),
                              (experts.c.valid_from.is_(None))
                              | (experts.c.valid_from <= day)]
        models = count(pilot_models, *place(pilot_models),
                       *([pilot_models.c.year == year] if year else []))
        staff_n = count(staff, *place(staff), *(
            [staff.c.issued.between(f"{year}-01-01", day)] if year else []))
        experts_n = count(experts, *expert_filter)
        kinds = {row[0]: row[1] for row in conn.execute(
            select(organisations.c.kind, func.count()).where(*place(organisations))
            .group_by(organisations.c.kind))}
    return {
        "year": year, "province": province,
        "enterprises_assessed": len(assessed),
        "enterprises_recognised": {tier: len(keys) for tier, keys in recognised.items()},
        "certificates": certificates_by_tier,
        "pilot_models": models,
        "experts_in_force": experts_n,
        "staff_certified": staff_n,
        "organisations": {kind: int(kinds.get(kind, 0))
                          for kind in ("consulting", "training", "certification")},
    }
