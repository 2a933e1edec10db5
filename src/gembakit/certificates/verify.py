"""Checking a certificate — from its PDF, its payload file or the text of its QR code.

A certificate is VALID only when: the signature matches the payload, the key is in the trust
list and may sign the certificate's tier (and was valid on the issue date), the certificate is in
force on the day checked, it is not on the revocation list, and — for a PDF — the text the page
shows is the text the payload signs. Every failure is reported, not only the first.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from gembakit.certificates.keys import Issuer, TrustList
from gembakit.certificates.payload import Payload, split
from gembakit.certificates.revocation import STATUS_WORDS, Revocation
from gembakit.errors import GembakitError, Problem, input_error

ATTACHMENT = "certificate.gk1.txt"
Revoked = Mapping[str, Sequence[Revocation]]  # certificate id → entries from signed lists


class Verdict(NamedTuple):
    valid: bool
    payload: Payload | None
    issuer: Issuer | None
    reasons: tuple[Problem, ...]


def _r(en: str, vi: str) -> Problem:
    return Problem(en=en, vi=vi)


def check(text: str, trust: TrustList, *, revoked: Revoked | None = None,
          at: dt.date | None = None, source: str = "certificate") -> Verdict:
    """Verify a compact certificate (``GK1.…``)."""
    try:
        signed, signature, payload = split(text, source)
    except GembakitError as exc:
        return Verdict(False, None, None, exc.problems)
    day = at or dt.date.today()
    reasons: list[Problem] = []
    issuer = trust.find(payload.issuer.key_id)
    if issuer is None:
        reasons.append(_r(f"signed with a key the trust list does not know "
                          f"({payload.issuer.key_id})",
                          f"được ký bằng khóa không có trong danh sách tin cậy "
                          f"({payload.issuer.key_id})"))
    else:
        if not issuer.verifies(signature, signed):
            reasons.append(_r("the signature does not match: the certificate was altered",
                              "chữ ký không khớp: chứng nhận đã bị sửa đổi"))
        if payload.tier not in issuer.tiers:
            reasons.append(_r(f"{issuer.name} may sign only {', '.join(issuer.tiers)} "
                              f"certificates, not {payload.tier}",
                              f"{issuer.name} chỉ được ký chứng nhận {', '.join(issuer.tiers)}, "
                              f"không phải {payload.tier}"))
        if payload.issuer.name != issuer.name:
            reasons.append(_r(f"names its issuer '{payload.issuer.name}', but the trust list "
                              f"gives this key to '{issuer.name}'",
                              f"ghi đơn vị cấp '{payload.issuer.name}', nhưng danh sách tin cậy "
                              f"ghi khóa này của '{issuer.name}'"))
        if ((issuer.valid_from and payload.issued < issuer.valid_from)
                or (issuer.valid_until and payload.issued > issuer.valid_until)):
            reasons.append(_r(f"issued on {payload.issued}, when the key of {issuer.name} was "
                              "not valid",
                              f"cấp ngày {payload.issued}, khi khóa của {issuer.name} chưa hoặc "
                              "không còn hiệu lực"))
    if day < payload.issued:
        reasons.append(_r(f"not yet in force: issued {payload.issued}",
                          f"chưa có hiệu lực: cấp ngày {payload.issued}"))
    if day > payload.expires:
        reasons.append(_r(f"expired on {payload.expires}", f"đã hết hạn ngày {payload.expires}"))
    entry = next((e for e in (revoked or {}).get(payload.id, ())
                  if e.applies_to(payload.issuer.key_id, trust)), None)
    if entry is not None:
        why = f" ({entry.reason})" if entry.reason else ""
        vi_status = STATUS_WORDS.get(entry.status, entry.status)
        reasons.append(_r(f"{entry.status} since {entry.since}{why}",
                          f"{vi_status} từ ngày {entry.since}{why}"))
    return Verdict(not reasons, payload, issuer, tuple(reasons))


def _pdf_parts(path: Path) -> tuple[str, str]:
    """The embedded signed text and the page text of a certificate PDF."""
    import pypdf

    try:
        reader = pypdf.PdfReader(path)
        attached = reader.attachments.get(ATTACHMENT)
        shown = " ".join(page.extract_text() for page in reader.pages)
    except Exception:
        raise input_error("not a readable PDF", "không đọc được tệp PDF", file=str(path)) from None
    if not attached:
        raise input_error("carries no gembakit certificate", "không chứa chứng nhận gembakit",
                          file=str(path))
    return attached[0].decode("utf-8"), shown


def shown_fields(payload: Payload) -> dict[str, str]:
    """The values a certificate page must show, exactly as the renderer writes them."""
    return {"serial": payload.id, "organisation": payload.organisation.name,
            "level": f"{payload.level} · {payload.level_name.vi}",
            "issued": payload.issued.isoformat(), "expires": payload.expires.isoformat(),
            "checklist": f"{payload.checklist.id} {payload.checklist.version}",
            "issuer": payload.issuer.name}


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_file(path: Path, trust: TrustList, *, revoked: Revoked | None = None,
               at: dt.date | None = None) -> Verdict:
    """A certificate PDF, a payload file (JSON or the bare ``GK1.…`` text)."""
    source = str(path)
    if path.suffix.lower() == ".pdf":
        text, shown = _pdf_parts(path)
        verdict = check(text, trust, revoked=revoked, at=at, source=source)
        if verdict.payload is None:
            return verdict
        page = _normal(shown)
        wrong = [name for name, value in shown_fields(verdict.payload).items()
                 if _normal(value) not in page]
        if wrong:
            extra = _r("the page does not show what the certificate signs (" + ", ".join(wrong)
                       + "): the PDF was edited",
                       "trang không hiển thị đúng nội dung đã ký (" + ", ".join(wrong)
                       + "): tệp PDF đã bị sửa")
            return Verdict(False, verdict.payload, verdict.issuer, (*verdict.reasons, extra))
        return verdict
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise input_error("cannot be read", "không đọc được", file=source) from None
    if raw.lstrip().startswith("{"):
        try:
            raw = str(json.loads(raw)["certificate"])
        except (ValueError, KeyError, TypeError):
            raise input_error("a JSON certificate file needs a 'certificate' field",
                              "tệp chứng nhận JSON cần trường 'certificate'", file=source) from None
    return check(raw, trust, revoked=revoked, at=at, source=source)
