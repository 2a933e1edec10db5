"""Rules the JSON Schema cannot express, each reported with the path of the offending value."""

from __future__ import annotations

from collections.abc import Iterator

from gembakit.checklists.maturity import SectionsMin
from gembakit.checklists.model import Checklist, Item
from gembakit.errors import PathPart, Problem, format_path


def _p(path: tuple[PathPart, ...], en: str, vi: str) -> Problem:
    return Problem(en=en, vi=vi, path=path)


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
            yield _p(("scale", "points", i, "value"),
                     f"scale points must increase: {values[i]} follows {values[i - 1]}",
                     f"các mức thang điểm phải tăng dần: {values[i]} đứng sau {values[i - 1]}")
    lo, hi = cl.scale.min, cl.scale.max
    if cl.scale.na_score is not None and not lo <= cl.scale.na_score <= hi:
        yield _p(("scale", "na_score"), f"must lie on the scale {lo}-{hi}",
                 f"phải nằm trong thang điểm {lo}-{hi}")
    if cl.scoring.pass_score is not None and cl.scoring.pass_score not in cl.scale.values:
        yield _p(("scoring", "pass_score"), f"must be a point of the scale ({_list(values)})",
                 f"phải là một mức của thang điểm ({_list(values)})")


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def _items(cl: Checklist) -> Iterator[Problem]:
    seen: dict[str, tuple[PathPart, ...]] = {}
    values = cl.scale.values

    def claim(ident: str, path: tuple[PathPart, ...]) -> Iterator[Problem]:
        if ident in seen:
            yield _p((*path, "id"), f"duplicate id '{ident}' (first used at {_fmt(seen[ident])})",
                     f"mã '{ident}' bị trùng (đã dùng tại {_fmt(seen[ident])})")
        else:
            seen[ident] = path

    for s, section in enumerate(cl.sections):
        spath: tuple[PathPart, ...] = ("sections", s)
        yield from claim(section.id, spath)
        for item, path in _walk(section.items, spath):
            yield from claim(item.id, path)
            if item.is_group:
                if item.mandatory:
                    yield _p((*path, "mandatory"), "a group cannot be mandatory; mark its items",
                             "một nhóm không thể là bắt buộc; hãy đánh dấu từng tiêu chí")
                if item.levels:
                    yield _p((*path, "levels"), "a group has no answer to describe",
                             "một nhóm không có câu trả lời để mô tả")
            for key in item.levels:
                if key not in values:
                    yield _p((*path, "levels", key),
                             f"{key} is not a point of the scale ({_list(sorted(values))})",
                             f"{key} không phải là một mức của thang điểm "
                             f"({_list(sorted(values))})")
            if item.mandatory and item.weight == 0:
                yield _p((*path, "weight"), "a mandatory item cannot be informational (weight 0)",
                         "tiêu chí bắt buộc không thể chỉ để tham khảo (trọng số 0)")


def _fmt(path: tuple[PathPart, ...]) -> str:
    return format_path(path)


def _maturity(cl: Checklist) -> Iterator[Problem]:
    section_ids = {s.id for s in cl.sections}
    levels = cl.maturity.levels
    for i in range(1, len(levels)):
        if levels[i].level <= levels[i - 1].level:
            yield _p(("maturity", "levels", i, "level"),
                     f"levels must increase: {levels[i].level} follows {levels[i - 1].level}",
                     f"các cấp độ phải tăng dần: {levels[i].level} đứng sau "
                     f"{levels[i - 1].level}")
    for i, level in enumerate(levels):
        for g, gate in enumerate(level.gates):
            if isinstance(gate, SectionsMin):
                for k, sid in enumerate(gate.sections):
                    if sid not in section_ids:
                        yield _p(("maturity", "levels", i, "gates", g, "sections", k),
                                 f"unknown section '{sid}'", f"không có phần '{sid}'")
    defined = {lv.level for lv in levels}
    cap = cl.maturity.knockout_cap
    if cap is not None and cap not in defined:
        yield _p(("maturity", "knockout_cap"), f"level {cap} is not defined",
                 f"cấp độ {cap} chưa được định nghĩa")
    yield from _recognition(cl, defined)


def _recognition(cl: Checklist, defined: set[int]) -> Iterator[Problem]:
    for tier, rule in cl.recognition.items():
        if rule.min_level not in defined:
            yield _p(("recognition", tier, "min_level"), f"level {rule.min_level} is not defined",
                     f"cấp độ {rule.min_level} chưa được định nghĩa")
        for k, item_id in enumerate(rule.mandatory_items):
            if item_id not in cl.by_id:
                yield _p(("recognition", tier, "mandatory_items", k),
                         f"unknown item '{item_id}'", f"không có tiêu chí '{item_id}'")
        if rule.consultant_max_age_days is not None and tier != "state":
            yield _p(("recognition", tier, "consultant_max_age_days"),
                     "only the state tier builds on a consultant assessment",
                     "chỉ cấp nhà nước mới dựa trên đánh giá của tư vấn")


def crosscheck(checklist: Checklist) -> list[Problem]:
    """Every cross-field problem of ``checklist``; an empty list means it is consistent."""
    return [*_scale(checklist), *_items(checklist), *_maturity(checklist)]
