"""A result as text for people: the level and why, each section, and what to fix first.

Plain text with aligned columns rather than a rich table: the same text goes to the terminal, to
a pipe and into the demo's summary files, and laying out a rich table would cost `gembakit score`
more start-up time than everything else it does after reading its input.
"""

from __future__ import annotations

import sys
from typing import TextIO

from gembakit._words import number, pct
from gembakit.checklists.model import Checklist
from gembakit.errors import Lang
from gembakit.scoring.result import Result


def _p(value: float | None, lang: Lang) -> str:
    return pct(value, lang) if value is not None else "—"


def _tr(lang: Lang, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


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


def format_result(result: Result, checklist: Checklist, lang: Lang, top: int = 5) -> str:
    out = [f"{checklist.title.get(lang)} {checklist.version}",
           f"{result.organisation} — {result.site} — {result.date.isoformat()}"]
    name = result.level_name.get(lang) if result.level_name else "—"
    out.append(_tr(lang, "Level ", "Cấp độ ") + f"{result.level} · {name}   "
               + _tr(lang, "overall ", "tổng điểm ") + _p(result.overall.percentage, lang))
    out.append("")
    rows = [[_tr(lang, "Section", "Phần"), "%", _tr(lang, "Points", "Điểm"),
             _tr(lang, "Answered", "Đã trả lời")]]
    for section in result.sections:
        c = section.counts
        f = section.figure
        rows.append([section.title.get(lang), _p(f.percentage, lang),
                     f"{number(f.points, lang)} / {number(f.max_points, lang)}",
                     f"{c.answered + c.na} / {c.applicable}"])
    out += _table(rows, right={1, 2, 3})
    out.append("")
    c = result.counts
    out.append(_tr(
        lang,
        f"{c.answered} answered, {c.na} N/A, {c.unanswered} unanswered, "
        f"{c.not_applicable} not applicable to this site, {c.informational} informational",
        f"{c.answered} đã chấm, {c.na} N/A, {c.unanswered} chưa trả lời, "
        f"{c.not_applicable} không áp dụng cho địa điểm này, {c.informational} chỉ tham khảo"))
    if result.unanswered:
        out.append(_tr(lang, "Unanswered: ", "Chưa trả lời: ") + ", ".join(result.unanswered))
    if result.failed_mandatory:
        out.append(_tr(lang, "Failed mandatory items: ", "Tiêu chí bắt buộc không đạt: ")
                   + ", ".join(result.failed_mandatory))
    if result.next_level is not None:
        above = result.next_level_name.get(lang) if result.next_level_name else ""
        out += ["", _tr(lang, f"Why not level {result.next_level} ({above}):",
                        f"Vì sao chưa đạt cấp độ {result.next_level} ({above}):")]
        out += [f"  {'✓' if gate.passed else '✗'} {gate.explanation.get(lang)}"
                for gate in result.next_level_gates]
    if result.gaps:
        out += ["", _tr(lang, "What to fix first:", "Ưu tiên cải tiến:")]
        for gap in result.gaps[:top]:
            item = checklist.by_id[gap.item_id].item
            out.append(f"  +{number(gap.gain, lang)} {_tr(lang, 'pts', 'điểm')}  {gap.item_id} "
                       f"({gap.score}) {item.text.get(lang)}")
    return "\n".join(out) + "\n"


def print_result(result: Result, checklist: Checklist, lang: Lang,
                 stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(format_result(result, checklist, lang))
