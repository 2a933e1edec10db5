"""A result as text for people: the level and why, each section, and what to fix first."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from gembakit.checklists.model import Checklist
from gembakit.errors import Lang
from gembakit.scoring.explain import pct
from gembakit.scoring.result import Result


def _p(value: float | None, lang: Lang) -> str:
    return pct(value, lang) if value is not None else "—"


def _tr(lang: Lang, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def render_result(result: Result, checklist: Checklist, lang: Lang, top: int = 5
                  ) -> RenderableType:
    parts: list[RenderableType] = []
    head = RichText()
    head.append(f"{checklist.title.get(lang)} {checklist.version}\n", style="bold")
    head.append(f"{result.organisation} — {result.site} — {result.date.isoformat()}\n")
    name = result.level_name.get(lang) if result.level_name else "—"
    head.append(_tr(lang, "Level ", "Cấp độ ") + f"{result.level} · {name}", style="bold green")
    head.append("   " + _tr(lang, "overall ", "tổng điểm ") + _p(result.overall.percentage, lang))
    parts.append(head)

    table = Table(show_edge=False, pad_edge=False)
    table.add_column(_tr(lang, "Section", "Phần"))
    table.add_column("%", justify="right")
    table.add_column(_tr(lang, "Points", "Điểm"), justify="right")
    table.add_column(_tr(lang, "Answered", "Đã trả lời"), justify="right")
    for section in result.sections:
        c = section.counts
        table.add_row(section.title.get(lang), _p(section.figure.percentage, lang),
                      f"{section.figure.points:.4g} / {section.figure.max_points:.4g}",
                      f"{c.answered + c.na} / {c.applicable}")
    parts.append(table)

    c = result.counts
    counts = RichText(_tr(
        lang,
        f"{c.answered} answered, {c.na} N/A, {c.unanswered} unanswered, "
        f"{c.not_applicable} not applicable to this site, {c.informational} informational",
        f"{c.answered} đã chấm, {c.na} N/A, {c.unanswered} chưa trả lời, "
        f"{c.not_applicable} không áp dụng cho địa điểm này, {c.informational} chỉ tham khảo"))
    parts.append(counts)
    if result.unanswered:
        parts.append(RichText(_tr(lang, "Unanswered: ", "Chưa trả lời: ")
                              + ", ".join(result.unanswered), style="yellow"))
    if result.failed_mandatory:
        parts.append(RichText(_tr(lang, "Failed mandatory items: ",
                                  "Tiêu chí bắt buộc không đạt: ")
                              + ", ".join(result.failed_mandatory), style="bold red"))
    if result.next_level is not None:
        above = result.next_level_name.get(lang) if result.next_level_name else ""
        why = RichText(_tr(lang, f"Why not level {result.next_level} ({above}):",
                           f"Vì sao chưa đạt cấp độ {result.next_level} ({above}):"),
                       style="bold")
        for gate in result.next_level_gates:
            mark, style = ("✓", "green") if gate.passed else ("✗", "red")
            why.append(f"\n  {mark} ", style=style)
            why.append(gate.explanation.get(lang))
        parts.append(why)
    if result.gaps:
        gaps = RichText(_tr(lang, "What to fix first:", "Ưu tiên cải tiến:"), style="bold")
        for gap in result.gaps[:top]:
            item = checklist.by_id[gap.item_id].item
            gain = pct(gap.gain, lang).replace(" %", "")
            gaps.append(f"\n  +{gain} {_tr(lang, 'pts', 'điểm')}  {gap.item_id} "
                        f"({gap.score}) {item.text.get(lang)}")
        parts.append(gaps)
    return Group(*parts)


def print_result(result: Result, checklist: Checklist, lang: Lang, console: Console) -> None:
    console.print(render_result(result, checklist, lang), markup=False, highlight=False)
