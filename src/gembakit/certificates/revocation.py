"""Signed revocation lists: which certificates were suspended, withdrawn or cancelled.

An unsigned list could be trimmed by anyone who passes it on, and a trimmed list makes a withdrawn
certificate look valid again — the one failure a verifying officer cannot notice. So a list is
signed (Ed25519 over its RFC 8785 canonical JSON, the same as a certificate) by a key in the
verifier's trust list, and an entry counts only when its signer issued that certificate or may
sign state recognitions: a consultant can withdraw its own certificates, not a competitor's.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import rfc8785

from gembakit._io import load_yaml
from gembakit.certificates.keys import SigningKey, TrustList
from gembakit.errors import GembakitError, input_error

REVOKED_SCHEMA = "gembakit/revoked/v1"
STATUS_WORDS = {"suspended": "bị đình chỉ", "withdrawn": "bị thu hồi", "cancelled": "bị hủy bỏ"}


class Revocation(NamedTuple):
    status: str
    since: str
    reason: str | None
    by: str  # key id of the list's signer

    def applies_to(self, issuer_key: str, trust: TrustList) -> bool:
        """Whether this signer may revoke a certificate signed by ``issuer_key``."""
        signer = trust.find(self.by)
        return signer is not None and (self.by == issuer_key or "state" in signer.tiers)


class RevocationList(NamedTuple):
    entries: dict[str, Revocation]
    signer: str  # the signer's name, as the trust list gives it
    generated: str  # the date the list was made; a verifier shows it, so old lists are noticed


def sign_list(body: Mapping[str, Any], key: SigningKey) -> dict[str, Any]:
    """The list with its signer named and its signature added."""
    signed = {k: v for k, v in body.items() if k != "signature"}
    signed["signer"] = {"name": key.issuer.name, "key_id": key.issuer.key_id}
    signature = key.sign(rfc8785.dumps(signed))
    return {**signed, "signature": base64.urlsafe_b64encode(signature).rstrip(b"=").decode()}


def _refuse(en: str, vi: str, source: str, *path: str | int) -> GembakitError:
    return input_error(en, vi, file=source, path=tuple(path))


def load_revoked(path: Path, trust: TrustList) -> RevocationList:
    """The entries of a signed list; refused whole if the signature or signer is not trusted."""
    doc = load_yaml(path)
    data, source = doc.data, doc.source
    if not isinstance(data, dict) or data.get("schema") != REVOKED_SCHEMA:
        raise _refuse(f"not a gembakit revocation list (schema: {REVOKED_SCHEMA})",
                      f"không phải danh sách thu hồi gembakit (schema: {REVOKED_SCHEMA})", source)
    signer = data.get("signer")
    if "signature" not in data or not isinstance(signer, dict):
        raise _refuse("is not signed; ask its publisher for a signed list (gembakit register "
                      "export-revoked --key …)",
                      "chưa được ký; hãy đề nghị nơi phát hành cung cấp danh sách đã ký (gembakit "
                      "register export-revoked --key …)", source, "signature")
    kid = str(signer.get("key_id"))
    issuer = trust.find(kid)
    if issuer is None:
        raise _refuse(f"is signed with a key the trust list does not know ({kid})",
                      f"được ký bằng khóa không có trong danh sách tin cậy ({kid})", source,
                      "signer", "key_id")
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        signature = base64.urlsafe_b64decode(str(data["signature"]) + "==")
        good = issuer.verifies(signature, rfc8785.dumps(body))
    except (binascii.Error, ValueError, rfc8785.CanonicalizationError):
        good = False
    if not good:
        raise _refuse("the signature does not match: the list was altered after signing",
                      "chữ ký không khớp: danh sách đã bị sửa sau khi ký", source, "signature")
    out: dict[str, Revocation] = {}
    for i, row in enumerate(data.get("certificates") or []):
        try:
            out[str(row["id"])] = Revocation(str(row["status"]), str(row["since"]),
                                             row.get("reason"), kid)
        except (KeyError, TypeError):
            raise _refuse("each entry needs id, status and since",
                          "mỗi mục cần id, status và since", source, "certificates", i) from None
    return RevocationList(out, issuer.name, str(data.get("generated") or "?"))


def merge(lists: Iterable[RevocationList]) -> dict[str, list[Revocation]]:
    """Several lists (a state agency's and each consultant's) as one lookup."""
    out: dict[str, list[Revocation]] = {}
    for revocations in lists:
        for cert_id, entry in revocations.entries.items():
            out.setdefault(cert_id, []).append(entry)
    return out

