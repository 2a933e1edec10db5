"""``gembakit report``: an assessment (or a folder of them) as PDF reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gembakit.base.messages import tr
from gembakit.cli.common import LangOption, report_problems, state

if TYPE_CHECKING:  # rendering modules load only when a report is asked for
    from gembakit.render.batch import Job, Outcome

ChecklistOption = Annotated[
    str | None,
    typer.Option("--checklist", "-c",
                  help="Report against this checklist (a bundled id or a file)."),
]


def report(
    source: Annotated[Path, typer.Argument(help="An assessment file, or a folder of them.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The PDF (for a file) or a folder (for a folder); by default "
        "beside the assessment.")] = None,
    logo: Annotated[Path | None, typer.Option(help="An image for the cover (PNG, JPEG…).")]
    = None,
    templates: Annotated[Path | None, typer.Option(
        help="A folder of templates that override the bundled ones.")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Processes for a folder (default: every core).")] = None,
    checklist: ChecklistOption = None,
    previous: Annotated[list[Path] | None, typer.Option(
        help="An earlier assessment of the same organisation, for progress over time "
             "(repeatable).")] = None,
    lang: LangOption = None,
) -> None:
    """Render assessment reports as PDF: level and why, sections, findings, action plan."""
    from gembakit.render.batch import Job, jobs_for_folder, render_one

    lang_ = state.lang
    dirs = (str(templates),) if templates else ()
    if source.is_dir():
        out_dir = output or source
        jobs = jobs_for_folder(source, out_dir, lang_, logo=logo, checklist=checklist,
                               template_dirs=dirs)
        outcomes = _with_progress(jobs, workers, lang_)
    else:
        target = output or source.with_suffix(".pdf")
        outcomes = [render_one(Job(source, target, lang_, logo, checklist, dirs,
                                   tuple(previous or ())))]
    failed = 0
    for outcome in outcomes:
        report_problems(outcome.problems, lang_)
        if outcome.target is None:
            failed += 1
        else:
            print(tr(lang_, "wrote {target}", target=outcome.target))
    if len(outcomes) > 1:
        print(tr(lang_, "{value} reports written, {failed} failed",
                 value=len(outcomes) - failed, failed=failed))
    if failed:
        raise typer.Exit(1)


def _with_progress(jobs: list[Job], workers: int | None, lang: str) -> list[Outcome]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from gembakit.render.batch import render_many

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True) as progress:
        task = progress.add_task(tr(lang, "Rendering"), total=len(jobs))
        return render_many(jobs, workers, lambda _: progress.advance(task))
