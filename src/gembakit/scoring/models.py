"""Scoring models: pure functions from counted answers to figures, in an explicit mapping.

Each model receives the answers that count (applicable, weight above 0, a score or N/A counted
at a fixed score) and returns the overall figure, a figure per section and, for the gap analysis,
how many percentage points the overall score would gain if each item alone reached the top.
The definitions follow DOMAIN.md:

- ``weighted``: ratio = (score - min) / (max - min); percentage = sum(ratio * w) / sum(w).
- ``sum``: points = sum(score * w) out of sum(max * w).
- ``xccdf-default``: pass = 100, fail = 0; every group, section and the whole is
  sum(child score * child weight) / sum(child weight) over children with something counted.
- ``xccdf-flat``: sum of passed weights out of the sum of counted weights.
- ``xccdf-flat-unweighted``: as flat, every weight 1.
- ``xccdf-absolute``: 1 when everything counted passes, else 0.

Weights in the flat models are effective weights: the item's weight times the weights of every
group and section above it, so a section weight means the same thing in every model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from gembakit.checklists.model import Checklist, Item, Placed
from gembakit.scoring.result import Figure

Counted = Sequence[tuple[Placed, int]]
_NONE = Figure(0.0, 0.0, None)


@dataclass(frozen=True, slots=True)
class ModelOutput:
    overall: Figure
    sections: Mapping[str, Figure]
    gains: Mapping[str, float]


ScoringModel = Callable[[Checklist, Counted], ModelOutput]


def _figure(points: float, maximum: float) -> Figure:
    return Figure(points, maximum, 100.0 * points / maximum if maximum else None)


def _linear(counted: Counted, value: Callable[[int], float], weight: Callable[[Placed], float]
            ) -> ModelOutput:
    """Models whose overall score is a weighted sum: points = value(score) * w of max 1 * w."""
    sec_points: dict[str, float] = {}
    sec_max: dict[str, float] = {}
    total_points = total_max = 0.0
    parts: list[tuple[str, float, float]] = []
    for placed, score in counted:
        w = weight(placed)
        v = value(score)
        sid = placed.section.id
        sec_points[sid] = sec_points.get(sid, 0.0) + v * w
        sec_max[sid] = sec_max.get(sid, 0.0) + w
        total_points += v * w
        total_max += w
        if v < 1.0:
            parts.append((placed.item.id, v, w))
    gains = {iid: 100.0 * (1.0 - v) * w / total_max for iid, v, w in parts} if total_max else {}
    return ModelOutput(
        overall=_figure(total_points, total_max),
        sections={sid: _figure(sec_points[sid], sec_max[sid]) for sid in sec_points},
        gains=gains,
    )


def weighted(checklist: Checklist, counted: Counted) -> ModelOutput:
    lo, span = checklist.scale.min, checklist.scale.max - checklist.scale.min
    return _linear(counted, lambda s: (s - lo) / span, lambda p: p.weight)


def sum_model(checklist: Checklist, counted: Counted) -> ModelOutput:
    top = checklist.scale.max
    out = _linear(counted, lambda s: s / top, lambda p: p.weight)
    # Report raw points (score x weight) rather than ratios; percentages are unchanged.
    return ModelOutput(
        overall=_scaled(out.overall, top),
        sections={k: _scaled(v, top) for k, v in out.sections.items()},
        gains=out.gains,
    )


def _scaled(fig: Figure, factor: float) -> Figure:
    return Figure(fig.points * factor, fig.max_points * factor, fig.percentage)


def _passes(checklist: Checklist) -> Callable[[int], float]:
    threshold = checklist.pass_score
    return lambda s: 1.0 if s >= threshold else 0.0


def xccdf_flat(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(counted, _passes(checklist), lambda p: p.weight)


def xccdf_flat_unweighted(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(counted, _passes(checklist), lambda p: 1.0)


def xccdf_absolute(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    failing: dict[str, list[str]] = {}
    seen: set[str] = set()
    for placed, score in counted:
        seen.add(placed.section.id)
        if not passes(score):
            failing.setdefault(placed.section.id, []).append(placed.item.id)
    all_failing = [iid for ids in failing.values() for iid in ids]

    def absolute(n_failing: int, any_counted: bool) -> Figure:
        if not any_counted:
            return _NONE
        return Figure(1.0, 1.0, 100.0) if n_failing == 0 else Figure(0.0, 1.0, 0.0)

    return ModelOutput(
        overall=absolute(len(all_failing), bool(counted)),
        sections={sid: absolute(len(failing.get(sid, ())), True) for sid in seen},
        # Only when a single item fails does raising it change the outcome.
        gains={all_failing[0]: 100.0} if len(all_failing) == 1 else {},
    )


def xccdf_default(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    values = {placed.item.id: 100.0 * passes(score) for placed, score in counted}

    def node(items: tuple[Item, ...]) -> tuple[float, bool, list[tuple[str, float]]]:
        """Score of a group, whether anything counted, and failing leaves with their share."""
        total = weight_sum = 0.0
        children: list[tuple[float, list[tuple[str, float]]]] = []
        for item in items:
            if item.is_group:
                score, counted_any, leaves = node(item.items)
                if not counted_any:
                    continue
            elif item.id in values:
                score = values[item.id]
                leaves = [(item.id, 1.0)] if score < 100.0 else []
            else:
                continue
            total += score * item.weight
            weight_sum += item.weight
            children.append((item.weight, leaves))
        if weight_sum == 0:
            return 0.0, False, []
        failing = [(iid, share * w / weight_sum) for w, leaves in children for iid, share in leaves]
        return total / weight_sum, True, failing

    sections: dict[str, Figure] = {}
    total = weight_sum = 0.0
    per_section: list[tuple[float, list[tuple[str, float]]]] = []
    for section in checklist.sections:
        score, counted_any, leaves = node(section.items)
        if not counted_any:
            continue
        sections[section.id] = Figure(score, 100.0, score)
        total += score * section.weight
        weight_sum += section.weight
        per_section.append((section.weight, leaves))
    if weight_sum == 0:
        return ModelOutput(_NONE, sections, {})
    gains = {iid: 100.0 * share * w / weight_sum for w, leaves in per_section
             for iid, share in leaves}
    overall = total / weight_sum
    return ModelOutput(Figure(overall, 100.0, overall), sections, gains)


# The models by the name a checklist gives in ``scoring.model``; callers may pass their own.
SCORING_MODELS: Mapping[str, ScoringModel] = {
    "weighted": weighted,
    "sum": sum_model,
    "xccdf-default": xccdf_default,
    "xccdf-flat": xccdf_flat,
    "xccdf-flat-unweighted": xccdf_flat_unweighted,
    "xccdf-absolute": xccdf_absolute,
}
