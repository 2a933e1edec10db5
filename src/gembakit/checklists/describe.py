"""A checklist's rules in words: gates, levels and recognition, for people reading a checklist."""

from __future__ import annotations

from gembakit.base.messages import Message, msg, tr
from gembakit.base.vocabulary import TIER_WORDS, grade_count
from gembakit.checklists.conditions import AllOf, AnyOf, Condition, FactTest, Not
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
from gembakit.checklists.model import Band, Checklist


def certification_disclaimer(checklist: Checklist) -> Message | None:
    """What a report or certificate of an assessment against a certifiable standard (ISO 9001,
    ISO 56001) must say plainly: that it is not that certification. One wording everywhere."""
    if checklist.standard.certification:
        return msg("An assessment against {standard}; not a certification to {standard} by an "
                   "accredited certification body.", standard=checklist.standard.name)
    return None


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


_OPS = {"eq": "is", "in": "is one of", "ne": "is not", "not_in": "is none of",
        "has": "has all of", "has_any": "has any of"}


def condition_words(condition: Condition) -> str:
    """An applicability condition as a reader of the reference page says it."""
    if isinstance(condition, FactTest):
        value = condition.value if isinstance(condition.value, str) else ", ".join(condition.value)
        return f"{condition.fact} {_OPS[condition.op]} {value}"
    if isinstance(condition, AllOf):
        return " and ".join(f"({condition_words(c)})" if isinstance(c, AnyOf) else
                            condition_words(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(condition_words(c) for c in condition.any)
    assert isinstance(condition, Not)
    return f"not ({condition_words(condition.not_)})"


def points_text(value: float, lang: str) -> str:
    """Points as the checklist counts them, thousands grouped: ``1,000`` and ``587.5`` in
    English, ``1.000`` and ``587,5`` in Vietnamese (the National Quality Award's 600/1,000)."""
    text = f"{value:,.1f}".removesuffix(".0")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def points_of(points: float, maximum: float, lang: str) -> str:
    """``600 / 1,000``."""
    return f"{points_text(points, lang)} / {points_text(maximum, lang)}"


def _number(value: float) -> str:
    return points_text(value, "en")


def _band_table(bands: tuple[Band, ...]) -> list[str]:
    rows = [f"| {b.min}–{b.max} % | {_cell(b.en)} | {_cell(b.vi)} |" for b in bands]
    return ["| band | what it looks like | mô tả |", "|---|---|---|", *rows, ""]


def _bands(cl: Checklist) -> list[str]:
    """Band scoring: the generic bands, then each item's own."""
    if cl.band_descriptors is None:
        return []
    out = ["## Bands", "", "An item is answered with a percentage, in steps of 5, from the band "
           "that fits best, and earns that share of its points.", "",
           "### Process items (approach, deployment, learning, integration)", "",
           *_band_table(cl.band_descriptors.process),
           "### Results items (levels, trends, comparisons, integration)", "",
           *_band_table(cl.band_descriptors.results)]
    for p in cl.placed:
        if p.item.bands:
            out += [f"### `{p.item.id}` ({_number(p.weight)} points, {p.item.kind})", "",
                    *_band_table(p.item.bands)]
    return out


def _summary(cl: Checklist) -> list[str]:
    edition = f" {cl.standard.edition}" if cl.standard.edition else ""
    scoring = (f"`{cl.scoring.model}`, answers 0–100 % in steps of 5"
               if cl.scoring.model == "bands" else
               f"`{cl.scoring.model}`, pass score {cl.pass_score}")
    na = "allowed" if cl.scale.na_default else "not allowed"
    if any(cl.na_rule(p.item) == "justify" for p in cl.placed):
        na += " (on some items only with a justification)"
    out = [f"- **id** `{cl.id}`, **version** {cl.version}",
           f"- **standard** {cl.standard.name}{edition}",
           f"- **scoring** {scoring}, N/A {na}",
           f"- **items** {len(cl.placed)} in {len(cl.sections)} sections, "
           f"{sum(1 for p in cl.placed if p.item.mandatory)} mandatory (knock-out)"]
    if cl.scoring.show_points:
        out.append(f"- **points** {_number(cl.max_points)} in all, shown beside the percentage")
    if cl.areas:
        kinds = ", ".join(f"`{k.id}` ({k.name.en} · {k.name.vi})" for k in cl.areas)
        out.append(f"- **areas** a site may be rated area by area; kinds: {kinds}")
    out += [f"- **licence** {cl.licence}", ""]
    disclaimer = certification_disclaimer(cl)
    if disclaimer is not None:
        out += [f"> {disclaimer.text('en')}", ">", f"> *{disclaimer.text('vi')}*", ""]
    return out


def _items(cl: Checklist) -> list[str]:
    points, conditional = cl.scoring.show_points, cl.has_conditions
    out = ["## Items", ""]
    for section in cl.sections:
        head = "| id | clause | item | tiêu chí |" + (" points |" if points else "") + (
            " applies when |" if conditional else "")
        out += [f"### {section.title.en}", "", head, "|---" * head.count(" |") + "|"]
        for p in cl.by_section[section.id]:
            item = p.item
            mark = " **(mandatory)**" if item.mandatory else ""
            refs = "; ".join(f"{r.standard} {r.clause}" for r in item.see_also)
            clause = item.clause or ""
            if refs:
                clause = f"{clause} (see {refs})" if clause else f"see {refs}"
            when = "; ".join(condition_words(node.applies_when) for node in (*p.groups, item)
                             if node.applies_when is not None)
            out.append(f"| `{item.id}` | {_cell(clause)} | {_cell(item.text.en)}{mark} | "
                       f"{_cell(item.text.vi)} |" + (f" {_number(p.weight)} |" if points else "")
                       + (f" {_cell(when) or 'always'} |" if conditional else ""))
        out.append("")
    return out


def markdown(checklist: Checklist) -> str:
    """A reference page for a checklist: what it covers, how it scores, what each level needs."""
    cl = checklist
    out = [f"# {cl.title.en}", "", f"*{cl.title.vi}*", "", *_summary(cl)]
    if cl.description:
        out += [cl.description.en, "", f"*{cl.description.vi}*", ""]
    out += ["## Scale", "", "| value | label | nhãn | descriptor |", "|---|---|---|---|"]
    out += [f"| {p.value} | {_cell(p.label.en)} | {_cell(p.label.vi)} | "
            f"{_cell(p.descriptor.en)} |" for p in cl.scale.points]
    points = cl.scoring.show_points
    out += ["", "## Sections", "", "| id | section | phần | items | mandatory |"
            + (" points |" if points else ""), "|---|---|---|---|---|" + ("---|" if points else "")]
    for section in cl.sections:
        placed = cl.by_section[section.id]
        out.append(f"| `{section.id}` | {_cell(section.title.en)} | {_cell(section.title.vi)} | "
                   f"{len(placed)} | {sum(1 for p in placed if p.item.mandatory)} |"
                   + (f" {_number(sum(p.weight for p in placed))} |" if points else ""))
    out += ["", *_items(cl), *_bands(cl)]
    out += ["## Levels", "", "| level | name | tên | gates |", "|---|---|---|---|"]
    for level in cl.maturity.levels:
        gates = "; ".join(gate_words(g, "en") for g in level.gates) or "—"
        out.append(f"| {level.level} | {_cell(level.name.en)} | {_cell(level.name.vi)} | "
                   f"{_cell(gates)} |")
    out.append("")
    if any(p.item.mandatory for p in cl.placed):
        out += [f"A failed mandatory item caps the level at {cl.maturity.cap}.", ""]
    if cl.recognition:
        out += ["## Recognition", ""]
        out += [f"- {rule_words(tier, rule, 'en')}" for tier, rule in cl.recognition.items()]
        out.append("")
    return "\n".join(out)
