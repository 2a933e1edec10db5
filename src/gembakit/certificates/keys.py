"""Signing keys: issuers' and the programme root's, ES256 by default, Ed25519 accepted.

ECDSA P-256 is the default because WebCrypto verifies it in every browser and PDF readers
validate it in signatures; Ed25519 is accepted for keys made before. A key id (``kid``) is the
first 8 bytes of the SHA-256 of the public key's DER SubjectPublicKeyInfo, as the EU DCC does.
A key folder holds ``private-key.pem`` (owner-only, optionally under a passphrase),
``issuer.json`` (its trust-list entry) and, for issuers, ``certificate.pem``: a self-signed X.509
certificate for PDF signatures, which an agency may replace by its CA-issued one and chain.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import NameOID

from gembakit.base.errors import refuse
from gembakit.base.safe_io import parse_json, read_text, write_atomic
from gembakit.certificates.cose import ALG_EDDSA, ALG_ES256

Alg = Literal["ES256", "EdDSA"]
PublicKey = ec.EllipticCurvePublicKey | Ed25519PublicKey
PrivateKey = ec.EllipticCurvePrivateKey | Ed25519PrivateKey
PRIVATE_FILE = "private-key.pem"
ISSUER_FILE = "issuer.json"
CERT_FILE = "certificate.pem"
CHAIN_FILE = "chain.pem"
ROOT_FILE = "root.jwk.json"
COSE_ALG = {"ES256": ALG_ES256, "EdDSA": ALG_EDDSA}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """Strict base64url without padding: a text has one decoding and no spare bits."""
    if not isinstance(text, str) or "=" in text or len(text) % 4 == 1:
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(data) != text:
        raise ValueError("spare bits")
    return data


def key_id(public: PublicKey) -> bytes:
    der = public.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).digest()[:8]


def alg_of(key: PublicKey | PrivateKey) -> Alg:
    return "EdDSA" if isinstance(key, Ed25519PublicKey | Ed25519PrivateKey) else "ES256"


def to_jwk(public: PublicKey) -> dict[str, str]:
    """The public key as RFC 7517 writes it."""
    if isinstance(public, Ed25519PublicKey):
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    numbers = public.public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64url(numbers.x.to_bytes(32, "big")),
            "y": b64url(numbers.y.to_bytes(32, "big"))}


def from_jwk(jwk: Any) -> PublicKey:
    """A public key from a JWK; ValueError for anything but P-256 or Ed25519."""
    if not isinstance(jwk, dict):
        raise ValueError("not a JWK")
    # A public key's own members and nothing else (a private "d" must never travel in one).
    if set(jwk) not in ({"kty", "crv", "x"}, {"kty", "crv", "x", "y"}):
        raise ValueError("unexpected JWK members")
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "y" not in jwk:
        return Ed25519PublicKey.from_public_bytes(unb64url(jwk["x"]))
    if jwk.get("kty") == "EC" and jwk.get("crv") == "P-256" and "y" in jwk:
        x, y = unb64url(jwk["x"]), unb64url(jwk["y"])
        if len(x) != 32 or len(y) != 32:
            raise ValueError("P-256 coordinates are 32 bytes")
        return ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"),
                                             ec.SECP256R1()).public_key()
    raise ValueError("only P-256 and Ed25519 keys")


def verify_raw(public: PublicKey, signature: bytes, data: bytes) -> bool:
    """A raw signature (r‖s for ES256, as COSE and JWS write it) over ``data``."""
    try:
        if isinstance(public, Ed25519PublicKey):
            public.verify(signature, data)
        else:
            if len(signature) != 64:
                return False
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            public.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def raw_from_der(der: bytes) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


class Signer(Protocol):
    """What signs: a key in a file or on a token. ``sign`` returns the raw COSE/JWS signature."""

    @property
    def name(self) -> str: ...

    @property
    def kid(self) -> bytes: ...

    @property
    def alg(self) -> Alg: ...

    def sign(self, data: bytes) -> bytes: ...

    def public_key(self) -> PublicKey: ...


class FileKey:
    """A private key read from a key folder."""

    def __init__(self, private: PrivateKey, name: str, folder: Path | None = None) -> None:
        self.private = private
        self.name = name
        self.folder = folder
        self.kid = key_id(private.public_key())
        self.alg: Alg = alg_of(private)

    def sign(self, data: bytes) -> bytes:
        if isinstance(self.private, Ed25519PrivateKey):
            return self.private.sign(data)
        return raw_from_der(self.private.sign(data, ec.ECDSA(hashes.SHA256())))

    def public_key(self) -> PublicKey:
        return self.private.public_key()


def generate(alg: Alg) -> PrivateKey:
    return Ed25519PrivateKey.generate() if alg == "EdDSA" else ec.generate_private_key(
        ec.SECP256R1())


def self_signed(private: PrivateKey, name: str, *, days: int = 3 * 365,
                now: dt.datetime | None = None) -> x509.Certificate:
    """A self-signed X.509 certificate naming the issuer, for its PDF signatures."""
    start = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    # X.509 names hold at most 64 bytes; the full name is in the trust list and the signature
    # appearance, so a long Vietnamese name is cut at a character boundary here.
    short = name.encode("utf-8")[:64].decode("utf-8", "ignore").strip() or "gembakit issuer"
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, short),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, short)])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
               .public_key(private.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start - dt.timedelta(days=1))
               .not_valid_after(start + dt.timedelta(days=days))
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=False,
                                            crl_sign=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    algorithm = None if isinstance(private, Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(private, algorithm)


def _write_private(folder: Path, private: PrivateKey, passphrase: bytes | None) -> None:
    if (folder / PRIVATE_FILE).exists():
        raise refuse("key.exists", "already holds a key; choose another folder",
                     file=str(folder))
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase
        else serialization.NoEncryption())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                encryption)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    write_atomic(folder / PRIVATE_FILE, pem, mode=0o600)


def issuer_entry(name: str, public: PublicKey, tiers: Sequence[str], *,
                 valid_from: dt.date | None = None, valid_until: dt.date | None = None,
                 verifier_url: str | None = None,
                 chain: Sequence[x509.Certificate] = ()) -> dict[str, Any]:
    """The trust-list entry of an issuer key (see docs/formats.md)."""
    entry: dict[str, Any] = {"name": name, "kid": b64url(key_id(public)), "jwk": to_jwk(public),
                             "tiers": list(tiers)}
    if valid_from:
        entry["valid_from"] = valid_from.isoformat()
    if valid_until:
        entry["valid_until"] = valid_until.isoformat()
    if verifier_url:
        entry["verifier_url"] = verifier_url
    if chain:
        entry["x5c"] = [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
                        for c in chain]
    return entry


def new_key(folder: Path, name: str, tiers: Sequence[str], *, alg: Alg = "ES256",
            passphrase: bytes | None = None, valid_from: dt.date | None = None,
            valid_until: dt.date | None = None, verifier_url: str | None = None
            ) -> dict[str, Any]:
    """An issuer key folder; returns the trust-list entry it also writes as ``issuer.json``."""
    private = generate(alg)
    _write_private(folder, private, passphrase)
    certificate = self_signed(private, name)
    write_atomic(folder / CERT_FILE, certificate.public_bytes(serialization.Encoding.PEM))
    entry = issuer_entry(name, private.public_key(), tiers, valid_from=valid_from,
                         valid_until=valid_until, verifier_url=verifier_url,
                         chain=[certificate])
    write_atomic(folder / ISSUER_FILE, json.dumps(entry, ensure_ascii=False, indent=2) + "\n")
    return entry


def new_root(folder: Path, name: str, *, passphrase: bytes | None = None) -> dict[str, Any]:
    """The programme's root key; ``root.jwk.json`` is what verifiers pin."""
    private = generate("ES256")
    _write_private(folder, private, passphrase)
    root = {"name": name, "kid": b64url(key_id(private.public_key())),
            "jwk": to_jwk(private.public_key())}
    write_atomic(folder / ROOT_FILE, json.dumps(root, ensure_ascii=False, indent=2) + "\n")
    return root


def load_private(path: Path, passphrase: bytes | None = None) -> PrivateKey:
    folder = path if path.is_dir() else path.parent
    pem_path = folder / PRIVATE_FILE if path.is_dir() else path
    try:
        pem = pem_path.read_bytes()
    except OSError:
        raise refuse("key.missing", "no private key here", file=str(pem_path)) from None
    try:
        private = serialization.load_pem_private_key(pem, password=passphrase)
    except TypeError:
        raise refuse("key.passphrase_needed", "the key is protected: give its passphrase",
                     file=str(pem_path)) from None
    except ValueError:
        raise refuse("key.unreadable", "not a readable private key (or the passphrase is "
                     "wrong)", file=str(pem_path)) from None
    if not (isinstance(private, Ed25519PrivateKey) or (
            isinstance(private, ec.EllipticCurvePrivateKey)
            and isinstance(private.curve, ec.SECP256R1))):
        raise refuse("key.kind", "not a P-256 or Ed25519 key", file=str(pem_path))
    return private


def load_key(path: Path, passphrase: bytes | None = None) -> FileKey:
    """An issuer key folder (or its ``private-key.pem``) as written by :func:`new_key`."""
    folder = path if path.is_dir() else path.parent
    private = load_private(path, passphrase)
    source = str(folder / ISSUER_FILE)
    entry = parse_json(read_text(folder / ISSUER_FILE, source), source)
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise refuse("key.issuer_file", "not an issuer description", file=source)
    if entry.get("kid") != b64url(key_id(private.public_key())):
        raise refuse("key.other_key", "describes another key", file=source)
    return FileKey(private, entry["name"], folder)


def load_root_key(path: Path, passphrase: bytes | None = None) -> FileKey:
    folder = path if path.is_dir() else path.parent
    private = load_private(path, passphrase)
    source = str(folder / ROOT_FILE)
    root = parse_json(read_text(folder / ROOT_FILE, source), source)
    if not isinstance(root, dict) or root.get("kid") != b64url(key_id(private.public_key())):
        raise refuse("key.root_file", "not the root key's description", file=source)
    return FileKey(private, str(root.get("name") or "root"), folder)


def x509_chain(folder: Path | None) -> list[x509.Certificate]:
    """The signer's X.509 certificate and the chain above it, from a key folder."""
    if folder is None:
        return []
    found: list[x509.Certificate] = []
    for name in (CERT_FILE, CHAIN_FILE):
        path = folder / name
        if path.is_file():
            try:
                found += x509.load_pem_x509_certificates(path.read_bytes())
            except ValueError:
                raise refuse("key.certificate", "not a readable PEM certificate",
                             file=str(path)) from None
    return found
