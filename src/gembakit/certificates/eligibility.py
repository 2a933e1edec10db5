"""Whether an assessment may be recognised at a tier, with every unmet condition named."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from gembakit.assessments.identity import name_key, same_organisation
from gembakit.assessments.model import Assessment
from gembakit.base.errors import Problem, problem
from gembakit.base.messages import Message
from gembakit.base.models import Tier, semver_tuple
from gembakit.base.vocabulary import STATUS_WORDS, TIER_WORDS
from gembakit.checklists.model import Checklist
from gembakit.scoring.result import Result


class Assessed(NamedTuple):
    assessment: Assessment
    result: Result


def _tier(tier: str) -> Message:
    return Message(TIER_WORDS.get(tier, tier))


def _basics(a: Assessment, r: Result, cl: Checklist, tier: Tier) -> list[Problem]:
    rule = cl.recognition[tier]
    out = []
    if a.assessor.tier != tier:
        out.append(problem("eligibility.tier", "the assessment was made at the {made} tier, not "
                           "{tier}", path=("assessor", "tier"), made=a.assessor.tier, tier=tier))
    if not a.is_final:
        out.append(problem("eligibility.draft", "the assessment is {status}: submit it first "
                           "with: gembakit submit FILE --by NAME", path=("status",),
                           status=_status(a.current_status)))
    if r.level < rule.min_level:
        out.append(problem("eligibility.level", "level {level} is below the {needed} a "
                           "{tier} certificate needs", path=("level",), level=r.level,
                           needed=rule.min_level, tier=_tier(tier)))
    if rule.no_failed_mandatory and r.failed_mandatory:
        out.append(problem("eligibility.mandatory", "mandatory items failed: {items}",
                           path=("answers",), items=", ".join(r.failed_mandatory)))
    majors = r.findings.get("major", 0)
    if rule.no_major_findings and majors:
        out.append(problem("eligibility.major", "{n} major nonconformities found (written or "
                           "given by the answers)", path=("findings",), n=majors))
    short = []
    for item_id in rule.mandatory_items:
        answers = [ans for _, k, ans in a.all_answers() if k == item_id]
        if not answers or any(not isinstance(x.score, int) or x.score < cl.pass_score
                              for x in answers):
            short.append(item_id)
    if short:
        out.append(problem("eligibility.tier_items", "items required for the {tier} tier are "
                           "unanswered or below the pass score: {items}", path=("answers",),
                           tier=_tier(tier), items=", ".join(short)))
    return out


def _status(status: str) -> Message:
    return Message(STATUS_WORDS.get(status, status))


def _independent(a: Assessment, prefix: tuple[str, ...] = ()) -> list[Problem]:
    if name_key(a.assessor.organisation) == name_key(a.organisation.name):
        return [problem("eligibility.independence", "a consultant assessment must be made by an "
                        "organisation other than the one assessed",
                        path=(*prefix, "assessor", "organisation"))]
    return []


def _state(a: Assessment, cl: Checklist, consultant: Assessed | None) -> list[Problem]:
    rule = cl.recognition["state"]
    if consultant is None:
        return [problem("eligibility.consultant_missing", "a state recognition needs the "
                        "consultant assessment of the same organisation and checklist "
                        "(--consultant FILE)", path=("consultant",))]
    c, cr = consultant
    out = []
    if c.assessor.tier != "consultant":
        out.append(problem("eligibility.consultant_tier", "the assessment given as the "
                           "consultant's was made at the {tier} tier",
                           path=("consultant", "assessor", "tier"), tier=c.assessor.tier))
    out += _independent(c, ("consultant",))
    if not same_organisation(a.organisation, c.organisation):
        out.append(problem("eligibility.consultant_organisation", "the consultant assessment is "
                           "of another organisation", path=("consultant", "organisation")))
    if (c.checklist.id != cl.id
            or semver_tuple(c.checklist.version)[0] != semver_tuple(cl.version)[0]):
        out.append(problem("eligibility.consultant_checklist", "the consultant assessment "
                           "answers {answered} {answered_version}, not {id} {version}",
                           path=("consultant", "checklist"), answered=c.checklist.id,
                           answered_version=c.checklist.version, id=cl.id, version=cl.version))
    age = (a.date - c.date).days
    limit = rule.consultant_max_age_days
    if age < 0:
        out.append(problem("eligibility.consultant_later", "the consultant assessment is dated "
                           "after the state assessment", path=("consultant", "date")))
    elif limit is not None and age > limit:
        out.append(problem("eligibility.consultant_age", "the consultant assessment is {age} days "
                           "old; at most {limit} allowed", path=("consultant", "date"), age=age,
                           limit=limit))
    if not c.is_final:
        out.append(problem("eligibility.consultant_draft", "the consultant assessment is not "
                           "submitted", path=("consultant", "status")))
    needed = cl.recognition["consultant"].min_level if "consultant" in cl.recognition else 0
    if cr.level < needed:
        out.append(problem("eligibility.consultant_level", "the consultant assessment reached "
                           "level {level}; {needed} needed", path=("consultant", "level"),
                           level=cr.level, needed=needed))
    if cr.failed_mandatory:
        out.append(problem("eligibility.consultant_mandatory", "the consultant assessment has "
                           "failed mandatory items: {items}", path=("consultant", "answers"),
                           items=", ".join(cr.failed_mandatory)))
    return out


def unmet(assessed: Assessed, checklist: Checklist, tier: Tier,
          consultant: Assessed | None = None) -> list[Problem]:
    """Every condition of ``tier`` the assessment does not meet; empty means eligible."""
    if tier not in checklist.recognition:
        return [problem("eligibility.no_rule", "checklist {id} has no recognition rule for the "
                        "{tier} tier", path=("recognition",), id=checklist.id, tier=tier)]
    a, r = assessed
    problems = _basics(a, r, checklist, tier)
    if tier == "consultant":
        problems += _independent(a)
    if tier == "state":
        problems += _state(a, checklist, consultant)
    return problems


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
