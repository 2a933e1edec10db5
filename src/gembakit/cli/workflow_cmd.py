"""``gembakit submit|review|approve|reject`` and ``gembakit evidence add``: moving an assessment
through its workflow and attaching evidence, each by command instead of by editing the file.

Every command reads the file, checks what it may do, and writes the file again whole (atomically)
or not at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from gembakit.assessments.model import Assessment, Evidence
from gembakit.base.errors import GembakitError, errors_only, refuse
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, say, state

FileArgument = Annotated[Path, typer.Argument(help="The assessment file (YAML or JSON).")]
ByOption = Annotated[str, typer.Option("--by", help="Who does it (a name, kept in the history).")]
NoteOption = Annotated[str | None, typer.Option(help="Why, or what was checked (kept too).")]
AtOption = Annotated[str | None, typer.Option(
    "--at", metavar="YYYY-MM-DDTHH:MM+07:00",
    help="When, with its UTC offset (default: now, in this computer's time zone).")]

evidence_app = typer.Typer(help="Evidence files of an assessment: photos, records, documents.",
                           no_args_is_help=True)


def _moment(at: str | None) -> dt.datetime | None:
    if at is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise refuse("workflow.at", "--at needs a date and time with its UTC offset, e.g. "
                     "2026-11-21T09:30+07:00 (got {value})", value=at[:40])
    return moment


def _move(file: Path, action: str, *, by: str, note: str | None, at: str | None,
          as_json: bool) -> None:
    """Apply one workflow action to ``file`` and save it; submitting first validates."""
    from gembakit.assessments.files import check_file
    from gembakit.assessments.io import save_assessment
    from gembakit.assessments.workflow import move

    try:
        loaded, _, problems = check_file(file)
        errors = errors_only(problems)
        if action == "submit" and errors:
            report_problems(problems, state.lang)
            raise refuse("workflow.invalid", "not submitted: correct the {n} problems above "
                         "first", file=str(file), n=len(errors))
        moved = move(loaded.assessment, action, by=by, note=note,  # type: ignore[arg-type]
                     at=_moment(at))
        save_assessment(moved, file)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    entry = moved.status[-1]
    if as_json:
        emit_json({"file": str(file), "status": entry.status, "by": entry.by,
                   "at": entry.at.isoformat(), "note": entry.note,
                   "digest": entry.submitted.digest if entry.submitted else None})
        return
    from gembakit.assessments.workflow import history_words

    say("{file}: {entry}", file=str(file), entry=history_words([entry], state.lang)[0])


def submit(file: FileArgument, by: ByOption, note: NoteOption = None, at: AtOption = None,
           lang: LangOption = None, json: JsonOption = False) -> None:
    """Hand an assessment in: it must validate; what was submitted is recorded, so any later
    change to an answer is named by validate."""
    _move(file, "submit", by=by, note=note, at=at, as_json=json)


def review(file: FileArgument, by: ByOption,
           accept: Annotated[bool, typer.Option(
               "--accept", help="The review found it complete and correct.")] = False,
           return_: Annotated[bool, typer.Option(
               "--return", help="Send it back to be corrected and submitted again.")] = False,
           note: NoteOption = None, at: AtOption = None, lang: LangOption = None,
           json: JsonOption = False) -> None:
    """Review a submitted assessment (a consultant, or the enterprise's own reviewer): accept
    it, or return it for correction."""
    if accept == return_:
        raise fail(refuse("workflow.review", "say --accept or --return (one of them)"),
                   state.lang)
    _move(file, "accept" if accept else "return", by=by, note=note, at=at, as_json=json)


def approve(file: FileArgument, by: ByOption, note: NoteOption = None, at: AtOption = None,
            lang: LangOption = None, json: JsonOption = False) -> None:
    """Approve a submitted or reviewed assessment (the state agency)."""
    _move(file, "approve", by=by, note=note, at=at, as_json=json)


def reject(file: FileArgument, by: ByOption, note: NoteOption = None, at: AtOption = None,
           lang: LangOption = None, json: JsonOption = False) -> None:
    """Reject a submitted or reviewed assessment (the state agency); say why with --note."""
    _move(file, "reject", by=by, note=note, at=at, as_json=json)


def _evidence_of(a: Assessment, item: str, area: str | None) -> tuple[Evidence, ...]:
    answers = a.answers if area is None else next(
        (x.answers for x in a.areas if x.id == area), {})
    answer = answers.get(item)
    return answer.evidence if answer is not None else ()


@evidence_app.command("add")
def evidence_add(
    file: FileArgument,
    files: Annotated[list[Path], typer.Argument(help="Photos or documents to attach.")],
    item: Annotated[str, typer.Option("--item", help="The item they are evidence for.")],
    area: Annotated[str | None, typer.Option(
        help="The area, for an assessment rated area by area.")] = None,
    note: Annotated[str | None, typer.Option(help="A caption for these files.")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Copy files into the assessment's evidence folder (safe, unique names) and record each
    with its SHA-256 and size; validate then names a file that is missing or was changed."""
    from gembakit.assessments.evidence import add_evidence
    from gembakit.assessments.files import check_file
    from gembakit.assessments.io import save_assessment

    try:
        loaded, checklist, _ = check_file(file)
        if item not in checklist.by_id:
            raise refuse("evidence.unknown_item", "no item '{item}' in checklist {checklist}",
                         item=item, checklist=checklist.id)
        before = {e.file for e in _evidence_of(loaded.assessment, item, area)}
        updated, written = add_evidence(loaded.assessment, file, files, item, area=area,
                                        caption=note)
        try:
            save_assessment(updated, file)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    recorded = [e for e in _evidence_of(updated, item, area) if e.file not in before]
    if json:
        emit_json({"file": str(file), "item": item,
                   "evidence": [e.model_dump(mode="json", exclude_none=True)
                                for e in recorded]})
        return
    for ev in recorded:
        say("{file}: {evidence} ({size} bytes, SHA-256 {sha}) added to {item}", file=str(file),
            evidence=ev.file, size=ev.size, sha=ev.sha256[:12], item=item)
