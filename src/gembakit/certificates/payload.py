"""The signed certificate payload: canonical JSON (RFC 8785) and its compact, QR-sized form.

The signature covers the canonical bytes of the payload. The compact form is
``GK1.<payload>.<signature>``, both parts base64url without padding, the payload deflated first:
it fits a QR code a phone reads from paper, and it is all a verifier needs besides the trust list.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib
from typing import Any, Literal

import rfc8785
from pydantic import Field, ValidationError

from gembakit.checklists.base import Id, NonEmpty, SemVer, Strict, Text
from gembakit.checklists.maturity import Tier
from gembakit.errors import InputError, Problem

PREFIX = "GK1"


class OrganisationRef(Strict):
    name: NonEmpty
    tax_code: NonEmpty | None = None
    province: NonEmpty | None = None


class ChecklistRef(Strict):
    id: Id
    version: SemVer
    title: Text


class IssuerRef(Strict):
    name: NonEmpty
    key_id: NonEmpty


class Payload(Strict):
    """What a certificate states. Scores are whole percentages: a certificate is not a report."""

    format: Literal[1] = 1
    id: NonEmpty
    tier: Tier
    organisation: OrganisationRef
    site: NonEmpty
    checklist: ChecklistRef
    level: int = Field(ge=0)
    level_name: Text
    score: int = Field(ge=0, le=100)
    sections: dict[Id, int]
    assessment_sha256: NonEmpty
    assessment_date: dt.date
    assessor: NonEmpty
    issuer: IssuerRef
    issued: dt.date
    expires: dt.date
    surveillance: tuple[dt.date, ...] = ()


def canonical(payload: Payload) -> bytes:
    return rfc8785.dumps(payload.model_dump(mode="json"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(payload_bytes: bytes, signature: bytes) -> str:
    return f"{PREFIX}.{_b64(zlib.compress(payload_bytes, 9))}.{_b64(signature)}"


def _bad(en: str, vi: str, source: str) -> InputError:
    return InputError((Problem(en=en, vi=vi, file=source),))


def split(text: str, source: str = "certificate") -> tuple[bytes, bytes, Payload]:
    """The signed bytes, the signature and the payload of a compact certificate.

    Raises :class:`InputError` for anything that is not a well-formed gembakit certificate —
    including payload bytes that are valid JSON but not in canonical form, which a signer never
    produces and which would let two different texts carry one signature.
    """
    parts = text.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise _bad("not a gembakit certificate (expected GK1.…)",
                   "không phải chứng nhận gembakit (cần GK1.…)", source)
    try:
        signed = zlib.decompress(_unb64(parts[1]), bufsize=4096)
        if len(signed) > 64 * 1024:
            raise ValueError("too large")
        signature = _unb64(parts[2])
        data: Any = json.loads(signed)
    except (ValueError, zlib.error) as exc:
        raise _bad(f"the certificate text is damaged ({exc})",
                   f"nội dung chứng nhận bị hỏng ({exc})", source) from None
    try:
        payload = Payload.model_validate(data)
    except ValidationError:
        raise _bad("the certificate payload does not have the expected fields",
                   "nội dung chứng nhận không đúng cấu trúc", source) from None
    if rfc8785.dumps(data) != signed:
        raise _bad("the certificate payload is not in canonical form",
                   "nội dung chứng nhận không ở dạng chuẩn tắc", source)
    return signed, signature, payload
