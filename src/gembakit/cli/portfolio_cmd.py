"""``gembakit portfolio FOLDER``: the programme's portfolio at a glance."""

from __future__ import annotations

import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError
from gembakit.base.messages import tr
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, state


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

    from gembakit.base.messages import pct
    from gembakit.base.plain import to_plain
    from gembakit.checklists.catalogue import resolve_checklist
    from gembakit.programme.batch import Failure, Row, assessment_files, score_many
    from gembakit.programme.portfolio import GroupBy
    from gembakit.programme.portfolio import portfolio as analyse
    from gembakit.render.portfolio import write_portfolio

    lang_ = state.lang
    paths = assessment_files(folder)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  transient=True) as progress:
        task = progress.add_task(tr(lang_, "Scoring"), total=len(paths))
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
           + tr(lang_, "enterprises") + f", {result.assessments} "
           + tr(lang_, "assessments")]
    out += [f"  {tr(lang_, 'level')} {c.level} {c.name.get(lang_) if c.name else ''}: "
            f"{c.enterprises}" for c in result.levels]
    out += [f"  {s.title.get(lang_)}: {pct(s.mean, lang_) if s.mean is not None else '—'}"
            for s in result.sections]
    if result.weakest:
        out.append(tr(lang_, "Weakest items: ")
                   + ", ".join(w.item_id for w in result.weakest[:5]))
    out.append(tr(lang_, "{n_moved_up} moved up, {n_moved_down} down",
                  n_moved_up=len(result.moved_up), n_moved_down=len(result.moved_down)))
    if output is not None:
        out.append(tr(lang_, "wrote {output}", output=output))
    sys.stdout.write("\n".join(out) + "\n")
