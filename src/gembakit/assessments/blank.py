"""A blank assessment to fill in by hand: valid YAML, with the checklist's texts as comments."""

from __future__ import annotations

import datetime as dt

from gembakit.assessments.model import ASSESSMENT_SCHEMA, PLACEHOLDER
from gembakit.assessments.workflow import local_now
from gembakit.base.messages import tr
from gembakit.base.models import Tier
from gembakit.base.safe_yaml import dump_yaml
from gembakit.checklists.model import Checklist


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``, quoted only where YAML would read it as something else."""
    return dump_yaml(value, width=1000).removesuffix("\n...\n").strip()


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def blank_assessment(checklist: Checklist, *, lang: str = "vi", organisation: str | None = None,
                     site: str | None = None, assessor: str | None = None,
                     assessor_organisation: str | None = None, tier: Tier = "self",
                     date: dt.date | None = None, source: str | None = None,
                     now: dt.datetime | None = None) -> str:
    """YAML text of an unanswered assessment of ``checklist``.

    ``source`` records where a custom checklist's file is, relative to the assessment.
    """
    head = (tr(lang, "Assessment form for {title} {version}. Fill in each `score:` with a point "
               "of the scale, or na where the item does not apply and N/A is allowed; leave it "
               "empty if not assessed yet. Check with: gembakit validate FILE",
               title=checklist.title.get(lang), version=checklist.version)
            if checklist.any_na else
            tr(lang, "Assessment form for {title} {version}. Fill in each `score:` with a point "
               "of the scale; leave it empty if not assessed yet. Check with: gembakit validate "
               "FILE", title=checklist.title.get(lang), version=checklist.version))
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
        "  tax_code:     # " + tr(lang, "as typed, e.g. 0301234567"),
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
        mark = " [" + tr(lang, "MANDATORY") + "]" if item.mandatory else ""
        lines += _comment(f"{item.text.get(lang)}{mark}", "  ")
        lines += [f"  {_scalar(item.id)}:", "    score:", "    note:"]
    lines += ["", "status:", "  - status: draft",
              f"    by: {_scalar(assessor or PLACEHOLDER)}",
              f"    at: {(now or local_now()).isoformat()}"]
    return "\n".join(lines) + "\n"
