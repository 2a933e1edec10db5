"""``gembakit export xlsform`` and ``gembakit import odk``: ODK Collect and KoboToolbox.

Field teams that already collect with ODK Collect or KoboToolbox fill a form made from the
checklist (an XLSForm) and bring the server's export back as gembakit assessments, one per
submission, with the photos attached and their SHA-256 recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, errors_only
from gembakit.base.messages import tr
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, state


def export_xlsform(
    checklist: Annotated[str, typer.Argument(help="A bundled id or a checklist file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The XLSForm to write.")],
    lang: LangOption = None,
) -> None:
    """An XLSForm for ODK Collect and KoboToolbox: a group per section, the scale as choices,
    mandatory items required, a photo per item, the running score."""
    from gembakit.assessments.xlsform import xlsform
    from gembakit.base.safe_io import write_atomic
    from gembakit.checklists.catalogue import resolve_checklist

    try:
        write_atomic(output, xlsform(resolve_checklist(checklist), state.lang))
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    print(tr(state.lang, "wrote {output}", output=output))


def import_odk(
    export: Annotated[Path, typer.Argument(
        help="The submissions exported from ODK Central or KoboToolbox (.csv or .json).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Folder for the assessments (one file per submission).")],
    media: Annotated[Path | None, typer.Option(
        help="The folder of the export's photos (default: beside the export).")] = None,
    checklist: Annotated[str | None, typer.Option(
        "--checklist", "-c", help="The checklist (default: the one the form names).")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Turn an ODK Central or KoboToolbox export into assessments: one per submission, every
    problem named by its row, photos attached with their SHA-256."""
    from gembakit.assessments.odk import import_submissions

    try:
        done, problems = import_submissions(export, output, media=media, checklist=checklist)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json({"written": [str(p) for p in done],
                   "problems": [p.to_json() for p in problems]})
    else:
        report_problems(problems, state.lang)
        print(tr(state.lang, "wrote {n} assessments to {folder}", n=len(done),
                 folder=str(output)))
    if errors_only(problems):
        raise typer.Exit(1)
