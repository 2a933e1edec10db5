"""Two assessments of one checklist side by side: differences, bias and agreement.

For a self-assessment against a consultant's, the question is how far the enterprise's view agrees
with an independent one: the share of items scored the same (or within one point), the mean bias
(positive when the first assessment scores higher — an enterprise over-rating itself), and
Cohen's weighted kappa with quadratic weights, which discounts the agreement two raters would
reach by chance. For a before/after pair, the same figures say what improved and what fell back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gembakit.assessments.model import Assessment
from gembakit.base.messages import N_, Message
from gembakit.base.models import Text
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score
from gembakit.scoring.result import Result

# Landis & Koch (1977): the words usually given to kappa bands.
_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, N_("poor (worse than chance)")),
    (0.20, N_("slight")),
    (0.40, N_("fair")),
    (0.60, N_("moderate")),
    (0.80, N_("substantial")),
    (1.0, N_("almost perfect")),
)


class ItemDiff(NamedTuple):
    item_id: str
    section_id: str
    first: int | str | None
    second: int | str | None
    difference: int | None  # second - first, when both are scores


class SectionDiff(NamedTuple):
    section_id: str
    title: Text
    first: float | None
    second: float | None
    difference: float | None


class Agreement(NamedTuple):
    pairs: int
    exact: float | None  # share of pairs, 0-1
    within_one: float | None
    mean_bias: float | None  # mean of (first - second)
    kappa: float | None
    meaning: Message | None


class Comparison(NamedTuple):
    checklist_id: str
    first: Result
    second: Result
    items: tuple[ItemDiff, ...]
    sections: tuple[SectionDiff, ...]
    agreement: Agreement
    largest: tuple[ItemDiff, ...]  # the items the two disagree on most, largest first
    improved: tuple[ItemDiff, ...]
    fell_back: tuple[ItemDiff, ...]

    @property
    def level_change(self) -> int:
        return self.second.level - self.first.level


def weighted_kappa(pairs: Sequence[tuple[int, int]], categories: Sequence[int]) -> float | None:
    """Cohen's kappa with quadratic weights over ordinal ``categories``.

    ``None`` when there is nothing to compare; 1.0 when the raters agree on every pair, even if
    chance agreement is also complete (both always giving one and the same score).
    """
    if not pairs:
        return None
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    n = len(pairs)
    observed = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        observed[index[a]][index[b]] += 1
    rows = [sum(r) for r in observed]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    span = (k - 1) ** 2 or 1

    def weight(i: int, j: int) -> float:
        return (i - j) ** 2 / span

    disagreement = sum(weight(i, j) * observed[i][j] for i in range(k) for j in range(k))
    chance = sum(weight(i, j) * rows[i] * cols[j] / n for i in range(k) for j in range(k))
    if disagreement == 0:
        return 1.0
    if chance == 0:
        return None
    return 1.0 - disagreement / chance


def kappa_words(kappa: float) -> Message:
    for upper, words in _BANDS:
        if kappa <= upper + 1e-12:
            return Message(words)
    return Message(_BANDS[-1][1])


def compare(first: Assessment, second: Assessment, checklist: Checklist) -> Comparison:
    """Compare two assessments of ``checklist`` (both are validated and scored)."""
    r1, r2 = score(first, checklist), score(second, checklist)
    items = []
    for placed in checklist.placed:
        a = first.answers.get(placed.item.id)
        b = second.answers.get(placed.item.id)
        s1 = a.score if a else None
        s2 = b.score if b else None
        diff = s2 - s1 if isinstance(s1, int) and isinstance(s2, int) else None
        items.append(ItemDiff(placed.item.id, placed.section_id, s1, s2, diff))
    sections = []
    for x, y in zip(r1.sections, r2.sections, strict=True):
        p1, p2 = x.figure.percentage, y.figure.percentage
        sections.append(SectionDiff(x.id, x.title, p1, p2,
                                    p2 - p1 if p1 is not None and p2 is not None else None))
    paired = [(d.first, d.second) for d in items if d.difference is not None]
    numeric: list[tuple[int, int]] = [(int(a), int(b)) for a, b in paired]  # type: ignore[arg-type]
    n = len(numeric)
    kappa = weighted_kappa(numeric, sorted(checklist.scale.values))
    agreement = Agreement(
        pairs=n,
        exact=sum(1 for a, b in numeric if a == b) / n if n else None,
        within_one=sum(1 for a, b in numeric if abs(a - b) <= 1) / n if n else None,
        mean_bias=sum(a - b for a, b in numeric) / n if n else None,
        kappa=kappa,
        meaning=kappa_words(kappa) if kappa is not None else None,
    )
    scored = [d for d in items if d.difference]
    largest = tuple(sorted(scored, key=lambda d: -abs(d.difference or 0)))
    return Comparison(
        checklist_id=checklist.id, first=r1, second=r2, items=tuple(items),
        sections=tuple(sections), agreement=agreement, largest=largest,
        improved=tuple(d for d in scored if (d.difference or 0) > 0),
        fell_back=tuple(d for d in scored if (d.difference or 0) < 0),
    )
