"""Signing a certificate PDF as a whole (PAdES, ETSI EN 319 142) with pyHanko.

A signature over the whole file is what every PDF reader checks and what breaks on any change
after signing — an added annotation, a redrawn page, one flipped byte. The certificate is signed
with the issuer's own key (the one the trust list names), from a key folder or a PKCS#11 token,
with its X.509 certificate and chain; with a timestamp authority the signature is PAdES B-T.
The visible field on the page names the issuer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gembakit.base.errors import refuse
from gembakit.base.threads import outside_event_loop

FIELD = "gembakit-signature"
# Where the signature field sits on the A4 landscape page (points, origin bottom left): the
# signature block of templates/certificate.css (right 12 mm and bottom 8 mm inside the 10 mm page
# margin, 72 × 22 mm).
_MM = 72 / 25.4
BOX = (round((297 - 10 - 12 - 72) * _MM), round((10 + 8) * _MM),
       round((297 - 10 - 12) * _MM), round((10 + 8 + 22) * _MM))


@dataclass(frozen=True, slots=True)
class PdfSigner:
    """What signs the PDF: pyHanko's signer object and the name shown in the field."""

    signer: Any  # pyhanko.sign.signers.Signer
    name: str


def file_signer(folder: Path, name: str, passphrase: bytes | None = None) -> PdfSigner:
    """A key folder's private key, ``certificate.pem`` and optional ``chain.pem``."""
    from pyhanko.sign import signers

    chain = [str(folder / "chain.pem")] if (folder / "chain.pem").is_file() else None
    loaded = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]  # pyHanko's own
        str(folder / "private-key.pem"),
                                       str(folder / "certificate.pem"), ca_chain_files=chain,
                                       key_passphrase=passphrase)
    if loaded is None:
        raise refuse("key.certificate", "the key folder needs certificate.pem (an X.509 "
                     "certificate for this key) to sign PDFs", file=str(folder))
    return PdfSigner(loaded, name)


def token_signer(session: Any, key_label: str, name: str,
                 cert_label: str | None = None) -> PdfSigner:
    """The token's key and the X.509 certificate stored beside it (same label by default)."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    try:
        # Hash here and let the token sign the digest (CKM_ECDSA): every token supports it,
        # not every one the combined mechanisms.
        signer = PKCS11Signer(session, cert_label=cert_label or key_label, key_label=key_label,
                              use_raw_mechanism=True)
        signer.signing_cert  # noqa: B018 - read now, so a missing certificate is refused here
    except Exception:  # pyHanko wraps the token's errors in several kinds
        raise refuse("token.certificate", "no X.509 certificate labelled '{label}' on the "
                     "token", label=cert_label or key_label) from None
    return PdfSigner(signer, name)


def _container_size(signer: Any) -> int:
    certificates = [signer.signing_cert, *(signer.cert_registry or ())]
    size = sum(len(c.dump()) for c in certificates if c is not None) + 4096
    return size + size % 2  # pyHanko reserves whole hex pairs


def sign_pdf(pdf: bytes, signer: PdfSigner, *, reason: str, tsa_url: str | None = None) -> bytes:
    """``pdf`` signed as a whole, with a visible field naming the issuer."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec(
        sig_field_name=FIELD, on_page=0, box=BOX))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, name=signer.name)
    # The field is drawn over the page's signature block, which already names the issuer and
    # says the certificate is digitally signed, in both languages and the page's own font; the
    # appearance itself stays transparent (pyHanko's text stamp cannot shape Vietnamese well).
    style = TextStampStyle(stamp_text="", border_width=0, background=None)
    stamper = timestamps.HTTPTimeStamper(tsa_url, timeout=20) if tsa_url else None
    pdf_signer = signers.PdfSigner(meta, signer=signer.signer, stamp_style=style,
                                   timestamper=stamper)
    # Without a timestamp the signature's size is known: the certificates it carries and a
    # fixed part (signed attributes, an ECDSA or RSA signature). Reserving it saves pyHanko a
    # dry-run signature (about a third of the time signing takes); with a timestamp the token's
    # size is the authority's, so pyHanko estimates.
    reserved = None if tsa_url else _container_size(signer.signer)
    try:
        out = outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=reserved))
    except timestamps.TimestampRequestError as exc:
        raise refuse("certify.tsa", "the timestamp authority {url} did not answer: {reason}",
                     url=tsa_url, reason=str(exc)[:200]) from None
    return bytes(out.getbuffer())
