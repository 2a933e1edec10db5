"""A checklist's rules in words: gates, levels and recognition, for people reading a checklist."""

from __future__ import annotations

from gembakit._words import GRADE_WORDS, number
from gembakit.checklists.maturity import (
    AnsweredMin,
    EverySectionMin,
    Gate,
    MandatoryAnswered,
    MaxFindings,
    NoFailedMandatory,
    OverallMin,
    SectionsMin,
    TierRule,
)
from gembakit.checklists.model import Checklist
from gembakit.errors import Lang


def gate_words(gate: Gate, lang: Lang) -> str:
    vi = lang == "vi"
    value = number(gate.value, lang) if isinstance(gate, OverallMin | EverySectionMin
                                                   | SectionsMin | AnsweredMin) else ""
    if isinstance(gate, MaxFindings):
        en_words, vi_words = GRADE_WORDS[gate.grade]
        return f"tối đa {gate.value} {vi_words}" if vi else f"at most {gate.value} {en_words}"
    words: dict[type, tuple[str, str]] = {
        OverallMin: (f"overall ≥ {value} %", f"tổng điểm ≥ {value} %"),
        EverySectionMin: (f"every section ≥ {value} %", f"mọi phần ≥ {value} %"),
        SectionsMin: (f"{', '.join(getattr(gate, 'sections', ()))} ≥ {value} %",) * 2,
        NoFailedMandatory: ("no failed mandatory item", "không có tiêu chí bắt buộc không đạt"),
        MandatoryAnswered: ("every mandatory item answered", "mọi tiêu chí bắt buộc đã trả lời"),
        AnsweredMin: (f"≥ {value} % of items answered", f"đã trả lời ≥ {value} % tiêu chí"),
    }
    en, vi_text = words[type(gate)]
    return vi_text if vi else en


def rule_words(tier: str, rule: TierRule, lang: Lang) -> str:
    def w(en: str, vi: str) -> str:
        return vi if lang == "vi" else en

    months, days = w("months", "tháng"), w("days", "ngày")
    parts = [w(f"level ≥ {rule.min_level}", f"cấp độ ≥ {rule.min_level}"),
             w("valid", "hiệu lực") + f" {rule.validity_months} {months}"]
    if rule.surveillance_months:
        parts.append(w("surveillance every", "giám sát mỗi")
                     + f" {rule.surveillance_months} {months}")
    if rule.consultant_max_age_days:
        parts.append(w("needs a consultant assessment no older than",
                       "cần đánh giá của tư vấn trong vòng")
                     + f" {rule.consultant_max_age_days} {days}")
    if rule.no_failed_mandatory:
        parts.append(w("no failed mandatory item", "không có tiêu chí bắt buộc không đạt"))
    if rule.no_major_findings:
        parts.append(w("no major nonconformity", "không có điểm không phù hợp nặng"))
    if rule.mandatory_items:
        parts.append(w("also required", "phải đạt thêm") + ": " + ", ".join(rule.mandatory_items))
    return f"{tier}: " + "; ".join(parts)


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
        placed = [p for p in cl.placed if p.section is section]
        out.append(f"| `{section.id}` | {_cell(section.title.en)} | {_cell(section.title.vi)} | "
                   f"{len(placed)} | {sum(1 for p in placed if p.item.mandatory)} |")
    out += ["", "## Items", ""]
    for section in cl.sections:
        out += [f"### {section.title.en}", "", "| id | clause | item | tiêu chí |",
                "|---|---|---|---|"]
        for p in cl.placed:
            if p.section is not section:
                continue
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
