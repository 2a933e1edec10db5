"""Result → report view model: plain, template-ready data and nothing the template must compute.

The view model is the contract between scoring and the templates: a user who overrides a template
gets every figure already formatted in the chosen language. It is also what the golden test pins.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gembakit.assessments.model import Assessment, Evidence
from gembakit.base.messages import number, pct
from gembakit.base.models import GRADES
from gembakit.checklists.model import Checklist
from gembakit.programme.trend import Trend
from gembakit.render.labels import labels
from gembakit.render.radar import RadarLabel, radar
from gembakit.render.trend_chart import Series, Tick, chart
from gembakit.scoring.result import Result

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


class Gate(View):
    passed: bool
    text: str


class Mandatory(View):
    item_id: str
    text: str
    answer: str


class FindingRow(View):
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


class EvidenceView(View):
    name: str
    image: str | None  # a file:// URL the fetcher is told it may read, or None


class ItemRow(View):
    item_id: str
    clause: str | None
    text: str
    answer: str
    score_class: str
    mandatory: bool
    note: str | None
    evidence: list[EvidenceView]


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
    trend_rows: list[TrendRow] = []
    trend_svg: str = ""
    trend_ticks: list[Tick] = []
    trend_series: list[Series] = []


def _answer(checklist: Checklist, value: int | str | None, lang: str) -> tuple[str, str]:
    """The answer in words and a CSS class for its colour."""
    if value is None:
        return "—", "none"
    if value == "na":
        return "N/A", "na"
    point = checklist.scale.point(int(value))
    label = f"{value} · {point.label.get(lang)}" if point else str(value)
    span = checklist.scale.max - checklist.scale.min
    ratio = (int(value) - checklist.scale.min) / span if span else 1.0
    return label, "low" if ratio < 0.5 else "mid" if ratio < 1 else "high"


def _evidence(item: Evidence, base_dir: Path | None, allowed_images: set[Path]) -> EvidenceView:
    """An image is shown only if the caller allowed it (see :func:`gembakit.render.safe_images`)."""
    if base_dir is not None:
        path = (base_dir / item.file).resolve()
        if path in allowed_images:
            return EvidenceView(name=item.file, image=path.as_uri())
    return EvidenceView(name=item.file, image=None)


def report_view(result: Result, checklist: Checklist, assessment: Assessment, *, lang: str,
                logo: Path | None = None, base_dir: Path | None = None,
                allowed_images: frozenset[Path] = frozenset(),
                generated: dt.date | None = None, trend: Trend | None = None) -> ReportView:
    """Everything the report shows, formatted for ``lang``; no file is read here."""
    words = labels(lang)
    org, assessor = assessment.organisation, assessment.assessor
    by_id = checklist.by_id
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
                counts=f"{s.counts.answered + s.counts.na}/{s.counts.applicable}")
            for (title, value, text), s in zip(shown, result.sections, strict=True)]
    c = result.counts
    counts = (f"{c.answered} {words['answered']} · {c.na} {words['na']} · "
              f"{c.unanswered} {words['unanswered']}")
    if c.not_applicable:
        counts += f" · {c.not_applicable} {words['not_applicable_site']}"
    reached = checklist.maturity.find(result.level)
    next_level = None
    if result.next_level is not None and result.next_level_name is not None:
        next_level = words["next_level"].format(n=result.next_level,
                                                name=result.next_level_name.get(lang))

    answers = assessment.answers
    failed = [Mandatory(item_id=i, text=by_id[i].item.text.get(lang),
                        answer=_answer(checklist, answers[i].score, lang)[0])
              for i in result.failed_mandatory]

    groups: dict[str, list[FindingRow]] = {g: [] for g in GRADES}
    for item_id, finding in assessment.all_findings():
        groups[finding.grade].append(FindingRow(
            item_id=item_id,
            item=by_id[item_id].item.text.get(lang) if item_id in by_id else None,
            text=finding.text, root_cause=finding.root_cause, action=finding.action,
            due=finding.due.isoformat() if finding.due else None))
    findings = [FindingGroup(grade=g, title=words[f"grade_{g}"], rows=rows)
                for g, rows in groups.items() if rows]

    plan = []
    for rank, gap in enumerate(result.gaps[:PLAN_ROWS], start=1):
        item = by_id[gap.item_id].item
        plan.append(PlanRow(
            rank=rank, item_id=gap.item_id, item=item.text.get(lang),
            section=titles[gap.section_id],
            current=_answer(checklist, gap.score, lang)[0], gain=f"+{number(gap.gain, lang)}",
            mandatory=gap.mandatory,
            guidance=item.guidance.get(lang) if item.guidance else None))

    allowed = set(allowed_images)
    tables = []
    for section, section_result in zip(checklist.sections, result.sections, strict=True):
        rows = []
        for placed in checklist.by_section[section.id]:
            item = placed.item
            answer = answers.get(item.id)
            text, css = _answer(checklist, answer.score if answer else None, lang)
            rows.append(ItemRow(
                item_id=item.id, clause=item.clause, text=item.text.get(lang), answer=text,
                score_class=css, mandatory=item.mandatory,
                note=answer.note if answer else None,
                evidence=[_evidence(e, base_dir, allowed) for e in answer.evidence]
                if answer else []))
        figure = section_result.figure
        tables.append(SectionTable(
            title=section.title.get(lang),
            shown=pct(figure.percentage, lang) if figure.percentage is not None else "—",
            rows=rows))

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
        labels={**words, "generated": words["generated"].format(date=when.isoformat())},
        logo=logo.resolve().as_uri() if logo is not None else None,
        cover=cover,
        level=result.level,
        level_name=result.level_name.get(lang) if result.level_name else "—",
        level_description=reached.description.get(lang) if reached else "",
        overall=pct(result.overall.percentage, lang)
        if result.overall.percentage is not None else "—",
        counts=counts,
        radar_svg=svg,
        radar_labels=radar_labels,
        bars=bars,
        next_level=next_level,
        gates=[Gate(passed=g.passed, text=g.explanation.text(lang))
               for g in result.next_level_gates],
        failed_mandatory=failed,
        findings=findings,
        plan=plan,
        sections=tables,
        **extra,
    )
