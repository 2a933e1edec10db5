"""Reading files with their size counted while reading, JSON with the same limits as YAML, and
atomic writes: the one way every layer reads and writes files.

Every file goes through :func:`read_bytes`, which counts bytes as it reads instead of trusting
the size the file system reports (``/dev/zero`` reports 0 and never ends); every JSON document
through :func:`parse_json` (size, nesting, number length, no NaN, no duplicate keys). YAML is read
by :mod:`gembakit.base.safe_yaml`. Numbers read from plain YAML scalars remember the characters
typed (:class:`TypedScalar`), so a text field can take ``0301234567`` back as the tax code it is.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from gembakit.base.errors import InputError, refuse
from gembakit.base.messages import N_

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
# Digits beyond this are not a number anyone means: such a scalar stays text.
MAX_DIGITS = 40



class TypedScalar:
    """Marks a number read from a plain YAML scalar with the text typed (``source``)."""

    __slots__ = ()
    source: str


class TypedInt(int, TypedScalar):
    source: str

    def __new__(cls, value: int, source: str) -> TypedInt:
        made = super().__new__(cls, value)
        made.source = source
        return made


class TypedFloat(float, TypedScalar):
    source: str

    def __new__(cls, value: float, source: str) -> TypedFloat:
        made = super().__new__(cls, value)
        made.source = source
        return made


class ScalarError(ValueError):
    """A scalar that cannot be what its tag says (``!!int zz``)."""



def too_deep(source: str, line: int | None) -> InputError:
    return refuse("input.too_deep", "nested deeper than {limit} levels", file=source, line=line,
                  limit=MAX_DEPTH)



def too_large(source: str, limit: int) -> InputError:
    return refuse("input.too_large", "larger than {size} MiB", file=source,
                  size=limit // (1024 * 1024))


def read_bytes(path: Path, source: str | None = None, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused as soon as more than ``limit`` have been read."""
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise refuse("file.not_found", "file not found", file=name) from None
    except IsADirectoryError:
        raise refuse("file.is_folder", "is a folder, not a file", file=name) from None
    except PermissionError:
        raise refuse("file.unreadable", "cannot be read: permission denied", file=name) from None
    except OSError as exc:
        raise refuse("file.unreadable", "cannot be read: {reason}", file=name,
                     reason=exc.strerror or type(exc).__name__) from None
    if len(raw) > limit:
        raise too_large(name, limit)
    return raw


def decode_text(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("input.not_utf8", "not UTF-8 text (byte {offset})", file=source,
                     offset=exc.start) from None


def read_text(path: Path, source: str | None = None, *, limit: int = MAX_BYTES) -> str:
    """A UTF-8 text file, with the size cap counted while reading."""
    name = source or str(path)
    return decode_text(read_bytes(path, name, limit=limit), name)


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ScalarError(text[:40] + "…")
    return int(text)


def _json_constant(text: str) -> float:
    raise ScalarError(text)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    pass


def json_depth_ok(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests at most ``limit`` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def parse_json(text: str | bytes, source: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """JSON with the same limits as YAML: size, nesting, number length, no NaN, no duplicates."""
    if len(text) > max_bytes:
        raise too_large(source, max_bytes)
    try:
        data = json.loads(text, parse_int=_json_int, parse_constant=_json_constant,
                          object_pairs_hook=_json_pairs)
    except json.JSONDecodeError as exc:
        code, msgid = next(((c, m) for needle, c, m in _JSON_PROBLEMS if needle in exc.msg),
                           ("json.syntax", "not valid JSON here"))
        raise refuse(code, msgid, file=source, line=exc.lineno) from None
    except RecursionError:
        raise too_deep(source, None) from None
    except _DuplicateKey as exc:
        raise refuse("input.duplicate_key", "duplicate key '{key}'", file=source,
                     key=str(exc)[:80]) from None
    except ScalarError as exc:
        raise refuse("json.number", "'{value}' is not a number gembakit reads", file=source,
                     value=str(exc)) from None
    except UnicodeDecodeError as exc:
        raise refuse("input.not_utf8", "not UTF-8 text (byte {offset})", file=source,
                     offset=exc.start) from None
    if not json_depth_ok(data):
        raise too_deep(source, None)
    return data


# The JSON decoder's words for what is wrong, in ours.
_JSON_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("Expecting value", "json.value", N_("not valid JSON: a value is missing or misspelt here")),
    ("Expecting ',' delimiter", "json.comma", N_("not valid JSON: a comma is missing here")),
    ("Expecting ':' delimiter", "json.colon", N_("not valid JSON: a ':' is missing after a key")),
    ("Expecting property name", "json.key",
     N_("not valid JSON: a key in double quotes is expected here (no trailing commas)")),
    ("Unterminated string", "json.unclosed", N_("not valid JSON: a text is not closed")),
    ("Invalid control character", "json.control",
     N_("not valid JSON: a line break or control character inside a text")),
    ("Extra data", "json.extra", N_("not valid JSON: more follows the end of the document")),
    ("Invalid \\escape", "json.escape", N_("not valid JSON: an unknown escape (\\) in a text")),
)


def csv_rows(text: str, cell_limit: int) -> Iterator[list[str]]:
    """The rows of CSV text as spreadsheets export it: a byte-order mark dropped, ``;`` or ``,``
    as the header line uses most (Excel in Vietnamese and Kobo write ``;``), cells capped."""
    import csv
    import io

    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(cell_limit)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write so that readers see the old file or the new one, never a half-written one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path, mode) as handle:
        handle.write(payload)


@contextmanager
def atomic_file(path: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A file written bit by bit (a listing streamed out) that appears whole at ``path`` when
    the block ends, or not at all if it fails."""
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gk-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open folders
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
