"""``gembakit new``, ``gembakit validate`` and ``gembakit score``."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from gembakit.assessments.files import check_file
from gembakit.base.errors import GembakitError, errors_only, refuse
from gembakit.base.models import Tier
from gembakit.base.safe_io import write_atomic
from gembakit.checklists.catalogue import looks_like_path, resolve_checklist
from gembakit.cli.common import (
    JsonOption,
    LangOption,
    emit_json,
    fail,
    report_problems,
    say,
    state,
)
from gembakit.cli.show_result import print_result
from gembakit.scoring.engine import score as score_assessment

ChecklistOption = Annotated[
    str | None,
    typer.Option("--checklist", "-c",
                 help="Check against this checklist (a bundled id or a file) instead of the "
                      "bundled one the assessment names."),
]


def new(
    checklist: Annotated[str, typer.Argument(help="A bundled id or a checklist file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-': stdout).")],
    organisation: Annotated[str | None, typer.Option(help="Organisation assessed.")] = None,
    site: Annotated[str | None, typer.Option(help="Site or area assessed.")] = None,
    assessor: Annotated[str | None, typer.Option(help="Assessor's name.")] = None,
    assessor_organisation: Annotated[str | None, typer.Option(
        help="The assessor's organisation (a consultancy, an agency); default: the assessed "
             "organisation.")] = None,
    tier: Annotated[Tier, typer.Option(help="self, consultant or state.")] = "self",
    date: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"],
                                                     help="Date of the assessment.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a blank assessment of CHECKLIST to fill in, with item texts as comments."""
    from gembakit.assessments.blank import blank_assessment

    lang_ = state.lang
    try:
        cl = resolve_checklist(checklist)
        source = None
        if looks_like_path(checklist) or Path(checklist).is_file():
            # Recorded relative to the new file, so the pair can move together.
            folder = Path.cwd() if str(output) == "-" else output.parent.resolve()
            source = os.path.relpath(Path(checklist).resolve(), folder)
        text = blank_assessment(cl, lang=lang_, organisation=organisation, site=site,
                                assessor=assessor, assessor_organisation=assessor_organisation,
                                tier=tier,
                                date=date.date() if date else None, source=source)
        if str(output) == "-":
            sys.stdout.write(text)
            return
        if output.exists() and not force:
            raise refuse("file.exists", "already exists; use --force to overwrite it",
                         file=str(output))
        write_atomic(output, text)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    say("wrote {file}: {n} items of {id} {version} to answer", file=str(output),
        n=len(cl.placed), id=cl.id, version=cl.version)


def validate(
    files: Annotated[list[Path], typer.Argument(help="Assessment files (YAML or JSON).")],
    checklist: ChecklistOption = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Check assessments against their checklist; every problem is named with its path."""
    lang_ = state.lang
    failed = False
    report = []
    for path in files:
        try:
            _, cl, problems = check_file(path, checklist)
        except GembakitError as exc:
            problems, cl = list(exc.problems), None
        errors = errors_only(problems)
        failed = failed or bool(errors)
        report.append({"file": str(path), "valid": not errors,
                       "problems": [p.to_json() for p in problems]})
        if json:
            continue
        report_problems(problems, lang_)
        if not errors and cl is not None:
            say("{file}: valid against {id} {version}", file=str(path), id=cl.id,
                version=cl.version)
    if json:
        emit_json(report)
    if failed:
        raise typer.Exit(1)


def score(
    file: Annotated[Path, typer.Argument(help="An assessment file (YAML or JSON), or a folder.")],
    checklist: ChecklistOption = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="For a folder: one line per assessment (implied by a folder).")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="For a folder: write the summary as .csv, .xlsx or .json.")]
    = None,
    workers: Annotated[int | None, typer.Option(help="Processes for a large folder.")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Score an assessment: the level and why, each section, and what to fix first.

    Given a folder, score every assessment in it (on every core when there are many) and list
    the invalid ones with their problems, without stopping.
    """
    lang_ = state.lang
    if file.is_dir():
        from gembakit.cli.summary import score_folder

        score_folder(file, checklist=checklist, output=output, workers=workers, lang=lang_,
                     as_json=json)
        return
    try:
        loaded, cl, problems = check_file(file, checklist)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    errors = errors_only(problems)
    if errors:
        report_problems(errors, lang_)
        raise typer.Exit(1)
    report_problems(problems, lang_)
    result = score_assessment(loaded.assessment, cl, check=False)
    if json:
        sys.stdout.write(result.to_json() + "\n")
        return
    print_result(result, cl, lang_)
