"""Checking a certificate text (``GK2:…``, or the URL a QR code holds) against a trust list.

A certificate is VALID only when: it decodes strictly, its key is in the (root-signed) trust list,
the signature matches, the issuer named is the key's, the key may sign the certificate's tier and
was valid on the issue date, the certificate is in force on the day checked, and it is not on a
signed revocation list. Every failure is reported with its code (docs/formats.md, "Verdicts"),
the same codes the verifier page gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gembakit.base.errors import GembakitError, Problem, problem
from gembakit.base.vocabulary import CERTIFICATE_STATUS_WORDS, word
from gembakit.certificates import cose
from gembakit.certificates.keys import b64url, verify_raw
from gembakit.certificates.payload import Payload, from_claims
from gembakit.certificates.revocation import Revocation, RevocationList, merge
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


def readings(raw: str) -> list[str]:
    """The certificate texts a scanned, pasted or opened string may carry.

    A bare text is itself; a link is reduced to its fragment, which Base45's '%' and ' ' make
    ambiguous: gembakit percent-encodes it, another writer may not, and a browser shows a space
    as %20. Tried in order: percent-decoded, as it is, with only %20 undone. A wrong reading
    cannot pass zlib's check value and the strict CBOR rules, and every reading still needs the
    signature.
    """
    text = raw.strip(" \t\r\n")
    if "#" not in text:
        return [text]
    part = text.split("#", 1)[1]
    found: list[str] = []
    for reading in (re.sub("%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), part),
                    part, part.replace("%20", " ")):
        if reading not in found:
            found.append(reading)
    return found


def fragment(text: str) -> str:
    """A certificate text as a URL fragment: '%' and ' ' percent-encoded (both stay in the QR
    code's alphanumeric mode)."""
    return text.replace("%", "%25").replace(" ", "%20")


def decode(raw: str, source: str = "certificate") -> tuple[bytes, dict[int, object], bytes,
                                                             bytes, Payload]:
    """The first reading of ``raw`` that decodes: protected header (bytes and map), claims
    bytes, signature and payload; the first reading's refusal otherwise."""
    first: GembakitError | None = None
    for text in readings(raw):
        try:
            protected, header, claims_bytes, signature = cose.decode(text, source)
            payload = from_claims(cose.strict_cbor(claims_bytes, source), source)
        except GembakitError as exc:
            first = first or exc
            continue
        return protected, header, claims_bytes, signature, payload
    assert first is not None
    raise first


def dates(payload: Payload, day: dt.date) -> list[Problem]:
    reasons = []
    if day < payload.issued:
        reasons.append(problem("cert.not_yet_valid", "not yet in force: issued {issued}",
                               issued=payload.issued.isoformat()))
    if day > payload.expires:
        reasons.append(problem("cert.expired", "expired on {expires}",
                               expires=payload.expires.isoformat()))
    return reasons


def check(text: str, trust: TrustList, *, revoked: Revoked | None = None,
          at: dt.date | None = None, source: str = "certificate") -> Verdict:
    """Verify a certificate text (or a verifier URL carrying one)."""
    try:
        protected, header, claims_bytes, signature, payload = decode(text, source)
    except GembakitError as exc:
        return Verdict(False, None, None, exc.problems)
    kid = b64url(header[4])  # type: ignore[arg-type]
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
    reasons += dates(payload, day)
    entry = next((e for e in (revoked or {}).get(payload.id, ()) if e.applies_to(kid, trust)),
                 None)
    if entry is not None:
        reasons.append(problem("cert.revoked", "{status} since {since}{reason}",
                               status=word(CERTIFICATE_STATUS_WORDS, entry.status),
                               since=entry.since,
                               reason=f" ({entry.reason})" if entry.reason else ""))
    return Verdict(not reasons, payload, issuer, tuple(reasons), kid)


def verdict(text: str, *, trust: TrustList | None, trust_problem: Problem | None = None,
            lists: Sequence[RevocationList] = (), list_problems: Sequence[Problem] = (),
            at: dt.date | None = None, source: str = "certificate") -> Verdict:
    """The whole verdict, as the verifier page gives it: a trust list that failed is a reason
    (and then only the text's form and dates can still be checked), and so is each revocation
    list that failed (its entries are not applied)."""
    day = at or dt.date.today()
    if trust is None:
        reasons: list[Problem] = [trust_problem] if trust_problem else []
        try:
            *_, payload = decode(text, source)
        except GembakitError as exc:
            return Verdict(False, None, None, (*reasons, *exc.problems))
        reasons += dates(payload, day)
        return Verdict(False, payload, None, tuple(reasons))
    found = check(text, trust, revoked=merge(lists), at=day, source=source)
    reasons = [*list_problems, *found.reasons]
    return Verdict(not reasons, found.payload, found.issuer, tuple(reasons), found.kid)
