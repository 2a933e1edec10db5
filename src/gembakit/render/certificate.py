"""A signed certificate as an A4 landscape PDF: the statements in both languages, and a QR code a
phone camera opens as the verifier page with the certificate after ``#``.

The QR code is drawn as one vector path (crisp at any zoom or print resolution, and cheap for
WeasyPrint: a single filled path), with the 4-module quiet zone the standard asks for and the
serial printed beside it. Its URL part is encoded in byte mode and the certificate in the dense
alphanumeric mode Base45 was designed for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gembakit.base.messages import Message, tr
from gembakit.base.models import Text
from gembakit.base.vocabulary import TIER_WORDS
from gembakit.certificates.issue import Certificate
from gembakit.certificates.shown import NOTES, TITLES, shown_fields
from gembakit.certificates.verify import fragment

QUIET = 4  # modules of quiet zone around the code (ISO/IEC 18004)
MODULE_MM = 0.7  # printed size of one module: read by zbar from a page scanned at 100 dpi
ATTACHMENT = "certificate.gk2.txt"


@dataclass(frozen=True, slots=True)
class QrCode:
    svg: str
    version: int
    modules: int
    size_mm: float
    characters: int


def qr_code(certificate_text: str, verifier_url: str) -> QrCode:
    """The QR code of ``<verifier_url>#<certificate>`` as an SVG of one filled path."""
    import segno
    from segno.consts import MODE_ALPHANUMERIC, MODE_BYTE

    base = verifier_url.split("#", maxsplit=1)[0] + "#"
    text = fragment(certificate_text)
    # segno takes a list of (content, mode) segments, though its annotations say otherwise
    code = segno.make([(base, MODE_BYTE), (text, MODE_ALPHANUMERIC)],  # type: ignore[arg-type]
                      error="m", micro=False)
    size = int(code.symbol_size(border=0)[0])
    runs = []
    for y, row in enumerate(code.matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET} {y + QUIET}h{x - start}v1h{start - x}z")
            else:
                x += 1
    total = size + 2 * QUIET
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}" '
           f'shape-rendering="crispEdges"><rect width="{total}" height="{total}" fill="#fff"/>'
           f'<path fill="#111827" d="{"".join(runs)}"/></svg>')
    version = int(code.version) if str(code.version).isdigit() else 0
    return QrCode(svg, version, size, round(total * MODULE_MM, 1),
                  len(base) + len(text))


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    label_other: str
    value: str


class CertificateView(BaseModel):
    model_config = ConfigDict(frozen=True)

    lang: str
    tier: str
    title: str
    title_other: str
    tier_label: str
    note: str
    note_other: str
    disclaimer: str | None
    disclaimer_other: str | None
    organisation: str
    level: str
    level_other: str
    checklist: str | None
    checklist_other: str | None
    facts: list[Fact]
    serial: str
    issuer: str
    scan: str
    scan_other: str
    signed: str
    signed_other: str
    qr_svg: str
    qr_mm: float


def _value(value: str | Message, lang: str) -> str:
    return value.text(lang) if isinstance(value, Message) else value


def certificate_view(certificate: Certificate, *, lang: str, verifier_url: str,
                     checklist_title: Text | None = None,
                     disclaimer: Message | None = None) -> CertificateView:
    p = certificate.payload
    other = "en" if lang == "vi" else "vi"
    qr = qr_code(certificate.text, verifier_url)
    tier = Message(TIER_WORDS[p.tier])
    return CertificateView(
        lang=lang, tier=p.tier,
        title=tr(lang, TITLES[p.tier]), title_other=tr(other, TITLES[p.tier]),
        tier_label=f"{tier.text('vi').upper()} · {tier.text('en').upper()}",
        note=tr(lang, NOTES[p.tier]), note_other=tr(other, NOTES[p.tier]),
        disclaimer=disclaimer.text(lang) if disclaimer else None,
        disclaimer_other=disclaimer.text(other) if disclaimer else None,
        organisation=p.organisation,
        level=f"{p.level} · {p.level_name.get(lang)}",
        level_other=f"{p.level} · {p.level_name.get(other)}",
        checklist=checklist_title.get(lang) if checklist_title else None,
        checklist_other=checklist_title.get(other) if checklist_title else None,
        facts=[Fact(key=f.key, label=f.label.text(lang), label_other=f.label.text(other),
                    value=_value(f.value, lang))
               for f in shown_fields(p) if f.key not in ("organisation", "tier")],
        serial=p.id, issuer=p.issuer,
        scan=tr(lang, "Scan with a phone camera to check this certificate"),
        scan_other=tr(other, "Scan with a phone camera to check this certificate"),
        signed=tr(lang, "Digitally signed: any change to this file breaks the signature"),
        signed_other=tr(other, "Digitally signed: any change to this file breaks the signature"),
        qr_svg=qr.svg, qr_mm=qr.size_mm)


def certificate_html(certificate: Certificate, *, lang: str, verifier_url: str,
                     checklist_title: Text | None = None, disclaimer: Message | None = None,
                     template_dirs: Sequence[Path | str] = ()) -> str:
    from gembakit.render.html import render_html

    view = certificate_view(certificate, lang=lang, verifier_url=verifier_url,
                            checklist_title=checklist_title, disclaimer=disclaimer)
    return render_html(view, "certificate.html.j2", template_dirs)


def certificate_pdf(certificate: Certificate, *, lang: str, verifier_url: str,
                    checklist_title: Text | None = None, disclaimer: Message | None = None,
                    template_dirs: Sequence[Path | str] = ()) -> bytes:
    """The certificate PDF, not yet signed; the certificate text is embedded as a file."""
    from gembakit.render.pdf import write_pdf

    html = certificate_html(certificate, lang=lang, verifier_url=verifier_url,
                            checklist_title=checklist_title, disclaimer=disclaimer,
                            template_dirs=template_dirs)
    return write_pdf(html, attachments=[(ATTACHMENT, certificate.text.encode("ascii"),
                                         "gembakit signed certificate (GK2)")])
