"""``gembakit verify`` and ``gembakit verifier``: one verdict, in words or JSON.

A trust list that cannot be trusted (unsigned, altered, another root) is itself the verdict:
INVALID, with its own reason — the same answer the verifier page gives.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from gembakit.base.errors import GembakitError, Problem, refuse
from gembakit.base.messages import JSON_LANGUAGES, tr
from gembakit.base.safe_io import parse_json, read_bytes, read_text, write_atomic
from gembakit.certificates.pdf import (
    MAX_PDF,
    PdfSignature,
    certificate_in_pdf,
    pdf_json,
    signer_matches,
)
from gembakit.certificates.revocation import RevocationList, load_revoked, revoked_from_data
from gembakit.certificates.shown import shown_fields
from gembakit.certificates.trust import load_root, load_trust, trust_from_data
from gembakit.certificates.verify import Verdict, verdict
from gembakit.cli.common import emit_json, report_problems

CERTIFICATE_TEXT_LIMIT = 64 * 1024


def certificate_from_file(path: Path) -> str:
    """The certificate text a file holds: a ``.gk2.txt`` or a JSON file with a ``certificate``
    field (a PDF is read by :func:`gembakit.certificates.pdf.certificate_in_pdf`)."""
    source = str(path)
    text = read_text(path, source, limit=CERTIFICATE_TEXT_LIMIT).strip()
    if text.startswith("{"):
        data = parse_json(text, source)
        if not isinstance(data, dict) or not isinstance(data.get("certificate"), str):
            raise refuse("verify.json_field", "a JSON certificate file needs a 'certificate' "
                         "field", file=source)
        return str(data["certificate"])
    return text


def verdict_for(text: str, *, trust: Path, root: Path, revoked: list[Path],
                at: dt.date | None, source: str) -> tuple[Verdict, list[RevocationList]]:
    """The verdict on a certificate text. A trust list or revocation list that fails its checks
    is a reason of the verdict (as on the verifier page); a file that cannot be read at all is
    an input error."""
    root_key = load_root(root)
    trust_data = parse_json(read_text(trust), str(trust))
    lists: list[RevocationList] = []
    list_problems: list[Problem] = []
    try:
        trusted = trust_from_data(trust_data, root_key, str(trust))
    except GembakitError as exc:
        return verdict(text, trust=None, trust_problem=exc.problems[0], at=at,
                       source=source), []
    for path in revoked:
        data = parse_json(read_text(path), str(path))
        try:
            lists.append(revoked_from_data(data, trusted, str(path)))
        except GembakitError as exc:
            list_problems += exc.problems
    return verdict(text, trust=trusted, lists=lists, list_problems=list_problems, at=at,
                   source=source), lists


def verdict_json(verdict: Verdict, lists: list[RevocationList],
                 pdf: PdfSignature | None = None) -> dict[str, Any]:
    p = verdict.payload
    return {"valid": verdict.valid, "codes": list(verdict.codes),
            "pdf_signature": pdf_json(pdf),
            "reasons": [r.to_json() for r in verdict.reasons],
            "certificate": {f.key: (f.value.texts(JSON_LANGUAGES) if hasattr(f.value, "texts")
                                    else f.value) for f in shown_fields(p)} if p else None,
            "kid": verdict.kid,
            "revocation_lists": [{"file": x.source, "signer": x.signer,
                                  "generated": x.generated} for x in lists]}


def verdict_text(verdict: Verdict, lists: list[RevocationList], lang: str,
                 pdf: PdfSignature | None = None) -> str:
    lines = [tr(lang, "VALID") if verdict.valid else tr(lang, "NOT VALID")]
    if pdf is not None:
        lines.append("  " + tr(lang, "PDF signed by {signer} on {at}{stamp}; {coverage}",
                               signer=pdf.signer, at=pdf.signed_at or "?",
                               stamp=f" ({tr(lang, 'timestamp')} {pdf.timestamp})"
                               if pdf.timestamp else "",
                               coverage=tr(lang, "the whole file is signed") if pdf.whole_file
                               else tr(lang, "part of the file is not signed")))
    if verdict.payload is not None:
        for f in shown_fields(verdict.payload):
            value = f.value if isinstance(f.value, str) else f.value.text(lang)
            lines.append(f"  {f.label.text(lang)}: {value}")
    lines += [f"  ✗ {r.text(lang)} [{r.code}]" for r in verdict.reasons]
    lines += ["  " + tr(lang, "revocations checked: list of {date} by {signer}",
                        date=x.generated, signer=x.signer) for x in lists]
    return "\n".join(lines) + "\n"


def run_verify(certificate: Path | None, *, trust: Path, root: Path, qr: str | None,
               revoked: list[Path], at: dt.date | None, as_json: bool, lang: str) -> int:
    """The exit code: 0 valid, 1 not valid or the input is wrong."""
    try:
        if (certificate is None) == (qr is None):
            raise refuse("verify.nothing", "give a certificate file or --qr TEXT (one of them)")
        pdf: PdfSignature | None = None
        pdf_problems: list[Problem] = []
        if qr is not None:
            text, source = qr, "QR"
        else:
            assert certificate is not None
            source = str(certificate)
            if certificate.suffix.lower() == ".pdf":
                text, pdf, pdf_problems = certificate_in_pdf(read_bytes(certificate,
                                                                        limit=MAX_PDF), source)
            else:
                text = certificate_from_file(certificate)
        verdict, lists = verdict_for(text, trust=trust, root=root, revoked=revoked, at=at,
                                     source=source)
    except GembakitError as exc:
        report_problems(exc.problems, lang)
        return 1
    extra = [*pdf_problems, *signer_matches(pdf, verdict.kid)]
    if extra:
        verdict = Verdict(False, verdict.payload, verdict.issuer, (*extra, *verdict.reasons),
                          verdict.kid)
    if as_json:
        emit_json(verdict_json(verdict, lists, pdf))
    else:
        sys.stdout.write(verdict_text(verdict, lists, lang, pdf))
    return 0 if verdict.valid else 1


def write_verifier(folder: Path, *, trust: Path, root: Path, revoked: list[Path],
                   built: dt.date | None = None) -> None:
    """The static verifier site: index.html, trust-list.json and the revocation lists."""
    from gembakit.render.verifier import build_page

    root_key = load_root(root)
    trusted = load_trust(trust, root_key)
    for path in revoked:
        load_revoked(path, trusted)  # refuse a list the page would refuse
    trust_doc = json.loads(read_text(trust))
    lists = [json.loads(read_text(path)) for path in revoked]
    page = build_page(trust_doc, root_key.model_dump(mode="json"), lists,
                      built=built or dt.date.today())
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "trust-list.json", json.dumps(trust_doc, ensure_ascii=False,
                                                        indent=2) + "\n")
    for i, data in enumerate(lists, start=1):
        write_atomic(folder / f"revoked-{i}.json", json.dumps(data, ensure_ascii=False,
                                                              indent=2) + "\n")
    write_atomic(folder / "index.html", page)
