"""Turning an eligible assessment into a signed certificate."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gembakit.assessments.files import check_file
from gembakit.base.errors import InputError, errors_only, refuse
from gembakit.base.models import Tier
from gembakit.certificates import cose
from gembakit.certificates.eligibility import Assessed, add_months, unmet
from gembakit.certificates.keys import COSE_ALG, Signer
from gembakit.certificates.payload import Payload, to_claims, too_long
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread from paper
SERIAL_PREFIX: dict[str, str] = {"self": "SD", "consultant": "CA", "state": "SR"}


@dataclass(frozen=True, slots=True)
class Certificate:
    payload: Payload
    text: str  # GK2:…, as in the QR code


def new_serial(tier: Tier, issued: dt.date) -> str:
    code = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"GK-{SERIAL_PREFIX[tier]}{issued.year}-{code[:5]}-{code[5:]}"


def _whole(value: float | None) -> int:
    """A figure as a certificate carries it: whole, rounded down, so a certificate never shows
    a threshold the assessment did not reach (79.6 % is 79, 599.5 points 599); the tiny
    allowance absorbs floating-point sums such as 79.99999999."""
    return math.floor(value + 1e-9) if value is not None else 0


def sign_payload(payload: Payload, signer: Signer) -> str:
    """The certificate text: CWT claims signed in a COSE_Sign1 envelope."""
    import cbor2

    claims = cbor2.dumps(to_claims(payload), canonical=True)
    protected = cose.protected_header(COSE_ALG[signer.alg], signer.kid)
    protected_bytes = cbor2.dumps(protected, canonical=True)
    signature = signer.sign(cose.sig_structure(protected_bytes, claims))
    return cose.encode(protected, claims, signature)


def certify(assessed: Assessed, checklist: Checklist, signer: Signer, *,
            may_sign: Sequence[str], assessment_bytes: bytes,
            consultant: Assessed | None = None, issued: dt.date | None = None,
            serial: str | None = None) -> Certificate:
    """Check eligibility, then build and sign the certificate.

    ``may_sign`` are the tiers the signer's key may sign (from its trust-list entry). Raises
    :class:`InputError` listing every unmet condition, when the key may not sign the
    assessment's tier, or when a text is too long for a certificate.
    """
    a, r = assessed
    tier = a.assessor.tier
    if tier not in may_sign:
        raise refuse("certify.tier", "the key of {issuer} may sign only {tiers}; this is a "
                     "{tier} assessment", issuer=signer.name, tiers=", ".join(may_sign),
                     tier=tier)
    problems = unmet(assessed, checklist, tier, consultant)
    if problems:
        raise InputError(problems)
    rule = checklist.recognition[tier]
    day = issued or dt.date.today()
    surveillance = tuple(add_months(day, m) for m in
                         range(rule.surveillance_months, rule.validity_months,
                               rule.surveillance_months)) if rule.surveillance_months else ()
    org = a.organisation
    points = ((_whole(r.overall.points), round(r.overall.max_points))
              if checklist.scoring.show_points else None)
    payload = Payload(
        id=serial or new_serial(tier, day), tier=tier, organisation=org.name,
        tax_code=org.tax_code, province=org.province, site=a.site.name,
        checklist=checklist.id, checklist_version=checklist.version, level=r.level,
        level_name=r.level_name or checklist.maturity.levels[0].name,
        score=_whole(r.overall.percentage), points=points,
        sections={s.id: _whole(s.figure.percentage) for s in r.sections},
        assessment_sha256=hashlib.sha256(assessment_bytes).digest(), assessment_date=a.date,
        assessor=f"{a.assessor.name} ({a.assessor.organisation})", issuer=signer.name,
        issued=day, expires=add_months(day, rule.validity_months), surveillance=surveillance)
    long = too_long(payload)
    if long:
        raise InputError(long)
    return Certificate(payload, sign_payload(payload, signer))


def assessed_file(path: Path) -> tuple[Assessed, Checklist, bytes]:
    """Read, validate and score an assessment file for certification."""
    loaded, checklist, problems = check_file(path)
    errors = errors_only(problems)
    if errors:
        raise InputError(errors)
    result = score(loaded.assessment, checklist, check=False)
    return Assessed(loaded.assessment, result), checklist, path.read_bytes()
