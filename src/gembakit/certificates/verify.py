"""Checking a certificate text (``GK2:…``, or the URL a QR code holds) against a trust list.

A certificate is VALID only when: it decodes strictly, its key is in the (root-signed) trust list,
the signature matches, the issuer named is the key's, the key may sign the certificate's tier and
was valid on the issue date, the certificate is in force on the day checked, and it is not on a
signed revocation list. Every failure is reported with its code (docs/formats.md, "Verdicts"),
the same codes the verifier page gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from gembakit.base.errors import GembakitError, Problem, problem
from gembakit.base.vocabulary import CERTIFICATE_STATUS_WORDS, word
from gembakit.certificates import cose
from gembakit.certificates.keys import b64url, verify_raw
from gembakit.certificates.payload import Payload, from_claims
from gembakit.certificates.revocation import Revocation
from gembakit.certificates.trust import IssuerEntry, TrustList

Revoked = Mapping[str, Sequence[Revocation]]  # certificate id → entries from signed lists


@dataclass(frozen=True, slots=True)
class Verdict:
    valid: bool
    payload: Payload | None
    issuer: IssuerEntry | None
    reasons: tuple[Problem, ...]
    kid: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({p.code for p in self.reasons}))


def certificate_text(text: str) -> str:
    """The certificate in a QR code's text: the bare ``GK2:…`` or a URL ending ``#GK2:…``."""
    text = text.strip()
    if "#" in text:
        text = text.split("#", 1)[1]
    return unquote(text) if "%" in text[:8] else text


def check(text: str, trust: TrustList, *, revoked: Revoked | None = None,
          at: dt.date | None = None, source: str = "certificate") -> Verdict:
    """Verify a certificate text (or a verifier URL carrying one)."""
    try:
        protected, header, claims_bytes, signature = cose.decode(certificate_text(text), source)
        payload = from_claims(cose.strict_cbor(claims_bytes, source), source)
    except GembakitError as exc:
        return Verdict(False, None, None, exc.problems)
    kid = b64url(header[4])
    day = at or dt.date.today()
    reasons: list[Problem] = []
    issuer = trust.find(kid)
    if issuer is None:
        reasons.append(problem("cert.unknown_key", "signed with a key the trust list does not "
                               "know ({kid})", kid=kid))
    else:
        public = issuer.public()
        alg_ok = header[1] == (cose.ALG_EDDSA if "crv" in issuer.jwk and issuer.jwk["crv"]
                               == "Ed25519" else cose.ALG_ES256)
        if not alg_ok or not verify_raw(public, signature,
                                        cose.sig_structure(protected, claims_bytes)):
            reasons.append(problem("cert.signature", "the signature does not match: the "
                                   "certificate was altered"))
        if payload.issuer != issuer.name:
            reasons.append(problem("cert.issuer_name", "names its issuer '{named}', but the "
                                   "trust list gives this key to '{issuer}'",
                                   named=payload.issuer, issuer=issuer.name))
        if payload.tier not in issuer.tiers:
            reasons.append(problem("cert.tier", "{issuer} may sign only {tiers} certificates, "
                                   "not {tier}", issuer=issuer.name,
                                   tiers=", ".join(issuer.tiers), tier=payload.tier))
        if not issuer.valid_on(payload.issued):
            reasons.append(problem("cert.key_validity", "issued on {issued}, when the key of "
                                   "{issuer} was not valid", issued=payload.issued.isoformat(),
                                   issuer=issuer.name))
    if day < payload.issued:
        reasons.append(problem("cert.not_yet_valid", "not yet in force: issued {issued}",
                               issued=payload.issued.isoformat()))
    if day > payload.expires:
        reasons.append(problem("cert.expired", "expired on {expires}",
                               expires=payload.expires.isoformat()))
    entry = next((e for e in (revoked or {}).get(payload.id, ()) if e.applies_to(kid, trust)),
                 None)
    if entry is not None:
        reasons.append(problem("cert.revoked", "{status} since {since}{reason}",
                               status=word(CERTIFICATE_STATUS_WORDS, entry.status),
                               since=entry.since,
                               reason=f" ({entry.reason})" if entry.reason else ""))
    return Verdict(not reasons, payload, issuer, tuple(reasons), kid)
