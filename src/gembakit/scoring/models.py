"""Scoring models, in an explicit mapping: from counted answers to figures.

A model receives the answers that count (applicable, weight above 0, a score or N/A counted at a
fixed score, in document order) and returns the overall figure, a figure per section (by
position; ``None`` where nothing counted) and, for the gap analysis, what each item would add if it
alone reached the top. One implementation per model, following DOMAIN.md:

- ``weighted``: ratio = (score - min) / (max - min); percentage = Σ(ratio × w) / Σ(w), with w the
  effective weight (item × groups × section).
- ``sum``: points = Σ(score × w) out of Σ(max × w).
- ``bands``: answers are percentages; an item earns that share of its weight in points (the
  National Quality Award's 1,000 points).
- ``xccdf-flat``: Σ weights of passed rules out of Σ weights of counted rules — each rule's own
  weight, as OpenSCAP's result_scoring.c (group weights matter only to ``xccdf-default``).
- ``xccdf-flat-unweighted``: as flat, every weight 1.
- ``xccdf-absolute``: 1 when everything counted passes (also when nothing is counted), else 0.
- ``xccdf-default``: pass = 100, fail = 0; every group, section and the whole is
  Σ(child score × child weight) / Σ(child weight) over children with something counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Literal, NamedTuple

from gembakit.checklists.model import Checklist, Item, Placed
from gembakit.scoring.result import Figure


class Counted(NamedTuple):
    """The answers that count: items and their answers as two parallel lists, in document order
    (no pair object per item: the engine makes these for every item of every assessment)."""

    placed: list[Placed]
    values: list[int]

    def pairs(self) -> Iterator[tuple[Placed, int]]:
        return zip(self.placed, self.values, strict=True)



# An item below the top: (item, its answer, what raising it alone to the top would add in the
# model's units). A plain tuple: models make one per item below the top of every assessment.
Gain = tuple[Placed, int, float]


class ModelOutput(NamedTuple):
    """Figures, and the gains with the two factors that turn a gain into overall percentage
    points and into the checklist's own points (known only once every item is counted)."""

    overall: Figure | None
    sections: tuple[Figure | None, ...]
    gains: Sequence[Gain]
    gain_percent: float = 1.0
    gain_points: float = 1.0


ScoringModel = Callable[[Checklist, Counted], ModelOutput]
Weights = Literal["effective", "own", "one"]
# Weights other than the effective one (attrgetter is a C call: no Python frame per item).
_WEIGHTS: Mapping[Weights, Callable[[Placed], float]] = {
    "own": attrgetter("item.weight"), "one": lambda _: 1.0,
}


def _figure(points: float, maximum: float, unit: float = 1.0) -> Figure | None:
    return Figure(points * unit, maximum * unit, 100.0 * points / maximum) if maximum else None


def _linear(checklist: Checklist, counted: Counted, shares: Mapping[int, float],
            weights: Weights, unit: float) -> ModelOutput:
    """Models where each answer earns a fixed share of its item's weight. ``shares`` maps each
    possible answer to its share, so the loop over items makes no function call: this loop runs
    for every item of every assessment in a batch."""
    n = len(checklist.sections)
    earned = [0.0] * n
    possible = [0.0] * n
    short: list[Gain] = []
    # The effective weight unpacked with the position (a named-tuple attribute read is a call).
    weight_of = None if weights == "effective" else _WEIGHTS[weights]
    for placed, value in zip(counted.placed, counted.values, strict=True):
        _, _, pos, _, w, _, _, _, _ = placed
        if weight_of is not None:
            w = weight_of(placed)
        got = shares[value]
        earned[pos] += got * w
        possible[pos] += w
        if got < 1.0 and w:
            short.append((placed, value, (1.0 - got) * w))
    total = sum(possible)
    if not total:
        return ModelOutput(None, (None,) * n, ())
    sections = tuple([Figure(got * unit, most * unit, 100.0 * got / most) if most else None
                      for got, most in zip(earned, possible, strict=True)])
    return ModelOutput(_figure(sum(earned), total, unit), sections, short, 100.0 / total, unit)


@lru_cache(maxsize=64)
def _shares(model: str, lo: int, hi: int, threshold: int) -> Mapping[int, float]:
    """Each possible answer's share of its item's weight, by model and scale (a pure function of
    them, so kept: a batch asks for the same table once per assessment)."""
    if model == "bands":
        return {v: v / 100.0 for v in range(101)}
    values = range(lo, hi + 1)
    if model == "weighted":
        return {v: (v - lo) / (hi - lo) for v in values}
    if model == "sum":
        return {v: v / hi for v in values}
    return {v: 1.0 if v >= threshold else 0.0 for v in values}  # xccdf: pass or fail


def _table(checklist: Checklist, model: str) -> Mapping[int, float]:
    return _shares(model, checklist.scale.min, checklist.scale.max, checklist.pass_score)


def weighted(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(checklist, counted, _table(checklist, "weighted"), "effective", 1.0)


def sum_model(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(checklist, counted, _table(checklist, "sum"), "effective",
                   float(checklist.scale.max))


def bands(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(checklist, counted, _table(checklist, "bands"), "effective", 1.0)


def _passes(checklist: Checklist) -> Callable[[int], float]:
    threshold = checklist.pass_score
    return lambda v: 1.0 if v >= threshold else 0.0


def xccdf_flat(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(checklist, counted, _table(checklist, "xccdf"), "own", 1.0)


def xccdf_flat_unweighted(checklist: Checklist, counted: Counted) -> ModelOutput:
    return _linear(checklist, counted, _table(checklist, "xccdf"), "one", 1.0)


def xccdf_absolute(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    n = len(checklist.sections)
    seen = [False] * n
    failing_in = [0] * n
    failing: list[tuple[Placed, int]] = []
    for placed, value in counted.pairs():
        seen[placed.section_index] = True
        if not passes(value):
            failing_in[placed.section_index] += 1
            failing.append((placed, value))

    def absolute(n_failing: int) -> Figure:
        return Figure(1.0, 1.0, 100.0) if n_failing == 0 else Figure(0.0, 1.0, 0.0)

    return ModelOutput(
        overall=absolute(len(failing)),  # OpenSCAP: nothing counted is a score of 1
        sections=tuple(absolute(failing_in[i]) if seen[i] else None for i in range(n)),
        # Only when a single item fails does raising it change the outcome.
        gains=((*failing[0], 1.0),) if len(failing) == 1 else (), gain_percent=100.0,
    )


def xccdf_default(checklist: Checklist, counted: Counted) -> ModelOutput:
    passes = _passes(checklist)
    values = {placed.item.id: (placed, value, 100.0 * passes(value))
              for placed, value in counted.pairs()}
    Leaf = tuple[Placed, int, float]

    def node(items: tuple[Item, ...]) -> tuple[float, bool, list[Leaf]]:
        """Score of a group, whether anything counted, and failing leaves with their share."""
        total = weight_sum = 0.0
        children: list[tuple[float, list[Leaf]]] = []
        for item in items:
            if item.is_group:
                value, counted_any, leaves = node(item.items)
                if not counted_any:
                    continue
            elif item.id in values:
                placed, answer, value = values[item.id]
                leaves = [(placed, answer, 1.0)] if value < 100.0 else []
            else:
                continue
            total += value * item.weight
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
        value, counted_any, leaves = node(section.items)
        if not counted_any:
            sections.append(None)
            continue
        sections.append(Figure(value, 100.0, value))
        total += value * section.weight
        weight_sum += section.weight
        per_section.append((section.weight, leaves))
    if weight_sum == 0:
        return ModelOutput(None, tuple(sections), ())
    gains = tuple((p, a, 100.0 * share * w / weight_sum)
                  for w, leaves in per_section for p, a, share in leaves)
    overall = total / weight_sum
    return ModelOutput(Figure(overall, 100.0, overall), tuple(sections), gains)


# The models by the name a checklist gives in ``scoring.model``; callers may pass their own.
SCORING_MODELS: Mapping[str, ScoringModel] = {
    "weighted": weighted,
    "sum": sum_model,
    "bands": bands,
    "xccdf-default": xccdf_default,
    "xccdf-flat": xccdf_flat,
    "xccdf-flat-unweighted": xccdf_flat_unweighted,
    "xccdf-absolute": xccdf_absolute,
}
