"""The static verifier page: one self-contained ``index.html`` that checks GK2 certificates.

A citizen scans the QR code on a paper certificate; it holds ``<verifier URL>#GK2:…``, so the phone
opens this page, which checks the certificate in the browser (WebCrypto) against the root key, the
signed trust list and the signed revocation lists embedded when the page was built — and, when
online, the newer copies published beside it (``trust-list.json``, the revocation files).

The page is one file with no outside resource: one inline script (the verifier, after a QR decoder
— jsQR, for browsers without ``BarcodeDetector``) and one inline style, each allowed by its SHA-256
hash in a strict Content-Security-Policy. This module uses only the standard library, and nothing
else of gembakit.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["TRUST_FILE", "build_page", "revoked_file_names"]

HERE = Path(__file__).resolve().parent
TRUST_FILE = "trust-list.json"
# The vendored jsQR 1.4.0 (vendor/README.md): a changed file is refused, not shipped unnoticed.
JSQR_SHA256 = "bc40c8a15196236b2314db0856f72ca0b49980cd5413b8c852a7349f5fee0859"
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.json$")
_PLACEHOLDER = re.compile(r"@(CSP|CSS|DATA|JS|BUILT)@")
# What must not occur in an inlined script or style: it would end the element early, or put the
# HTML parser in its odd "escaped" script state.
_UNSAFE = re.compile(r"</script|</style|<!--", re.IGNORECASE)
# DER SubjectPublicKeyInfo prefixes (RFC 5480 for P-256 uncompressed points, RFC 8410 Ed25519).
_SPKI_P256 = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
_SPKI_ED25519 = bytes.fromhex("302a300506032b6570032100")


def revoked_file_names(count: int) -> list[str]:
    """The names the revocation lists are published under beside the page, in order."""
    return [f"revoked-{n}.json" for n in range(1, count + 1)]


def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def _sha256_source(text: str) -> str:
    """A CSP hash source for an inline element's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _b64url_decode(text: object) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error:
        raise ValueError("not base64url") from None


def _root_kid(jwk: Mapping[str, Any]) -> str:
    """The key id of a public JWK: the first 8 bytes of SHA-256 of its DER SubjectPublicKeyInfo."""
    if jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
        x, y = _b64url_decode(jwk.get("x")), _b64url_decode(jwk.get("y"))
        if len(x) != 32 or len(y) != 32:
            raise ValueError("P-256 coordinates are 32 bytes")
        spki = _SPKI_P256 + b"\x04" + x + y
    elif jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
        x = _b64url_decode(jwk.get("x"))
        if len(x) != 32:
            raise ValueError("an Ed25519 key is 32 bytes")
        spki = _SPKI_ED25519 + x
    else:
        raise ValueError("the root key is neither P-256 nor Ed25519")
    digest = hashlib.sha256(spki).digest()[:8]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _check_root(root: Mapping[str, Any]) -> None:
    """The pinned root must be usable: the page trusts nothing else."""
    if (not isinstance(root, Mapping) or set(root) != {"name", "kid", "jwk"}
            or not isinstance(root["name"], str) or not isinstance(root["jwk"], Mapping)):
        raise ValueError('the root key file must be {"name", "kid", "jwk"}')
    if root["kid"] != _root_kid(root["jwk"]):
        raise ValueError("the root key file's kid is not the key id of its jwk")


def _json_for_script(value: object) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline(text: str, what: str) -> str:
    if _UNSAFE.search(text):
        raise ValueError(f"{what} cannot be inlined: it contains </script, </style or <!--")
    return text


def _jsqr() -> str:
    """jsQR with its licence in front (the Apache License asks that it travel with the code)."""
    code = (HERE / "vendor" / "jsQR.js").read_bytes()
    if hashlib.sha256(code).hexdigest() != JSQR_SHA256:
        raise RuntimeError("vendor/jsQR.js is not the vendored jsQR 1.4.0 (see vendor/README.md)")
    licence = _asset("vendor/LICENSE")
    if "*/" in licence:
        raise RuntimeError("vendor/LICENSE cannot be put in a script comment")
    return ("/*! jsQR 1.4.0, https://github.com/cozmo/jsQR, under the Apache License 2.0:\n"
            + licence + "*/\n" + code.decode("utf-8"))


def build_page(trust: object, root: Mapping[str, Any], revoked: Sequence[object], *,
               built: dt.date, revoked_files: Sequence[str] | None = None) -> str:
    """The verifier page (``index.html``) with its root key, trust list and revocation lists.

    ``trust`` is the signed trust list and ``revoked`` the signed revocation lists, embedded as
    they are: the page checks them (and reports a broken one) rather than this function. ``root``
    is the root's public key file (``{"name", "kid", "jwk"}``), which the page pins. ``built`` is
    the day the page is built, so it can say how old its copies are. Publish the page as
    ``index.html`` with ``trust-list.json`` and each revocation list under its name
    (``revoked_files``, by default :func:`revoked_file_names`) in the same folder.
    """
    _check_root(root)
    names = list(revoked_files) if revoked_files is not None else revoked_file_names(len(revoked))
    if len(names) != len(revoked):
        raise ValueError("one file name is needed for each revocation list")
    if len(set(names)) != len(names) or any(
            not _FILE_NAME.match(n) or n == TRUST_FILE for n in names):
        raise ValueError("revocation file names must be distinct plain *.json names")
    data = {"root": dict(root), "trust": trust, "built": built.isoformat(),
            "trust_file": TRUST_FILE,
            "revoked": [{"file": name, "list": doc} for name, doc in zip(names, revoked,
                                                                          strict=True)]}
    css = _inline(_asset("verifier.css"), "verifier.css")
    # One classic script: jsQR first (it defines window.jsQR), then the verifier.
    script = _inline(_jsqr() + "\n;\n" + _asset("verifier.js"), "the page's script")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_sha256_source(script)}",
        f"style-src {_sha256_source(css)}",
        "img-src data: blob:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    parts = {"CSP": csp, "CSS": css, "DATA": _json_for_script(data), "JS": script,
             "BUILT": built.isoformat()}
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("page.html"))
