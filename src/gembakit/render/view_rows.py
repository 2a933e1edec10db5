"""Rows of the report's view model: answers and evidence, areas, nonconformities, all items.

Split from :mod:`gembakit.render.view` so each module stays one concept: ``view`` lays out the
report, this module turns one answer, area or finding into words for the chosen language. Every
figure is formatted here, so a template never computes anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath

from pydantic import BaseModel, ConfigDict

from gembakit.assessments.evidence import IMAGE_SUFFIXES
from gembakit.assessments.model import Answer, Area, Assessment, Evidence, facts_of
from gembakit.base.messages import pct
from gembakit.checklists.conditions import evaluate
from gembakit.checklists.describe import points_of
from gembakit.checklists.model import Checklist, Placed
from gembakit.scoring.result import Result


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceView(Row):
    """An evidence file: an image shown (``image`` is a file URL the fetcher may read), an image
    withheld (``kind`` ``hidden``: outside the folder, altered or too large), or another kind of
    file (a PDF, a spreadsheet), which a report lists by name."""

    name: str
    image: str | None
    kind: str = "file"  # image | hidden | file
    caption: str | None = None


class AnswerView(Row):
    """One answer to an item: the site's, or one area's (``area`` names it). ``value`` is the
    answer alone (``3``, ``N/A``), for the table of areas side by side; an item that does not
    apply to an area's kind has the class ``excluded`` and no value."""

    area: str | None
    answer: str
    score_class: str
    note: str | None
    evidence: list[EvidenceView]
    points: str | None = None
    value: str = ""


class AreaRow(Row):
    rank: int
    name: str
    kind: str | None
    overall: str
    points: str | None
    level: int
    level_name: str


class NonconformityRow(Row):
    """An answer whose point of the scale is itself a finding (ISO: 0 major, 1-2 minor)."""

    item_id: str
    area: str | None
    item: str
    answer: str
    grade: str
    title: str


def answer_text(checklist: Checklist, value: int | str | None, lang: str) -> tuple[str, str]:
    """The answer in words and a CSS class for its colour. A label that already says the value
    (a percentage on the National Quality Award's scale) is shown alone."""
    if value is None:
        return "—", "none"
    if value == "na":
        return "N/A", "na"
    point = checklist.scale.point(int(value))
    if point is None:
        label = str(value)
    else:
        words = point.label.get(lang)
        label = words if words.startswith(str(value)) else f"{value} · {words}"
    span = checklist.scale.max - checklist.scale.min
    ratio = (int(value) - checklist.scale.min) / span if span else 1.0
    return label, "low" if ratio < 0.5 else "mid" if ratio < 1 else "high"


def evidence_view(item: Evidence, base_dir: Path | None,
                  allowed_images: frozenset[Path]) -> EvidenceView:
    """An image is shown only if the caller allowed it (see :func:`gembakit.render.safe_images`);
    a file that is not an image is listed by name with its caption."""
    is_image = PurePath(item.file).suffix.lower() in IMAGE_SUFFIXES
    if base_dir is not None and is_image:
        path = (base_dir / item.file).resolve()
        if path in allowed_images:
            return EvidenceView(name=item.file, image=path.as_uri(), kind="image",
                                caption=item.caption)
    return EvidenceView(name=item.file, image=None, kind="hidden" if is_image else "file",
                        caption=item.caption)


def item_points(checklist: Checklist, placed: Placed, value: int | str | None,
                lang: str) -> str | None:
    """What one answer earns in the checklist's own points (``42 / 70``), for the checklists
    that count points (``scoring.show_points``) with a model whose items earn a share of their
    weight."""
    model, scale = checklist.scoring.model, checklist.scale
    if not checklist.scoring.show_points or not isinstance(value, int):
        return None
    if model == "bands":
        share, unit = value / 100.0, 1.0
    elif model == "sum":
        share, unit = value / scale.max, float(scale.max)
    elif model == "weighted" and scale.max > scale.min:
        share, unit = (value - scale.min) / (scale.max - scale.min), 1.0
    else:
        return None
    return points_of(share * placed.weight * unit, placed.weight * unit, lang)


def applies(placed: Placed, facts: Mapping[str, object]) -> bool:
    """Whether an item is asked of a site or area (unknown facts never hide an item)."""
    return all(node.applies_when is None
               or evaluate(node.applies_when, facts) is not False  # type: ignore[arg-type]
               for node in (*placed.groups, placed.item))


class Answers:
    """Every answer of an assessment, by area, with what it needs to be shown."""

    def __init__(self, checklist: Checklist, assessment: Assessment, lang: str,
                 base_dir: Path | None, allowed_images: frozenset[Path]) -> None:
        self.checklist, self.lang = checklist, lang
        self.base_dir, self.allowed = base_dir, allowed_images
        self.assessment = assessment
        self.areas: dict[str, Area] = {a.id: a for a in assessment.areas}

    def area_name(self, area_id: str | None) -> str | None:
        area = self.areas.get(area_id) if area_id is not None else None
        return area.name if area is not None else area_id

    def split(self, qualified: str) -> tuple[str | None, str]:
        """``store/set.7`` (an item of one area, as the engine names it) → area, item."""
        area, _, item = qualified.rpartition("/")
        return (area, item) if area in self.areas else (None, qualified)

    def answer(self, area_id: str | None, item_id: str) -> Answer | None:
        answers = self.areas[area_id].answers if area_id is not None else self.assessment.answers
        return answers.get(item_id)

    def view(self, placed: Placed, area: Area | None) -> AnswerView:
        answer = area.answers.get(placed.item_id) if area else self.assessment.answers.get(
            placed.item_id)
        value = answer.score if answer else None
        text, css = answer_text(self.checklist, value, self.lang)
        return AnswerView(
            area=area.name if area else None, answer=text, score_class=css,
            note=answer.note if answer else None,
            evidence=[evidence_view(e, self.base_dir, self.allowed) for e in answer.evidence]
            if answer else [],
            points=item_points(self.checklist, placed, value, self.lang),
            value="—" if value is None else "N/A" if value == "na" else str(value))

    def per_item(self, placed: Placed) -> list[AnswerView]:
        """The site's answer, or one per area in the areas' order (``excluded`` where the item
        does not apply to the area's kind)."""
        if not self.assessment.areas:
            return [self.view(placed, None)]
        return [self.view(placed, area) if applies(placed, facts_of(self.assessment, area))
                else AnswerView(area=area.name, answer="", score_class="excluded", note=None,
                                evidence=[])
                for area in self.assessment.areas]


def area_rows(result: Result, checklist: Checklist, lang: str) -> list[AreaRow]:
    """The areas best first, each with its score, points and level."""
    kinds = {k.id: k.name.get(lang) for k in checklist.areas}
    show = checklist.scoring.show_points
    return [AreaRow(
        rank=a.rank, name=a.name, kind=kinds.get(a.kind, a.kind) if a.kind else None,
        overall=pct(a.overall.percentage, lang) if a.overall.percentage is not None else "—",
        points=points_of(a.overall.points, a.overall.max_points, lang) if show else None,
        level=a.level, level_name=a.level_name.get(lang) if a.level_name else "—")
        for a in sorted(result.areas, key=lambda a: a.rank)]


def nonconformity_rows(result: Result, checklist: Checklist, answers: Answers,
                       grade_titles: Mapping[str, str]) -> list[NonconformityRow]:
    by_id = checklist.by_id
    return [NonconformityRow(
        item_id=n.item_id, area=answers.area_name(n.area),
        item=by_id[n.item_id].item.text.get(answers.lang) if n.item_id in by_id else n.item_id,
        answer=answer_text(checklist, n.score, answers.lang)[0], grade=n.grade,
        title=grade_titles[n.grade]) for n in result.nonconformities]

