"""``gembakit export xlsx|form|xlsform`` and ``gembakit import xlsx|form|odk``: on-site
collection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gembakit.base.errors import GembakitError, errors_only
from gembakit.base.messages import tr
from gembakit.cli import odk_cmd
from gembakit.cli.common import LangOption, fail, report_problems, state

if TYPE_CHECKING:
    from gembakit.assessments.webform import Download

export_app = typer.Typer(help="Forms to fill on site: a workbook or an offline web page.",
                         no_args_is_help=True)
import_app = typer.Typer(help="Bring filled forms back as assessments.", no_args_is_help=True)

ChecklistArgument = Annotated[str, typer.Argument(help="A bundled id or a checklist file.")]
OutputOption = Annotated[Path, typer.Option("--output", "-o")]


def _export(checklist: str, output: Path, kind: str) -> None:
    """Write the form of ``kind`` for a checklist; both kinds are made from the checklist alone."""
    from gembakit.base.safe_io import write_atomic
    from gembakit.checklists.catalogue import resolve_checklist

    try:
        cl = resolve_checklist(checklist)
        if kind == "xlsx":
            from gembakit.assessments.spreadsheet import export_xlsx as make_xlsx

            data: str | bytes = make_xlsx(cl, state.lang)
        else:
            from gembakit.assessments.webform import export_form as make_form

            data = make_form(cl, state.lang)
        write_atomic(output, data)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    print(tr(state.lang, "wrote {output}", output=output))


@export_app.command("xlsx")
def export_xlsx(checklist: ChecklistArgument, output: OutputOption,
                lang: LangOption = None) -> None:
    """A workbook: cover sheet, a sheet per section, answer drop-downs, hidden ids."""
    _export(checklist, output, "xlsx")


@export_app.command("form")
def export_form(checklist: ChecklistArgument, output: OutputOption,
                lang: LangOption = None) -> None:
    """One self-contained HTML file that works offline in a phone or tablet browser."""
    _export(checklist, output, "form")


def _finish(data: dict[str, Any], output: Path, source: str, checklist: str | None,
            download: Download | None = None, photos: Path | None = None) -> None:
    """Validate what a form brought back and only then write anything: the photos the
    download brought (into ``photos``) and the assessment. Should saving the assessment fail,
    the photos just written are removed again."""
    from gembakit.assessments.io import parse_assessment, save_assessment
    from gembakit.assessments.validate import validate
    from gembakit.checklists.catalogue import resolve_checklist

    assessment = parse_assessment(data, source)
    cl = resolve_checklist(checklist or assessment.checklist.id)
    # A zip's photos were checked against their SHA-256 as the zip was read; other evidence
    # files are looked for beside the output.
    zipped = download is not None and download.archive is not None
    problems = [p.located(file=source) for p in validate(
        assessment, cl, base_dir=None if zipped else output.parent)]
    report_problems(problems, state.lang)
    if errors_only(problems):
        raise typer.Exit(1)
    written: list[Path] = []
    if download is not None and photos is not None:
        from gembakit.assessments.webform import write_photos

        data, written = write_photos(download, photos, output.parent)
    try:
        assessment = parse_assessment(data, source)
        save_assessment(assessment, output)
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    print(tr(state.lang, "wrote {output}: {n_answers} answers", output=output,
             n_answers=len(assessment.answers)))


@import_app.command("xlsx")
def import_xlsx(workbook: Annotated[Path, typer.Argument(help="The filled workbook.")],
                output: OutputOption,
                checklist: Annotated[str | None, typer.Option("--checklist", "-c")] = None,
                lang: LangOption = None) -> None:
    """Read a filled workbook back, checking every cell."""
    from gembakit.assessments.spreadsheet import import_xlsx as read

    try:
        _finish(read(workbook, checklist, output.parent), output, str(workbook), checklist)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None


@import_app.command("form")
def import_form(download: Annotated[Path, typer.Argument(
                    help="The file the web form downloaded (.zip, or .json of older forms).")],
                output: OutputOption,
                photos: Annotated[Path | None, typer.Option(
                    help="Where to write the photos (default: beside the output).")] = None,
                checklist: Annotated[str | None, typer.Option("--checklist", "-c")] = None,
                lang: LangOption = None) -> None:
    """Read what the offline web form downloaded; photos are written out and checked."""
    from gembakit.assessments.webform import read_download

    try:
        got = read_download(download)
        _finish(got.data, output, str(download), checklist, got, photos or output.parent)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None


# ODK Collect and KoboToolbox, in their own module.
export_app.command("xlsform")(odk_cmd.export_xlsform)
import_app.command("odk")(odk_cmd.import_odk)
