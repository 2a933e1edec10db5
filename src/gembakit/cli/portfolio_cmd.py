"""``gembakit portfolio FOLDER``: the programme's portfolio at a glance."""

from __future__ import annotations

import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, state, t
from gembakit.errors import GembakitError


class GroupName(StrEnum):
    industry = "industry"
    province = "province"
    size = "size"


def portfolio(
    folder: Annotated[Path, typer.Argument(help="A folder of assessments.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="summary.pdf, summary.xlsx or summary.csv")] = None,
    by: Annotated[GroupName, typer.Option(help="Benchmark groups.")] = GroupName.industry,
    checklist: Annotated[str | None, typer.Option(
        "--checklist", "-c", help="Which checklist (default: the one most assessments use).")]
    = None,
    min_group: Annotated[int, typer.Option(
        help="Groups smaller than this are not shown (anonymity).")] = 5,
    workers: Annotated[int | None, typer.Option(help="Processes for a large folder.")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Levels, section means and spread, weakest items, movers and benchmarks for a portfolio."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress

    from gembakit._words import pct
    from gembakit.checklists.catalogue import resolve_checklist
    from gembakit.render.portfolio import write_portfolio
    from gembakit.scoring.batch import Failure, Row, assessment_files, score_many
    from gembakit.scoring.portfolio import GroupBy
    from gembakit.scoring.portfolio import portfolio as analyse
    from gembakit.scoring.result import to_plain

    lang_ = state.lang
    paths = assessment_files(folder)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  transient=True) as progress:
        task = progress.add_task(t(lang_, "Scoring", "Đang chấm điểm"), total=len(paths))
        results = score_many(paths, workers=workers, done=lambda n: progress.advance(task, n))
    rows = [r for r in results if isinstance(r, Row)]
    for failure in (r for r in results if isinstance(r, Failure)):
        report_problems(failure.problems, lang_)
    try:
        common = Counter(r.checklist for r in rows).most_common(1)
        chosen = checklist or (common[0][0] if common else "5s")
        cl = resolve_checklist(chosen)
        group: GroupBy = ("province" if by is GroupName.province
                          else "size" if by is GroupName.size else "industry")
        result = analyse(rows, cl, by=group, min_group=min_group)
        if output is not None:
            write_portfolio(output, result, cl, lang=lang_, min_group=min_group)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    if json:
        emit_json(to_plain(result))
        return
    out = [f"{cl.title.get(lang_)}: {result.enterprises} "
           + t(lang_, "enterprises", "doanh nghiệp") + f", {result.assessments} "
           + t(lang_, "assessments", "bản đánh giá")]
    out += [f"  {t(lang_, 'level', 'cấp độ')} {c.level} {c.name.get(lang_) if c.name else ''}: "
            f"{c.enterprises}" for c in result.levels]
    out += [f"  {s.title.get(lang_)}: {pct(s.mean, lang_) if s.mean is not None else '—'}"
            for s in result.sections]
    if result.weakest:
        out.append(t(lang_, "Weakest items: ", "Tiêu chí yếu nhất: ")
                   + ", ".join(w.item_id for w in result.weakest[:5]))
    out.append(t(lang_, f"{len(result.moved_up)} moved up, {len(result.moved_down)} down",
                 f"{len(result.moved_up)} tăng cấp, {len(result.moved_down)} giảm cấp"))
    if output is not None:
        out.append(t(lang_, f"wrote {output}", f"đã ghi {output}"))
    sys.stdout.write("\n".join(out) + "\n")
