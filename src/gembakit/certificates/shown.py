"""What a certificate shows a person: one definition for the PDF, ``gembakit verify`` and the
verifier page's labels, so the paper and every check name the same fields in the same words."""

from __future__ import annotations

from dataclasses import dataclass

from gembakit.base.messages import N_, Message, msg
from gembakit.base.vocabulary import TIER_WORDS
from gembakit.certificates.payload import Payload

TITLES = {
    "self": N_("Self-declaration of improvement practice"),
    "consultant": N_("Certificate of independent assessment"),
    "state": N_("Certificate of recognition"),
}
NOTES = {
    "self": N_("Declared by the enterprise itself; not verified by a third party."),
    "consultant": N_("Assessed on site by an independent consulting organisation."),
    "state": N_("Confirmed and recognised by a state agency."),
}


@dataclass(frozen=True, slots=True)
class Shown:
    key: str
    label: Message
    value: str | Message


def shown_fields(p: Payload) -> list[Shown]:
    """The signed statements a person compares with the paper, in the order shown."""
    rows = [Shown("serial", msg("Serial"), p.id),
            Shown("tier", msg("Tier"), Message(TIER_WORDS[p.tier])),
            Shown("organisation", msg("Organisation"), p.organisation)]
    if p.tax_code:
        rows.append(Shown("tax_code", msg("Tax code"), p.tax_code))
    rows.append(Shown("site", msg("Site"), p.site + (f", {p.province}" if p.province else "")))
    rows += [Shown("checklist", msg("Checklist"), f"{p.checklist} {p.checklist_version}"),
             Shown("level", msg("Level"), msg("{level} · {name}", level=p.level,
                                              name=p.level_name)),
             Shown("score", msg("Overall score"), _score(p)),
             Shown("sections", msg("Sections"),
                   ", ".join(f"{k} {v} %" for k, v in p.sections.items())),
             Shown("assessed", msg("Assessed"), f"{p.assessment_date.isoformat()} · {p.assessor}"),
             Shown("issued", msg("Issued"), p.issued.isoformat()),
             Shown("expires", msg("Valid until"), p.expires.isoformat())]
    if p.surveillance:
        rows.append(Shown("surveillance", msg("Surveillance"),
                          ", ".join(d.isoformat() for d in p.surveillance)))
    rows.append(Shown("issuer", msg("Issued by"), p.issuer))
    return rows


def _score(p: Payload) -> str | Message:
    if p.points is not None:
        return msg("{score} % · {points} of {maximum} points", score=p.score,
                   points=p.points[0], maximum=p.points[1])
    return f"{p.score} %"
