"""Signed revocation lists: which certificates were suspended, withdrawn or cancelled.

An unsigned list could be trimmed by anyone who passes it on, and a trimmed list makes a withdrawn
certificate look valid again — the one failure a verifying officer cannot notice. So a list is
signed (a detached JWS over its canonical JSON, like the trust list) by a key in the verifier's
trust list, and an entry counts only when its signer issued that certificate or may sign state
recognitions: a consultant can withdraw its own certificates, not a competitor's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gembakit.base.errors import refuse
from gembakit.base.messages import N_
from gembakit.base.safe_io import parse_json, read_text
from gembakit.certificates.jws import JwsError, check_document, sign_document, signature_kid
from gembakit.certificates.keys import Signer, b64url
from gembakit.certificates.trust import TrustList

REVOKED_SCHEMA = "gembakit/revoked/v2"
REVOKING = frozenset({"suspended", "withdrawn", "cancelled"})


@dataclass(frozen=True, slots=True)
class Revocation:
    status: str
    since: str
    reason: str | None
    by: str  # kid of the list's signer

    def applies_to(self, issuer_kid: str, trust: TrustList) -> bool:
        """Whether this signer may revoke a certificate signed by ``issuer_kid``."""
        signer = trust.find(self.by)
        return signer is not None and (self.by == issuer_kid or "state" in signer.tiers)


@dataclass(frozen=True, slots=True)
class RevocationList:
    entries: dict[str, Revocation]
    signer: str  # the signer's name, as the trust list gives it
    generated: str  # when the list was made; a verifier shows it, so old lists are noticed
    source: str


def make_revoked(entries: Iterable[Mapping[str, Any]], signer: Signer,
                 generated: dt.date | None = None) -> dict[str, Any]:
    body = {"schema": REVOKED_SCHEMA,
            "generated": (generated or dt.date.today()).isoformat(),
            "signer": {"name": signer.name, "kid": b64url(signer.kid)},
            "certificates": [dict(e) for e in entries]}
    return sign_document(body, signer)


_WORDS = {
    "unsigned": ("revoked.unsigned", N_("is not signed; ask its publisher for a signed list "
                 "(gembakit register export-revoked --key …)")),
    "format": ("revoked.format", N_("its signature is malformed")),
    "key": ("revoked.format", N_("its signature names another key than its signer")),
    "signature": ("revoked.signature", N_("the signature does not match: the list was altered "
                  "after signing")),
}


def revoked_from_data(data: Any, trust: TrustList, source: str) -> RevocationList:
    """The entries of a signed list; refused whole if the signature or signer is not trusted."""
    if not isinstance(data, dict) or data.get("schema") != REVOKED_SCHEMA:
        raise refuse("revoked.format", "not a gembakit revocation list (schema: {schema})",
                     file=source, schema=REVOKED_SCHEMA)
    try:
        kid = signature_kid(data)
    except JwsError as exc:
        code, words = _WORDS[exc.reason]
        raise refuse(code, words, file=source, path=("signature",)) from None
    issuer = trust.find(kid)
    if issuer is None:
        raise refuse("revoked.signer", "is signed with a key the trust list does not know ({kid})",
                     file=source, path=("signature",), kid=kid)
    try:
        check_document(data, issuer.public(), kid)
    except JwsError as exc:
        code, words = _WORDS[exc.reason]
        raise refuse(code, words, file=source, path=("signature",)) from None
    out: dict[str, Revocation] = {}
    rows = data.get("certificates")
    if not isinstance(rows, list):
        raise refuse("revoked.format", "needs a list of certificates", file=source,
                     path=("certificates",))
    for i, row in enumerate(rows):
        if not (isinstance(row, dict) and isinstance(row.get("id"), str)
                and row.get("status") in REVOKING and isinstance(row.get("since"), str)):
            raise refuse("revoked.format", "each entry needs id, status (suspended, withdrawn "
                         "or cancelled) and since", file=source, path=("certificates", i))
        reason = row.get("reason")
        out[row["id"]] = Revocation(row["status"], row["since"],
                                    reason if isinstance(reason, str) else None, kid)
    return RevocationList(out, issuer.name, str(data.get("generated") or "?"), source)


def load_revoked(path: Path, trust: TrustList) -> RevocationList:
    source = str(path)
    return revoked_from_data(parse_json(read_text(path, source), source), trust, source)


def merge(lists: Iterable[RevocationList]) -> dict[str, list[Revocation]]:
    """Several lists (a state agency's and each consultant's) as one lookup."""
    out: dict[str, list[Revocation]] = {}
    for revocations in lists:
        for cert_id, entry in revocations.entries.items():
            out.setdefault(cert_id, []).append(entry)
    return out
