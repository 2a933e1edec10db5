"""Submissions from ODK Central or KoboToolbox, as gembakit assessments.

The form is the XLSForm of :mod:`gembakit.assessments.xlsform`; what comes back is the server's
export of its submissions:

- ODK Central: CSV (groups joined with ``-``: ``s_sort-sort.1``, ``meta-instanceID``) with the
  photos in ``media/`` beside it, or the OData JSON (``{"value": [...]}``, groups as objects);
- KoboToolbox: CSV (``;`` or ``,``, groups joined with ``/``) with the attachments downloaded
  into folders, or the API's JSON (``{"results": [...]}``).

Each submission becomes one assessment file (a draft, to be submitted with ``gembakit submit``),
its photos copied into the assessment's evidence folder with their SHA-256 and size. A submission
with any problem is named by its row and written not at all; the others are written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from gembakit.assessments.evidence import evidence_folder, record, safe_name, unique_name
from gembakit.assessments.io import parse_assessment, save_assessment
from gembakit.assessments.validate import validate
from gembakit.assessments.xlsform import CHECKLIST_FIELD, VERSION_FIELD, item_fields
from gembakit.base import limits
from gembakit.base.errors import InputError, PathPart, Problem, errors_only, problem, refuse
from gembakit.base.safe_io import csv_rows, decode_text, parse_json, read_bytes, write_atomic
from gembakit.checklists.catalogue import resolve_checklist
from gembakit.checklists.model import Checklist

EXPORT_BYTES = 64 * 1024 * 1024  # a whole export file
SUBMISSIONS = 10_000  # submissions in one export
CELL = 100_000  # characters in one CSV cell
Row = tuple[tuple[PathPart, ...], dict[str, Any]]


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested groups (OData JSON) as ``group/field`` keys, the way Kobo's JSON writes them."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            out.update(_flatten(value, name))
        else:
            out[name] = value
    return out


def _field(key: str) -> str:
    """A column's field name without its groups (``s_sort-sort.1`` and ``s_sort/sort.1`` are
    ``sort.1``): gembakit's field names hold neither ``/`` nor ``-``."""
    return key.rsplit("/", 1)[-1].rsplit("-", 1)[-1]


def _rows(path: Path) -> Iterator[Row]:
    source = str(path)
    raw = read_bytes(path, source, limit=EXPORT_BYTES)
    if path.suffix.lower() == ".json":
        data = parse_json(raw, source)
        container: str | None = None
        if isinstance(data, dict):
            container = next((k for k in ("value", "results") if isinstance(data.get(k), list)),
                             None)
            if container is None:
                raise refuse("odk.not_an_export", "not an ODK Central or KoboToolbox export: "
                             "no 'value' or 'results' list of submissions", file=source)
            data = data[container]
        if not isinstance(data, list):
            raise refuse("odk.not_an_export", "not an ODK Central or KoboToolbox export: "
                         "no 'value' or 'results' list of submissions", file=source)
        if len(data) > SUBMISSIONS:
            raise refuse("limit.submissions", "{n} submissions; one export holds at most "
                         "{limit}", file=source, n=len(data), limit=SUBMISSIONS)
        for i, entry in enumerate(data):
            where: tuple[PathPart, ...] = (container, i) if container else (i,)
            if not isinstance(entry, dict):
                raise refuse("odk.not_a_submission", "is not a submission (an object)",
                              file=source, path=where)
            yield where, _flatten(entry)
        return
    reader = csv_rows(decode_text(raw, source), CELL)
    try:
        header = next(reader, None)
        if not header:
            raise refuse("odk.not_an_export", "an empty export", file=source)
        for n, cells in enumerate(reader, start=1):
            if n > SUBMISSIONS:
                raise refuse("limit.submissions", "more than {limit} submissions in one "
                             "export", file=source, limit=SUBMISSIONS)
            yield (f"row {n}",), dict(zip(header, cells, strict=False))
    except csv.Error as exc:
        raise refuse("odk.csv", "not a readable CSV export ({reason}), line {line}",
                     file=source, reason=str(exc)[:200], line=getattr(reader, "line_num", 0)
                     ) from None


class _Media:
    """Where a submission's photos are: ODK Central's ``media/`` folder, Kobo's attachment
    folders (one per submission), or the folder given."""

    def __init__(self, folder: Path) -> None:
        self.files: dict[str, list[Path]] = {}
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink() and len(self.files) < 100_000:
                    self.files.setdefault(path.name, []).append(path)

    def find(self, name: str, submission: str) -> Path | None:
        found = self.files.get(Path(name.replace("\\", "/")).name, [])
        own = [p for p in found if submission and submission in p.parts]
        if own:
            return own[0]
        return found[0] if found else None


def _by_field(row: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in row.items():
        out.setdefault(_field(key), "" if value is None else str(value).strip())
    return out


def _submission_id(fields: Mapping[str, str]) -> str:
    for name in ("instanceID", "KEY", "__id", "_uuid", "_id"):
        if fields.get(name):
            return fields[name].removeprefix("uuid:")
    return ""


def _answers(fields: Mapping[str, str], checklist: Checklist, where: tuple[PathPart, ...],
             problems: list[Problem], source: str) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for name, item_id in item_fields(checklist).items():
        value, note = fields.get(name, ""), fields.get(f"{name}_note", "")
        answer: dict[str, Any] = {}
        if value == "na":
            answer["score"] = "na"
        elif value.lstrip("-").isdigit() and len(value) < 6:
            answer["score"] = int(value)
        elif value:
            problems.append(problem("odk.answer", "'{value}' is not an answer of the scale",
                                    file=source, path=(*where, name), value=value[:40]))
        if note:
            answer["note"] = note
        if answer:
            answers[item_id] = answer
    return answers


def _document(fields: Mapping[str, str], checklist: Checklist,
              answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    organisation = {"name": fields.get("organisation_name", "")}
    for key in ("tax_code", "industry", "size", "province"):
        if fields.get(key):
            organisation[key] = fields[key]
    return {
        "schema": "gembakit/assessment/v1",
        "checklist": {"id": checklist.id, "version": fields.get(VERSION_FIELD)
                      or checklist.version},
        "organisation": organisation,
        "site": {"name": fields.get("site_name", "")},
        "assessor": {"tier": fields.get("tier", ""), "name": fields.get("assessor_name", ""),
                     "organisation": fields.get("assessor_organisation", "")},
        "date": fields.get("date", "")[:10],
        "answers": answers,
    }


def _photos(fields: Mapping[str, str], checklist: Checklist, media: _Media, *, submission: str,
            where: tuple[PathPart, ...], source: str, problems: list[Problem]
            ) -> list[tuple[str, str, bytes]]:
    """(item id, photo name, bytes) of every photo the submission names."""
    found: list[tuple[str, str, bytes]] = []
    for name, item_id in item_fields(checklist).items():
        photo = fields.get(f"{name}_photo", "")
        if not photo:
            continue
        path = media.find(photo, submission)
        if path is None:
            problems.append(problem("odk.photo_missing", "the photo {name} is not in the media "
                                    "folder", file=source, path=(*where, f"{name}_photo"),
                                    name=photo[:100]))
            continue
        try:
            found.append((item_id, photo, read_bytes(path, limit=limits.EVIDENCE_BYTES)))
        except InputError as exc:
            problems += [p.located(prefix=where) for p in exc.problems]
    return found


def _target(output: Path, fields: Mapping[str, str], submission: str, n: int) -> Path:
    stem = safe_name(f"{fields.get('organisation_name') or 'assessment'}-"
                     f"{fields.get('date', '')[:10]}-{submission[:8] or n}")
    return output / f"{stem}.yaml"


def import_submissions(export: Path, output: Path, *, media: Path | None = None,
                       checklist: str | None = None) -> tuple[list[Path], list[Problem]]:
    """Write one assessment per valid submission into ``output``; return the files written and
    every problem (each named by the submission's row)."""
    source = str(export)
    photos = _Media(media if media is not None else export.parent)
    written: list[Path] = []
    problems: list[Problem] = []
    checklists: dict[str, Checklist] = {}
    for n, (where, row) in enumerate(_rows(export), start=1):
        fields = _by_field(row)
        wanted = checklist or fields.get(CHECKLIST_FIELD) or ""
        if not wanted:
            raise refuse("odk.no_checklist", "the export does not say which checklist its form "
                         "was made from: give --checklist", file=source)
        if wanted not in checklists:
            checklists[wanted] = resolve_checklist(wanted)
        cl = checklists[wanted]
        row_problems: list[Problem] = []
        submission = _submission_id(fields)
        answers = _answers(fields, cl, where, row_problems, source)
        found = _photos(fields, cl, photos, submission=submission, where=where, source=source,
                        problems=row_problems)
        target = _target(output, fields, submission, n)
        folder = evidence_folder(target)
        taken: set[str] = set()
        planned: list[tuple[Path, bytes]] = []
        for item_id, photo, data in found:
            name = unique_name(photo, folder, data, taken)
            planned.append((folder / name, data))
            answers.setdefault(item_id, {}).setdefault("evidence", []).append(
                record(data, f"{folder.name}/{name}").model_dump(exclude_none=True))
        try:
            assessment = parse_assessment(_document(fields, cl, answers), source)
        except InputError as exc:
            row_problems += [p.located(file=source, prefix=where) for p in exc.problems]
        else:
            row_problems += [p.located(file=source, prefix=where)
                             for p in validate(assessment, cl)]
        problems += row_problems
        if errors_only(row_problems):
            continue
        _write(planned, assessment, target)
        written.append(target)
    return written, problems


def _write(planned: list[tuple[Path, bytes]], assessment: Any, target: Path) -> None:
    """The photos, then the assessment; photos written for it are removed if anything fails."""
    made: list[Path] = []
    try:
        for path, data in planned:
            if not path.exists():
                write_atomic(path, data)
                made.append(path)
        save_assessment(assessment, target)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise
