"""Whether an assessment may be recognised at a tier, with every unmet condition named."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from gembakit.assessments.model import Assessment
from gembakit.checklists.base import semver_tuple
from gembakit.checklists.maturity import Tier
from gembakit.checklists.model import Checklist
from gembakit.errors import Problem
from gembakit.scoring.result import Result

TIER_WORDS = {"self": ("self-declaration", "tự công bố"),
              "consultant": ("consultant", "tư vấn độc lập"),
              "state": ("state", "nhà nước")}


class Assessed(NamedTuple):
    assessment: Assessment
    result: Result


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def same_organisation(a: Assessment, b: Assessment) -> bool:
    """By tax code when both records have one, by name otherwise."""
    if a.organisation.tax_code and b.organisation.tax_code:
        return a.organisation.tax_code == b.organisation.tax_code
    return _same(a.organisation.name, b.organisation.name)


def _p(en: str, vi: str, *path: str | int) -> Problem:
    return Problem(en=en, vi=vi, path=tuple(path))


def _basics(a: Assessment, r: Result, cl: Checklist, tier: Tier) -> list[Problem]:
    en_tier, vi_tier = TIER_WORDS[tier]
    rule = cl.recognition[tier]
    out = []
    if a.assessor.tier != tier:
        out.append(_p(f"the assessment was made at the {a.assessor.tier} tier, not {tier}",
                      f"bản đánh giá thuộc hình thức {a.assessor.tier}, không phải {tier}",
                      "assessor", "tier"))
    if not a.is_final:
        out.append(_p("the assessment is still a draft: submit it before it is recognised",
                      "bản đánh giá vẫn là bản nháp: cần nộp trước khi công nhận", "status"))
    if r.level < rule.min_level:
        out.append(_p(f"level {r.level} is below the {rule.min_level} a {en_tier} certificate "
                      "needs",
                      f"cấp độ {r.level} thấp hơn mức {rule.min_level} cần cho chứng nhận "
                      f"{vi_tier}", "level"))
    if rule.no_failed_mandatory and r.failed_mandatory:
        ids = ", ".join(r.failed_mandatory)
        out.append(_p(f"mandatory items failed: {ids}",
                      f"tiêu chí bắt buộc không đạt: {ids}", "answers"))
    majors = sum(1 for _, f in a.all_findings() if f.grade == "major")
    if rule.no_major_findings and majors:
        out.append(_p(f"{majors} major nonconformity(ies) recorded",
                      f"có {majors} điểm không phù hợp nặng", "findings"))
    short = []
    for item_id in rule.mandatory_items:
        answer = a.answers.get(item_id)
        value = answer.score if answer else None
        if not isinstance(value, int) or value < cl.pass_score:
            short.append(item_id)
    if short:
        ids = ", ".join(short)
        out.append(_p(f"items required for the {en_tier} tier are unanswered or below the pass "
                      f"score: {ids}",
                      f"các tiêu chí bắt buộc cho hình thức {vi_tier} chưa trả lời hoặc chưa đạt: "
                      f"{ids}", "answers"))
    return out


def _independent(a: Assessment, what: str = "") -> list[Problem]:
    if _same(a.assessor.organisation, a.organisation.name):
        return [_p(f"a consultant assessment{what} must be made by an organisation other than "
                   "the one assessed",
                   f"đánh giá của tư vấn{what} phải do một tổ chức khác với tổ chức được đánh "
                   "giá thực hiện", "assessor", "organisation")]
    return []


def _state(a: Assessment, cl: Checklist, consultant: Assessed | None) -> list[Problem]:
    rule = cl.recognition["state"]
    if consultant is None:
        return [_p("a state recognition needs the consultant assessment of the same "
                   "organisation and checklist",
                   "công nhận cấp nhà nước cần bản đánh giá của tư vấn cho cùng tổ chức và bộ "
                   "tiêu chí", "consultant")]
    c, cr = consultant
    out = []
    if c.assessor.tier != "consultant":
        out.append(_p("the assessment given as the consultant's was made at the "
                      f"{c.assessor.tier} tier",
                      f"bản đánh giá được nộp làm đánh giá của tư vấn thuộc hình thức "
                      f"{c.assessor.tier}", "consultant", "assessor", "tier"))
    out += _independent(c, " (consultant)")
    if not same_organisation(a, c):
        out.append(_p("the consultant assessment is of another organisation",
                      "bản đánh giá của tư vấn thuộc tổ chức khác", "consultant", "organisation"))
    if (c.checklist.id != cl.id
            or semver_tuple(c.checklist.version)[0] != semver_tuple(cl.version)[0]):
        out.append(_p(f"the consultant assessment answers {c.checklist.id} "
                      f"{c.checklist.version}, not {cl.id} {cl.version}",
                      f"bản đánh giá của tư vấn theo {c.checklist.id} {c.checklist.version}, "
                      f"không phải {cl.id} {cl.version}", "consultant", "checklist"))
    age = (a.date - c.date).days
    limit = rule.consultant_max_age_days
    if age < 0:
        out.append(_p("the consultant assessment is dated after the state assessment",
                      "bản đánh giá của tư vấn có ngày sau đánh giá của cơ quan nhà nước",
                      "consultant", "date"))
    elif limit is not None and age > limit:
        out.append(_p(f"the consultant assessment is {age} days old; at most {limit} allowed",
                      f"bản đánh giá của tư vấn đã {age} ngày; tối đa {limit} ngày",
                      "consultant", "date"))
    needed = cl.recognition["consultant"].min_level if "consultant" in cl.recognition else 0
    if cr.level < needed:
        out.append(_p(f"the consultant assessment reached level {cr.level}; {needed} needed",
                      f"bản đánh giá của tư vấn đạt cấp độ {cr.level}; cần {needed}",
                      "consultant", "level"))
    if cr.failed_mandatory:
        out.append(_p("the consultant assessment has failed mandatory items: "
                      + ", ".join(cr.failed_mandatory),
                      "bản đánh giá của tư vấn có tiêu chí bắt buộc không đạt: "
                      + ", ".join(cr.failed_mandatory), "consultant", "answers"))
    return out


def unmet(assessed: Assessed, checklist: Checklist, tier: Tier,
          consultant: Assessed | None = None) -> list[Problem]:
    """Every condition of ``tier`` the assessment does not meet; empty means eligible."""
    if tier not in checklist.recognition:
        return [_p(f"checklist {checklist.id} has no recognition rule for the {tier} tier",
                   f"bộ tiêu chí {checklist.id} không có quy định công nhận cho hình thức {tier}",
                   "recognition")]
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
