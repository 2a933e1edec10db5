"""``gembakit certify`` from end to end: key, trust list, eligibility, signatures, PDF, register.

Everything is built in memory first; files are written only when every step succeeded, so a
refusal leaves nothing behind. The same key signs the certificate payload and the PDF: a key
folder's, or a PKCS#11 token's (whose private key never leaves it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import Message
from gembakit.base.safe_io import write_atomic
from gembakit.certificates.issue import Certificate, assessed_file, certify
from gembakit.certificates.keys import Signer, b64url, load_key
from gembakit.certificates.token import TokenKey
from gembakit.certificates.trust import TrustList, load_root, load_trust, signer_entry
from gembakit.checklists.describe import certification_disclaimer
from gembakit.checklists.model import Checklist
from gembakit.registry.certificates import Register
from gembakit.registry.db import Database
from gembakit.registry.eligibility import consultant_problems
from gembakit.render.signing import file_signer, token_signer


@dataclass(frozen=True, slots=True)
class Token:
    """Where a token key is: the PKCS#11 module, the token's label, the key's label, the PIN."""

    module: str
    label: str
    key_label: str
    pin: str
    cert_label: str | None = None


def open_named_token(token: Token, trusted: TrustList) -> TokenKey:
    """The token's key, named as the trust list names it (the name its signatures carry)."""
    from gembakit.certificates.token import open_token

    key = open_token(token.module, token.label, token.key_label, token.pin)
    entry = trusted.find(b64url(key.kid))
    key.name = entry.name if entry is not None else ""
    return key


def disclaimer(checklist: Checklist) -> Message | None:
    """An assessment against a certifiable standard says plainly it is not that certification
    (the one wording reports use too)."""
    return certification_disclaimer(checklist)


def issue_certificate(assessment: Path, *, key: Path | None, trust: Path, root: Path,
                      output: Path | None, consultant: Path | None, database: Database | None,
                      passphrase: bytes | None, issued: dt.date | None, lang: str,
                      token: Token | None = None, tsa_url: str | None = None
                      ) -> tuple[Path, Certificate]:
    from gembakit.render.certificate import certificate_pdf
    from gembakit.render.signing import sign_pdf

    trusted = load_trust(trust, load_root(root))
    session = None
    try:
        signer: Signer
        if token is not None:
            token_key = open_named_token(token, trusted)
            session = token_key
            signer = token_key
        elif key is not None:
            signer = load_key(key, passphrase)
        else:
            raise refuse("certify.no_key", "name the issuer's key: --key FOLDER, or a token with "
                         "--pkcs11 MODULE --token LABEL --key-label LABEL")
        may_sign, url = signer_entry(signer, trusted, trust)
        if token is not None:
            pdf_signer = token_signer(token_key.session, token.key_label, signer.name,
                                      token.cert_label)
        else:
            assert key is not None
            pdf_signer = file_signer(key, signer.name, passphrase)
        assessed, checklist, raw = assessed_file(assessment)
        other = assessed_file(consultant)[0] if consultant else None
        # With a programme database the assessor must be a registered expert; every unmet
        # condition is named together with the assessment's own.
        registry = ([p.located(file=str(assessment)) for p in
                     consultant_problems(database, assessed.assessment)]
                    if database is not None and assessed.assessment.assessor.tier == "consultant"
                    else [])
        try:
            cert = certify(assessed, checklist, signer, may_sign=may_sign, assessment_bytes=raw,
                           consultant=other, issued=issued)
        except InputError as exc:
            raise InputError((*exc.problems, *registry)) from None
        if registry:
            raise InputError(tuple(registry))
        pdf = certificate_pdf(cert, lang=lang, verifier_url=url,
                              checklist_title=checklist.title, disclaimer=disclaimer(checklist))
        signed = sign_pdf(pdf, pdf_signer, reason=f"gembakit {cert.payload.id}",
                          tsa_url=tsa_url)
    finally:
        if session is not None:
            session.close()
    target = output or assessment.with_suffix(".certificate.pdf")
    if database is not None:
        industry = assessed.assessment.organisation.industry
        Register(database).add(cert, by=signer.name, industry=industry)
    write_atomic(target, signed)
    write_atomic(target.with_suffix(".gk2.txt"), cert.text + "\n")
    return target, cert
