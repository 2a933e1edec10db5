"""Validation of an assessment against the checklist it answers.

Every problem is collected with its path (``answers › 5s.sort.1 › score``). Missing answers to
mandatory items are errors once an assessment is submitted, and warnings while it is a draft, so a
half-filled form can still be scored to see where it stands. After submission every answer,
finding or evidence file changed since is named (see :mod:`gembakit.assessments.workflow`).

Versioning rule: an assessment may be checked against another version of its checklist only when
the major version is the same and every item it answers still exists; minor and patch releases
may add items and reword texts but never remove or re-purpose an id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

from gembakit.assessments.evidence import check_evidence
from gembakit.assessments.model import PLACEHOLDER, Answer, Assessment
from gembakit.assessments.workflow import changes_since_submission
from gembakit.base.errors import PathPart, Problem, Severity, problem
from gembakit.base.models import semver_tuple
from gembakit.checklists.model import Checklist


def _identity(a: Assessment, cl: Checklist) -> list[Problem]:
    if a.checklist.id != cl.id:
        return [problem("assessment.checklist", "answers checklist '{answered}', not '{id}'",
                        path=("checklist", "id"), answered=a.checklist.id, id=cl.id)]
    if a.checklist.version == cl.version:
        return []
    missing = sorted({k for _, k, _ in a.all_answers() if k not in cl.by_id})
    if missing:
        return [problem("assessment.version", "answers {id} {answered}, but the checklist is "
                        "{version}; items no longer in it: {items}", path=("checklist", "version"),
                        id=cl.id, answered=a.checklist.version, version=cl.version,
                        items=", ".join(missing))]
    if semver_tuple(a.checklist.version)[0] != semver_tuple(cl.version)[0]:
        return [problem("assessment.version", "answers {id} {answered}, but the checklist is "
                        "{version}; the major version differs", path=("checklist", "version"),
                        id=cl.id, answered=a.checklist.version, version=cl.version)]
    return [problem("assessment.version_compatible", "answers {id} {answered}; checked against "
                    "{version}, which keeps every item it answers", path=("checklist", "version"),
                    severity="warning", id=cl.id, answered=a.checklist.version,
                    version=cl.version)]


def _answer(cl: Checklist, item_id: str, answer: Answer, path: tuple[PathPart, ...]
            ) -> Iterator[Problem]:
    placed = cl.by_id.get(item_id)
    if placed is None:
        if item_id in cl.group_ids or item_id in cl.section_ids:
            yield problem("answer.group", "is a group, not an item: answer the items inside it",
                          path=path)
        else:
            yield problem("answer.unknown_item", "unknown item: not in checklist {id} {version}",
                          path=path, id=cl.id, version=cl.version)
        return
    rule = cl.na_rule(placed.item)
    if answer.score == "na":
        if rule == "forbidden":
            yield problem("answer.na_forbidden", "N/A is not allowed for this item",
                          path=(*path, "score"))
        elif rule == "justify" and answer.note is None:
            yield problem("answer.na_unjustified", "N/A needs a justification here: say in a "
                          "note why the requirement cannot apply", path=(*path, "note"))
    elif isinstance(answer.score, int) and answer.score not in cl.scale.values:
        points = ", ".join(str(p.value) for p in cl.scale.points)
        if rule == "forbidden":
            yield problem("answer.off_scale", "{score} is off the scale ({points})",
                          path=(*path, "score"), score=answer.score, points=points)
        else:
            yield problem("answer.off_scale", "{score} is off the scale ({points}, or na)",
                          path=(*path, "score"), score=answer.score, points=points)


def _answers(a: Assessment, cl: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    for item_id, answer in a.answers.items():
        problems += _answer(cl, item_id, answer, ("answers", item_id))
    kinds = {k.id for k in cl.areas}
    if a.areas and a.answers:
        problems.append(problem("assessment.areas_and_answers", "answers belong either to the "
                                "whole site or to its areas, not both: move them into an area",
                                path=("answers",)))
    if a.areas and not cl.areas:
        problems.append(problem("assessment.no_areas", "checklist {id} is not rated area by area",
                                path=("areas",), id=cl.id))
    seen: set[str] = set()
    for i, area in enumerate(a.areas):
        if area.id in seen:
            problems.append(problem("assessment.area_twice", "area '{id}' appears twice",
                                    path=("areas", i, "id"), id=area.id))
        seen.add(area.id)
        if area.kind is not None and kinds and area.kind not in kinds:
            problems.append(problem("assessment.area_kind", "'{kind}' is not a kind of area of "
                                    "this checklist ({kinds})", path=("areas", i, "kind"),
                                    kind=area.kind, kinds=", ".join(sorted(kinds))))
        for item_id, answer in area.answers.items():
            problems += _answer(cl, item_id, answer, ("areas", i, "answers", item_id))
    return problems


def _missing_mandatory(a: Assessment, cl: Checklist) -> list[Problem]:
    severity: Severity = "error" if a.is_final else "warning"
    scopes: list[tuple[tuple[PathPart, ...], Mapping[str, Answer]]] = (
        [(("areas", i, "answers"), area.answers) for i, area in enumerate(a.areas)]
        if a.areas else [(("answers",), a.answers)])
    problems = []
    for prefix, answers in scopes:
        for placed in cl.placed:
            if placed.item.mandatory:
                answer = answers.get(placed.item.id)
                if answer is None or answer.score is None:
                    problems.append(problem("answer.mandatory_missing",
                                            "mandatory item not answered",
                                            path=(*prefix, placed.item.id), severity=severity))
    return problems


def _placeholders(a: Assessment) -> list[Problem]:
    fields: list[tuple[tuple[PathPart, ...], str]] = [
        (("organisation", "name"), a.organisation.name),
        (("site", "name"), a.site.name),
        (("assessor", "name"), a.assessor.name),
        (("assessor", "organisation"), a.assessor.organisation),
    ]
    return [problem("assessment.placeholder", "still the placeholder written by 'gembakit new'; "
                    "fill it in", path=path, severity="warning")
            for path, value in fields if value == PLACEHOLDER]


def validate(assessment: Assessment, checklist: Checklist, *, base_dir: Path | None = None,
             today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``assessment`` against ``checklist``: errors first, then warnings.

    ``base_dir`` is the folder evidence paths are relative to; without it evidence files are
    not opened (their digests are still checked where the content travels inside).
    """
    identity = _identity(assessment, checklist)
    if any(p.severity == "error" and p.path == ("checklist", "id") for p in identity):
        return identity
    problems = [*identity, *_answers(assessment, checklist),
                *_missing_mandatory(assessment, checklist),
                *check_evidence(assessment, base_dir),
                *changes_since_submission(assessment),
                *_placeholders(assessment)]
    if assessment.date > (today or dt.date.today()):
        problems.append(problem("assessment.future", "lies in the future", path=("date",),
                                severity="warning"))
    problems.sort(key=lambda p: p.severity != "error")
    return problems
