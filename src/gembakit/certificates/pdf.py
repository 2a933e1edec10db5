"""Checking a certificate PDF: its signature over the whole file, then the certificate it carries.

The page's text is never read: any edit after signing — an added annotation, an incremental
update, a redrawn page, one changed byte — breaks the PDF signature or leaves bytes it does not
cover, and a page drawn anew carries no signature at all. The PDF must be signed by the same key
that signed the certificate inside it (the key the trust list gives the issuer), so a valid
certificate text cannot be wrapped in another issuer's PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from gembakit.base.errors import Problem, problem, refuse
from gembakit.base.threads import outside_event_loop
from gembakit.certificates.keys import PublicKey, b64url, key_id

ATTACHMENT = "certificate.gk2.txt"
MAX_PDF = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PdfSignature:
    """What a PDF reader shows of the signature, and what it proves."""

    field: str
    signer: str  # the certificate's subject
    issuer: str  # who issued the signer's certificate
    kid: str  # the signing key's id, as the trust list writes it
    signed_at: str | None
    timestamp: str | None  # an RFC 3161 timestamp's time, when there is one
    whole_file: bool
    intact: bool


def _attachment(raw: bytes, source: str) -> str:
    import pypdf

    try:
        found = pypdf.PdfReader(io.BytesIO(raw)).attachments.get(ATTACHMENT)
    except Exception:  # pypdf raises many kinds for a damaged file; all mean the same here
        raise refuse("pdf.unreadable", "not a readable PDF", file=source) from None
    if not found:
        raise refuse("pdf.no_certificate", "carries no gembakit certificate", file=source)
    try:
        return found[0].decode("ascii")
    except UnicodeDecodeError:
        raise refuse("pdf.no_certificate", "carries no gembakit certificate", file=source) from None


def _public(certificate: Any) -> PublicKey | None:
    """The public key of an asn1crypto certificate, as a cryptography key."""
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    key = load_der_public_key(certificate.public_key.dump())
    return key if hasattr(key, "public_bytes") else None  # type: ignore[return-value]


def _common_name(name: Any) -> str:
    native = name.native
    return str(native.get("common_name") or name.human_friendly)


def read_signature(raw: bytes, source: str) -> tuple[PdfSignature | None, list[Problem]]:
    """The PDF signature, checked for integrity and coverage (not yet against a trust list)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.general import ValueErrorWithMessage
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(raw), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # pyHanko's parser on a damaged file: all mean the same to the user
        return None, [problem("pdf.unsigned", "the PDF cannot be read as a signed PDF: it is "
                              "not a certificate as issued", file=source)]
    if not signatures:
        return None, [problem("pdf.unsigned", "the PDF is not signed: it is not a certificate "
                              "as issued (a redrawn or re-saved page loses the signature)",
                              file=source)]
    if len(signatures) > 1:
        return None, [problem("pdf.changed", "the PDF was changed after it was signed (it holds "
                              "{n} signatures)", file=source, n=len(signatures))]
    signed = signatures[0]
    signer_cert = signed.signer_cert
    context = ValidationContext(trust_roots=[signer_cert], allow_fetching=False)
    try:
        status = outside_event_loop(
            lambda: validate_pdf_signature(signed, signer_validation_context=context))
    except (SignatureValidationError, ValueErrorWithMessage, ValueError, TypeError, KeyError):
        return None, [problem("pdf.changed", "the PDF was changed after it was signed (its "
                              "signature no longer matches)", file=source)]
    public = _public(signer_cert)
    stamp = status.timestamp_validity
    info = PdfSignature(
        field=str(signed.field_name), signer=_common_name(signer_cert.subject),
        issuer=_common_name(signer_cert.issuer),
        kid=b64url(key_id(public)) if public is not None else "?",
        signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
        timestamp=stamp.timestamp.isoformat() if stamp is not None else None,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        intact=bool(status.intact and status.valid))
    problems = []
    if not info.intact:
        problems.append(problem("pdf.changed", "the PDF was changed after it was signed (its "
                                "signature no longer matches)", file=source))
    elif not info.whole_file:
        problems.append(problem("pdf.changed", "the PDF was changed after it was signed (bytes "
                                "were added after the signature)", file=source))
    return info, problems


def certificate_in_pdf(raw: bytes, source: str) -> tuple[str, PdfSignature | None,
                                                          list[Problem]]:
    """The certificate text a PDF carries, its PDF signature and what is wrong with it."""
    text = _attachment(raw, source)
    info, problems = read_signature(raw, source)
    return text, info, problems


def signer_matches(info: PdfSignature | None, certificate_kid: str | None) -> list[Problem]:
    """The PDF must be signed with the key that signed the certificate inside it."""
    if info is None or certificate_kid is None or info.kid == certificate_kid:
        return []
    return [problem("pdf.signer", "the PDF is signed with another key ({kid}) than the "
                    "certificate it carries ({certificate}): it is not the issuer's PDF",
                    kid=info.kid, certificate=certificate_kid)]


def pdf_json(info: PdfSignature | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {"field": info.field, "signer": info.signer, "certificate_issuer": info.issuer,
            "kid": info.kid, "signed_at": info.signed_at, "timestamp": info.timestamp,
            "coverage": "entire file" if info.whole_file else "part of the file",
            "intact": info.intact}

