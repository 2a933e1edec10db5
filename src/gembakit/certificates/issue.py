"""Turning an eligible assessment into a signed certificate."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from gembakit.certificates.eligibility import Assessed, add_months, unmet
from gembakit.certificates.keys import SigningKey
from gembakit.certificates.payload import (
    ChecklistRef,
    IssuerRef,
    OrganisationRef,
    Payload,
    canonical,
    compact,
)
from gembakit.checklists.maturity import Tier
from gembakit.checklists.model import Checklist
from gembakit.errors import InputError, input_error

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread from paper


class Certificate(NamedTuple):
    payload: Payload
    text: str  # the compact signed form (GK1.…), as in the QR code


def new_serial(tier: Tier, issued: dt.date) -> str:
    code = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"GK-{tier[0].upper()}{issued.year}-{code[:5]}-{code[5:]}"


def _percent(value: float | None) -> int:
    return round(value) if value is not None else 0


def certify(assessed: Assessed, checklist: Checklist, key: SigningKey, *,
            assessment_bytes: bytes, consultant: Assessed | None = None,
            issued: dt.date | None = None, serial: str | None = None) -> Certificate:
    """Check eligibility, then build and sign the certificate.

    Raises :class:`InputError` listing every unmet condition, or when the key may not sign the
    assessment's tier.
    """
    a, r = assessed
    tier = a.assessor.tier
    if tier not in key.issuer.tiers:
        raise input_error(
            f"the key of {key.issuer.name} may sign only {', '.join(key.issuer.tiers)}; "
            f"this is a {tier} assessment",
            f"khóa của {key.issuer.name} chỉ được ký {', '.join(key.issuer.tiers)}; đây là "
            f"đánh giá {tier}")
    problems = unmet(assessed, checklist, tier, consultant)
    if problems:
        raise InputError(tuple(problems))
    rule = checklist.recognition[tier]
    day = issued or dt.date.today()
    surveillance = tuple(add_months(day, m) for m in
                         range(rule.surveillance_months, rule.validity_months,
                               rule.surveillance_months)) if rule.surveillance_months else ()
    org = a.organisation
    payload = Payload(
        id=serial or new_serial(tier, day),
        tier=tier,
        organisation=OrganisationRef(name=org.name, tax_code=org.tax_code,
                                     province=org.province),
        site=a.site.name,
        checklist=ChecklistRef(id=checklist.id, version=checklist.version,
                               title=checklist.title),
        level=r.level,
        level_name=r.level_name or checklist.maturity.levels[0].name,
        score=_percent(r.overall.percentage),
        sections={s.id: _percent(s.figure.percentage) for s in r.sections},
        assessment_sha256=hashlib.sha256(assessment_bytes).hexdigest(),
        assessment_date=a.date,
        assessor=f"{a.assessor.name} ({a.assessor.organisation})",
        issuer=IssuerRef(name=key.issuer.name, key_id=key.issuer.key_id),
        issued=day,
        expires=add_months(day, rule.validity_months),
        surveillance=surveillance,
    )
    signed = canonical(payload)
    return Certificate(payload, compact(signed, key.sign(signed)))


def assessed_file(path: object) -> tuple[Assessed, Checklist, bytes]:
    """Read, validate and score an assessment file for certification."""
    from pathlib import Path

    from gembakit.assessments.files import check_file
    from gembakit.errors import errors_only
    from gembakit.scoring.engine import score

    source = Path(str(path))
    loaded, checklist, problems = check_file(source)
    errors = errors_only(problems)
    if errors:
        raise InputError(tuple(errors))
    result = score(loaded.assessment, checklist, check=False)
    return Assessed(loaded.assessment, result), checklist, source.read_bytes()
