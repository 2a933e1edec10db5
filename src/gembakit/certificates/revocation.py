"""Signed revocation lists: which certificates were suspended, withdrawn or cancelled.

An unsigned list could be trimmed by anyone who passes it on, and a trimmed list makes a withdrawn
certificate look valid again — the one failure a verifying officer cannot notice. So a list is
signed (a detached JWS over its canonical JSON, like the trust list) by a key in the verifier's
trust list, and an entry counts only when its signer issued that certificate or may sign state
recognitions: a consultant can withdraw its own certificates, not a competitor's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import N_, Message, msg
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
    signer: str  # the list's signer, by the name the trust list gives it
    state: bool  # whether the signer may sign state recognitions

    def applies_to(self, issuer_kid: str, trust: TrustList) -> bool:
        """Whether this signer may revoke a certificate signed by ``issuer_kid``: its issuer
        (by name, so a renewed key can still revoke what the old one signed) or a state key."""
        issuer = trust.find(issuer_kid)
        return self.state or (issuer is not None and issuer.name == self.signer)


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


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WORDS: dict[str, tuple[str, str]] = {
    "unsigned": ("revoked.unsigned", N_("is not signed; ask its publisher for a signed list "
                                        "(gembakit register export-revoked --key …)")),
    "format": ("revoked.format", N_("its signature is malformed")),
    "signature": ("revoked.signature", N_("the signature does not match: the list was altered "
                                          "after signing")),
}


def _malformed(source: str, detail: Message) -> InputError:
    return refuse("revoked.format", "the revocation list is malformed: {detail}", file=source,
                  detail=detail)


def _day(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _entries(data: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The signed content: exactly its members, dates as YYYY-MM-DD, known statuses."""
    if set(data) != {"schema", "generated", "signer", "certificates", "signature"} \
            or not _day(data["generated"]) or not isinstance(data["certificates"], list):
        raise _malformed(source, msg("its members are not those of a revocation list"))
    for row in data["certificates"]:
        if not (isinstance(row, dict) and {"id", "status", "since"} <= set(row)
                <= {"id", "status", "since", "reason"} and isinstance(row["id"], str)
                and row["id"] and row["status"] in REVOKING and _day(row["since"])
                and isinstance(row.get("reason", ""), str)):
            raise _malformed(source, msg("each entry needs id, status (suspended, withdrawn or "
                                         "cancelled), since (YYYY-MM-DD) and may give a reason"))
    return list(data["certificates"])


def revoked_from_data(data: Any, trust: TrustList, source: str) -> RevocationList:
    """The list if a key of the trust list signed it, else one refusal saying why.

    The checks run in the verifier page's order: the schema, a signature present, the signer
    and the signature's shape, the signer in the trust list (same key, same name), the
    signature, then the content.
    """
    if not isinstance(data, dict) or data.get("schema") != REVOKED_SCHEMA:
        raise refuse("revoked.format", "not a gembakit revocation list (schema: {schema})",
                     file=source, schema=REVOKED_SCHEMA)
    if data.get("signature") in (None, ""):
        code, words = _WORDS["unsigned"]
        raise refuse(code, words, file=source, path=("signature",))
    signer = data.get("signer")
    try:
        signature_kid(data)
        if not (isinstance(signer, dict) and set(signer) == {"name", "kid"}
                and all(isinstance(v, str) for v in signer.values())):
            raise JwsError("format")
    except JwsError:
        code, words = _WORDS["format"]
        raise refuse(code, words, file=source, path=("signature",)) from None
    issuer = trust.find(signer["kid"])
    if issuer is None or issuer.name != signer["name"]:
        raise refuse("revoked.signer", "is signed by {name} ({kid}), whom the trust list does "
                     "not name", file=source, path=("signer",), name=signer["name"],
                     kid=signer["kid"])
    try:
        check_document(data, issuer.public(), issuer.kid)
    except JwsError:
        code, words = _WORDS["signature"]
        raise refuse(code, words, file=source, path=("signature",)) from None
    state = "state" in issuer.tiers
    out = {row["id"]: Revocation(row["status"], row["since"], row.get("reason"), issuer.name,
                                 state) for row in _entries(data, source)}
    return RevocationList(out, issuer.name, data["generated"], source)


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
