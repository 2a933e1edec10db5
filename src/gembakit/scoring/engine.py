"""The rules engine: an assessment and its checklist in, a frozen :class:`Result` out.

Three plain steps: :func:`count` walks the items once (applicability, answers, N/A, failed
mandatory items, findings), the scoring model turns what counted into figures, and
:func:`decide_level` walks the maturity levels' gates. An assessment rated area by area is scored
per area, and the site's figures are the areas' figures averaged by area weight.

``score`` validates its input first unless told the caller already has; answers that are not on
the scale are refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from gembakit.assessments.model import Answer, Area, Assessment, facts_of
from gembakit.assessments.validate import validate
from gembakit.base.errors import InputError, errors_only
from gembakit.checklists.conditions import evaluate
from gembakit.checklists.model import Checklist, Placed
from gembakit.scoring.gates import GATES, Gate, GateFacts, knockout
from gembakit.scoring.models import SCORING_MODELS, Counted, ModelOutput, ScoringModel
from gembakit.scoring.result import (
    NO_FIGURE,
    AreaResult,
    Counts,
    Figure,
    Gap,
    GateOutcome,
    Nonconformity,
    Result,
    SectionResult,
)

_gain = attrgetter("gain")


@dataclass(slots=True)
class Tally:
    """What one pass over the items found."""

    counted: Counted = field(default_factory=lambda: Counted([], []))
    answered: list[int] = field(default_factory=list)  # per section position
    na: list[int] = field(default_factory=list)
    excluded: list[int] = field(default_factory=list)  # not applicable to this site
    informational: list[int] = field(default_factory=list)  # applicable, weight 0
    unanswered: list[str] = field(default_factory=list)
    unanswered_mandatory: list[str] = field(default_factory=list)
    failed_mandatory: list[str] = field(default_factory=list)
    nonconformities: list[Nonconformity] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)


def _applies(placed: Placed, facts: Mapping[str, object]) -> bool:
    for node in (*placed.groups, placed.item):
        if node.applies_when is not None and evaluate(
                node.applies_when, facts) is False:  # type: ignore[arg-type]
            return False
    return True


def _findings(t: Tally, answer: Answer, graded: Mapping[int, str], item_id: str,
              area: str | None) -> None:
    """Written findings, and the answer itself when its scale point is a graded finding: an
    answer and a written finding of the same grade on one item count once."""
    written = set()
    for finding in answer.findings:
        t.findings[finding.grade] = t.findings.get(finding.grade, 0) + 1
        written.add(finding.grade)
    value = answer.score
    grade = graded.get(value) if isinstance(value, int) else None
    if grade is not None and isinstance(value, int):
        t.nonconformities.append(Nonconformity(item_id, grade, value, area))
        if grade not in written:
            t.findings[grade] = t.findings.get(grade, 0) + 1


def count(answers: Mapping[str, Answer], checklist: Checklist,
          facts: Mapping[str, object] | None = None, area: str | None = None) -> Tally:
    """One pass over the checklist's items with the answers given."""
    n = len(checklist.sections)
    t = Tally(answered=[0] * n, na=[0] * n, excluded=[0] * n, informational=[0] * n)
    graded = checklist.findings_by_value
    na_score = checklist.scale.na_score
    pass_score = checklist.pass_score
    # Local names for what the loop touches on every item of every assessment, and the placed
    # item unpacked at once (one C operation; each named-tuple attribute read is a call).
    answered, na, excluded = t.answered, t.na, t.excluded
    counted_placed, counted_values = t.counted
    get = answers.get
    for placed in checklist.placed:
        _, _, pos, _, weight, _, item_id, _, mandatory = placed
        if facts is not None and not _applies(placed, facts):
            excluded[pos] += 1
            continue
        if weight == 0:
            t.informational[pos] += 1
        answer = get(item_id)
        value = None if answer is None else answer.score
        if answer is not None and (answer.findings or value in graded):
            _findings(t, answer, graded, item_id, area)
        if value is None:
            t.unanswered.append(item_id)
            if mandatory:
                t.unanswered_mandatory.append(item_id)
            continue
        if value == "na":
            na[pos] += 1
            if na_score is None:
                continue
            value = na_score
        else:
            answered[pos] += 1
        if mandatory and value < pass_score:
            t.failed_mandatory.append(item_id)
        if weight:
            counted_placed.append(placed)
            counted_values.append(value)
    return t


def _count_record(items: int, excluded: int, answered: int, na: int, info: int) -> Counts:
    applicable = items - excluded
    done = answered + na
    return Counts(items, applicable, answered, na, applicable - done, info, excluded,
                  100.0 * done / applicable if applicable else 100.0)


def _counts(checklist: Checklist, t: Tally, pos: int | None = None) -> Counts:
    """Counts for one section position, or for the whole checklist."""
    if pos is None:
        return _count_record(len(checklist.placed), sum(t.excluded), sum(t.answered), sum(t.na),
                             sum(t.informational))
    return _count_record(checklist.section_sizes[pos], t.excluded[pos], t.answered[pos],
                         t.na[pos], t.informational[pos])


def decide_level(checklist: Checklist, facts: GateFacts, gates: Mapping[str, Gate]
                 ) -> tuple[int, bool, int | None, tuple[GateOutcome, ...]]:
    """The highest level whose gates, and every lower level's gates, all pass; then the
    knock-out cap. Returns the level, whether the cap lowered it, the next level up and the
    outcome of each of its gates (with the knock-out as one more failed gate when it bites)."""
    levels = checklist.maturity.levels
    reached, above = levels[0].level - 1, None
    for lv in levels:
        if not all(gates[g.gate].holds(g, facts) for g in lv.gates):
            above = lv
            break
        reached = lv.level
    cap = checklist.maturity.cap
    capped = bool(facts.failed_mandatory) and reached > cap
    if capped:
        reached = cap
        above = next(lv for lv in levels if lv.level > cap)
    if above is None:
        return reached, False, None, ()
    outcomes = tuple([gates[g.gate].check(g, facts) for g in above.gates])
    if facts.failed_mandatory and above.level > cap:
        outcomes = (*outcomes, knockout(cap, facts.failed_mandatory))
    return reached, capped, above.level, outcomes


def _gaps(output: ModelOutput, failed: Sequence[str], area: str | None = None,
          factor: float = 1.0) -> list[Gap]:
    failed_set = set(failed)
    percent, points = output.gain_percent * factor, output.gain_points * factor
    # The placed item unpacked in the loop head (one step; three attribute reads otherwise),
    # for the tens of gaps of every assessment in a batch.
    return [Gap(item_id, section_id, value, missing * percent, missing * points, mandatory,
                item_id in failed_set, area)
            for (_, _, _, _, _, _, item_id, section_id, mandatory), value, missing
            in output.gains]


def _rank(gaps: list[Gap]) -> tuple[Gap, ...]:
    """Largest gain first; ties keep document order (the sort is stable)."""
    return tuple(sorted(gaps, key=_gain, reverse=True))  # reverse=True keeps ties in order


def _sections(checklist: Checklist, t: Tally, figures: Sequence[Figure | None]
              ) -> tuple[SectionResult, ...]:
    # Counts written out here rather than through _count_record: one call less per section.
    return tuple([
        SectionResult(s.id, s.title, figure or NO_FIGURE, Counts(
            items, items - excluded, answered, na, items - excluded - answered - na, info,
            excluded, 100.0 * (answered + na) / (items - excluded) if items > excluded else 100.0))
        for s, figure, items, excluded, answered, na, info in zip(
            checklist.sections, figures, checklist.section_sizes, t.excluded, t.answered, t.na,
            t.informational, strict=True)])


def _facts(checklist: Checklist, t: Tally, overall: Figure, sections: Sequence[Figure | None],
           counts: Counts) -> GateFacts:
    return GateFacts(
        overall=overall.percentage, points=overall.points,
        sections=dict(zip(checklist.section_ids, [f.percentage if f else None for f in sections],
                          strict=True)),
        section_titles=checklist.section_titles,
        failed_mandatory=tuple(t.failed_mandatory), unanswered=tuple(t.unanswered),
        unanswered_mandatory=tuple(t.unanswered_mandatory), counts=counts, findings=t.findings)


def score(assessment: Assessment, checklist: Checklist, *, check: bool = True,
          models: Mapping[str, ScoringModel] = SCORING_MODELS,
          gates: Mapping[str, Gate] = GATES) -> Result:
    """Score ``assessment`` against ``checklist``.

    With ``check`` (the default) the assessment is first validated and any error raises
    :class:`~gembakit.base.errors.InputError`; pass ``check=False`` only for answers already
    validated.
    """
    if check:
        problems = errors_only(validate(assessment, checklist))
        if problems:
            raise InputError(problems)
    model = models[checklist.scoring.model]
    if assessment.areas:
        return _score_areas(assessment, checklist, model, gates)
    facts = facts_of(assessment) if checklist.has_conditions else None
    t = count(assessment.answers, checklist, facts)
    for finding in assessment.findings:
        t.findings[finding.grade] = t.findings.get(finding.grade, 0) + 1
    output = model(checklist, t.counted)
    overall = output.overall or NO_FIGURE
    counts = _counts(checklist, t)
    gate_facts = _facts(checklist, t, overall, output.sections, counts)
    level, capped, next_level, outcomes = decide_level(checklist, gate_facts, gates)
    return _result(assessment, checklist, t, overall,
                   sections=_sections(checklist, t, output.sections), counts=counts,
                   level=level, capped=capped, next_level=next_level, outcomes=outcomes,
                   gaps=_rank(_gaps(output, t.failed_mandatory)))


def _result(a: Assessment, cl: Checklist, t: Tally, overall: Figure, *,
            sections: tuple[SectionResult, ...], counts: Counts, level: int, capped: bool,
            next_level: int | None, outcomes: tuple[GateOutcome, ...], gaps: tuple[Gap, ...],
            areas: tuple[AreaResult, ...] = ()) -> Result:
    names = cl.maturity.names
    return Result(
        checklist_id=cl.id, checklist_version=cl.version, scoring_model=cl.scoring.model,
        organisation=a.organisation.name, site=a.site.name, assessor=a.assessor.name,
        tier=a.assessor.tier, date=a.date, overall=overall, sections=sections, counts=counts,
        unanswered=tuple(t.unanswered), failed_mandatory=tuple(t.failed_mandatory),
        nonconformities=tuple(t.nonconformities), findings=dict(t.findings), level=level,
        level_name=names.get(level), knockout_capped=capped, next_level=next_level,
        next_level_name=names.get(next_level) if next_level is not None else None,
        next_level_gates=outcomes, gaps=gaps, show_points=cl.scoring.show_points, areas=areas)


def _mean(figures: Sequence[tuple[Figure | None, float]]) -> Figure | None:
    """The area-weighted mean of figures (areas where nothing counted are left out)."""
    present = [(f, w) for f, w in figures if f is not None and f.percentage is not None]
    total = sum(w for _, w in present)
    if not total:
        return None
    return Figure(sum(f.points * w for f, w in present) / total,
                  sum(f.max_points * w for f, w in present) / total,
                  sum((f.percentage or 0.0) * w for f, w in present) / total)


def _score_areas(a: Assessment, cl: Checklist, model: ScoringModel,
                 gates: Mapping[str, Gate]) -> Result:
    """Each area scored on its own; the site's figures are the areas' averaged by weight."""
    per_area: list[tuple[Area, Tally, ModelOutput]] = []
    for area in a.areas:
        facts = facts_of(a, area) if cl.has_conditions else None
        t = count(area.answers, cl, facts, area.id)
        per_area.append((area, t, model(cl, t.counted)))
    site = Tally(answered=[0] * len(cl.sections), na=[0] * len(cl.sections),
                 excluded=[0] * len(cl.sections), informational=[0] * len(cl.sections))
    for area, t, _ in per_area:
        for name in ("answered", "na", "excluded", "informational"):
            getattr(site, name)[:] = [x + y for x, y in zip(getattr(site, name),
                                                            getattr(t, name), strict=True)]
        site.unanswered += [f"{area.id}/{i}" for i in t.unanswered]
        site.unanswered_mandatory += [f"{area.id}/{i}" for i in t.unanswered_mandatory]
        site.failed_mandatory += [f"{area.id}/{i}" for i in t.failed_mandatory]
        site.nonconformities += t.nonconformities
        for grade, n in t.findings.items():
            site.findings[grade] = site.findings.get(grade, 0) + n
    for finding in a.findings:
        site.findings[finding.grade] = site.findings.get(finding.grade, 0) + 1
    total_weight = sum(area.weight for area in a.areas)
    overall = _mean([(out.overall, area.weight) for area, _, out in per_area]) or NO_FIGURE
    sections = tuple(_mean([(out.sections[i], area.weight) for area, _, out in per_area])
                     for i in range(len(cl.sections)))
    n_items = len(cl.placed) * len(a.areas)
    excluded, done = sum(site.excluded), sum(site.answered) + sum(site.na)
    applicable = n_items - excluded
    counts = Counts(n_items, applicable, sum(site.answered), sum(site.na), applicable - done,
                    sum(site.informational), excluded,
                    100.0 * done / applicable if applicable else 100.0)
    level, capped, next_level, outcomes = decide_level(
        cl, _facts(cl, site, overall, sections, counts), gates)
    areas = _area_results(cl, per_area, gates)
    gaps: list[Gap] = []
    for area, t, out in per_area:
        gaps += _gaps(out, t.failed_mandatory, area.id, area.weight / total_weight)
    section_results = tuple(
        SectionResult(s.id, s.title, sections[i] or NO_FIGURE, _counts_of_areas(cl, per_area, i))
        for i, s in enumerate(cl.sections))
    return _result(a, cl, site, overall, sections=section_results, counts=counts, level=level,
                   capped=capped, next_level=next_level, outcomes=outcomes, gaps=_rank(gaps),
                   areas=areas)


def _counts_of_areas(cl: Checklist, per_area: Sequence[tuple[Area, Tally, ModelOutput]],
                     pos: int) -> Counts:
    parts = [_counts(cl, t, pos) for _, t, _ in per_area]
    applicable = sum(c.applicable for c in parts)
    done = sum(c.answered + c.na for c in parts)
    return Counts(sum(c.items for c in parts), applicable, sum(c.answered for c in parts),
                  sum(c.na for c in parts), applicable - done,
                  sum(c.informational for c in parts), sum(c.not_applicable for c in parts),
                  100.0 * done / applicable if applicable else 100.0)


def _area_results(cl: Checklist, per_area: Sequence[tuple[Area, Tally, ModelOutput]],
                  gates: Mapping[str, Gate]) -> tuple[AreaResult, ...]:
    rows = []
    for area, t, out in per_area:
        overall = out.overall or NO_FIGURE
        counts = _counts(cl, t)
        level = decide_level(cl, _facts(cl, t, overall, out.sections, counts), gates)[0]
        rows.append((area, overall, _sections(cl, t, out.sections), level))
    order = sorted(range(len(rows)), key=lambda i: -(rows[i][1].percentage or 0.0))
    rank = {index: place for place, index in enumerate(order, start=1)}
    return tuple(AreaResult(area.id, area.name, area.kind, overall, sections, level,
                            cl.maturity.names.get(level), rank[i])
                 for i, (area, overall, sections, level) in enumerate(rows))
