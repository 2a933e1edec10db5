"""``gembakit score FOLDER``: a line per assessment, a progress bar, CSV/XLSX/JSON output."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path

import typer

from gembakit.base.errors import refuse
from gembakit.base.messages import pct, tr
from gembakit.base.safe_io import write_atomic
from gembakit.cli.common import report_problems


def score_folder(folder: Path, *, checklist: str | None, output: Path | None,
                 workers: int | None, lang: str, as_json: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from gembakit.programme.batch import Failure, Row, assessment_files, score_many
    from gembakit.render.tables import table, write_csv, write_xlsx

    paths = assessment_files(folder)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True, console=None) as progress:
        task = progress.add_task(tr(lang, "Scoring"), total=len(paths))
        results = score_many(paths, checklist=checklist, workers=workers,
                             done=lambda n: progress.advance(task, n))
    rows = [r for r in results if isinstance(r, Row)]
    failures = [r for r in results if isinstance(r, Failure)]
    for failure in failures:
        report_problems(failure.problems, lang)
    header, body = table(rows)
    if output is not None:
        kind = output.suffix.lower()
        if kind == ".csv":
            write_csv(output, header, body)
        elif kind == ".xlsx":
            write_xlsx(output, [("assessments", header, body)])
        elif kind == ".json":
            write_atomic(output, jsonlib.dumps([dict(zip(header, line, strict=True))
                                                for line in body], ensure_ascii=False,
                                               indent=2) + "\n")
        else:
            report_problems(refuse("summary.kind", "write the summary as .csv, .xlsx or .json",
                                   file=str(output)).problems, lang)
            raise typer.Exit(2)
    if as_json:
        sys.stdout.write(jsonlib.dumps({
            "scored": [dict(zip(header, line, strict=True)) for line in body],
            "invalid": [{"file": f.file, "problems": [p.to_json() for p in f.problems]}
                        for f in failures]}, ensure_ascii=False, indent=2) + "\n")
    else:
        for row in rows:
            shown = pct(row.overall, lang) if row.overall is not None else "—"
            sys.stdout.write(f"{row.file}  {row.checklist} {row.tier:<10} "
                             f"{tr(lang, 'level')} {row.level}  {shown:>7}  "
                             f"{row.organisation}\n")
        sys.stdout.write(tr(lang, "{scored} scored, {invalid} invalid", scored=len(rows),
                            invalid=len(failures)) + "\n")
        if output is not None:
            sys.stdout.write(tr(lang, "wrote {file}", file=str(output)) + "\n")
    if failures:
        raise typer.Exit(1)
