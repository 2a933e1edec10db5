"""The trust list: which issuer keys may sign which tiers, signed by the programme's root key.

Whoever can edit an unsigned list can make a forged certificate valid, so a verifier pins the
root key (``root.jwk.json``) and refuses a trust list that is unsigned, altered after signing or
signed by another root — each with its own message and code (``trust.*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, field_validator

from gembakit.base.documents import custom_error, problems_from
from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import N_, Message, msg
from gembakit.base.models import Day, NonEmpty, Strict, Tier, Whole
from gembakit.base.safe_io import parse_json, read_text
from gembakit.certificates.jws import JwsError, check_document, sign_document
from gembakit.certificates.keys import (
    PublicKey,
    Signer,
    b64url,
    from_jwk,
    key_id,
    to_jwk,
)

TRUST_SCHEMA = "gembakit/trust/v2"
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s#]+$", max_length=300)]
Kid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{11}$")]


class IssuerEntry(Strict):
    name: NonEmpty
    kid: Kid
    jwk: dict[str, str]
    tiers: tuple[Tier, ...] = Field(min_length=1)
    valid_from: Day | None = None
    valid_until: Day | None = None
    verifier_url: Url | None = None
    x5c: tuple[str, ...] = ()

    @field_validator("jwk")
    @classmethod
    def _key(cls, value: dict[str, str]) -> dict[str, str]:
        try:
            from_jwk(value)
        except (ValueError, KeyError, TypeError):
            raise custom_error("trust.jwk", N_("not a P-256 or Ed25519 public key (JWK)")) from None
        return value

    def public(self) -> PublicKey:
        return from_jwk(self.jwk)

    def valid_on(self, day: dt.date) -> bool:
        return not ((self.valid_from and day < self.valid_from)
                    or (self.valid_until and day > self.valid_until))


class TrustList(Strict):
    schema_: Literal["gembakit/trust/v2"] = Field(alias="schema")
    programme: NonEmpty
    version: Whole = Field(ge=1)
    issued: Day
    verifier_url: Url | None = None
    issuers: tuple[IssuerEntry, ...] = ()
    signature: str

    def find(self, kid: str) -> IssuerEntry | None:
        return next((i for i in self.issuers if i.kid == kid), None)

    def verifier_for(self, kid: str) -> str | None:
        issuer = self.find(kid)
        return (issuer.verifier_url if issuer and issuer.verifier_url else self.verifier_url)


class Root(Strict):
    """The programme root's public key, as verifiers pin it."""

    name: NonEmpty
    kid: Kid
    jwk: dict[str, str]

    def public(self) -> PublicKey:
        return from_jwk(self.jwk)


def load_root(path: Path) -> Root:
    source = str(path)
    data = parse_json(read_text(path, source), source)
    try:
        root = Root.model_validate(data)
        if b64url(key_id(root.public())) != root.kid:
            raise ValueError
    except ValidationError as exc:
        raise InputError(problems_from(exc, None, source, data)) from None
    except (ValueError, KeyError, TypeError):
        raise refuse("trust.root_file", "not a root key file: its kid does not match its key",
                     file=source) from None
    return root


_TRUST_WORDS = {
    "unsigned": ("trust.unsigned", N_("the trust list is not signed: ask the programme for the "
                 "signed list")),
    "format": ("trust.format", N_("the trust list's signature is malformed")),
    "key": ("trust.root", N_("the trust list is signed by another root key ({kid}), not the "
            "programme's ({root})")),
    "signature": ("trust.signature", N_("the trust list was altered after it was signed")),
}


def _malformed(source: str, detail: Message, path: tuple[str | int, ...] = ()) -> InputError:
    return refuse("trust.format", "the trust list is malformed: {detail}", file=source,
                  path=path, detail=detail)


def trust_from_data(data: Any, root: Root, source: str) -> TrustList:
    """The trust list if the pinned root signed it; else one refusal with the code saying why.

    The checks run in a fixed order, the verifier page's: the schema, a signature present, its
    shape, the root's kid, the signature, then the content signed.
    """
    if not isinstance(data, dict) or data.get("schema") != TRUST_SCHEMA:
        raise refuse("trust.format", "not a gembakit trust list (schema: {schema})",
                     file=source, schema=TRUST_SCHEMA)
    try:
        check_document(data, root.public(), root.kid)
    except JwsError as exc:
        code, words = _TRUST_WORDS[exc.reason]
        raise refuse(code, words, file=source, path=("signature",), kid=exc.kid or "?",
                     root=root.kid) from None
    try:
        trust = TrustList.model_validate(data)
    except ValidationError as exc:
        first = problems_from(exc, None, source, data)[0]
        raise _malformed(source, first.message, first.path) from None
    seen: set[str] = set()
    for i, issuer in enumerate(trust.issuers):
        if b64url(key_id(issuer.public())) != issuer.kid:
            raise _malformed(source, msg("the kid does not belong to this public key"),
                             ("issuers", i, "kid"))
        if issuer.kid in seen or len(set(issuer.tiers)) != len(issuer.tiers):
            raise _malformed(source, msg("a key or one of its tiers is listed twice"),
                             ("issuers", i))
        seen.add(issuer.kid)
    return trust


def load_trust(path: Path, root: Root) -> TrustList:
    source = str(path)
    return trust_from_data(parse_json(read_text(path, source), source), root, source)


def make_trust(issuers: Sequence[dict[str, Any]], root: Signer, *, programme: str,
               version: int = 1, issued: dt.date | None = None,
               verifier_url: str | None = None) -> dict[str, Any]:
    """A signed trust list document from issuer entries (see :func:`keys.issuer_entry`)."""
    body: dict[str, Any] = {"schema": TRUST_SCHEMA, "programme": programme, "version": version,
                            "issued": (issued or dt.date.today()).isoformat()}
    if verifier_url:
        body["verifier_url"] = verifier_url
    body["issuers"] = list(issuers)
    return sign_document(body, root)


def signer_entry(signer: Signer, trust: TrustList, source: Path) -> tuple[list[str], str]:
    """The tiers the signer may sign and the verifier URL its QR codes open."""
    kid = b64url(signer.kid)
    entry = trust.find(kid)
    if entry is None:
        raise refuse("certify.untrusted_key", "the key {kid} of {name} is not in this trust list: "
                     "its certificates would not verify; ask the programme to add it",
                     file=str(source), kid=kid, name=signer.name)
    url = trust.verifier_for(kid)
    if url is None:
        raise refuse("certify.no_verifier", "the trust list names no verifier URL for this "
                     "issuer or the programme", file=str(source))
    return list(entry.tiers), url


def root_document(signer: Signer) -> dict[str, Any]:
    return {"name": signer.name, "kid": b64url(signer.kid), "jwk": to_jwk(signer.public_key())}
