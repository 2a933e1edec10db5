"""Signed JSON documents (trust lists, revocation lists): a detached JWS over the JCS form.

RFC 7515 compact serialisation with the payload left out ("detached", Appendix F), over the
RFC 8785 canonical JSON of the document without its ``signature`` field: the file stays plain,
readable JSON, and any JOSE library can check it.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from gembakit.certificates.keys import (
    PublicKey,
    Signer,
    alg_of,
    b64url,
    unb64url,
    verify_raw,
)


def signing_input(header_b64: str, document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "signature"}
    return (header_b64 + "." + b64url(rfc8785.dumps(body))).encode("ascii")


def sign_document(document: dict[str, Any], signer: Signer) -> dict[str, Any]:
    """``document`` with its ``signature`` (replacing any earlier one)."""
    header = b64url(json.dumps({"alg": signer.alg, "kid": b64url(signer.kid)},
                               separators=(",", ":")).encode())
    body = {k: v for k, v in document.items() if k != "signature"}
    signature = signer.sign(signing_input(header, body))
    return {**body, "signature": f"{header}..{b64url(signature)}"}


class JwsError(ValueError):
    """Why a signature cannot be checked: ``unsigned``, ``format``, ``key`` or ``signature``."""

    def __init__(self, reason: str, kid: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kid = kid


def signature_kid(document: Any) -> str:
    """The kid a document says it is signed with (JwsError when unsigned or malformed).

    No ``signature``, a null one or an empty text is "unsigned"; anything else that is not a
    detached compact JWS with the header ``{alg, kid}`` is malformed.
    """
    if not isinstance(document, dict) or document.get("signature") in (None, ""):
        raise JwsError("unsigned")
    value = document["signature"]
    if not isinstance(value, str) or value.count(".") != 2 or value.split(".")[1] != "":
        raise JwsError("format")
    try:
        header = json.loads(unb64url(value.split(".")[0]))
    except (ValueError, UnicodeDecodeError):
        raise JwsError("format") from None
    if not isinstance(header, dict) or set(header) != {"alg", "kid"} \
            or not all(isinstance(v, str) for v in header.values()):
        raise JwsError("format")
    return str(header["kid"])


def signature_alg(document: dict[str, Any]) -> str:
    header = json.loads(unb64url(document["signature"].split(".")[0]))
    return str(header["alg"])


def check_document(document: Any, public: PublicKey, kid: str) -> None:
    """Raise JwsError unless ``document`` is signed by ``kid`` with ``public``."""
    said = signature_kid(document)
    if said != kid:
        raise JwsError("key", said)
    header_b64, _, sig_b64 = document["signature"].split(".")
    try:
        signature = unb64url(sig_b64)
        data = signing_input(header_b64, document)
    except (ValueError, TypeError, rfc8785.CanonicalizationError):
        raise JwsError("format") from None
    if signature_alg(document) != alg_of(public) or not verify_raw(public, signature, data):
        raise JwsError("signature")
