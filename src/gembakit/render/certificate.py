"""A signed certificate as an A4 landscape PDF: the statements in both languages, and a QR code a
phone camera opens as the verifier page with the certificate after ``#``.

The QR code is drawn as one vector path (crisp at any zoom or print resolution, and cheap for
WeasyPrint: a single filled path), with the 4-module quiet zone the standard asks for and the
serial printed beside it. Its URL part is encoded in byte mode and the certificate in the dense
alphanumeric mode Base45 was designed for.
"""

from __future__ import annotations

import base64
import io
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
from gembakit.checklists.describe import points_text

QUIET = 4  # modules of quiet zone around the code (ISO/IEC 18004)
MODULE_MM = 0.7  # printed size of one module: read by zbar from a page scanned at 100 dpi
MODULE_PX = 4  # image pixels per module; the page shows them unsmoothed (image-rendering)
ATTACHMENT = "certificate.gk2.txt"


@dataclass(frozen=True, slots=True)
class QrCode:
    """The QR code as a small PNG of exact square modules.

    A PNG rather than SVG paths: WeasyPrint parses an SVG path number by number in Python, and a
    version-19 code's paths cost more than the rest of the page. Shown with
    ``image-rendering: pixelated`` the PDF marks the image not to be interpolated, so viewers and
    printers draw the same sharp squares a vector would (and zbar reads it at 72-150 dpi).
    """

    png: bytes
    version: int
    modules: int
    size_mm: float
    characters: int

    @property
    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def qr_code(certificate_text: str, verifier_url: str) -> QrCode:
    """The QR code of ``<verifier_url>#<certificate>``: the URL in byte mode, the certificate in
    alphanumeric mode (Base45 was made for it)."""
    import segno
    from segno.consts import MODE_ALPHANUMERIC, MODE_BYTE

    base = verifier_url.split("#", maxsplit=1)[0] + "#"
    text = fragment(certificate_text)
    # segno takes a list of (content, mode) segments, though its annotations say otherwise
    code = segno.make([(base, MODE_BYTE), (text, MODE_ALPHANUMERIC)],  # type: ignore[arg-type]
                      error="m", micro=False)
    size = int(code.symbol_size(border=0)[0])
    out = io.BytesIO()
    code.save(out, kind="png", scale=MODULE_PX, border=QUIET, dark="#111827")
    version = int(code.version) if str(code.version).isdigit() else 0
    return QrCode(out.getvalue(), version, size, round((size + 2 * QUIET) * MODULE_MM, 1),
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
    qr_src: str  # a data: URL of the PNG
    qr_mm: float


def _value(value: str | Message, lang: str) -> str:
    return value.text(lang) if isinstance(value, Message) else value


def _shown(key: str, value: str | Message, certificate: Certificate, lang: str) -> str:
    """A signed statement in words; points as the checklist counts them are grouped by
    thousands on paper (600 of 1,000 points), in the words the verifier uses."""
    p = certificate.payload
    if key == "score" and p.points is not None:
        return tr(lang, "{score} % · {points} of {maximum} points", score=p.score,
                  points=points_text(p.points[0], lang), maximum=points_text(p.points[1], lang))
    return _value(value, lang)


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
                    value=_shown(f.key, f.value, certificate, lang))
               for f in shown_fields(p) if f.key not in ("organisation", "tier")],
        serial=p.id, issuer=p.issuer,
        scan=tr(lang, "Scan with a phone camera to check this certificate"),
        scan_other=tr(other, "Scan with a phone camera to check this certificate"),
        signed=tr(lang, "Digitally signed: any change to this file breaks the signature"),
        signed_other=tr(other, "Digitally signed: any change to this file breaks the signature"),
        qr_src=qr.data_url, qr_mm=qr.size_mm)


def certificate_html(certificate: Certificate, *, lang: str, verifier_url: str,
                     checklist_title: Text | None = None, disclaimer: Message | None = None,
                     template_dirs: Sequence[Path | str] = ()) -> str:
    view = certificate_view(certificate, lang=lang, verifier_url=verifier_url,
                            checklist_title=checklist_title, disclaimer=disclaimer)
    return _html(view, template_dirs)


def _html(view: CertificateView, template_dirs: Sequence[Path | str]) -> str:
    from gembakit.render.html import render_html

    return render_html(view, "certificate.html.j2", template_dirs)


def certificate_pdf(certificate: Certificate, *, lang: str, verifier_url: str,
                    checklist_title: Text | None = None, disclaimer: Message | None = None,
                    template_dirs: Sequence[Path | str] = ()) -> bytes:
    """The certificate PDF, not yet signed; the certificate text is embedded as a file."""
    from gembakit.render.pdf import write_pdf

    view = certificate_view(certificate, lang=lang, verifier_url=verifier_url,
                            checklist_title=checklist_title, disclaimer=disclaimer)
    return write_pdf(_html(view, template_dirs), own_images=[view.qr_src],
                     attachments=[(ATTACHMENT, certificate.text.encode("ascii"),
                                   "gembakit signed certificate (GK2)")])
