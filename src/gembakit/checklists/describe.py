"""A checklist's rules in words: gates, levels and recognition, for people reading a checklist."""

from __future__ import annotations

from gembakit.base.messages import tr
from gembakit.base.vocabulary import TIER_WORDS, grade_count
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    Gate,
    MandatoryAnswered,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    PointsMin,
    SectionsMin,
    TierRule,
)
from gembakit.checklists.model import Checklist


def gate_words(gate: Gate, lang: str) -> str:  # noqa: PLR0911 - one phrase per gate kind
    """A gate as a short phrase: "overall ≥ 75 %"."""
    if isinstance(gate, MaxFindings):
        return tr(lang, "at most {found}", found=grade_count(gate.grade, gate.value))
    if isinstance(gate, OverallMin):
        return tr(lang, "overall ≥ {value:pct}", value=gate.value)
    if isinstance(gate, EverySectionMin):
        return tr(lang, "every section ≥ {value:pct}", value=gate.value)
    if isinstance(gate, SectionsMin):
        return tr(lang, "{sections} ≥ {value:pct}", sections=", ".join(gate.sections),
                  value=gate.value)
    if isinstance(gate, NoFailedMandatory):
        return tr(lang, "no failed mandatory item")
    if isinstance(gate, MandatoryAnswered):
        return tr(lang, "every mandatory item answered")
    if isinstance(gate, AnsweredMin):
        return tr(lang, "≥ {value:pct} of items answered", value=gate.value)
    if isinstance(gate, PointsMin):
        return tr(lang, "≥ {value:num} points", value=gate.value)
    return gate.gate  # pragma: no cover - every gate kind is listed above


def rule_words(tier: str, rule: TierRule, lang: str) -> str:
    """A tier's recognition rule in one line."""
    parts = [tr(lang, "level ≥ {level}", level=rule.min_level),
             tr(lang, "valid {n} months", n=rule.validity_months)]
    if rule.surveillance_months:
        parts.append(tr(lang, "surveillance every {n} months", n=rule.surveillance_months))
    if rule.consultant_max_age_days:
        parts.append(tr(lang, "needs a consultant assessment no older than {n} days",
                        n=rule.consultant_max_age_days))
    if rule.no_failed_mandatory:
        parts.append(tr(lang, "no failed mandatory item"))
    if rule.no_major_findings:
        parts.append(tr(lang, "no major nonconformity"))
    if rule.mandatory_items:
        parts.append(tr(lang, "also required: {items}", items=", ".join(rule.mandatory_items)))
    return tr(lang, TIER_WORDS.get(tier, tier)) + ": " + "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(checklist: Checklist) -> str:
    """A reference page for a checklist: what it covers, how it scores, what each level needs."""
    cl = checklist
    out = [f"# {cl.title.en}", "", f"*{cl.title.vi}*", ""]
    edition = f" {cl.standard.edition}" if cl.standard.edition else ""
    out += [
        f"- **id** `{cl.id}`, **version** {cl.version}",
        f"- **standard** {cl.standard.name}{edition}",
        f"- **scoring** `{cl.scoring.model}`, pass score {cl.pass_score}, "
        f"N/A {'allowed' if cl.scale.na_default else 'not allowed'}",
        f"- **items** {len(cl.placed)} in {len(cl.sections)} sections, "
        f"{sum(1 for p in cl.placed if p.item.mandatory)} mandatory (knock-out)",
        f"- **licence** {cl.licence}",
        "",
    ]
    if cl.description:
        out += [cl.description.en, "", f"*{cl.description.vi}*", ""]
    out += ["## Scale", "", "| value | label | nhãn | descriptor |", "|---|---|---|---|"]
    out += [f"| {p.value} | {_cell(p.label.en)} | {_cell(p.label.vi)} | "
            f"{_cell(p.descriptor.en)} |" for p in cl.scale.points]
    out += ["", "## Sections", "", "| id | section | phần | items | mandatory |",
            "|---|---|---|---|---|"]
    for section in cl.sections:
        placed = cl.by_section[section.id]
        out.append(f"| `{section.id}` | {_cell(section.title.en)} | {_cell(section.title.vi)} | "
                   f"{len(placed)} | {sum(1 for p in placed if p.item.mandatory)} |")
    out += ["", "## Items", ""]
    for section in cl.sections:
        out += [f"### {section.title.en}", "", "| id | clause | item | tiêu chí |",
                "|---|---|---|---|"]
        for p in cl.by_section[section.id]:
            item = p.item
            mark = " **(mandatory)**" if item.mandatory else ""
            refs = "; ".join(f"{r.standard} {r.clause}" for r in item.see_also)
            clause = item.clause or ""
            if refs:
                clause = f"{clause} (see {refs})" if clause else f"see {refs}"
            out.append(f"| `{item.id}` | {_cell(clause)} | {_cell(item.text.en)}{mark} | "
                       f"{_cell(item.text.vi)} |")
        out.append("")
    out += ["## Levels", "", "| level | name | tên | gates |", "|---|---|---|---|"]
    for level in cl.maturity.levels:
        gates = "; ".join(gate_words(g, "en") for g in level.gates) or "—"
        out.append(f"| {level.level} | {_cell(level.name.en)} | {_cell(level.name.vi)} | "
                   f"{_cell(gates)} |")
    out += ["", f"A failed mandatory item caps the level at {cl.maturity.cap}.", ""]
    if cl.recognition:
        out += ["## Recognition", ""]
        out += [f"- {rule_words(tier, rule, 'en')}" for tier, rule in cl.recognition.items()]
        out.append("")
    return "\n".join(out)
