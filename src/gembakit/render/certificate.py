"""A signed certificate as an A4 landscape PDF: the payload in words, its QR code, and the signed
text embedded as a file, so that both a phone and ``gembakit verify`` can check it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gembakit.certificates.eligibility import TIER_WORDS
from gembakit.certificates.issue import Certificate
from gembakit.certificates.payload import Payload
from gembakit.certificates.verify import ATTACHMENT
from gembakit.errors import Lang

_TITLES = {
    "self": ("Self-declaration of improvement practice", "Tự công bố kết quả cải tiến"),
    "consultant": ("Certificate of independent assessment", "Chứng nhận đánh giá độc lập"),
    "state": ("Certificate of recognition", "Giấy chứng nhận công nhận"),
}
_NOTES = {
    "self": ("Declared by the enterprise itself; not verified by a third party.",
             "Do doanh nghiệp tự công bố; chưa được bên thứ ba xác minh."),
    "consultant": ("Assessed on site by an independent consulting organisation.",
                   "Được tổ chức tư vấn độc lập đánh giá tại hiện trường."),
    "state": ("Confirmed and recognised by a state agency.",
              "Được cơ quan nhà nước xác nhận và công nhận."),
}
_WORDS = {
    "reached": ("has reached", "đã đạt"),
    "level": ("Level", "Cấp độ"),
    "of": ("in the assessment", "theo bộ tiêu chí"),
    "score": ("Overall score", "Điểm tổng"),
    "serial": ("Serial", "Số hiệu"),
    "issued": ("Issued", "Ngày cấp"),
    "expires": ("Valid until", "Có hiệu lực đến"),
    "surveillance": ("Surveillance", "Giám sát định kỳ"),
    "issuer": ("Issued by", "Đơn vị cấp"),
    "site": ("Site", "Địa điểm"),
    "tax": ("Tax code", "Mã số thuế"),
    "signed": ("Digitally signed", "Đã ký số"),
    "scan": ("Scan to verify, or run: gembakit verify",
             "Quét để kiểm tra, hoặc chạy: gembakit verify"),
    "sign_line": ("Authorised signature", "Chữ ký người có thẩm quyền"),
}


class CertificateView(BaseModel):
    model_config = ConfigDict(frozen=True)

    lang: str
    tier: str
    title: str
    title_other: str
    tier_label: str
    note: str
    note_other: str
    words: dict[str, str]
    other: dict[str, str]
    organisation: str
    tax_code: str | None
    province: str | None
    site: str
    level: int
    level_line_vi: str
    level_line_en: str
    checklist: str
    checklist_other: str
    checklist_ref: str
    score: str
    serial: str
    issued: str
    expires: str
    surveillance: str
    issuer: str
    key_id: str
    qr: str  # file:// URL of the QR code image, made for this rendering


def _pick(pairs: dict[str, tuple[str, str]], lang: Lang) -> dict[str, str]:
    i = 1 if lang == "vi" else 0
    return {k: v[i] for k, v in pairs.items()}


def qr_png(text: str, path: Path) -> Path:
    """The QR code as a PNG of 8 pixels per module (about 350 dpi at the printed size).

    A raster image of one pixel per module, drawn without smoothing (``image-rendering:
    pixelated``), not SVG: WeasyPrint strokes each run of an SVG QR code one by one, which took
    half of a certificate's rendering time. The mask is fixed rather than chosen among eight: the
    data is compressed, so it already looks random, which is what mask selection tries to ensure,
    and the selection cost 35 ms per certificate.
    """
    import segno

    segno.make(text, error="m", micro=False, mask=2).save(str(path), kind="png", scale=1,
                                                          border=0, dark="#111827")
    return path


def certificate_view(payload: Payload, text: str, *, lang: Lang, qr: Path) -> CertificateView:
    other: Lang = "en" if lang == "vi" else "vi"
    pick = 1 if lang == "vi" else 0
    return CertificateView(
        lang=lang, tier=payload.tier,
        title=_TITLES[payload.tier][pick], title_other=_TITLES[payload.tier][1 - pick],
        tier_label=f"{TIER_WORDS[payload.tier][1].upper()} · {TIER_WORDS[payload.tier][0].upper()}",
        note=_NOTES[payload.tier][pick], note_other=_NOTES[payload.tier][1 - pick],
        words=_pick(_WORDS, lang), other=_pick(_WORDS, other),
        organisation=payload.organisation.name, tax_code=payload.organisation.tax_code,
        province=payload.organisation.province, site=payload.site, level=payload.level,
        level_line_vi=f"{payload.level} · {payload.level_name.vi}",
        level_line_en=f"{payload.level} · {payload.level_name.en}",
        checklist=payload.checklist.title.get(lang),
        checklist_other=payload.checklist.title.get(other),
        checklist_ref=f"{payload.checklist.id} {payload.checklist.version}",
        score=f"{payload.score} %", serial=payload.id, issued=payload.issued.isoformat(),
        expires=payload.expires.isoformat(),
        surveillance=", ".join(d.isoformat() for d in payload.surveillance),
        issuer=payload.issuer.name, key_id=payload.issuer.key_id,
        qr=qr.resolve().as_uri(),
    )


def certificate_pdf(certificate: Certificate, *, lang: Lang,
                    template_dirs: Sequence[Path | str] = (),
                    shown: Payload | None = None) -> bytes:
    """The certificate PDF. ``shown`` (tests only) draws other values than those signed, as an
    edited PDF would, to prove that verification notices."""
    import tempfile

    from gembakit.render.html import render_html
    from gembakit.render.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="gembakit-qr-") as folder:
        qr = qr_png(certificate.text, Path(folder) / "qr.png")
        view = certificate_view(shown or certificate.payload, certificate.text, lang=lang, qr=qr)
        html = render_html(view, "certificate.html.j2", template_dirs)
        return write_pdf(html, allowed_files=[qr],
                         attachments=[(ATTACHMENT, certificate.text.encode("ascii"),
                                       "gembakit signed certificate (GK1)")])
