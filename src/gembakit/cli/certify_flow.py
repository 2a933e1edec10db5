"""``gembakit certify`` from end to end: key, trust list, eligibility, signature, PDF, register.

Everything is built in memory first; files are written only when every step succeeded, so a
refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gembakit.base.messages import Message, msg
from gembakit.base.safe_io import write_atomic
from gembakit.certificates.issue import Certificate, assessed_file, certify
from gembakit.certificates.keys import load_key
from gembakit.certificates.register import Register
from gembakit.certificates.trust import load_root, load_trust, signer_entry
from gembakit.checklists.model import Checklist


def disclaimer(checklist: Checklist) -> Message | None:
    """An assessment against a certifiable standard says plainly it is not that certification."""
    if checklist.standard.certification:
        return msg("An assessment against {standard}; not a certification to {standard} by an "
                   "accredited certification body.", standard=checklist.standard.name)
    return None


def issue_certificate(assessment: Path, *, key: Path, trust: Path, root: Path,
                      output: Path | None, consultant: Path | None, register: Path | None,
                      passphrase: bytes | None, issued: dt.date | None,
                      lang: str) -> tuple[Path, Certificate]:
    from gembakit.render.certificate import certificate_pdf

    signer = load_key(key, passphrase)
    trusted = load_trust(trust, load_root(root))
    may_sign, url = signer_entry(signer, trusted, trust)
    assessed, checklist, raw = assessed_file(assessment)
    other = assessed_file(consultant)[0] if consultant else None
    cert = certify(assessed, checklist, signer, may_sign=may_sign, assessment_bytes=raw,
                   consultant=other, issued=issued)
    pdf = certificate_pdf(cert, lang=lang, verifier_url=url, checklist_title=checklist.title,
                          disclaimer=disclaimer(checklist))
    target = output or assessment.with_suffix(".certificate.pdf")
    if register:
        with Register(register) as book:
            book.add(cert, by=signer.name)
    write_atomic(target, pdf)
    write_atomic(target.with_suffix(".gk2.txt"), cert.text + "\n")
    return target, cert
