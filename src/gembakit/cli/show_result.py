"""A result as text for people: the level and why, each section, and what to fix first.

Plain text with aligned columns rather than a rich table: the same text goes to the terminal, to
a pipe and into the demo's summary files, and laying out a rich table would cost `gembakit score`
more start-up time than everything else it does after reading its input.
"""

from __future__ import annotations

import sys
from typing import TextIO

from gembakit.base.messages import Message, number, pct, tr
from gembakit.base.vocabulary import GRADE_WORDS
from gembakit.checklists.describe import certification_disclaimer, points_of, points_text
from gembakit.checklists.model import Checklist
from gembakit.scoring.result import Figure, Result


def _p(value: float | None, lang: str) -> str:
    return pct(value, lang) if value is not None else "—"


def _points(f: Figure, lang: str) -> str:
    """Points as the checklist counts them, thousands grouped (``569.5 / 1,000``)."""
    return points_of(f.points, f.max_points, lang)


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return lines


def _headline(result: Result, lang: str) -> str:
    name = result.level_name.get(lang) if result.level_name else "—"
    line = tr(lang, "Level {level} · {name}   overall {overall}", level=result.level, name=name,
              overall=_p(result.overall.percentage, lang))
    if result.show_points:
        line += "   " + tr(lang, "{points} points", points=_points(result.overall, lang))
    return line


def _areas(result: Result, checklist: Checklist, lang: str) -> list[str]:
    """The areas best first, with their kind, score (and points) and level."""
    kinds = {k.id: k.name.get(lang) for k in checklist.areas}
    points = [tr(lang, "Points")] if result.show_points else []
    rows = [[tr(lang, "Rank"), tr(lang, "Area"), tr(lang, "Kind of area"), "%", *points,
             tr(lang, "Level")]]
    for area in sorted(result.areas, key=lambda a: a.rank):
        name = area.level_name.get(lang) if area.level_name else "—"
        kind = kinds.get(area.kind, area.kind) if area.kind else ""
        rows.append([str(area.rank), area.name, kind, _p(area.overall.percentage, lang),
                     *([_points(area.overall, lang)] if points else []),
                     f"{area.level} · {name}"])
    right = {0, 3, 4} if points else {0, 3}
    return ["", tr(lang, "Areas, ranked:"), *_table(rows, right=right)]


def format_result(result: Result, checklist: Checklist, lang: str, top: int = 5) -> str:
    out = [f"{checklist.title.get(lang)} {checklist.version}",
           f"{result.organisation} — {result.site} — {result.date.isoformat()}",
           _headline(result, lang)]
    disclaimer = certification_disclaimer(checklist)
    if disclaimer is not None:
        out.append(disclaimer.text(lang))
    out.append("")
    # Points only where the checklist counts them: elsewhere they are weights, not points.
    points = [tr(lang, "Points")] if result.show_points else []
    rows = [[tr(lang, "Section"), "%", *points, tr(lang, "Answered")]]
    for section in result.sections:
        c, f = section.counts, section.figure
        rows.append([section.title.get(lang), _p(f.percentage, lang),
                     *([_points(f, lang)] if points else []),
                     f"{c.answered + c.na} / {c.applicable}"])
    out += _table(rows, right={1, 2, 3})
    if result.areas:
        out += _areas(result, checklist, lang)
    c = result.counts
    counts = {"answered": c.answered, "na": c.na, "unanswered": c.unanswered,
              "excluded": c.not_applicable, "info": c.informational}
    out.append("")
    if result.areas:
        out.append(tr(lang, "{answered} answered, {na} N/A, {unanswered} unanswered, {excluded} "
                      "not applicable to the kind of area, {info} informational", **counts))
    else:
        out.append(tr(lang, "{answered} answered, {na} N/A, {unanswered} unanswered, {excluded} "
                      "not applicable to this site, {info} informational", **counts))
    if result.unanswered:
        out.append(tr(lang, "Unanswered: {items}", items=", ".join(result.unanswered)))
    if result.failed_mandatory:
        out.append(tr(lang, "Failed mandatory items: {items}",
                      items=", ".join(result.failed_mandatory)))
    if result.nonconformities:
        out.append(tr(lang, "Nonconformities given by the answers:"))
        out += [f"  {n.area + '/' if n.area else ''}{n.item_id} ({n.score}): "
                f"{Message(GRADE_WORDS[n.grade]).text(lang)}" for n in result.nonconformities]
    if result.next_level is not None:
        above = result.next_level_name.get(lang) if result.next_level_name else ""
        out += ["", tr(lang, "Why not level {level} ({name}):", level=result.next_level,
                       name=above)]
        out += [f"  {'✓' if gate.passed else '✗'} {gate.explanation.text(lang)}"
                for gate in result.next_level_gates]
    if result.gaps:
        out += ["", tr(lang, "What to fix first:")]
        for gap in result.gaps[:top]:
            item = checklist.by_id[gap.item_id].item
            gain = (tr(lang, "+{n} points", n=points_text(gap.gain_points, lang))
                    if result.show_points else tr(lang, "+{n} pts", n=number(gap.gain, lang)))
            where = f"{gap.area}/" if gap.area else ""
            out.append(f"  {gain}  {where}{gap.item_id} ({gap.score}) {item.text.get(lang)}")
    return "\n".join(out) + "\n"


def print_result(result: Result, checklist: Checklist, lang: str,
                 stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(format_result(result, checklist, lang))
