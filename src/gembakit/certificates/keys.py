"""Issuer keys (Ed25519) and the trust list that says which key may sign which tier."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import Field, ValidationError

from gembakit._io import load_yaml, write_atomic
from gembakit.checklists.base import NonEmpty, Strict
from gembakit.checklists.maturity import Tier
from gembakit.errors import InputError, Problem, input_error

TRUST_SCHEMA = "gembakit/trust/v1"
ISSUER_FILE = "issuer.yaml"
PRIVATE_FILE = "private-key.pem"


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:16]


def public_text(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


class Issuer(Strict):
    """A trust-list entry: who the key belongs to and which tiers it may sign."""

    name: NonEmpty
    key_id: NonEmpty
    public_key: NonEmpty
    tiers: tuple[Tier, ...] = Field(min_length=1)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def public(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key))

    def verifies(self, signature: bytes, data: bytes) -> bool:
        try:
            self.public().verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


class TrustList(Strict):
    schema_: str = Field(alias="schema", pattern=f"^{TRUST_SCHEMA}$")
    issuers: tuple[Issuer, ...] = ()

    def find(self, kid: str) -> Issuer | None:
        return next((i for i in self.issuers if i.key_id == kid), None)


def load_trust(path: Path) -> TrustList:
    from gembakit._documents import validate_document

    doc = load_yaml(path)
    trust = validate_document(TrustList, doc.data, schema=TRUST_SCHEMA,
                              kind=("trust list", "danh sách tin cậy"), source=doc.source,
                              doc=doc)
    for i, issuer in enumerate(trust.issuers):
        try:
            if key_id(issuer.public()) != issuer.key_id:
                raise ValueError
        except ValueError:
            raise InputError((Problem(
                en="the key id does not belong to this public key",
                vi="mã khóa không khớp với khóa công khai", file=doc.source,
                path=("issuers", i, "key_id"), line=doc.line_of(("issuers", i, "key_id"))),
            )) from None
    return trust


class SigningKey:
    """A private key with the issuer it signs for."""

    def __init__(self, private: Ed25519PrivateKey, issuer: Issuer) -> None:
        self.private = private
        self.issuer = issuer

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def new_key(folder: Path, issuer: str, tiers: tuple[Tier, ...],
            passphrase: bytes | None = None) -> Issuer:
    """Write ``private-key.pem`` (owner-only) and ``issuer.yaml`` (a trust-list entry)."""
    if (folder / PRIVATE_FILE).exists():
        raise input_error("already holds a key; choose another folder",
                          "đã có khóa; hãy chọn thư mục khác", file=str(folder))
    private = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase
        else serialization.NoEncryption())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                encryption)
    entry = Issuer(name=issuer, key_id=key_id(private.public_key()),
                   public_key=public_text(private.public_key()), tiers=tiers)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    write_atomic(folder / PRIVATE_FILE, pem, mode=0o600)
    write_atomic(folder / ISSUER_FILE, dump_issuer(entry))
    return entry


def dump_issuer(entry: Issuer) -> str:
    from gembakit._io import dump_yaml

    return dump_yaml(entry.model_dump(mode="json", exclude_none=True))


def load_key(path: Path, passphrase: bytes | None = None) -> SigningKey:
    """A key folder (or its ``private-key.pem``) as written by :func:`new_key`."""
    folder = path if path.is_dir() else path.parent
    pem_path = path if path.is_file() else folder / PRIVATE_FILE
    try:
        pem = pem_path.read_bytes()
    except OSError:
        raise input_error("no private key here", "không có khóa bí mật",
                          file=str(pem_path)) from None
    try:
        private = serialization.load_pem_private_key(pem, password=passphrase)
    except TypeError:
        raise input_error("the key is protected: give its passphrase",
                          "khóa được bảo vệ: hãy cung cấp mật khẩu", file=str(pem_path)) from None
    except ValueError:
        raise input_error("not a readable private key (or the passphrase is wrong)",
                          "không đọc được khóa bí mật (hoặc sai mật khẩu)",
                          file=str(pem_path)) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise input_error("not an Ed25519 key", "không phải khóa Ed25519", file=str(pem_path))
    doc = load_yaml(folder / ISSUER_FILE)
    try:
        issuer = Issuer.model_validate(doc.data)
    except ValidationError:
        raise input_error("not an issuer description", "không phải mô tả đơn vị cấp",
                          file=doc.source) from None
    if issuer.key_id != key_id(private.public_key()):
        raise input_error("describes another key", "mô tả một khóa khác", file=doc.source)
    return SigningKey(private, issuer)
