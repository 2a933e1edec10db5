"""The rules engine: an assessment and its checklist in, a frozen :class:`Result` out.

``score`` trusts its inputs to be valid (see :func:`gembakit.assessments.validate`); answers
that are not on the scale are refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping

from gembakit.assessments.model import Assessment, facts_of
from gembakit.assessments.validate import validate
from gembakit.checklists.base import Text
from gembakit.checklists.conditions import evaluate
from gembakit.checklists.model import Checklist, Placed
from gembakit.errors import InputError, errors_only
from gembakit.scoring.gates import GATES, GateCheck, GateFacts
from gembakit.scoring.models import SCORING_MODELS, ScoringModel
from gembakit.scoring.result import Counts, Figure, Gap, GateOutcome, Result, SectionResult

_EMPTY = Figure(0.0, 0.0, None)


def _applicable(placed: Placed, facts: Mapping[str, object]) -> bool:
    for node in (*placed.groups, placed.item):
        cond = node.applies_when
        if cond is not None and evaluate(cond, facts) is False:  # type: ignore[arg-type]
            return False
    return True


def _counts(total: int, applicable: int, answered: int, na: int, informational: int) -> Counts:
    unanswered = applicable - answered - na
    share = 100.0 * (answered + na) / applicable if applicable else 100.0
    return Counts(total, applicable, answered, na, unanswered, informational,
                  total - applicable, share)


def score(assessment: Assessment, checklist: Checklist, *, check: bool = True,
          models: Mapping[str, ScoringModel] = SCORING_MODELS,
          gates: Mapping[str, GateCheck] = GATES) -> Result:
    """Score ``assessment`` against ``checklist``.

    With ``check`` (the default) the assessment is first validated and any error raises
    :class:`~gembakit.errors.InputError`; pass ``check=False`` only for answers already validated.
    """
    if check:
        problems = errors_only(validate(assessment, checklist))
        if problems:
            raise InputError(tuple(problems))
    answers = assessment.answers
    facts = facts_of(assessment) if checklist.has_conditions else {}
    na_score = checklist.scale.na_score
    pass_score = checklist.pass_score
    counted: list[tuple[Placed, int]] = []
    unanswered: list[str] = []
    failed: list[str] = []
    # Per section: [items, applicable, answered, na, informational]
    tallies: dict[str, list[int]] = {s.id: [0, 0, 0, 0, 0] for s in checklist.sections}
    for placed in checklist.placed:
        item = placed.item
        tally = tallies[placed.section.id]
        tally[0] += 1
        if facts and not _applicable(placed, facts):
            continue
        tally[1] += 1
        if placed.weight == 0:
            tally[4] += 1
        answer = answers.get(item.id)
        value = answer.score if answer is not None else None
        if value is None:
            unanswered.append(item.id)
            continue
        if value == "na":
            tally[3] += 1
            if na_score is None:
                continue
            value = na_score
        else:
            tally[2] += 1
        assert isinstance(value, int)
        if item.mandatory and value < pass_score:
            failed.append(item.id)
        if placed.weight > 0:
            counted.append((placed, value))

    output = models[checklist.scoring.model](checklist, counted)
    sections = []
    totals = [0, 0, 0, 0, 0]
    for section in checklist.sections:
        t = tallies[section.id]
        for i in range(5):
            totals[i] += t[i]
        sections.append(SectionResult(section.id, section.title,
                                      output.sections.get(section.id, _EMPTY),
                                      _counts(t[0], t[1], t[2], t[3], t[4])))
    counts = _counts(*totals)
    findings: dict[str, int] = {}
    for _, finding in assessment.all_findings():
        findings[finding.grade] = findings.get(finding.grade, 0) + 1
    gate_facts = GateFacts(
        overall=output.overall.percentage,
        sections={s.id: s.figure.percentage for s in sections},
        section_titles={s.id: s.title for s in checklist.sections},
        failed_mandatory=tuple(failed),
        counts=counts,
        findings=findings,
    )
    level, capped, next_level, outcomes = _level(checklist, gate_facts, gates)
    failed_set = set(failed)
    gaps = sorted(
        (Gap(pid, checklist.by_id[pid].section.id, _score_of(answers, pid, na_score), gain,
             checklist.by_id[pid].item.mandatory, pid in failed_set)
         for pid, gain in output.gains.items() if gain > 0),
        key=lambda g: (-g.gain, not g.failed_mandatory, checklist.by_id[g.item_id].index),
    )
    reached = checklist.maturity.find(level)
    above = checklist.maturity.find(next_level) if next_level is not None else None
    return Result(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        scoring_model=checklist.scoring.model,
        organisation=assessment.organisation.name,
        site=assessment.site.name,
        assessor=assessment.assessor.name,
        tier=assessment.assessor.tier,
        date=assessment.date,
        overall=output.overall,
        sections=tuple(sections),
        counts=counts,
        unanswered=tuple(unanswered),
        failed_mandatory=tuple(failed),
        level=level,
        level_name=reached.name if reached else None,
        knockout_capped=capped,
        next_level=next_level,
        next_level_name=above.name if above else None,
        next_level_gates=outcomes,
        gaps=tuple(gaps),
    )


def _score_of(answers: Mapping[str, object], item_id: str, na_score: int | None) -> int:
    value = getattr(answers[item_id], "score", None)
    return na_score if value == "na" and na_score is not None else value  # type: ignore[return-value]


def _level(checklist: Checklist, facts: GateFacts, gates: Mapping[str, GateCheck]
           ) -> tuple[int, bool, int | None, tuple[GateOutcome, ...]]:
    """Highest level whose gates, and every lower level's gates, all pass; then the knock-out cap.

    Returns the level, whether the knock-out cap lowered it, the next level up and the outcome
    of each of its gates (with the knock-out as an extra failed gate when it applies).
    """
    levels = checklist.maturity.levels
    reached = levels[0].level - 1 if levels[0].gates else levels[0].level
    start = 0 if levels[0].gates else 1
    outcomes: tuple[GateOutcome, ...] = ()
    next_level: int | None = None
    for lv in levels[start:]:
        results = tuple(gates[g.gate](g, facts) for g in lv.gates)
        if all(r.passed for r in results):
            reached = lv.level
            continue
        next_level, outcomes = lv.level, results
        break
    cap = checklist.maturity.cap
    if facts.failed_mandatory and reached > cap:
        above = [lv for lv in levels if lv.level > cap]
        next_level = above[0].level
        outcomes = tuple(gates[g.gate](g, facts) for g in above[0].gates)
        reached = cap
        return reached, True, next_level, (*outcomes, _knockout(facts.failed_mandatory, cap))
    if facts.failed_mandatory and next_level is not None and next_level > cap:
        outcomes = (*outcomes, _knockout(facts.failed_mandatory, cap))
    return reached, False, next_level, outcomes


def _knockout(failed: tuple[str, ...], cap: int) -> GateOutcome:
    ids = ", ".join(failed)
    return GateOutcome("knockout", False, 0, len(failed), Text.model_construct(
        en=f"a failed mandatory item caps the level at {cap}: {ids}",
        vi=f"tiêu chí bắt buộc không đạt giới hạn cấp độ ở mức {cap}: {ids}"), items=failed)
