"""Scoring models, in an explicit mapping: from counted answers to figures.

A model receives the answers that count (applicable, weight above 0, a score or N/A counted
at a fixed score) and returns the overall figure, a figure per section (by position; ``None``
where nothing counted) and, for the gap analysis, how many percentage points the overall score
would gain if each item alone reached the top.

Four of the six models are *linear*: an answer earns a fixed share of its item's weight. They
are given as data (:class:`LinearModel`, the share each scale point earns) so the engine can fold
them into its single pass over the items; :func:`run` evaluates any model the slow, obvious way,
and the tests hold the two to the same figures. The definitions follow DOMAIN.md:

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
from typing import NamedTuple

from gembakit.checklists.model import Checklist, Item, Placed
from gembakit.scoring.result import Figure, GainRow

Counted = Sequence[tuple[Placed, int]]
_new = tuple.__new__  # builds named tuples without a Python-level constructor call
# Gain rows (item id, section id, counted score, gain, mandatory) come in document order; a
# model's gains are ``gain * ModelOutput.gain_factor`` overall percentage points.


class ModelOutput(NamedTuple):
    overall: Figure | None
    sections: Sequence[Figure | None]
    gains: Sequence[GainRow]
    gain_factor: float = 1.0


def gain_row(placed: Placed, score: int, gain: float) -> GainRow:
    return placed.item_id, placed.section_id, score, gain, placed.mandatory


ScoringModel = Callable[[Checklist, Counted], ModelOutput]


class LinearModel:
    """Each answer earns ``earned(checklist, score)`` of its item's weight (0 to 1).

    ``unweighted`` counts every item with weight 1; figures report points as earned weight
    times ``points(checklist)`` (1 for ratios, the top of the scale for ``sum``). Compared and
    hashed by identity: the engine keeps tables per model object.
    """

    __slots__ = ("earned", "points", "unweighted")

    def __init__(self, earned: Callable[[Checklist, int], float], unweighted: bool = False,
                 points: Callable[[Checklist], float] | None = None) -> None:
        self.earned = earned
        self.unweighted = unweighted
        self.points: Callable[[Checklist], float] = points or _one

    def __repr__(self) -> str:
        return f"LinearModel({self.earned.__name__}, unweighted={self.unweighted})"

    def table(self, checklist: Checklist, weight: float) -> dict[int, tuple[float, float, float]]:
        """Per scale point: (earned weight, weight counted, weight short of the top)."""
        w = 1.0 if self.unweighted else weight
        return {v: (self.earned(checklist, v) * w, w, (1.0 - self.earned(checklist, v)) * w)
                for v in checklist.scale.values}


def _one(checklist: Checklist) -> float:
    return 1.0


def _figure(points: float, maximum: float) -> Figure | None:
    return Figure(points, maximum, 100.0 * points / maximum) if maximum else None


def linear_output(checklist: Checklist, model: LinearModel, sec_points: Sequence[float],
                  sec_max: Sequence[float], below: Sequence[GainRow]) -> ModelOutput:
    """Figures from per-section sums of earned and counted weight, and the items below the
    top with the weight they fall short by (a gain once scaled by the total weight)."""
    scale = model.points(checklist)
    total_points = sum(sec_points)
    total_max = sum(sec_max)
    factor = 100.0 / total_max if total_max else 0.0
    return ModelOutput(
        overall=_figure(total_points * scale, total_max * scale),
        sections=[_new(Figure, (sec_points[i] * scale, sec_max[i] * scale,
                                100.0 * sec_points[i] / sec_max[i])) if sec_max[i] else None
                  for i in range(len(sec_max))],
        gains=below,
        gain_factor=factor,
    )


def run_linear(model: LinearModel, checklist: Checklist, counted: Counted) -> ModelOutput:
    n = len(checklist.sections)
    sec_points = [0.0] * n
    sec_max = [0.0] * n
    below: list[GainRow] = []
    for placed, score in counted:
        w = 1.0 if model.unweighted else placed.weight
        share = model.earned(checklist, score)
        sec_points[placed.section_index] += share * w
        sec_max[placed.section_index] += w
        if share < 1.0:
            below.append(gain_row(placed, score, (1.0 - share) * w))
    return linear_output(checklist, model, sec_points, sec_max, below)


def run(model: LinearModel | ScoringModel, checklist: Checklist, counted: Counted
        ) -> ModelOutput:
    """Evaluate any model on the counted answers."""
    if isinstance(model, LinearModel):
        return run_linear(model, checklist, counted)
    return model(checklist, counted)


def _ratio(checklist: Checklist, score: int) -> float:
    lo = checklist.scale.min
    return (score - lo) / (checklist.scale.max - lo)


def _of_top(checklist: Checklist, score: int) -> float:
    return score / checklist.scale.max


def _pass(checklist: Checklist, score: int) -> float:
    return 1.0 if score >= checklist.pass_score else 0.0


weighted = LinearModel(_ratio)
sum_model = LinearModel(_of_top, points=lambda checklist: float(checklist.scale.max))
xccdf_flat = LinearModel(_pass)
xccdf_flat_unweighted = LinearModel(_pass, unweighted=True)


def _passes(checklist: Checklist) -> Callable[[int], float]:
    threshold = checklist.pass_score
    return lambda s: 1.0 if s >= threshold else 0.0


def xccdf_absolute(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    n = len(checklist.sections)
    seen = [False] * n
    failing_in = [0] * n
    failing: list[tuple[Placed, int]] = []
    for placed, score in counted:
        seen[placed.section_index] = True
        if not passes(score):
            failing_in[placed.section_index] += 1
            failing.append((placed, score))

    def absolute(n_failing: int) -> Figure:
        return Figure(1.0, 1.0, 100.0) if n_failing == 0 else Figure(0.0, 1.0, 0.0)

    return ModelOutput(
        overall=absolute(len(failing)) if counted else None,
        sections=[absolute(failing_in[i]) if seen[i] else None for i in range(n)],
        # Only when a single item fails does raising it change the outcome.
        gains=[gain_row(*failing[0], 100.0)] if len(failing) == 1 else [],
    )


def xccdf_default(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    values = {placed.item.id: (placed, score, 100.0 * passes(score)) for placed, score in counted}
    Leaf = tuple[Placed, int, float]

    def node(items: tuple[Item, ...]) -> tuple[float, bool, list[Leaf]]:
        """Score of a group, whether anything counted, and failing leaves with their share."""
        total = weight_sum = 0.0
        children: list[tuple[float, list[Leaf]]] = []
        for item in items:
            if item.is_group:
                score, counted_any, leaves = node(item.items)
                if not counted_any:
                    continue
            elif item.id in values:
                placed, answer, score = values[item.id]
                leaves = [(placed, answer, 1.0)] if score < 100.0 else []
            else:
                continue
            total += score * item.weight
            weight_sum += item.weight
            children.append((item.weight, leaves))
        if weight_sum == 0:
            return 0.0, False, []
        failing = [(p, a, share * w / weight_sum) for w, leaves in children
                   for p, a, share in leaves]
        return total / weight_sum, True, failing

    sections: list[Figure | None] = []
    total = weight_sum = 0.0
    per_section: list[tuple[float, list[Leaf]]] = []
    for section in checklist.sections:
        score, counted_any, leaves = node(section.items)
        if not counted_any:
            sections.append(None)
            continue
        sections.append(Figure(score, 100.0, score))
        total += score * section.weight
        weight_sum += section.weight
        per_section.append((section.weight, leaves))
    if weight_sum == 0:
        return ModelOutput(None, sections, [])
    gains = [gain_row(p, a, 100.0 * share * w / weight_sum) for w, leaves in per_section
             for p, a, share in leaves]
    overall = total / weight_sum
    return ModelOutput(Figure(overall, 100.0, overall), sections, gains)


# The models by the name a checklist gives in ``scoring.model``; callers may pass their own.
SCORING_MODELS: Mapping[str, LinearModel | ScoringModel] = {
    "weighted": weighted,
    "sum": sum_model,
    "xccdf-default": xccdf_default,
    "xccdf-flat": xccdf_flat,
    "xccdf-flat-unweighted": xccdf_flat_unweighted,
    "xccdf-absolute": xccdf_absolute,
}
