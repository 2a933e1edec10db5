"""Validation of an assessment against the checklist it answers.

Every problem is collected with its path (``answers › 5s.sort.1 › score``). Missing answers to
mandatory items are errors once an assessment is submitted, and warnings while it is a draft, so a
half-filled form can still be scored to see where it stands.

Versioning rule: an assessment may be checked against another version of its checklist only when
the major version is the same and every item it answers still exists; minor and patch releases
may add items and reword texts but never remove or re-purpose an id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from gembakit.assessments.model import PLACEHOLDER, Assessment, Evidence
from gembakit.checklists.base import semver_tuple
from gembakit.checklists.model import Checklist
from gembakit.errors import PathPart, Problem


def _err(path: tuple[PathPart, ...], en: str, vi: str) -> Problem:
    return Problem(en=en, vi=vi, path=path)


def _warn(path: tuple[PathPart, ...], en: str, vi: str) -> Problem:
    return Problem(en=en, vi=vi, path=path, severity="warning")


def _identity(a: Assessment, cl: Checklist) -> list[Problem]:
    if a.checklist.id != cl.id:
        return [_err(("checklist", "id"),
                     f"answers checklist '{a.checklist.id}', not '{cl.id}'",
                     f"trả lời danh mục '{a.checklist.id}', không phải '{cl.id}'")]
    if a.checklist.version == cl.version:
        return []
    missing = sorted(k for k in a.answers if k not in cl.by_id)
    if semver_tuple(a.checklist.version)[0] != semver_tuple(cl.version)[0] or missing:
        why_en = (f"; items no longer in it: {', '.join(missing)}" if missing
                  else "; the major version differs")
        why_vi = (f"; các tiêu chí không còn: {', '.join(missing)}" if missing
                  else "; khác phiên bản chính")
        return [_err(("checklist", "version"),
                     f"answers {cl.id} {a.checklist.version}, but the checklist is "
                     f"{cl.version}{why_en}",
                     f"trả lời {cl.id} {a.checklist.version}, nhưng danh mục là "
                     f"{cl.version}{why_vi}")]
    return [_warn(("checklist", "version"),
                  f"answers {cl.id} {a.checklist.version}; checked against {cl.version}, "
                  "which keeps every item it answers",
                  f"trả lời {cl.id} {a.checklist.version}; kiểm tra theo {cl.version}, "
                  "phiên bản vẫn giữ mọi tiêu chí đã trả lời")]


def _answers(a: Assessment, cl: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    scale = cl.scale
    allowed = ", ".join(str(p.value) for p in scale.points)
    sections = {s.id for s in cl.sections}
    for item_id, answer in a.answers.items():
        path: tuple[PathPart, ...] = ("answers", item_id)
        placed = cl.by_id.get(item_id)
        if placed is None:
            if item_id in cl.group_ids or item_id in sections:
                problems.append(_err(path, "is a group, not an item: answer the items inside it",
                                     "là một nhóm, không phải tiêu chí: hãy trả lời các tiêu chí "
                                     "bên trong"))
            else:
                problems.append(_err(path, f"unknown item: not in checklist {cl.id} {cl.version}",
                                     f"tiêu chí không có trong danh mục {cl.id} {cl.version}"))
            continue
        rule = cl.na_rule(placed.item)
        if answer.score == "na" and rule == "forbidden":
            problems.append(_err((*path, "score"), "N/A is not allowed for this item",
                                 "tiêu chí này không được chọn 'không áp dụng' (N/A)"))
        elif answer.score == "na" and rule == "justify" and answer.note is None:
            problems.append(_err((*path, "note"),
                                 "N/A needs a justification here: say in a note why the "
                                 "requirement cannot apply",
                                 "chọn N/A ở đây cần có lý giải: ghi chú vì sao yêu cầu không "
                                 "thể áp dụng"))
        elif isinstance(answer.score, int) and answer.score not in scale.values:
            problems.append(_err((*path, "score"),
                                 f"{answer.score} is off the scale ({allowed}, or na)"
                                 if cl.na_allowed(placed.item) else f"{answer.score} is off the scale ({allowed})",
                                 f"{answer.score} nằm ngoài thang điểm ({allowed}, hoặc na)"
                                 if cl.na_allowed(placed.item) else
                                 f"{answer.score} nằm ngoài thang điểm ({allowed})"))
    return problems


def _missing_mandatory(a: Assessment, cl: Checklist) -> list[Problem]:
    make = _err if a.is_final else _warn
    problems = []
    for placed in cl.placed:
        if placed.item.mandatory:
            answer = a.answers.get(placed.item.id)
            if answer is None or answer.score is None:
                problems.append(make(("answers", placed.item.id),
                                     "mandatory item not answered",
                                     "tiêu chí bắt buộc chưa được trả lời"))
    return problems


def _evidence(a: Assessment, base_dir: Path | None) -> list[Problem]:
    problems: list[Problem] = []
    for item_id, answer in a.answers.items():
        for i, ev in enumerate(answer.evidence):
            path: tuple[PathPart, ...] = ("answers", item_id, "evidence", i)
            if ev.content is not None:
                problems += _carried(ev, path)
                continue
            if base_dir is None:
                continue
            file = (base_dir / ev.file).resolve()
            if not file.is_file():
                problems.append(_warn((*path, "file"), f"file {ev.file} not found beside the "
                                      "assessment", f"không thấy tệp {ev.file} cạnh bản đánh giá"))
                continue
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            if digest != ev.sha256:
                problems.append(_err((*path, "sha256"),
                                     f"does not match {ev.file} (its SHA-256 is {digest})",
                                     f"không khớp với {ev.file} (SHA-256 của tệp là {digest})"))
    return problems


def _carried(ev: Evidence, path: tuple[PathPart, ...]) -> list[Problem]:
    """Evidence carried inside the assessment must decode and match its digest."""
    import base64
    import binascii

    try:
        data = base64.b64decode(ev.content or "", validate=True)
    except (binascii.Error, ValueError):
        return [_err((*path, "content"), "is not valid base64", "không phải base64 hợp lệ")]
    digest = hashlib.sha256(data).hexdigest()
    if digest != ev.sha256:
        return [_err((*path, "sha256"), f"does not match the content carried (its SHA-256 is "
                     f"{digest})", f"không khớp với nội dung kèm theo (SHA-256 là {digest})")]
    return []


def _placeholders(a: Assessment) -> list[Problem]:
    fields: list[tuple[tuple[PathPart, ...], str]] = [
        (("organisation", "name"), a.organisation.name),
        (("site", "name"), a.site.name),
        (("assessor", "name"), a.assessor.name),
        (("assessor", "organisation"), a.assessor.organisation),
    ]
    return [_warn(path, "still the placeholder written by 'gembakit new'; fill it in",
                  "vẫn là chỗ trống do 'gembakit new' tạo; hãy điền vào")
            for path, value in fields if value == PLACEHOLDER]


def validate(assessment: Assessment, checklist: Checklist, *, base_dir: Path | None = None,
             today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``assessment`` against ``checklist``: errors first, then warnings.

    ``base_dir`` is the folder evidence paths are relative to; without it evidence files are
    not opened.
    """
    identity = _identity(assessment, checklist)
    if any(p.severity == "error" and p.path == ("checklist", "id") for p in identity):
        return identity
    problems = [*identity, *_answers(assessment, checklist),
                *_missing_mandatory(assessment, checklist), *_evidence(assessment, base_dir),
                *_placeholders(assessment)]
    if assessment.date > (today or dt.date.today()):
        problems.append(_warn(("date",), "lies in the future", "là ngày trong tương lai"))
    problems.sort(key=lambda p: p.severity != "error")
    return problems
