"""The rules engine: an assessment and its checklist in, a frozen :class:`Result` out.

``score`` validates its input first unless told the caller already has; answers that are not
on the scale are refused rather than guessed at. The loop is written for speed (a programme
scores thousands of assessments), so per-item work is kept to lookups and arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

from gembakit.assessments.model import Assessment, facts_of
from gembakit.assessments.validate import validate
from gembakit.checklists.conditions import evaluate
from gembakit.checklists.maturity import Gate
from gembakit.checklists.model import Checklist, Placed
from gembakit.errors import InputError, errors_only
from gembakit.scoring.gates import GATES, GateCheck, GateFacts
from gembakit.scoring.models import (
    SCORING_MODELS,
    LinearModel,
    ScoringModel,
    linear_output,
    run,
)
from gembakit.scoring.result import (
    Counts,
    Figure,
    GainRow,
    Gaps,
    GateOutcome,
    Result,
    SectionResult,
)

_EMPTY = Figure(0.0, 0.0, None)
_NOTHING: frozenset[str] = frozenset()


def _applicable(placed: Placed, facts: Mapping[str, object]) -> bool:
    for node in (*placed.groups, placed.item):
        cond = node.applies_when
        if cond is not None and evaluate(cond, facts) is False:  # type: ignore[arg-type]
            return False
    return True


def _counts(items: int, applicable: int, answered: int, na: int, informational: int) -> Counts:
    share = 100.0 * (answered + na) / applicable if applicable else 100.0
    return _new(Counts, (items, applicable, answered, na, applicable - answered - na,
                         informational, items - applicable, share))


def score(assessment: Assessment, checklist: Checklist, *, check: bool = True,
          models: Mapping[str, LinearModel | ScoringModel] = SCORING_MODELS,
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
    facts = facts_of(assessment) if checklist.has_conditions else None
    model = models[checklist.scoring.model]
    linear = model if isinstance(model, LinearModel) else None
    pass_score = checklist.pass_score
    na_score = checklist.scale.na_score
    n_sections = len(checklist.sections)
    # Per section position: answered, marked N/A, excluded by a condition, informational excluded;
    # for linear models also earned and counted weight.
    answered = [0] * n_sections
    na = [0] * n_sections
    excluded = [0] * n_sections
    excluded_info = [0] * n_sections
    earned = [0.0] * n_sections
    weights = [0.0] * n_sections
    below: list[GainRow] = []
    counted: list[tuple[Placed, int]] = []
    unanswered: list[str] = []
    unanswered_mandatory: list[str] = []
    failed: list[str] = []
    findings: dict[str, int] = {}
    for finding in assessment.findings:
        findings[finding.grade] = findings.get(finding.grade, 0) + 1
    entries = _entries(checklist, linear)
    if facts is not None:
        kept = []
        for entry in entries:
            if _applicable(entry[4], facts):
                kept.append(entry)
            else:
                excluded[entry[1]] += 1
                excluded_info[entry[1]] += entry[2] == 0
        entries = tuple(kept)
    for item_id, pos, weight, mandatory, placed, table, sid in entries:
        answer = answers.get(item_id)
        if answer is None:
            unanswered.append(item_id)
            if mandatory:
                unanswered_mandatory.append(item_id)
            continue
        if answer.findings:
            for finding in answer.findings:
                findings[finding.grade] = findings.get(finding.grade, 0) + 1
        value = answer.score
        if value.__class__ is not int:  # not answered, or "na"
            if value is None:
                unanswered.append(item_id)
                if mandatory:
                    unanswered_mandatory.append(item_id)
                continue
            na[pos] += 1
            if na_score is None:
                continue
            value = na_score
        else:
            answered[pos] += 1
        if mandatory and value < pass_score:
            failed.append(item_id)
        if table is not None:  # a linear model, folded into this pass
            got, counts_for, short = table[value]
            earned[pos] += got
            weights[pos] += counts_for
            if short:
                below.append((item_id, sid, value, short, mandatory))
        elif weight:
            counted.append((placed, value))

    if linear is not None:
        output = linear_output(checklist, linear, earned, weights, below)
    else:
        output = run(model, checklist, counted)
    figures = output.sections
    sections = []
    for i, (sid, title, n_items, n_info) in enumerate(checklist.section_static):
        applies = n_items - excluded[i]
        done = answered[i] + na[i]
        sections.append(_new(SectionResult, (sid, title, figures[i] or _EMPTY, _new(Counts, (
            n_items, applies, answered[i], na[i], applies - done, n_info - excluded_info[i],
            excluded[i], 100.0 * done / applies if applies else 100.0)))))
    n_items, n_info = checklist.static_totals
    n_excluded = sum(excluded)
    counts = _counts(n_items, n_items - n_excluded, sum(answered), sum(na),
                     n_info - sum(excluded_info))
    overall = output.overall or _EMPTY
    failed_ids = tuple(failed)
    unanswered_ids = tuple(unanswered)
    gate_facts = _new(GateFacts, (
        overall.percentage, checklist.section_ids,
        dict(zip(checklist.section_ids, [f.percentage if f else None for f in figures],
                 strict=True)),
        checklist.section_titles, failed_ids, unanswered_ids, tuple(unanswered_mandatory),
        counts, findings))
    level, capped, next_level, outcomes = _level(checklist, gate_facts, gates)
    gaps = _gaps(output.gains, output.gain_factor, frozenset(failed) if failed else _NOTHING)
    names = checklist.maturity.names
    reached = names.get(level)
    above = names.get(next_level) if next_level is not None else None
    return Result(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        scoring_model=checklist.scoring.model,
        organisation=assessment.organisation.name,
        site=assessment.site.name,
        assessor=assessment.assessor.name,
        tier=assessment.assessor.tier,
        date=assessment.date,
        overall=overall,
        sections=tuple(sections),
        counts=counts,
        unanswered=unanswered_ids,
        failed_mandatory=failed_ids,
        level=level,
        level_name=reached,
        knockout_capped=capped,
        next_level=next_level,
        next_level_name=above,
        next_level_gates=outcomes,
        gaps=gaps,
    )


Entry = tuple[str, int, float, bool, Placed, dict[int, tuple[float, float, float]] | None, str]


def _entries(checklist: Checklist, linear: LinearModel | None) -> tuple[Entry, ...]:
    """The items as the scoring loop reads them, with a linear model's table; built once."""
    key: object = linear if linear is not None else _entries
    found = checklist.memo.get(key)
    if found is None:
        # Informational items (weight 0) get no table: they never count.
        found = tuple((p.item_id, p.section_index, p.weight, p.mandatory, p,
                       linear.table(checklist, p.weight)
                       if linear is not None and p.weight else None, p.section_id)
                      for p in checklist.placed)
        checklist.memo[key] = found
    return found  # type: ignore[return-value]


# Building named tuples through ``tuple.__new__`` skips a Python-level constructor call; it
# matters here, where a result holds a gap per item below the top of the scale.
_new = tuple.__new__


def _gaps(rows: Sequence[GainRow], factor: float, failed: frozenset[str]) -> Gaps:
    """Items ranked by the overall points raising them to the top would add.

    Rows come in document order and the sort is stable, so ties keep that order.
    """
    return Gaps(sorted(rows, key=_GAIN, reverse=True), factor, failed)


_GAIN = itemgetter(3)


def _bound_gates(checklist: Checklist, gates: Mapping[str, GateCheck]
                 ) -> list[list[tuple[GateCheck, Gate]]]:
    """Each level's gates paired with the function that checks them, looked up once."""
    key = ("gates", id(gates))
    found = checklist.memo.get(key)
    if found is None or found[0] is not gates:  # type: ignore[index]
        found = (gates, [[(gates[g.gate], g) for g in lv.gates]
                         for lv in checklist.maturity.levels])
        checklist.memo[key] = found
    return found[1]  # type: ignore[index,no-any-return]


def _level(checklist: Checklist, facts: GateFacts, gates: Mapping[str, GateCheck]
           ) -> tuple[int, bool, int | None, tuple[GateOutcome, ...]]:
    """Highest level whose gates, and every lower level's gates, all pass; then the knock-out cap.

    Returns the level, whether the knock-out cap lowered it, the next level up and the outcome
    of each of its gates (with the knock-out as one more failed gate when it bites).
    """
    levels = checklist.maturity.levels
    reached = levels[0].level - 1
    above = None
    for lv, bound in zip(levels, _bound_gates(checklist, gates), strict=True):
        for check, gate in bound:
            if not check(gate, facts).passed:
                above = lv
                break
        if above is not None:
            break
        reached = lv.level
    cap = checklist.maturity.cap
    capped = bool(facts.failed_mandatory) and reached > cap
    if capped:
        reached = cap
        above = next(lv for lv in levels if lv.level > cap)
    if above is None:
        return reached, False, None, ()
    outcomes = tuple([gates[g.gate](g, facts) for g in above.gates])
    if facts.failed_mandatory and above.level > cap:
        outcomes = (*outcomes, _new(GateOutcome, ("knockout", False, cap, len(
            facts.failed_mandatory), facts.failed_mandatory, (), (), (), None)))
    return reached, capped, above.level, outcomes
