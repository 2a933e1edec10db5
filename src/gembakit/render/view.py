"""Result → report view model: plain, template-ready data and nothing the template must compute.

The view model is the contract between scoring and the templates: a user who overrides a template
gets every figure already formatted in the chosen language. It is also what the golden test pins.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gembakit.assessments.model import Assessment
from gembakit.base.messages import number, pct
from gembakit.base.models import GRADES
from gembakit.checklists.describe import certification_disclaimer, points_of, points_text
from gembakit.checklists.model import Checklist
from gembakit.programme.trend import Trend
from gembakit.render.labels import labels
from gembakit.render.radar import RadarLabel, radar
from gembakit.render.trend_chart import Series, Tick, chart
from gembakit.render.view_rows import (
    Answers,
    AnswerView,
    AreaRow,
    EvidenceView,
    NonconformityRow,
    answer_text,
    area_rows,
    nonconformity_rows,
)
from gembakit.scoring.result import Figure, Result

PLAN_ROWS = 15


class View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cover(View):
    organisation: str
    tax_code: str | None
    address: str | None
    site: str
    checklist: str
    checklist_id: str
    version: str
    standard: str
    assessor: str
    assessor_organisation: str
    credential: str | None
    tier: str
    date: str
    status: str


class Bar(View):
    title: str
    percentage: float
    shown: str
    counts: str
    points: str | None = None


class Gate(View):
    passed: bool
    text: str


class Mandatory(View):
    item_id: str
    text: str
    answer: str
    area: str | None = None


class FindingRow(View):
    area: str | None
    item_id: str | None
    item: str | None
    text: str
    root_cause: str | None
    action: str | None
    due: str | None


class FindingGroup(View):
    grade: str
    title: str
    rows: list[FindingRow]


class PlanRow(View):
    rank: int
    item_id: str
    item: str
    section: str
    current: str
    gain: str
    mandatory: bool
    guidance: str | None
    area: str | None = None


class ItemRow(View):
    """An item with its answer; rated area by area, ``areas`` holds each area's answer (and the
    site fields are empty)."""

    item_id: str
    clause: str | None
    text: str
    answer: str
    score_class: str
    mandatory: bool
    note: str | None
    evidence: list[EvidenceView]
    points: str | None = None
    areas: list[AnswerView] = []


class SectionTable(View):
    title: str
    shown: str
    rows: list[ItemRow]


class TrendRow(View):
    date: str
    tier: str
    level: int
    overall: str
    sections: list[str]


class ReportView(View):
    lang: str
    title: str
    author: str
    created: str
    generated: str
    keywords: str
    labels: dict[str, str]
    logo: str | None
    cover: Cover
    level: int
    level_name: str
    level_description: str
    overall: str
    points: str | None = None  # "600 / 1,000" where the checklist counts points
    disclaimer: str | None = None  # "not a certification to ISO 9001"
    counts: str
    radar_svg: str
    radar_labels: list[RadarLabel]
    bars: list[Bar]
    next_level: str | None
    gates: list[Gate]
    failed_mandatory: list[Mandatory]
    findings: list[FindingGroup]
    plan: list[PlanRow]
    sections: list[SectionTable]
    areas: list[AreaRow] = []
    nonconformities: list[NonconformityRow] = []
    # Rated area by area: the areas' names as the columns of the item tables, and the scale in
    # one line (the tables show answers as numbers).
    area_columns: list[str] = []
    scale_legend: str | None = None
    trend_rows: list[TrendRow] = []
    trend_svg: str = ""
    trend_ticks: list[Tick] = []
    trend_series: list[Series] = []


def _points(figure: Figure, result: Result, lang: str) -> str | None:
    if not result.show_points or figure.percentage is None:
        return None
    return points_of(figure.points, figure.max_points, lang)


def _counts(result: Result, words: dict[str, str]) -> str:
    c = result.counts
    counts = (f"{c.answered} {words['answered']} · {c.na} {words['na']} · "
              f"{c.unanswered} {words['unanswered']}")
    if c.not_applicable:
        where = "not_applicable_area" if result.areas else "not_applicable_site"
        counts += f" · {c.not_applicable} {words[where]}"
    return counts


def _failed(result: Result, checklist: Checklist, answers: Answers) -> list[Mandatory]:
    """Failed mandatory items; rated area by area, each with the area it failed in."""
    rows = []
    for qualified in result.failed_mandatory:
        area, item_id = answers.split(qualified)
        answer = answers.answer(area, item_id)
        rows.append(Mandatory(
            item_id=item_id, text=checklist.by_id[item_id].item.text.get(answers.lang),
            answer=answer_text(checklist, answer.score if answer else None, answers.lang)[0],
            area=answers.area_name(area)))
    return rows


def _findings(assessment: Assessment, checklist: Checklist, lang: str,
              words: dict[str, str]) -> list[FindingGroup]:
    by_id = checklist.by_id
    groups: dict[str, list[FindingRow]] = {g: [] for g in GRADES}
    found = [(None, None, f) for f in assessment.findings] + [
        (area.name if area else None, item_id, f)
        for area, item_id, answer in assessment.all_answers() for f in answer.findings]
    for area, item_id, finding in found:
        groups[finding.grade].append(FindingRow(
            area=area, item_id=item_id,
            item=by_id[item_id].item.text.get(lang) if item_id in by_id else None,
            text=finding.text, root_cause=finding.root_cause, action=finding.action,
            due=finding.due.isoformat() if finding.due else None))
    return [FindingGroup(grade=g, title=words[f"grade_{g}"], rows=rows)
            for g, rows in groups.items() if rows]


def _plan(result: Result, checklist: Checklist, answers: Answers) -> list[PlanRow]:
    """The largest gains first, in percentage points or, where the checklist counts points,
    in its own points."""
    lang, plan = answers.lang, []
    titles = checklist.section_titles
    for rank, gap in enumerate(result.gaps[:PLAN_ROWS], start=1):
        item = checklist.by_id[gap.item_id].item
        gain = points_text(gap.gain_points, lang) if result.show_points else number(gap.gain,
                                                                                      lang)
        plan.append(PlanRow(
            rank=rank, item_id=gap.item_id, item=item.text.get(lang),
            section=titles[gap.section_id].get(lang),
            current=answer_text(checklist, gap.score, lang)[0], gain=f"+{gain}",
            mandatory=gap.mandatory, guidance=item.guidance.get(lang) if item.guidance else None,
            area=answers.area_name(gap.area)))
    return plan


def _tables(result: Result, checklist: Checklist, answers: Answers) -> list[SectionTable]:
    tables = []
    for section, section_result in zip(checklist.sections, result.sections, strict=True):
        rows = []
        for placed in checklist.by_section[section.id]:
            item = placed.item
            given = answers.per_item(placed)
            site = given[0] if given and given[0].area is None else None
            rows.append(ItemRow(
                item_id=item.id, clause=item.clause, text=item.text.get(answers.lang),
                answer=site.answer if site else "", score_class=site.score_class if site
                else "none", mandatory=item.mandatory, note=site.note if site else None,
                evidence=site.evidence if site else [], points=site.points if site else None,
                areas=[] if site else given))
        figure = section_result.figure
        shown = pct(figure.percentage, answers.lang) if figure.percentage is not None else "—"
        points = _points(figure, result, answers.lang)
        tables.append(SectionTable(title=section.title.get(answers.lang),
                                   shown=f"{shown} · {points}" if points else shown, rows=rows))
    return tables


def report_view(result: Result, checklist: Checklist, assessment: Assessment, *, lang: str,
                logo: Path | None = None, base_dir: Path | None = None,
                allowed_images: frozenset[Path] = frozenset(),
                generated: dt.date | None = None, trend: Trend | None = None) -> ReportView:
    """Everything the report shows, formatted for ``lang``; no file is read here."""
    words = labels(lang)
    org, assessor = assessment.organisation, assessment.assessor
    titles = {s.id: s.title.get(lang) for s in checklist.sections}
    cover = Cover(
        organisation=org.name, tax_code=org.tax_code, address=org.address,
        site=assessment.site.name, checklist=checklist.title.get(lang),
        checklist_id=checklist.id, version=checklist.version,
        standard=" ".join(p for p in (checklist.standard.name, checklist.standard.edition) if p),
        assessor=assessor.name, assessor_organisation=assessor.organisation,
        credential=assessor.credential, tier=words[f"tier_{assessor.tier}"],
        date=assessment.date.isoformat(), status=words[f"status_{assessment.current_status}"])

    shown = [(s.title.get(lang), s.figure.percentage,
              pct(s.figure.percentage, lang) if s.figure.percentage is not None else "—")
             for s in result.sections]
    svg, radar_labels = radar(shown)
    bars = [Bar(title=title, percentage=round(value or 0.0, 2), shown=text,
                counts=f"{s.counts.answered + s.counts.na}/{s.counts.applicable}",
                points=_points(s.figure, result, lang))
            for (title, value, text), s in zip(shown, result.sections, strict=True)]
    reached = checklist.maturity.find(result.level)
    next_level = None
    if result.next_level is not None and result.next_level_name is not None:
        next_level = words["next_level"].format(n=result.next_level,
                                                name=result.next_level_name.get(lang))
    answers = Answers(checklist, assessment, lang, base_dir, allowed_images)
    grade_titles: dict[str, str] = {g: words[f"grade_{g}"] for g in GRADES}
    disclaimer = certification_disclaimer(checklist)

    when = generated or dt.date.today()
    extra: dict[str, object] = {}
    if trend is not None and len(trend.points) > 1:
        trend_svg, ticks, series = chart(trend, titles, words["overall"])
        extra = {
            "trend_svg": trend_svg, "trend_ticks": ticks, "trend_series": series,
            "trend_rows": [TrendRow(
                date=p.date, tier=words[f"tier_{p.tier}"], level=p.level,
                overall=pct(p.overall, lang) if p.overall is not None else "—",
                sections=[pct(v, lang) if v is not None else "—" for _, v in p.sections])
                for p in trend.points],
        }
    return ReportView(
        lang=lang,
        title=f"{words['report']} — {checklist.title.get(lang)} — {org.name}",
        author=f"{assessor.name} ({assessor.organisation})",
        created=assessment.date.isoformat(),
        generated=when.isoformat(),
        keywords=", ".join((checklist.id, checklist.version, assessor.tier)),
        labels={**words, "generated": words["generated"].format(date=when.isoformat()),
                "gain": words["gain_points" if result.show_points else "gain"]},
        logo=logo.resolve().as_uri() if logo is not None else None,
        cover=cover,
        level=result.level,
        level_name=result.level_name.get(lang) if result.level_name else "—",
        level_description=reached.description.get(lang) if reached else "",
        overall=pct(result.overall.percentage, lang)
        if result.overall.percentage is not None else "—",
        points=_points(result.overall, result, lang),
        disclaimer=disclaimer.text(lang) if disclaimer is not None else None,
        counts=_counts(result, words),
        radar_svg=svg,
        radar_labels=radar_labels,
        bars=bars,
        next_level=next_level,
        gates=[Gate(passed=g.passed, text=g.explanation.text(lang))
               for g in result.next_level_gates],
        failed_mandatory=_failed(result, checklist, answers),
        findings=_findings(assessment, checklist, lang, words),
        plan=_plan(result, checklist, answers),
        sections=_tables(result, checklist, answers),
        areas=area_rows(result, checklist, lang),
        area_columns=[a.name for a in assessment.areas],
        scale_legend=" · ".join(f"{p.value} {p.label.get(lang)}" for p in checklist.scale.points)
        if assessment.areas else None,
        nonconformities=nonconformity_rows(result, checklist, answers, grade_titles),
        **extra,
    )
