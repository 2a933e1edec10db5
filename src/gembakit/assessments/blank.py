"""A blank assessment to fill in by hand: valid YAML, with the checklist's texts as comments."""

from __future__ import annotations

import datetime as dt

from gembakit._io import dump_yaml
from gembakit.assessments.model import ASSESSMENT_SCHEMA, PLACEHOLDER
from gembakit.checklists.maturity import Tier
from gembakit.checklists.model import Checklist
from gembakit.errors import Lang

_HEAD = {
    "en": ("Assessment form for {title} {version}. Fill in each `score:` with a point of the "
           "scale{na}; leave it empty if not assessed yet. Check with: gembakit validate FILE"),
    "vi": ("Phiếu đánh giá {title} {version}. Điền mỗi `score:` bằng một mức của thang "
           "điểm{na}; để trống nếu chưa đánh giá. Kiểm tra bằng: gembakit validate TỆP"),
}
_NA = {"en": ", or na where the item does not apply", "vi": ", hoặc na nếu không áp dụng"}
_MANDATORY = {"en": "MANDATORY", "vi": "BẮT BUỘC"}


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``, quoted only where YAML would read it as something else."""
    return dump_yaml(value, width=1000).removesuffix("\n...\n").strip()


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def blank_assessment(checklist: Checklist, *, lang: Lang = "vi", organisation: str | None = None,
                     site: str | None = None, assessor: str | None = None,
                     assessor_organisation: str | None = None, tier: Tier = "self",
                     date: dt.date | None = None, source: str | None = None) -> str:
    """YAML text of an unanswered assessment of ``checklist``.

    ``source`` records where a custom checklist's file is, relative to the assessment.
    """
    na = _NA[lang] if checklist.any_na else ""
    head = _HEAD[lang].format(title=checklist.title.get(lang), version=checklist.version, na=na)
    lines = _comment(head)
    lines += _comment(", ".join(f"{p.value} = {p.label.get(lang)}" for p in checklist.scale.points))
    org = organisation or PLACEHOLDER
    lines += [
        f"schema: {ASSESSMENT_SCHEMA}",
        "checklist:",
        f"  id: {_scalar(checklist.id)}",
        f"  version: {_scalar(checklist.version)}",
        *([f"  source: {_scalar(source)}"] if source else []),
        "organisation:",
        f"  name: {_scalar(org)}",
        "  tax_code:",
        "  industry:",
        "  size:        # micro | small | medium | large",
        "  province:",
        "site:",
        f"  name: {_scalar(site or PLACEHOLDER)}",
        "  activities: []",
        "assessor:",
        f"  tier: {tier}        # self | consultant | state",
        f"  name: {_scalar(assessor or PLACEHOLDER)}",
        f"  organisation: {_scalar(assessor_organisation or organisation or PLACEHOLDER)}",
        f"date: {(date or dt.date.today()).isoformat()}",
        "answers:",
    ]
    current = None
    for placed in checklist.placed:
        if placed.section is not current:
            current = placed.section
            lines.append("")
            lines += _comment(f"── {current.title.get(lang)} ──", "  ")
        item = placed.item
        mark = f" [{_MANDATORY[lang]}]" if item.mandatory else ""
        lines += _comment(f"{item.text.get(lang)}{mark}", "  ")
        lines += [f"  {_scalar(item.id)}:", "    score:", "    note:"]
    lines += ["", "status:", "  - status: draft",
              f"    by: {_scalar(assessor or PLACEHOLDER)}",
              f"    at: {dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}"]
    return "\n".join(lines) + "\n"
