"""The certificate's envelope: COSE_Sign1 (RFC 9052), zlib, Base45 (RFC 9285), strictly decoded.

The form is the EU Digital COVID Certificate's, so any program that speaks the RFCs can check a
gembakit certificate. Decoding is strict on purpose: a text has exactly one encoding (Base45 groups
in range, nothing after the zlib stream, deterministic CBOR re-encoding to the same bytes), so two
different texts never carry one signature, and every bound — inflated size, nesting, integer
size — holds before more work is done. Any failure is one ``cert.format`` refusal.
"""

from __future__ import annotations

import zlib
from typing import Any

import cbor2

from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import Message, msg

PREFIX = "GK2:"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
MAX_TEXT = 16 * 1024  # characters of a certificate text
MAX_INFLATED = 8192  # bytes of the COSE structure
MAX_DEPTH = 4
MAX_INT = 2**53
ALG_ES256 = -7
ALG_EDDSA = -8
COSE_SIGN1_TAG = 18


def _bad(detail: Message, source: str) -> InputError:
    return refuse("cert.format", "not a well-formed gembakit certificate: {detail}",
                  file=source, detail=detail)


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, n = divmod(n, 45 * 45)
        d, c = divmod(n, 45)
        out += [ALPHABET[c], ALPHABET[d], ALPHABET[e]]
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += [ALPHABET[c], ALPHABET[d]]
    return "".join(out)


def b45decode(text: str, source: str = "certificate") -> bytes:
    """Strict Base45: the alphabet only, no dangling character, every group in range."""
    if len(text) % 3 == 1:
        raise _bad(msg("its Base45 text has a dangling character"), source)
    try:
        values = [_VALUE[c] for c in text]
    except KeyError:
        raise _bad(msg("a character outside the Base45 alphabet"), source) from None
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        if len(group) == 3:
            n = group[0] + group[1] * 45 + group[2] * 45 * 45
            if n > 0xFFFF:
                raise _bad(msg("a Base45 group out of range"), source)
            out += n.to_bytes(2, "big")
        else:
            n = group[0] + group[1] * 45
            if n > 0xFF:
                raise _bad(msg("a Base45 group out of range"), source)
            out.append(n)
    return bytes(out)


def inflate(data: bytes, source: str = "certificate") -> bytes:
    """zlib data, stopping at :data:`MAX_INFLATED` bytes before allocating more, and refusing
    anything after the end of the stream."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_INFLATED + 1)
    except zlib.error:
        raise _bad(msg("its compressed data is damaged"), source) from None
    if len(out) > MAX_INFLATED:
        raise _bad(msg("it inflates past {limit} bytes", limit=MAX_INFLATED), source)
    if not inflater.eof:
        raise _bad(msg("its compressed data is cut short"), source)
    if inflater.unused_data:
        raise _bad(msg("bytes follow its compressed data"), source)
    return out


def _check_value(value: Any, depth: int, source: str) -> None:
    """Only what a certificate may hold: maps, arrays, texts, bytes, bounded integers."""
    if depth > MAX_DEPTH and isinstance(value, dict | list | tuple | cbor2.frozendict):
        raise _bad(msg("nested too deeply"), source)
    if isinstance(value, bool) or value is None:
        raise _bad(msg("a value of a kind certificates do not hold"), source)
    if isinstance(value, int):
        if not -MAX_INT <= value <= MAX_INT:
            raise _bad(msg("an integer out of range"), source)
    elif isinstance(value, dict | cbor2.frozendict):  # a tagged value decodes immutable
        for key, item in value.items():
            if not isinstance(key, int | str) or isinstance(key, bool):
                raise _bad(msg("a map key of a kind certificates do not hold"), source)
            _check_value(key, depth + 1, source)
            _check_value(item, depth + 1, source)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_value(item, depth + 1, source)
    elif not isinstance(value, str | bytes):
        raise _bad(msg("a value of a kind certificates do not hold"), source)


def strict_cbor(data: bytes, source: str = "certificate", *, tag: int | None = None) -> Any:
    """Decode deterministic CBOR: re-encoding what was read must give the same bytes."""
    def only(decoder: Any, tagged: Any) -> Any:
        raise _bad(msg("an unexpected CBOR tag"), source)

    try:
        value = cbor2.loads(data, tag_hook=None if tag is not None else only)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, MemoryError):
        raise _bad(msg("its CBOR is damaged"), source) from None
    inner = value
    if tag is not None:
        if not isinstance(value, cbor2.CBORTag) or value.tag != tag:
            raise _bad(msg("it is not a COSE_Sign1 structure"), source)
        inner = value.value
        if isinstance(inner, cbor2.CBORTag):
            raise _bad(msg("an unexpected CBOR tag"), source)
    _check_value(inner, 1, source)
    try:
        again = cbor2.dumps(value, canonical=True)
    except (TypeError, ValueError):  # pragma: no cover - anything decoded above re-encodes
        raise _bad(msg("its CBOR is damaged"), source) from None
    if again != data:
        raise _bad(msg("its CBOR is not in deterministic form"), source)
    return inner


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """What a COSE_Sign1 signature covers (RFC 9052 §4.4), with no external data."""
    return cbor2.dumps(["Signature1", protected, b"", payload], canonical=True)


def encode(protected: dict[int, Any], payload: bytes, signature: bytes) -> str:
    """The certificate text of a signed COSE_Sign1."""
    sign1 = cbor2.CBORTag(COSE_SIGN1_TAG, [cbor2.dumps(protected, canonical=True), {}, payload,
                                           signature])
    return PREFIX + b45encode(zlib.compress(cbor2.dumps(sign1, canonical=True), 9))


def protected_header(alg: int, kid: bytes) -> dict[int, Any]:
    return {1: alg, 4: kid}


def decode(text: str, source: str = "certificate") -> tuple[bytes, dict[int, Any], bytes, bytes]:
    """(protected bytes, protected header, payload bytes, signature) of a certificate text."""
    text = text.strip(" \t\r\n")  # a file's newline or a paste's spaces, not Base45 inside
    if len(text) > MAX_TEXT:
        raise _bad(msg("longer than {limit} characters", limit=MAX_TEXT), source)
    if not text.startswith(PREFIX):
        raise _bad(msg("it does not start with {prefix}", prefix=PREFIX), source)
    sign1 = strict_cbor(inflate(b45decode(text[len(PREFIX):], source), source), source,
                        tag=COSE_SIGN1_TAG)
    if not isinstance(sign1, list | tuple) or len(sign1) != 4:
        raise _bad(msg("it is not a COSE_Sign1 structure"), source)
    protected, unprotected, payload, signature = sign1
    if not (isinstance(protected, bytes) and isinstance(payload, bytes)
            and isinstance(signature, bytes)
            and isinstance(unprotected, dict | cbor2.frozendict) and len(unprotected) == 0):
        raise _bad(msg("it is not a COSE_Sign1 structure"), source)
    header = strict_cbor(protected, source)
    if not isinstance(header, dict) or set(header) != {1, 4} \
            or header[1] not in (ALG_ES256, ALG_EDDSA) or not isinstance(header[4], bytes) \
            or len(header[4]) != 8:
        raise _bad(msg("its protected header is not {1: alg, 4: kid}"), source)
    return protected, header, payload, signature
