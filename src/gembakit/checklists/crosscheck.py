"""Rules the JSON Schema cannot express, each reported with the path of the offending value."""

from __future__ import annotations

from collections.abc import Iterator

from gembakit.base.errors import PathPart, Problem, format_path, problem
from gembakit.checklists.maturity import SectionsMin
from gembakit.checklists.model import Band, Checklist, Item


def _walk(items: tuple[Item, ...], path: tuple[PathPart, ...]
          ) -> Iterator[tuple[Item, tuple[PathPart, ...]]]:
    for i, item in enumerate(items):
        here = (*path, "items", i)
        yield item, here
        yield from _walk(item.items, here)


def _scale(cl: Checklist) -> Iterator[Problem]:
    values = [p.value for p in cl.scale.points]
    for i in range(1, len(values)):
        if values[i] <= values[i - 1]:
            yield problem("checklist.scale_order",
                          "scale points must increase: {value} follows {previous}",
                          path=("scale", "points", i, "value"), value=values[i],
                          previous=values[i - 1])
    lo, hi = cl.scale.min, cl.scale.max
    if cl.scale.na_score is not None and not lo <= cl.scale.na_score <= hi:
        yield problem("checklist.na_score", "must lie on the scale {low}-{high}",
                      path=("scale", "na_score"), low=lo, high=hi)
    if cl.scoring.pass_score is not None and cl.scoring.pass_score not in cl.scale.values:
        yield problem("checklist.pass_score", "must be a point of the scale ({points})",
                      path=("scoring", "pass_score"), points=_list(values))


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def _items(cl: Checklist) -> Iterator[Problem]:
    seen: dict[str, tuple[PathPart, ...]] = {}
    values = cl.scale.values

    def claim(ident: str, path: tuple[PathPart, ...]) -> Iterator[Problem]:
        if ident in seen:
            yield problem("checklist.duplicate_id", "duplicate id '{id}' (first used at {where})",
                          path=(*path, "id"), id=ident, where=_fmt(seen[ident]))
        else:
            seen[ident] = path

    for s, section in enumerate(cl.sections):
        spath: tuple[PathPart, ...] = ("sections", s)
        yield from claim(section.id, spath)
        for item, path in _walk(section.items, spath):
            yield from claim(item.id, path)
            if item.is_group:
                if item.mandatory:
                    yield problem("checklist.group_mandatory",
                                  "a group cannot be mandatory; mark its items",
                                  path=(*path, "mandatory"))
                if item.levels:
                    yield problem("checklist.group_levels", "a group has no answer to describe",
                                  path=(*path, "levels"))
            for key in item.levels:
                if key not in values:
                    yield problem("checklist.level_key", "{key} is not a point of the scale "
                                  "({points})", path=(*path, "levels", key), key=key,
                                  points=_list(sorted(values)))
            if item.mandatory and item.weight == 0:
                yield problem("checklist.mandatory_weight",
                              "a mandatory item cannot be informational (weight 0)",
                              path=(*path, "weight"))


def _fmt(path: tuple[PathPart, ...]) -> str:
    return format_path(path)


def _maturity(cl: Checklist) -> Iterator[Problem]:
    section_ids = {s.id for s in cl.sections}
    levels = cl.maturity.levels
    for i in range(1, len(levels)):
        if levels[i].level <= levels[i - 1].level:
            yield problem("checklist.level_order", "levels must increase: {level} follows "
                          "{previous}", path=("maturity", "levels", i, "level"),
                          level=levels[i].level, previous=levels[i - 1].level)
    for i, level in enumerate(levels):
        for g, gate in enumerate(level.gates):
            if isinstance(gate, SectionsMin):
                for k, sid in enumerate(gate.sections):
                    if sid not in section_ids:
                        yield problem("checklist.unknown_section", "unknown section '{id}'",
                                      path=("maturity", "levels", i, "gates", g, "sections", k),
                                      id=sid)
    defined = {lv.level for lv in levels}
    cap = cl.maturity.knockout_cap
    if cap is not None and cap not in defined:
        yield problem("checklist.unknown_level", "level {level} is not defined",
                      path=("maturity", "knockout_cap"), level=cap)
    yield from _recognition(cl, defined)


def _recognition(cl: Checklist, defined: set[int]) -> Iterator[Problem]:
    for tier, rule in cl.recognition.items():
        if rule.min_level not in defined:
            yield problem("checklist.unknown_level", "level {level} is not defined",
                          path=("recognition", tier, "min_level"), level=rule.min_level)
        for k, item_id in enumerate(rule.mandatory_items):
            if item_id not in cl.by_id:
                yield problem("checklist.unknown_item", "unknown item '{id}'",
                              path=("recognition", tier, "mandatory_items", k), id=item_id)
        if rule.consultant_max_age_days is not None and tier != "state":
            yield problem("checklist.consultant_age",
                          "only the state tier builds on a consultant assessment",
                          path=("recognition", tier, "consultant_max_age_days"))


def _bands(cl: Checklist) -> Iterator[Problem]:
    """Band scoring: answers are percentages in steps of 5, and bands cover them without gaps."""
    if cl.scoring.model != "bands":
        for p in cl.placed:
            if p.item.bands:
                yield problem("checklist.bands_unused", "bands describe answers only when the "
                              "scoring model is 'bands'", path=("sections", p.section_index))
                return
        return
    if [p.value for p in cl.scale.points] != list(range(0, 101, 5)):
        yield problem("checklist.bands_scale", "band scoring needs the scale 0, 5, 10 … 100 "
                      "(percentages in steps of 5)", path=("scale", "points"))
    if cl.band_descriptors is None:
        yield problem("checklist.bands_missing", "band scoring needs band_descriptors for "
                      "process and results items", path=("band_descriptors",))
    else:
        for kind in ("process", "results"):
            yield from _band_cover(getattr(cl.band_descriptors, kind),
                                   ("band_descriptors", kind))
    for p in cl.placed:
        if p.item.kind is None:
            yield problem("checklist.item_kind", "a band-scored item needs kind: process or "
                          "results", path=("items", p.item.id, "kind"))
        if p.item.bands:
            yield from _band_cover(p.item.bands, ("items", p.item.id, "bands"))


def _band_cover(bands: tuple[Band, ...], path: tuple[PathPart, ...]) -> Iterator[Problem]:
    expected = 0
    for i, band in enumerate(bands):
        if band.min != expected or band.max < band.min:
            yield problem("checklist.band_gap", "bands must run from 0 to 100 without gaps or "
                          "overlaps: expected one starting at {value}", path=(*path, i),
                          value=expected)
            return
        expected = band.max + 5
    if expected != 105:
        yield problem("checklist.band_gap", "bands must run from 0 to 100 without gaps or "
                      "overlaps: expected one starting at {value}", path=path, value=expected)


def crosscheck(checklist: Checklist) -> list[Problem]:
    """Every cross-field problem of ``checklist``; an empty list means it is consistent."""
    return [*_scale(checklist), *_items(checklist), *_maturity(checklist), *_bands(checklist)]
