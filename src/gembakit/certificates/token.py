"""A signing key on a PKCS#11 token (a USB token, a smart card, an HSM), which never leaves it.

State agencies in Vietnam sign with a digital certificate from a licensed CA kept on a USB token
(Law on E-Transactions 20/2023/QH15). gembakit signs both the certificate payload (COSE, ES256)
and the PDF (PAdES) with the token's key: the private key is used through the token's own
PKCS#11 module and is never read. A missing module, a wrong PIN, a token or key that is not there
is one clear refusal each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gembakit.base.errors import refuse
from gembakit.certificates.keys import Alg, PublicKey, key_id


@dataclass
class TokenKey:
    """A token's EC P-256 key, opened in a session that stays open while it signs."""

    session: Any
    key_label: str
    name: str
    module: str
    _private: Any = field(repr=False, default=None)
    _public: PublicKey | None = field(repr=False, default=None)
    alg: Alg = "ES256"

    @property
    def kid(self) -> bytes:
        return key_id(self.public_key())

    def public_key(self) -> PublicKey:
        assert self._public is not None
        return self._public

    def sign(self, data: bytes) -> bytes:
        """ECDSA P-256 over SHA-256, r‖s as COSE and JWS write it: the hash is made here and
        the token signs it (CKM_ECDSA), which every token supports."""
        from pkcs11 import Mechanism

        digest = hashlib.sha256(data).digest()
        signature: bytes = self._private.sign(digest, mechanism=Mechanism.ECDSA)
        return signature

    def close(self) -> None:
        self.session.close()


def _ec_public(point: bytes) -> PublicKey:
    """CKA_EC_POINT holds the uncompressed point wrapped in a DER OCTET STRING."""
    from asn1crypto.core import OctetString

    raw = OctetString.load(point).native if point[:1] == b"\x04" and len(point) > 65 else point
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes(raw))


def open_token(module: str, token: str, key_label: str, pin: str) -> TokenKey:
    """The key ``key_label`` on the token ``token`` of the PKCS#11 ``module``, logged in."""
    try:
        import pkcs11
        from pkcs11 import Attribute, ObjectClass, exceptions
    except ImportError:  # pragma: no cover - python-pkcs11 is a dependency
        raise refuse("token.module", "PKCS#11 support is not installed") from None
    try:
        lib = pkcs11.lib(module)
    except (RuntimeError, OSError, pkcs11.exceptions.PKCS11Error):
        raise refuse("token.module", "cannot load the PKCS#11 module {module}",
                     module=module) from None
    try:
        found = lib.get_token(token_label=token)
    except (exceptions.NoSuchToken, exceptions.PKCS11Error):
        raise refuse("token.token", "no token labelled '{token}' in {module}", token=token,
                     module=module) from None
    try:
        session = found.open(user_pin=pin)
    except (exceptions.PinIncorrect, exceptions.PinInvalid, exceptions.PinLenRange):
        raise refuse("token.pin", "the token refused the PIN") from None
    except exceptions.PinLocked:
        raise refuse("token.pin_locked", "the token's PIN is locked") from None
    except exceptions.PKCS11Error as exc:
        raise refuse("token.open", "cannot open the token: {reason}",
                     reason=type(exc).__name__) from None
    try:
        private = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=key_label)
        public = session.get_key(object_class=ObjectClass.PUBLIC_KEY, label=key_label)
        point = public[Attribute.EC_POINT]
    except (exceptions.NoSuchKey, exceptions.MultipleObjectsReturned,
            exceptions.PKCS11Error, KeyError):
        session.close()
        raise refuse("token.key", "no EC key labelled '{key}' on the token", key=key_label) \
            from None
    try:
        public_key = _ec_public(bytes(point))
    except (ValueError, TypeError):
        session.close()
        raise refuse("token.key_kind", "the key '{key}' is not a P-256 key", key=key_label) \
            from None
    return TokenKey(session, key_label, "", module, private, public_key)


def token_certificate(key: TokenKey, label: str | None = None) -> x509.Certificate:
    """The X.509 certificate stored on the token beside the key (labelled like the key unless
    ``label`` says otherwise): the one its PDF signatures carry."""
    from pkcs11 import Attribute, ObjectClass, exceptions

    name = label or key.key_label
    try:
        found = key.session.get_key(object_class=ObjectClass.CERTIFICATE, label=name)
        return x509.load_der_x509_certificate(bytes(found[Attribute.VALUE]))
    except (exceptions.NoSuchKey, exceptions.MultipleObjectsReturned, exceptions.PKCS11Error,
            KeyError, ValueError):
        raise refuse("token.certificate", "no X.509 certificate labelled '{label}' on the "
                     "token", label=name) from None


def named(key: TokenKey, name: str) -> TokenKey:
    key.name = name
    return key

