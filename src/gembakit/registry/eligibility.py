"""Eligibility from the programme database: who may sign a consultant assessment.

With a database, a consultant-tier certificate needs the assessor to be a registered expert —
found by name (namesakes told apart by the credential number the assessment quotes, then by
organisation; case and diacritics do not matter) — whose credential is in force
on the assessment date and covers the checklist, working for a registered consulting or
certification organisation. Every condition not met is named; without a database the trust list
alone decides, as before.
"""

from __future__ import annotations

from sqlalchemy import select

from gembakit.assessments.model import Assessment
from gembakit.base.errors import Problem, problem
from gembakit.registry.db import Database
from gembakit.registry.schema import experts, organisations
from gembakit.registry.search import fold


def consultant_problems(database: Database, assessment: Assessment) -> list[Problem]:
    """Every unmet condition on the assessor of a consultant-tier assessment."""
    assessor = assessment.assessor
    day = assessment.date.isoformat()
    checklist = assessment.checklist.id
    where = ("assessor",)
    with database.read() as conn:
        # By name; among namesakes, the one whose credential number the assessment quotes
        # ("Chuyên gia 5S, chứng chỉ số 0456/2025"), else the one of the same organisation.
        found = list(conn.execute(select(experts).where(
            experts.c.name_search == fold(assessor.name))).mappings().all())
        quoted = fold(assessor.credential)
        if len(found) > 1 and quoted:
            found = [e for e in found if fold(e["credential"]) in quoted] or found
        if len(found) > 1:
            found = [e for e in found
                     if e["organisation_search"] == fold(assessor.organisation)] or found
        registered = conn.execute(select(organisations.c.kind).where(
            organisations.c.name_search == fold(assessor.organisation))).scalar()
    problems: list[Problem] = []
    if not found:
        problems.append(problem("eligibility.expert", "{name} is not a registered expert in "
                                "{db}", path=where, name=assessor.name, db=database.name))
    elif len(found) > 1:
        problems.append(problem("eligibility.expert_ambiguous", "{n} registered experts are "
                                "named {name}: give the credential number (assessor.credential)",
                                path=where, n=len(found), name=assessor.name))
    else:
        expert = found[0]
        if expert["status"] != "active":
            problems.append(problem("eligibility.expert_status", "the credential of {name} is "
                                    "{status}", path=where, name=expert["name"],
                                    status=expert["status"]))
        if (expert["valid_from"] and day < expert["valid_from"]) or \
                (expert["valid_until"] and day > expert["valid_until"]):
            problems.append(problem("eligibility.expert_dates", "the credential of {name} is "
                                    "valid {start} to {end}, not on the assessment date {day}",
                                    path=where, name=expert["name"],
                                    start=expert["valid_from"] or "…",
                                    end=expert["valid_until"] or "…", day=day))
        covered = {c.strip().lower() for c in (expert["competences"] or "").split(";")}
        if checklist.lower() not in covered:
            problems.append(problem("eligibility.expert_scope", "the credential of {name} does "
                                    "not cover checklist {checklist} (it covers: {covered})",
                                    path=where, name=expert["name"], checklist=checklist,
                                    covered=", ".join(sorted(covered - {""})) or "—"))
    if registered not in ("consulting", "certification"):
        problems.append(problem("eligibility.organisation", "{organisation} is not registered "
                                "as a consulting or certification organisation in {db}",
                                path=(*where, "organisation"),
                                organisation=assessor.organisation, db=database.name))
    return problems
