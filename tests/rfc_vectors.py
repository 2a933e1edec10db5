"""An independent reference for GK2 certificates, trust lists and revocation lists.

Written from the RFCs and docs/formats.md alone — it never imports gembakit — so it can check
gembakit's implementation (and the verifier page) from outside: RFC 9285 Base45 by hand, zlib,
RFC 9052 COSE_Sign1 over RFC 8392 CWT claims encoded with cbor2 (canonical=True), ES256 and EdDSA
keys from `cryptography`, and RFC 7515 detached JWS over RFC 8785 canonical JSON (`rfc8785`).

What it offers:

- keys and documents: :func:`make_root`, :func:`make_issuer`, :func:`make_trust`,
  :func:`make_revoked` (with :func:`revocation_entry`), :func:`sample_claims`,
  :func:`make_certificate`, :func:`fragment` (the text as a URL fragment);
- reading: :func:`decode_certificate` (strict; raises :class:`FormatError`), :func:`readings` and
  :func:`decode_link` for links, and :func:`verify`, the reference verdict of the "Verdicts"
  table: ``(valid, codes)``;
- mutations: the lower-level builders (:func:`claims_bytes`, :func:`cose_sign1`,
  :func:`encode_text`, :func:`raw_cbor`), the text edits (:func:`truncate`, :func:`change_char`,
  :func:`flip_bit`, :func:`trailing_zlib`, :func:`deflate_bomb`, …), a :class:`World` with one
  issuer of each kind, :func:`named_cases` (every verdict code, each with the codes it must give)
  and :func:`random_cases` (seeded random combinations, for differential tests).

Decisions taken where docs/formats.md is silent are marked "Decision:" below.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import io
import json
import random
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import cbor2
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

Alg = Literal["ES256", "EdDSA"]
Tier = Literal["self", "consultant", "state"]
TIERS: tuple[str, ...] = ("self", "consultant", "state")
SERIAL_PREFIX = {"self": "GK-SD", "consultant": "GK-CA", "state": "GK-SR"}
SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread from paper
STATUSES = ("suspended", "withdrawn", "cancelled")
TRUST_SCHEMA = "gembakit/trust/v2"
REVOKED_SCHEMA = "gembakit/revoked/v2"
PREFIX = "GK2:"
MAX_INFLATED = 8192
COSE_ALG = {"ES256": -7, "EdDSA": -8}
EPOCH = dt.date(1970, 1, 1)
DAY = 86400
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")

CODES = frozenset({
    "cert.format", "cert.unknown_key", "cert.signature", "cert.issuer_name", "cert.tier",
    "cert.key_validity", "cert.not_yet_valid", "cert.expired", "cert.revoked",
    "trust.unsigned", "trust.signature", "trust.root", "trust.format",
    "revoked.unsigned", "revoked.signature", "revoked.signer", "revoked.format"})


class FormatError(ValueError):
    """A document breaks one of the strict decoding rules."""


# --------------------------------------------------------------------------- encodings


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding: its alphabet only, and no stray bits (one encoding)."""
    if not isinstance(text, str) or not _B64URL.match(text) or len(text) % 4 == 1:
        raise FormatError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(raw) != text:
        raise FormatError("base64url with stray bits")
    return raw


B45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_VALUE = {c: i for i, c in enumerate(B45_ALPHABET)}


def base45_encode(data: bytes) -> str:
    """RFC 9285 §4: each two bytes as three characters, least significant first."""
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out += [B45_ALPHABET[n % 45], B45_ALPHABET[n // 45 % 45], B45_ALPHABET[n // 2025]]
    if len(data) % 2:
        n = data[-1]
        out += [B45_ALPHABET[n % 45], B45_ALPHABET[n // 45]]
    return "".join(out)


def base45_decode(text: str) -> bytes:
    """RFC 9285 §4.2, strictly: a text has exactly one decoding and each byte string one text."""
    if len(text) % 3 == 1:
        raise FormatError("Base45 length is 1 modulo 3")
    try:
        values = [_B45_VALUE[c] for c in text]
    except KeyError:
        raise FormatError("a character outside the Base45 alphabet") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise FormatError("a Base45 group above 65535")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise FormatError("a Base45 pair above 255")
            out.append(n)
    return bytes(out)


def fragment(text: str) -> str:
    """The certificate text as a URL fragment: '%' and ' ' (both in Base45) percent-encoded.

    Decision: a URL fragment is percent-decoded by its reader (the verifier page decodes every
    %XX), so a writer must encode the two Base45 characters that a URL would not keep as they are.
    """
    return text.replace("%", "%25").replace(" ", "%20")


# --------------------------------------------------------------------------- keys


def _spki(public: ec.EllipticCurvePublicKey | Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.DER,
                               serialization.PublicFormat.SubjectPublicKeyInfo)


def kid_of(public: ec.EllipticCurvePublicKey | Ed25519PublicKey) -> bytes:
    """The key id: the first 8 bytes of the SHA-256 of the DER SubjectPublicKeyInfo."""
    return hashlib.sha256(_spki(public)).digest()[:8]


def jwk_of(public: ec.EllipticCurvePublicKey | Ed25519PublicKey) -> dict[str, str]:
    if isinstance(public, Ed25519PublicKey):
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    numbers = public.public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64url(numbers.x.to_bytes(32, "big")),
            "y": b64url(numbers.y.to_bytes(32, "big"))}


def public_from_jwk(jwk: object) -> tuple[Alg, ec.EllipticCurvePublicKey | Ed25519PublicKey]:
    """The public key of an RFC 7517 JWK; exactly the members the format names, nothing else.

    Decision: a JWK with any other member (a private ``d``, ``alg``, ``use``, …) is malformed.
    """
    if not isinstance(jwk, dict):
        raise FormatError("jwk is not an object")
    if jwk.get("kty") == "EC" and set(jwk) == {"kty", "crv", "x", "y"} and jwk["crv"] == "P-256":
        x, y = b64url_decode(jwk["x"]), b64url_decode(jwk["y"])
        if len(x) != 32 or len(y) != 32:
            raise FormatError("P-256 coordinates are 32 bytes")
        try:
            key = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"),
                                                ec.SECP256R1()).public_key()
        except ValueError:
            raise FormatError("not a point on P-256") from None
        return "ES256", key
    if jwk.get("kty") == "OKP" and set(jwk) == {"kty", "crv", "x"} and jwk["crv"] == "Ed25519":
        x = b64url_decode(jwk["x"])
        if len(x) != 32:
            raise FormatError("an Ed25519 key is 32 bytes")
        return "EdDSA", Ed25519PublicKey.from_public_bytes(x)
    raise FormatError("jwk is neither a P-256 nor an Ed25519 public key")


def verify_signature(alg: Alg, public: ec.EllipticCurvePublicKey | Ed25519PublicKey,
                     signature: bytes, data: bytes) -> bool:
    """ES256 as the 64 bytes r‖s (RFC 9053 §2.1, RFC 7518 §3.4); EdDSA as RFC 8032 gives it."""
    try:
        if alg == "EdDSA" and isinstance(public, Ed25519PublicKey):
            public.verify(signature, data)
            return True
        if (alg == "ES256" and isinstance(public, ec.EllipticCurvePublicKey)
                and len(signature) == 64):
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                       int.from_bytes(signature[32:], "big"))
            public.verify(der, data, ec.ECDSA(hashes.SHA256()))
            return True
    except InvalidSignature:
        pass
    return False


@dataclass(frozen=True)
class Key:
    """A signing key and the trust-list entry describing it."""

    name: str
    alg: Alg
    private: ec.EllipticCurvePrivateKey | Ed25519PrivateKey
    tiers: tuple[str, ...] = ()
    valid_from: dt.date | None = dt.date(2026, 1, 1)
    valid_until: dt.date | None = None
    verifier_url: str | None = None

    @property
    def public(self) -> ec.EllipticCurvePublicKey | Ed25519PublicKey:
        return self.private.public_key()

    @property
    def kid_bytes(self) -> bytes:
        return kid_of(self.public)

    @property
    def kid(self) -> str:
        return b64url(self.kid_bytes)

    @property
    def jwk(self) -> dict[str, str]:
        return jwk_of(self.public)

    def sign(self, data: bytes) -> bytes:
        if isinstance(self.private, Ed25519PrivateKey):
            return self.private.sign(data)
        r, s = decode_dss_signature(self.private.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def public_file(self) -> dict[str, Any]:
        """The root's public key file (``root.jwk.json``): ``{"name", "kid", "jwk"}``."""
        return {"name": self.name, "kid": self.kid, "jwk": self.jwk}

    def entry(self) -> dict[str, Any]:
        """This key's trust-list entry."""
        out: dict[str, Any] = {"name": self.name, "kid": self.kid, "jwk": self.jwk,
                               "tiers": list(self.tiers)}
        if self.valid_from is not None:
            out["valid_from"] = self.valid_from.isoformat()
        if self.valid_until is not None:
            out["valid_until"] = self.valid_until.isoformat()
        if self.verifier_url is not None:
            out["verifier_url"] = self.verifier_url
        return out


def _new_private(alg: Alg) -> ec.EllipticCurvePrivateKey | Ed25519PrivateKey:
    return Ed25519PrivateKey.generate() if alg == "EdDSA" else ec.generate_private_key(
        ec.SECP256R1())


def make_root(name: str = "Chương trình năng suất chất lượng — khóa gốc (demo)",
              alg: Alg = "ES256") -> Key:
    """The programme's root key, which signs trust lists."""
    return Key(name, alg, _new_private(alg))


def make_issuer(name: str, tiers: Sequence[str], alg: Alg = "ES256", *,
                valid_from: dt.date | None = dt.date(2026, 1, 1),
                valid_until: dt.date | None = None,
                verifier_url: str | None = None) -> Key:
    """An issuer (a certification body, a state agency, an enterprise signing its own)."""
    return Key(name, alg, _new_private(alg), tuple(tiers), valid_from, valid_until, verifier_url)


# --------------------------------------------------------------------------- signed JSON


def jws_detached(document: Mapping[str, Any], key: Key, *, alg: str | None = None,
                 kid: str | None = None, header: Mapping[str, Any] | None = None) -> str:
    """RFC 7515 compact serialisation with the payload detached (RFC 7515 Appendix F)."""
    head = dict(header) if header is not None else {"alg": alg or key.alg, "kid": kid or key.kid}
    protected = b64url(json.dumps(head, separators=(",", ":")).encode())
    body = {k: v for k, v in document.items() if k != "signature"}
    signing_input = f"{protected}.{b64url(rfc8785.dumps(body))}".encode("ascii")
    return f"{protected}..{b64url(key.sign(signing_input))}"


def sign_document(document: Mapping[str, Any], key: Key, **how: Any) -> dict[str, Any]:
    """The document with its ``signature`` (any old one replaced)."""
    body = {k: v for k, v in document.items() if k != "signature"}
    return {**body, "signature": jws_detached(body, key, **how)}


def make_trust(root: Key, issuers: Sequence[Key], *,
               verifier_url: str | None = "https://verify.example.org/gembakit/", version: int = 1,
               issued: dt.date = dt.date(2026, 11, 21),
               programme: str = "Chương trình năng suất chất lượng (demo)",
               sign: bool = True) -> dict[str, Any]:
    """A trust list (``gembakit/trust/v2``) signed by ``root``."""
    doc: dict[str, Any] = {"schema": TRUST_SCHEMA, "programme": programme, "version": version,
                           "issued": issued.isoformat()}
    if verifier_url is not None:
        doc["verifier_url"] = verifier_url
    doc["issuers"] = [key.entry() for key in issuers]
    return sign_document(doc, root) if sign else doc


def revocation_entry(serial: str, status: str = "withdrawn",
                     since: dt.date = dt.date(2026, 12, 1),
                     reason: str | None = "hồ sơ đánh giá bị làm giả / falsified records"
                     ) -> dict[str, Any]:
    out: dict[str, Any] = {"id": serial, "status": status, "since": since.isoformat()}
    if reason is not None:
        out["reason"] = reason
    return out


def make_revoked(signer: Key, entries: Sequence[Mapping[str, Any]], *,
                 generated: dt.date = dt.date(2026, 12, 2), sign: bool = True) -> dict[str, Any]:
    """A revocation list (``gembakit/revoked/v2``) signed by ``signer``."""
    doc: dict[str, Any] = {"schema": REVOKED_SCHEMA, "generated": generated.isoformat(),
                           "signer": {"name": signer.name, "kid": signer.kid},
                           "certificates": [dict(e) for e in entries]}
    return sign_document(doc, signer) if sign else doc


# --------------------------------------------------------------------------- certificates


def make_serial(tier: str, year: int, rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    code = "".join(rng.choice(SERIAL_ALPHABET) for _ in range(10))
    return f"{SERIAL_PREFIX[tier]}{year}-{code[:5]}-{code[5:]}"


def sample_claims(tier: str = "consultant", **changes: Any) -> dict[str, Any]:
    """A complete ``gk`` claim map (every optional claim present); ``changes`` override keys
    (a value of None removes the key)."""
    claims: dict[str, Any] = {
        "v": 1, "t": tier, "o": "Công ty TNHH Cơ khí Chính xác Đồng Nai", "tc": "3601234567",
        "pr": "Đồng Nai", "s": "Xưởng gia công CNC số 2", "c": "5s", "cv": "1.0.0", "l": 3,
        "ln": ["Chuẩn hóa", "Standardised"], "p": 78, "pt": [156, 200],
        "ss": [["sort", 85], ["set", 80], ["shine", 76], ["standardize", 72], ["sustain", 70]],
        "h": hashlib.sha256(b"assessment 5s 2026-11-12").digest(), "d": "2026-11-12",
        "a": "Nguyễn Thị Lan (Công ty CP Tư vấn Năng suất Xanh)",
        "sv": ["2027-11-12", "2028-11-12"]}
    for key, value in changes.items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value
    return claims


def numeric_date(day: dt.date) -> int:
    """A date at 00:00 UTC as an RFC 8392 NumericDate."""
    return (day - EPOCH).days * DAY


def claims_bytes(claims: Mapping[str, Any], *, iss: str, iat: dt.date | int,
                 exp: dt.date | int, serial: str | bytes,
                 extra: Mapping[Any, Any] | None = None) -> bytes:
    """The CWT claims map, canonical CBOR; ``extra`` adds (or overrides) top-level claims."""
    cwt: dict[Any, Any] = {
        1: iss, 4: exp if isinstance(exp, int) else numeric_date(exp),
        6: iat if isinstance(iat, int) else numeric_date(iat),
        7: serial.encode() if isinstance(serial, str) else serial, "gk": dict(claims)}
    cwt.update(extra or {})
    return cbor2.dumps(cwt, canonical=True)


def protected_bytes(alg: int, kid: bytes) -> bytes:
    return cbor2.dumps({1: alg, 4: kid}, canonical=True)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """RFC 9052 §4.4: what a COSE_Sign1 signature covers (no external data)."""
    return cbor2.dumps(["Signature1", protected, b"", payload], canonical=True)


def cose_sign1(key: Key, payload: bytes, *, protected: bytes | None = None,
               unprotected: Mapping[Any, Any] | None = None, signer: Key | None = None,
               tag: int | None = 18) -> bytes:
    """COSE_Sign1_Tagged over ``payload``: the protected header names ``key``, ``signer``
    (default ``key``) signs."""
    prot = protected if protected is not None else protected_bytes(COSE_ALG[key.alg],
                                                                    key.kid_bytes)
    signature = (signer or key).sign(sig_structure(prot, payload))
    body = [prot, dict(unprotected or {}), payload, signature]
    return cbor2.dumps(cbor2.CBORTag(tag, body) if tag is not None else body, canonical=True)


def encode_text(cose: bytes, *, compressed: bytes | None = None) -> str:
    """``GK2:`` + Base45(zlib level 9 (cose)); ``compressed`` replaces the zlib stream."""
    return PREFIX + base45_encode(compressed if compressed is not None else zlib.compress(cose, 9))


def make_certificate(issuer: Key, claims: Mapping[str, Any], *, iat: dt.date, exp: dt.date,
                     serial: str | None = None, iss: str | None = None,
                     signer: Key | None = None) -> str:
    """A ``GK2:`` certificate signed by ``issuer`` (or by ``signer`` under the issuer's kid)."""
    tier = str(claims.get("t", "consultant"))
    serial = serial or make_serial(tier if tier in SERIAL_PREFIX else "self", iat.year)
    payload = claims_bytes(claims, iss=issuer.name if iss is None else iss, iat=iat, exp=exp,
                           serial=serial)
    return encode_text(cose_sign1(issuer, payload, signer=signer))


def certificate_parts(text: str) -> tuple[bytes, dict[Any, Any], bytes, bytes]:
    """The COSE parts of a well-formed text: (protected, unprotected, payload, signature)."""
    outer = cbor2.loads(zlib.decompress(base45_decode(text[len(PREFIX):])))
    prot, unprot, payload, signature = outer.value
    return prot, unprot, payload, signature


# --------------------------------------------------------------------------- strict reading


@dataclass(frozen=True)
class Certificate:
    """What :func:`decode_certificate` reads from a text."""

    alg: Alg
    kid: str  # base64url, as the trust list writes it
    iss: str
    iat: dt.date
    exp: dt.date
    serial: str
    claims: dict[str, Any]
    protected: bytes
    payload: bytes
    signature: bytes

    @property
    def tier(self) -> str:
        return str(self.claims["t"])


def inflate(data: bytes) -> bytes:
    """zlib (RFC 1950), at most 8,192 bytes out, nothing after the end of the stream."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_INFLATED + 1)
    except zlib.error:
        raise FormatError("not a zlib stream") from None
    if len(out) > MAX_INFLATED:
        raise FormatError("inflates past 8192 bytes")
    if not inflater.eof:
        raise FormatError("the zlib stream is cut short")
    if inflater.unused_data:
        raise FormatError("bytes after the end of the zlib stream")
    return out


def _check_cbor_value(value: object, depth: int) -> None:
    """Only ints within ±2^53, byte and text strings, arrays and maps (int or text keys),
    nested at most 4 containers deep. Decision: no simple values (true/false/null) either:
    no claim uses one."""
    if isinstance(value, bool) or value is None:
        raise FormatError("a CBOR simple value")
    if isinstance(value, int):
        if abs(value) > 2 ** 53:
            raise FormatError("an integer beyond ±2^53")
    elif isinstance(value, list | tuple | Mapping):  # cbor2 gives tuples inside a tag
        if depth + 1 > 4:
            raise FormatError("CBOR nested more than 4 levels")
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, bool) or not isinstance(key, int | str):
                    raise FormatError("a map key that is neither an integer nor a text")
                _check_cbor_value(key, depth + 1)
                _check_cbor_value(item, depth + 1)
        else:
            for item in value:
                _check_cbor_value(item, depth + 1)
    elif not isinstance(value, bytes | str):
        raise FormatError(f"a CBOR {type(value).__name__} (floats, tags and others are refused)")


def cbor_strict(data: bytes, *, tagged: bool = False) -> Any:
    """One deterministic CBOR item: decoded, checked, re-encoded and compared byte for byte."""
    decoder = cbor2.CBORDecoder(io.BytesIO(data), allow_indefinite=False,
                                allow_duplicate_keys=False)
    try:
        value = decoder.decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, UnicodeDecodeError, OverflowError,
            RecursionError):
        raise FormatError("not CBOR") from None
    if decoder.fp.tell() != len(data):
        raise FormatError("bytes after the CBOR item")
    inner = value
    if tagged:
        if not isinstance(value, cbor2.CBORTag) or value.tag != 18:
            raise FormatError("not a COSE_Sign1_Tagged (tag 18)")
        inner = value.value
    _check_cbor_value(inner, 0)
    try:
        again = cbor2.dumps(value, canonical=True)
    except (cbor2.CBOREncodeError, ValueError, TypeError):
        raise FormatError("not deterministic CBOR") from None
    if again != data:
        raise FormatError("not deterministic CBOR (re-encoding differs)")
    return _plain(inner)


def _plain(value: Any) -> Any:
    """Lists and dicts all the way down (cbor2 decodes a tag's content as tuples)."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _date(text: object) -> dt.date:
    if not isinstance(text, str) or not _DATE.match(text):
        raise FormatError("not a YYYY-MM-DD date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FormatError("not a calendar date") from None


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise FormatError("not a non-empty text")
    return value


def _int(value: object, low: int = 0, high: int = 2 ** 53) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FormatError("not an integer in range")
    return value


def _percent(value: object) -> int:
    return _int(value, 0, 100)


def _pair_texts(value: object) -> None:
    if not isinstance(value, list) or len(value) != 2:
        raise FormatError("not an array of 2")
    _text(value[0])
    _text(value[1])


def _points(value: object) -> None:
    if not isinstance(value, list) or len(value) != 2:
        raise FormatError("pt is not an array of 2")
    if _int(value[0]) > _int(value[1]):
        raise FormatError("pt: more points than the maximum")


def _sections(value: object) -> None:
    """``[section id, whole percent]`` per section, in the checklist's order.

    Decision: section ids are non-empty texts, each at most once; percents 0 to 100.
    """
    if not isinstance(value, list):
        raise FormatError("ss is not an array")
    seen = set()
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise FormatError("ss holds something other than [section, percent]")
        seen.add(_text(pair[0]))
        _percent(pair[1])
    if len(seen) != len(value):
        raise FormatError("ss names a section twice")


def _hash(value: object) -> None:
    if not isinstance(value, bytes) or len(value) != 32:
        raise FormatError("h is not 32 bytes")


def _dates(value: object) -> None:
    if not isinstance(value, list):
        raise FormatError("sv is not an array")
    for item in value:
        _date(item)


def _tier(value: object) -> None:
    if value not in TIERS:
        raise FormatError("t is not a tier")


def _version(value: object) -> None:
    if value != 1 or isinstance(value, bool):
        raise FormatError("v is not 1")


# claim → (required, check). Decision: any other claim is malformed (the map is the format).
GK_CLAIMS: dict[str, tuple[bool, Callable[[object], object]]] = {
    "v": (True, _version), "t": (True, _tier), "o": (True, _text), "tc": (False, _text),
    "pr": (False, _text), "s": (True, _text), "c": (True, _text), "cv": (True, _text),
    "l": (True, _int), "ln": (True, _pair_texts), "p": (True, _percent), "pt": (False, _points),
    "ss": (True, _sections), "h": (True, _hash), "d": (True, _date), "a": (True, _text),
    "sv": (False, _dates)}


def _numeric_day(value: object) -> dt.date:
    """Decision: iat and exp must be whole days (00:00 UTC), as the format writes them, and
    dates a calendar can hold (up to 9999-12-31)."""
    seconds = _int(value)
    if seconds % DAY or seconds // DAY > (dt.date.max - EPOCH).days:
        raise FormatError("a NumericDate that is not 00:00 UTC of a day")
    return EPOCH + dt.timedelta(days=seconds // DAY)


def _read_cose(cose: bytes) -> tuple[Alg, bytes, bytes, bytes, bytes]:
    """COSE_Sign1_Tagged: (alg, kid, protected, payload, signature)."""
    outer = cbor_strict(cose, tagged=True)
    if not isinstance(outer, list) or len(outer) != 4:
        raise FormatError("COSE_Sign1 is not an array of 4")
    prot, unprot, payload, signature = outer
    if not (isinstance(prot, bytes) and isinstance(payload, bytes)
            and isinstance(signature, bytes)):
        raise FormatError("COSE_Sign1 parts of the wrong type")
    if unprot != {}:
        raise FormatError("the unprotected header is not empty")
    header = cbor_strict(prot)
    if not isinstance(header, dict) or set(header) != {1, 4}:
        raise FormatError("the protected header is not {1: alg, 4: kid}")
    alg: Alg
    if header[1] == -7:
        alg = "ES256"
    elif header[1] == -8:
        alg = "EdDSA"
    else:
        raise FormatError("alg is neither ES256 (-7) nor EdDSA (-8)")
    if not isinstance(header[4], bytes) or len(header[4]) != 8:
        raise FormatError("kid is not 8 bytes")
    return alg, header[4], prot, payload, signature


def _read_gk(gk: object) -> dict[str, Any]:
    if not isinstance(gk, dict):
        raise FormatError("gk is not a map")
    for key in gk:
        if key not in GK_CLAIMS:
            raise FormatError(f"unknown claim {key!r}")
    for key, (required, check) in GK_CLAIMS.items():
        if key in gk:
            check(gk[key])
        elif required:
            raise FormatError(f"claim {key!r} missing")
    return gk


def decode_certificate(text: str) -> Certificate:
    """A ``GK2:`` text read under every strict rule of docs/formats.md; raises FormatError.

    Decision: ASCII white space around the text (a file's newline, a paste) is ignored; inside
    it, it is not Base45 (the space character is, and a valid text never ends with one).
    """
    text = text.strip(" \t\r\n")
    if not text.startswith(PREFIX):
        raise FormatError("does not start with GK2:")
    alg, kid, prot, payload, signature = _read_cose(inflate(base45_decode(text[len(PREFIX):])))
    cwt = cbor_strict(payload)
    if not isinstance(cwt, dict) or set(cwt) != {1, 4, 6, 7, "gk"}:
        raise FormatError("the claims are not exactly iss, exp, iat, cti and gk")
    iss = _text(cwt[1])
    exp, iat = _numeric_day(cwt[4]), _numeric_day(cwt[6])
    if exp < iat:  # Decision: a certificate is in force for at least its issue day
        raise FormatError("exp before iat")
    if not isinstance(cwt[7], bytes):
        raise FormatError("cti is not a byte string")
    try:
        serial = cwt[7].decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError("cti is not UTF-8") from None
    gk = _read_gk(cwt["gk"])
    # Decision: the serial must show the tier the certificate signs (GK-SD/GK-CA/GK-SR).
    if not serial.startswith(SERIAL_PREFIX[gk["t"]]):
        raise FormatError("the serial does not show the certificate's tier")
    return Certificate(alg, b64url(kid), iss, iat, exp, serial, gk, prot, payload, signature)


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class Issuer:
    name: str
    kid: str
    alg: Alg
    public: ec.EllipticCurvePublicKey | Ed25519PublicKey
    tiers: frozenset[str]
    valid_from: dt.date | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class Trust:
    version: int
    issuers: dict[str, Issuer]  # kid → issuer


def _parse_jws(signature: object) -> tuple[str, dict[str, Any], bytes]:
    """A detached compact JWS: (encoded header, header, signature bytes).

    Decision: the header is exactly {"alg", "kid"}; anything else (crit, b64, …) is malformed.
    """
    if not isinstance(signature, str):
        raise FormatError("the signature is not a text")
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise FormatError("not a detached compact JWS")
    try:
        header = json.loads(b64url_decode(parts[0]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FormatError("the JWS header is not JSON") from None
    if (not isinstance(header, dict) or set(header) != {"alg", "kid"}
            or not all(isinstance(v, str) for v in header.values())):
        raise FormatError("the JWS header is not {alg, kid}")
    return parts[0], header, b64url_decode(parts[2])


def _jws_matches(document: Mapping[str, Any], encoded_header: str, header: Mapping[str, str],
                 signature: bytes, *, alg: Alg,
                 public: ec.EllipticCurvePublicKey | Ed25519PublicKey) -> bool:
    if header["alg"] != alg:
        return False
    body = {k: v for k, v in document.items() if k != "signature"}
    try:
        canonical = rfc8785.dumps(body)
    except (rfc8785.CanonicalizationError, ValueError, TypeError):
        raise FormatError("not canonicalisable JSON") from None
    return verify_signature(alg, public, signature,
                            f"{encoded_header}.{b64url(canonical)}".encode("ascii"))


def _is_unsigned(document: Mapping[str, Any]) -> bool:
    """Decision: no ``signature`` member, or null, or an empty text, is "unsigned"."""
    return document.get("signature") in (None, "")


def _keys(document: Mapping[str, Any], required: set[str],
          optional: frozenset[str] | set[str] = frozenset()) -> None:
    if not required <= set(document) <= required | optional:
        raise FormatError("missing or unknown members")


def _issuer(entry: object) -> Issuer:
    if not isinstance(entry, dict):
        raise FormatError("an issuer is not an object")
    # Decision: valid_from is optional too (no lower bound), as gembakit writes entries.
    _keys(entry, {"name", "kid", "jwk", "tiers"}, {"valid_from", "valid_until", "verifier_url",
                                                   "x5c"})
    alg, public = public_from_jwk(entry["jwk"])
    if entry["kid"] != b64url(kid_of(public)):
        raise FormatError("an issuer's kid is not its key's")
    tiers = entry["tiers"]
    if (not isinstance(tiers, list) or not tiers or len(set(map(str, tiers))) != len(tiers)
            or any(t not in TIERS for t in tiers)):
        raise FormatError("tiers is not a non-empty list of distinct tiers")
    until = _date(entry["valid_until"]) if "valid_until" in entry else None
    if "verifier_url" in entry:
        _text(entry["verifier_url"])
    if "x5c" in entry and (not isinstance(entry["x5c"], list)
                           or not all(isinstance(c, str) and c for c in entry["x5c"])):
        raise FormatError("x5c is not a list of texts")
    since = _date(entry["valid_from"]) if "valid_from" in entry else None
    return Issuer(_text(entry["name"]), entry["kid"], alg, public, frozenset(tiers), since, until)


def _json_int(value: object) -> int:
    """A positive integer as JSON gives it. Decision: ``3.0`` counts as 3, since a browser's
    JSON.parse cannot tell them apart (and RFC 8785 writes both as ``3``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _int(value, 1)


def _trust_content(document: Mapping[str, Any]) -> Trust:
    # Decision: the programme's verifier_url is optional (an issuer may name its own).
    _keys(document, {"schema", "programme", "version", "issued", "issuers", "signature"},
          {"verifier_url"})
    _text(document["programme"])
    if "verifier_url" in document:
        _text(document["verifier_url"])
    _date(document["issued"])
    version = _json_int(document["version"])
    if not isinstance(document["issuers"], list):
        raise FormatError("issuers is not a list")
    issuers: dict[str, Issuer] = {}
    for entry in document["issuers"]:
        issuer = _issuer(entry)
        if issuer.kid in issuers:
            raise FormatError("a kid twice")
        issuers[issuer.kid] = issuer
    return Trust(version, issuers)


def check_trust(document: object, root: Mapping[str, Any]) -> tuple[Trust | None, str | None]:
    """The trust list if the pinned root signed it, else the code saying why not.

    Order: schema (format), signature present (unsigned), JWS shape (format), root kid (root),
    signature (signature), then the signed content (format).
    """
    try:
        if not isinstance(document, dict) or document.get("schema") != TRUST_SCHEMA:
            return None, "trust.format"
        if _is_unsigned(document):
            return None, "trust.unsigned"
        encoded, header, signature = _parse_jws(document["signature"])
        if header["kid"] != root["kid"]:
            return None, "trust.root"
        alg, public = public_from_jwk(root["jwk"])
        if not _jws_matches(document, encoded, header, signature, alg=alg, public=public):
            return None, "trust.signature"
        return _trust_content(document), None
    except FormatError:
        return None, "trust.format"


@dataclass(frozen=True)
class RevocationList:
    signer: Issuer
    generated: dt.date
    entries: tuple[dict[str, Any], ...]


def _revoked_content(document: Mapping[str, Any], signer: Issuer) -> RevocationList:
    _keys(document, {"schema", "generated", "signer", "certificates", "signature"})
    generated = _date(document["generated"])
    entries = document["certificates"]
    if not isinstance(entries, list):
        raise FormatError("certificates is not a list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise FormatError("an entry is not an object")
        _keys(entry, {"id", "status", "since"}, {"reason"})
        _text(entry["id"])
        _date(entry["since"])
        if entry["status"] not in STATUSES:
            raise FormatError("an unknown status")
        if "reason" in entry and not isinstance(entry["reason"], str):
            raise FormatError("a reason is not a text")
    return RevocationList(signer, generated, tuple(entries))


def _signer(document: Mapping[str, Any]) -> dict[str, str]:
    signer = document.get("signer")
    if (not isinstance(signer, dict) or set(signer) != {"name", "kid"}
            or not all(isinstance(v, str) for v in signer.values())):
        raise FormatError("signer is not {name, kid}")
    return signer


def check_revoked(document: object, trust: Trust) -> tuple[RevocationList | None, str | None]:
    """A revocation list if a key of the trust list signed it, else the code saying why not.

    Order: schema (format), signature present (unsigned), signer and JWS shape (format), signer
    in the trust list (signer), signature (signature), then the signed content (format).
    Decision: the signer must be in the trust list under the same kid and name; the JWS header's
    kid must be the signer's (else the signature is not the signer's: ``revoked.signature``).
    """
    code = "revoked.format"
    try:
        if not isinstance(document, dict) or document.get("schema") != REVOKED_SCHEMA:
            return None, code
        if _is_unsigned(document):
            return None, "revoked.unsigned"
        signer = _signer(document)
        encoded, header, signature = _parse_jws(document["signature"])
        issuer = trust.issuers.get(signer["kid"])
        if issuer is None or issuer.name != signer["name"]:
            code = "revoked.signer"
        elif header["kid"] != issuer.kid or not _jws_matches(
                document, encoded, header, signature, alg=issuer.alg, public=issuer.public):
            code = "revoked.signature"
        else:
            return _revoked_content(document, issuer), None
    except FormatError:
        pass
    return None, code


# --------------------------------------------------------------------------- the verdict


def readings(raw: str) -> list[str]:
    """The texts a scanned, pasted or opened string may carry, as the verifier page reads it.

    A bare text is itself. A link is reduced to its fragment, which Base45's '%' and ' ' make
    ambiguous: a writer may percent-encode it (:func:`fragment`) or not (and a browser then shows
    each space as %20). Decision: try, in order, the percent-decoded fragment, the fragment as it
    is, and the fragment with only %20 undone; the first that decodes is checked. A wrong reading
    fails zlib's check value and the strict CBOR rules, and any reading needs a valid signature.
    """
    text = raw.strip(" \t\r\n")
    if "#" not in text:
        return [text]
    part = text.split("#", 1)[1]
    decoded = re.sub("%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), part)
    out: list[str] = []
    for reading in (decoded, part, part.replace("%20", " ")):
        if reading not in out:
            out.append(reading)
    return out


def decode_link(raw: str) -> Certificate:
    """The certificate of the first reading (:func:`readings`) that decodes; else the first
    reading's FormatError."""
    first: FormatError | None = None
    for reading in readings(raw):
        try:
            return decode_certificate(reading)
        except FormatError as exc:
            first = first or exc
    assert first is not None
    raise first


def verify(text: str, trust: object, root: Key | Mapping[str, Any], revoked: Sequence[object],
           today: dt.date) -> tuple[bool, set[str]]:
    """The reference verdict: VALID only when no reason applies; every reason's code.

    ``text`` is a certificate text or a link carrying one (read as :func:`readings` says);
    ``root`` the pinned root (its :class:`Key` or its public key file).

    Decisions where the format is silent:
    - a trust list that fails gives its one code, and then nothing that needs it is checked
      (key, signature, issuer, tier, key validity, revocation lists) — only the text's format
      and its dates;
    - after cert.unknown_key nothing key-related is checked; after cert.signature the (untrusted)
      claims are still checked, so every reason shows;
    - a revocation entry applies when its list's signer may sign ``state`` or has the same name
      in the trust list as the certificate's key (an issuer that renewed its key can still
      revoke), whatever its ``since`` date;
    - a bad revocation list gives its code and its entries are ignored.
    """
    codes: set[str] = set()
    trusted, trust_code = check_trust(trust, root.public_file() if isinstance(root, Key)
                                      else root)
    if trust_code:
        codes.add(trust_code)
    try:
        cert: Certificate | None = decode_link(text)
    except FormatError:
        cert = None
        codes.add("cert.format")
    if cert is not None:
        if today < cert.iat:
            codes.add("cert.not_yet_valid")
        if today > cert.exp:
            codes.add("cert.expired")
    if trusted is None:
        return not codes, codes
    lists = []
    for document in revoked:
        checked, code = check_revoked(document, trusted)
        codes.update([code] if code else [])
        lists.extend([checked] if checked else [])
    if cert is not None:
        issuer = trusted.issuers.get(cert.kid)
        codes |= _key_codes(cert, issuer) if issuer else {"cert.unknown_key"}
        for checked in lists:
            may = "state" in checked.signer.tiers or (issuer is not None
                                                      and checked.signer.name == issuer.name)
            if may and any(entry["id"] == cert.serial for entry in checked.entries):
                codes.add("cert.revoked")
    return not codes, codes


def _key_codes(cert: Certificate, issuer: Issuer) -> set[str]:
    """What the trust list's entry for the certificate's key says against it."""
    codes = set()
    if issuer.alg != cert.alg or not verify_signature(
            issuer.alg, issuer.public, cert.signature,
            sig_structure(cert.protected, cert.payload)):
        codes.add("cert.signature")
    if cert.iss != issuer.name:
        codes.add("cert.issuer_name")
    if cert.tier not in issuer.tiers:
        codes.add("cert.tier")
    if ((issuer.valid_from and cert.iat < issuer.valid_from)
            or (issuer.valid_until and cert.iat > issuer.valid_until)):
        codes.add("cert.key_validity")
    return codes


# --------------------------------------------------------------------------- mutations


def truncate(text: str, keep: int | None = None) -> str:
    """The text cut short (by default, its last 3 characters gone: whole groups)."""
    return text[:keep if keep is not None else len(text) - 3]


def change_char(text: str, index: int | None = None, to: str | None = None) -> str:
    """One Base45 character changed (by default the middle one, to the next in the alphabet)."""
    body = len(PREFIX)
    i = index if index is not None else body + (len(text) - body) // 2
    new = to if to is not None else B45_ALPHABET[(B45_ALPHABET.index(text[i]) + 1) % 45]
    return text[:i] + new + text[i + 1:]


def recode(text: str, edit: Callable[[bytes], bytes]) -> str:
    """The text with its COSE bytes edited (and compressed again)."""
    return encode_text(edit(inflate(base45_decode(text.strip()[len(PREFIX):]))))


def flip_bit(text: str, byte: int, bit: int = 0) -> str:
    """One bit flipped in the COSE bytes (``byte`` may be negative: -1 is in the signature)."""
    def edit(cose: bytes) -> bytes:
        out = bytearray(cose)
        out[byte] ^= 1 << bit
        return bytes(out)
    return recode(text, edit)


def trailing_zlib(text: str, extra: bytes = b"\x00") -> str:
    """Bytes after the end of the zlib stream."""
    data = base45_decode(text[len(PREFIX):])
    return PREFIX + base45_encode(data + extra)


def deflate_bomb(size: int = 50 * 1024 * 1024) -> str:
    """A GK2 text whose zlib stream inflates to ``size`` zero bytes (well past 8 KiB)."""
    packer = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(packer.compress(bytes(size % len(chunk))))
    parts.append(packer.flush())
    return PREFIX + base45_encode(b"".join(parts))


def altered_claims(text: str, **changes: Any) -> str:
    """The same signature over a payload with claims changed: an altered certificate."""
    prot, _, payload, signature = certificate_parts(text)
    cwt = cbor2.loads(payload)
    for key, value in changes.items():
        cwt["gk"][key] = value
    body = [prot, {}, cbor2.dumps(cwt, canonical=True), signature]
    return encode_text(cbor2.dumps(cbor2.CBORTag(18, body), canonical=True))


def raw_cbor(head: int, value: int) -> bytes:
    """A CBOR head in the given major type with a non-shortest argument when asked: ``head`` is
    the full initial byte (e.g. 0x18 = unsigned with a 1-byte argument)."""
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(head & 0x1F, 0)
    return bytes([head]) + (value.to_bytes(size, "big") if size else b"")


def payload_variants(issuer: Key, claims: Mapping[str, Any], *, iat: dt.date, exp: dt.date,
                     serial: str) -> Iterator[tuple[str, str]]:
    """Well-signed certificates whose CBOR or claims break one decoding rule each."""
    good = claims_bytes(claims, iss=issuer.name, iat=iat, exp=exp, serial=serial)

    def with_gk(**changes: Any) -> bytes:
        return claims_bytes({**claims, **changes}, iss=issuer.name, iat=iat, exp=exp,
                            serial=serial)

    def signed(payload: bytes) -> str:
        return encode_text(cose_sign1(issuer, payload))

    # The claims map is 0xa5 (five entries), its first key the integer 1 (0x01).
    yield "cbor-keys-out-of-order", signed(b"\xa5" + _reorder(good))
    yield "cbor-non-shortest-int", signed(b"\xa5" + raw_cbor(0x18, 1) + good[2:])
    yield "cbor-indefinite-map", signed(b"\xbf" + good[1:] + b"\xff")
    yield "cbor-float", signed(_replace_value(good, "p", b"\xf9\x3c\x00"))  # 1.0, half
    yield "cbor-simple-value", signed(_replace_value(good, "p", b"\xf5"))  # true
    yield "cbor-tag-inside", signed(_replace_value(good, "d", b"\xc0" + cbor2.dumps(claims["d"])))
    yield "cbor-duplicate-key", signed(b"\xa6" + good[1:] + cbor2.dumps("gk") + b"\xa0")
    yield "cbor-big-int", signed(_replace_value(good, "l", raw_cbor(0x1B, 2 ** 53 + 1)))
    yield "cbor-too-deep", signed(with_gk(ss=[["sort", [85]]]))  # a container at level 5
    yield "claim-section-twice", signed(with_gk(ss=[["sort", 85], ["sort", 80]]))
    yield "claim-section-map", signed(with_gk(ss={"sort": 85}))
    yield "cbor-trailing-bytes", signed(good + b"\x00")
    yield "claim-unknown", signed(with_gk(zz="x"))
    yield "claim-missing", signed(claims_bytes({k: v for k, v in claims.items() if k != "o"},
                                               iss=issuer.name, iat=iat, exp=exp, serial=serial))
    yield "claim-wrong-type", signed(with_gk(p="78"))
    yield "claim-bad-date", signed(with_gk(d="2026-02-30"))
    yield "claim-hash-length", signed(with_gk(h=b"\x00" * 31))
    yield "claim-version", signed(with_gk(v=2))
    yield "claim-score-range", signed(with_gk(p=101))
    yield "claim-level-name", signed(with_gk(ln=["Chuẩn hóa"]))
    yield "cwt-extra-claim", signed(claims_bytes(claims, iss=issuer.name, iat=iat, exp=exp,
                                                 serial=serial, extra={2: "subject"}))
    yield "cwt-not-midnight", signed(claims_bytes(claims, iss=issuer.name,
                                                  iat=numeric_date(iat) + 3600, exp=exp,
                                                  serial=serial))
    yield "cwt-exp-before-iat", signed(claims_bytes(claims, iss=issuer.name, iat=iat,
                                                    exp=iat - dt.timedelta(days=1),
                                                    serial=serial))
    yield "cwt-cti-text", signed(cbor2.dumps({1: issuer.name, 4: numeric_date(exp),
                                              6: numeric_date(iat), 7: serial,
                                              "gk": dict(claims)}, canonical=True))
    other = {"self": "GK-SR", "consultant": "GK-SD", "state": "GK-CA"}[str(claims["t"])]
    yield "serial-wrong-tier", signed(claims_bytes(claims, iss=issuer.name, iat=iat, exp=exp,
                                                   serial=other + serial[5:]))


def _reorder(payload: bytes) -> bytes:
    """The claims map's entries with the first two swapped (iss after exp)."""
    decoded = cbor2.loads(payload)
    items = [cbor2.dumps(k, canonical=True) + cbor2.dumps(v, canonical=True)
             for k, v in decoded.items()]
    items[0], items[1] = items[1], items[0]
    return b"".join(items)


def _replace_value(payload: bytes, claim: str, encoded: bytes) -> bytes:
    """The payload with one gk claim's encoded value replaced by raw bytes (kept in order)."""
    decoded = cbor2.loads(payload)
    gk = decoded["gk"]
    parts = [cbor2.dumps(k, canonical=True) + (encoded if k == claim else cbor2.dumps(
        v, canonical=True)) for k, v in sorted(gk.items(), key=lambda kv: _key_order(kv[0]))]
    gk_bytes = bytes([0xA0 + len(gk)]) + b"".join(parts)
    head = [cbor2.dumps(k, canonical=True) + cbor2.dumps(v, canonical=True)
            for k, v in decoded.items() if k != "gk"]
    return bytes([0xA5]) + b"".join(head) + cbor2.dumps("gk") + gk_bytes


def _key_order(key: object) -> tuple[int, bytes]:
    raw = cbor2.dumps(key, canonical=True)
    return len(raw), raw


def cose_variants(issuer: Key, payload: bytes) -> Iterator[tuple[str, str]]:
    """Well-signed certificates whose COSE envelope breaks one rule each."""
    kid = issuer.kid_bytes
    alg = COSE_ALG[issuer.alg]
    yield "cose-untagged", encode_text(cose_sign1(issuer, payload, tag=None))
    yield "cose-other-tag", encode_text(cose_sign1(issuer, payload, tag=98))
    yield "cose-unprotected-header", encode_text(cose_sign1(issuer, payload,
                                                            unprotected={4: kid}))
    yield "cose-protected-extra", encode_text(cose_sign1(
        issuer, payload, protected=cbor2.dumps({1: alg, 3: 0, 4: kid}, canonical=True)))
    yield "cose-unknown-alg", encode_text(cose_sign1(
        issuer, payload, protected=cbor2.dumps({1: -35, 4: kid}, canonical=True)))
    yield "cose-short-kid", encode_text(cose_sign1(
        issuer, payload, protected=cbor2.dumps({1: alg, 4: kid[:7]}, canonical=True)))
    yield "cose-protected-non-canonical", encode_text(cose_sign1(
        issuer, payload, protected=b"\xa2\x04\x48" + kid + b"\x01" + cbor2.dumps(alg)))


@dataclass
class Case:
    """One verification to run: what goes in, and the codes the reference gives."""

    name: str
    text: str
    trust: object
    root: dict[str, Any]
    revoked: list[Any]
    today: dt.date
    expected: frozenset[str]
    keys: dict[str, Key] = field(default_factory=dict, repr=False)

    @property
    def valid(self) -> bool:
        return not self.expected


@dataclass
class World:
    """A programme: a root, one issuer per tier (and an Ed25519 one), a signed trust list."""

    root: Key
    state: Key
    consultant: Key
    self_: Key
    ed: Key
    outsider: Key  # a key no trust list names
    trust: dict[str, Any]
    today: dt.date = dt.date(2027, 1, 15)
    iat: dt.date = dt.date(2026, 11, 20)
    exp: dt.date = dt.date(2028, 11, 19)

    @classmethod
    def make(cls) -> World:
        root = make_root()
        state = make_issuer("Cục Năng suất Chất lượng (demo)", ["consultant", "state"])
        consultant = make_issuer("Công ty CP Tư vấn Năng suất Xanh", ["consultant"],
                                 valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2028, 12, 31))
        self_ = make_issuer("Công ty TNHH Cơ khí Chính xác Đồng Nai", ["self"])
        ed = make_issuer("Viện Năng suất Việt Nam (Ed25519)", ["consultant", "self"], alg="EdDSA")
        outsider = make_issuer("Công ty Tư vấn Không Rõ", ["consultant", "state"])
        trust = make_trust(root, [state, consultant, self_, ed], version=3)
        return cls(root, state, consultant, self_, ed, outsider, trust)

    def keys(self) -> dict[str, Key]:
        return {"root": self.root, "state": self.state, "consultant": self.consultant,
                "self": self.self_, "ed": self.ed, "outsider": self.outsider}

    def certificate(self, issuer: Key | None = None, *, tier: str = "consultant",
                    serial: str | None = None, **kw: Any) -> str:
        issuer = issuer or self.consultant
        return make_certificate(issuer, sample_claims(tier), iat=kw.pop("iat", self.iat),
                                exp=kw.pop("exp", self.exp), serial=serial, **kw)

    def case(self, name: str, text: str, expected: Sequence[str] = (), *,
             trust: object = None, revoked: Sequence[Any] = (), today: dt.date | None = None,
             root: Key | None = None) -> Case:
        return Case(name, text, self.trust if trust is None else trust,
                    (root or self.root).public_file(), list(revoked), today or self.today,
                    frozenset(expected), self.keys())


def named_cases(world: World | None = None) -> list[Case]:
    """Every code of the Verdicts table at least once, each with the codes it must give."""
    w = world or World.make()
    serial = make_serial("consultant", 2026, random.Random(7))
    good = w.certificate(serial=serial)
    ed_good = w.certificate(w.ed, serial=make_serial("consultant", 2026, random.Random(8)))
    state_serial = make_serial("state", 2026, random.Random(9))
    cases = [
        w.case("valid-es256", good),
        w.case("valid-ed25519", ed_good),
        w.case("valid-self", w.certificate(w.self_, tier="self")),
        w.case("valid-state", w.certificate(w.state, tier="state")),
        w.case("valid-first-day", good, today=w.iat),
        w.case("valid-last-day", good, today=w.exp),
        w.case("valid-with-whitespace", f"  {good}\n"),
        w.case("valid-minimal-trust-list", good, trust=make_trust(
            w.root, [replace(w.consultant, valid_from=None, valid_until=None)],
            verifier_url=None)),
        w.case("altered-organisation", altered_claims(good, o="Công ty Giả Mạo"),
               ["cert.signature"]),
        w.case("altered-score", altered_claims(good, p=99), ["cert.signature"]),
        w.case("altered-ed25519", altered_claims(ed_good, l=5), ["cert.signature"]),
        w.case("unknown-key", w.certificate(w.outsider), ["cert.unknown_key"]),
        w.case("wrong-key-same-kid", w.certificate(w.consultant, signer=w.outsider),
               ["cert.signature"]),
        w.case("issuer-name", w.certificate(iss="Công ty CP Tư vấn Năng suất Xanh Mới"),
               ["cert.issuer_name"]),
        w.case("tier", w.certificate(tier="state"), ["cert.tier"]),
        w.case("key-validity-before", w.certificate(iat=dt.date(2025, 12, 31),
                                                    exp=dt.date(2027, 12, 30)),
               ["cert.key_validity"], today=dt.date(2026, 1, 10)),
        w.case("key-validity-after", w.certificate(iat=dt.date(2029, 1, 2),
                                                   exp=dt.date(2031, 1, 1)),
               ["cert.key_validity"], today=dt.date(2029, 6, 1)),
        w.case("expired", good, ["cert.expired"], today=w.exp + dt.timedelta(days=1)),
        w.case("not-yet-valid", good, ["cert.not_yet_valid"],
               today=w.iat - dt.timedelta(days=1)),
        w.case("revoked-by-issuer", good, ["cert.revoked"],
               revoked=[make_revoked(w.consultant, [revocation_entry(serial)])]),
        w.case("revoked-by-state", good, ["cert.revoked"],
               revoked=[make_revoked(w.state, [revocation_entry(serial, "suspended",
                                                                reason=None)])]),
        w.case("revoked-by-competitor-ignored", good,
               revoked=[make_revoked(w.ed, [revocation_entry(serial)])]),
        w.case("revoked-other-serial", good,
               revoked=[make_revoked(w.consultant, [revocation_entry(serial[:-1] + "Z"
                                                                     if serial[-1] != "Z"
                                                                     else serial[:-1] + "Y")])]),
        w.case("revoked-unsigned", good, ["revoked.unsigned"],
               revoked=[make_revoked(w.consultant, [revocation_entry(serial)], sign=False)]),
        w.case("revoked-altered", good, ["revoked.signature"],
               revoked=[_trimmed(make_revoked(w.consultant, [revocation_entry(serial)]))]),
        w.case("revoked-unknown-signer", good, ["revoked.signer"],
               revoked=[make_revoked(w.outsider, [revocation_entry(serial)])]),
        w.case("revoked-malformed", good, ["revoked.format"],
               revoked=[sign_document({**make_revoked(w.consultant, [], sign=False),
                                       "generated": "2 December 2026"}, w.consultant)]),
        w.case("trust-unsigned", good, ["trust.unsigned"],
               trust=make_trust(w.root, [w.consultant], sign=False)),
        w.case("trust-altered", good, ["trust.signature"],
               trust=_add_issuer(w.trust, w.outsider)),
        w.case("trust-other-root", good, ["trust.root"],
               trust=make_trust(make_root(), [w.consultant])),
        w.case("trust-malformed", good, ["trust.format"],
               trust=sign_document({**make_trust(w.root, [w.consultant], sign=False),
                                    "version": "three"}, w.root)),
        w.case("trust-not-a-trust-list", good, ["trust.format"], trust=["not", "a", "list"]),
        w.case("truncated", truncate(good), ["cert.format"]),
        w.case("truncated-to-prefix", "GK2:", ["cert.format"]),
        w.case("base45-char-changed", change_char(good), ["cert.format"]),
        w.case("base45-lower-case", PREFIX + good[len(PREFIX):].lower(), ["cert.format"]),
        w.case("base45-group-too-big", good[:len(PREFIX)] + "GGW" + good[len(PREFIX) + 3:],
               ["cert.format"]),
        w.case("prefix-lower-case", "gk2:" + good[len(PREFIX):], ["cert.format"]),
        w.case("prefix-old-format", "GK1:" + good[len(PREFIX):], ["cert.format"]),
        w.case("bit-flip-signature", flip_bit(good, -1), ["cert.signature"]),
        w.case("trailing-zlib-bytes", trailing_zlib(good), ["cert.format"]),
        w.case("deflate-bomb", deflate_bomb(), ["cert.format"]),
        w.case("format-and-trust-unsigned", "GK2:00", ["cert.format", "trust.unsigned"],
               trust=make_trust(w.root, [w.consultant], sign=False)),
        w.case("several-reasons", w.certificate(tier="state", iss="Ai đó", serial=state_serial),
               ["cert.tier", "cert.issuer_name", "cert.expired", "cert.revoked"],
               today=w.exp + dt.timedelta(days=30),
               revoked=[make_revoked(w.state, [revocation_entry(state_serial)])]),
    ]
    for name, text in payload_variants(w.consultant, sample_claims(), iat=w.iat, exp=w.exp,
                                       serial=serial):
        cases.append(w.case(name, text, ["cert.format"]))
    for name, text in cose_variants(w.consultant, claims_bytes(
            sample_claims(), iss=w.consultant.name, iat=w.iat, exp=w.exp, serial=serial)):
        cases.append(w.case(name, text, ["cert.format"]))
    # The COSE alg of the other curve: well-formed, but the signature cannot be the key's.
    cases.append(w.case("alg-not-the-keys", encode_text(cose_sign1(
        w.consultant, claims_bytes(sample_claims(), iss=w.consultant.name, iat=w.iat, exp=w.exp,
                                   serial=serial),
        protected=protected_bytes(-8, w.consultant.kid_bytes))), ["cert.signature"]))
    cases.extend(_size_cases(w, serial))
    return cases


def _size_cases(w: World, serial: str) -> list[Case]:
    """A payload whose COSE bytes are exactly 8,192 (accepted) and 8,193 (refused)."""
    out = []
    for size, expected in ((MAX_INFLATED, []), (MAX_INFLATED + 1, ["cert.format"])):
        name = "x"
        for _ in range(3):  # the length of a text's CBOR head moves with it: settle in a few
            claims = sample_claims(o="Công ty " + name)
            cose = cose_sign1(w.consultant, claims_bytes(
                claims, iss=w.consultant.name, iat=w.iat, exp=w.exp, serial=serial))
            name = name + "x" * (size - len(cose)) if len(cose) < size else name[
                :len(name) + size - len(cose)]
        assert len(cose) == size, (len(cose), size)
        out.append(w.case(f"inflated-{size}-bytes", encode_text(cose), expected))
    return out


def _trimmed(document: dict[str, Any]) -> dict[str, Any]:
    """A signed list with its entries removed after signing (the attack signing prevents)."""
    return {**copy.deepcopy(document), "certificates": []}


def _add_issuer(trust: dict[str, Any], key: Key) -> dict[str, Any]:
    """A signed trust list with an issuer slipped in after signing."""
    out = copy.deepcopy(trust)
    out["issuers"].append(replace(key, tiers=("state",)).entry())
    return out


_EDITS: tuple[str, ...] = ("none", "alter", "flip", "char", "truncate", "trailing", "lower",
                           "outsider", "wrong_signer", "iss")


def random_cases(n: int, seed: int = 2026, world: World | None = None) -> list[Case]:
    """``n`` random scenarios (issuer, tier, dates, day checked, a revocation, one edit of the
    text or none); each case's expected codes are the reference verdict :func:`verify` gives."""
    w = world or World.make()
    rng = random.Random(seed)
    issuers = [w.state, w.consultant, w.self_, w.ed]
    out = []
    for i in range(n):
        issuer = rng.choice(issuers)
        tier = rng.choice(issuer.tiers if rng.random() < 0.85 else TIERS)
        iat = dt.date(2025, 11, 1) + dt.timedelta(days=rng.randrange(0, 1200))
        exp = iat + dt.timedelta(days=rng.choice([0, 30, 365, 730, 1095]))
        today = iat + dt.timedelta(days=rng.randrange(-10, (exp - iat).days + 30))
        serial = make_serial(tier, iat.year, rng)
        claims = sample_claims(tier, p=rng.randrange(0, 101), l=rng.randrange(1, 6),
                               tc=rng.choice([None, "0312345678"]),
                               sv=rng.choice([None, [(iat + dt.timedelta(days=365)).isoformat()]]))
        edit = "none" if rng.random() < 0.45 else rng.choice(_EDITS[1:])
        signer = w.outsider if edit == "wrong_signer" else None
        text = make_certificate(w.outsider if edit == "outsider" else issuer, claims, iat=iat,
                                exp=exp, serial=serial, signer=signer,
                                iss="Tên khác" if edit == "iss" else None)
        if edit == "alter":
            text = altered_claims(text, o=claims["o"] + " (sửa)")
        elif edit == "flip":
            text = flip_bit(text, rng.randrange(0, len(inflate(base45_decode(text[4:])))),
                            rng.randrange(8))
        elif edit == "char":
            text = change_char(text, rng.randrange(len(PREFIX), len(text)))
        elif edit == "truncate":
            text = truncate(text, rng.randrange(len(PREFIX), len(text)))
        elif edit == "trailing":
            text = trailing_zlib(text, bytes([rng.randrange(256)]))
        elif edit == "lower":
            text = PREFIX + text[len(PREFIX):].lower()
        revoked: list[Any] = []
        if rng.random() < 0.3:
            by = rng.choice([w.state, w.consultant, w.ed, w.self_])
            revoked.append(make_revoked(by, [revocation_entry(serial, rng.choice(STATUSES))]))
        if rng.random() < 0.05:
            revoked.append(_trimmed(make_revoked(w.state, [revocation_entry("GK-X")])))
        _, codes = verify(text, w.trust, w.root.public_file(), revoked, today)
        out.append(Case(f"random-{i}-{edit}", text, w.trust, w.root.public_file(), revoked,
                        today, frozenset(codes), w.keys()))
    return out
