"""The offline form's zip download, read without trusting anything it says about itself.

The form downloads a zip (written by the page itself, STORE method): ``assessment.json`` and
its photos under ``photos/``, each listed in the assessment's evidence with its SHA-256 and size
as the browser computed them. A zip lets a download of any size import (photos are not held in
one JSON text), but a zip is also the classic way to make a small file cost gigabytes or write
outside a folder. So, before any photo is written:

- the end record is read by hand and the number of entries and the size of the central directory
  are capped *before* :mod:`zipfile` parses that directory (it would otherwise build every entry
  of a hostile file in memory);
- every entry name is checked: no absolute path, no ``..``, no backslash, no link;
- the sizes the entries declare are capped, one by one and in total, and every entry is then read
  with its bytes *counted* against the same caps (a header may lie);
- every photo the assessment lists must be in the zip with exactly its SHA-256 and size.

Photos are not kept in memory: they are checked here as they stream past, and read again (and
checked again) by :meth:`FormZip.photo` when ``gembakit import form`` writes them.
"""

from __future__ import annotations

import hashlib
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from gembakit.base import limits
from gembakit.base.errors import InputError, Problem, problem, refuse
from gembakit.base.safe_io import MAX_BYTES, decode_text, parse_json

ASSESSMENT = "assessment.json"  # the answers, at the root of the zip
PHOTOS = "photos/"  # the folder of the photos inside the zip
# Every photo an assessment may hold, twice over for the folder entries and the odd file an
# archiver adds (__MACOSX), and the assessment itself.
MAX_ENTRIES = 2 * limits.EVIDENCE + 16
# A central directory entry is 46 bytes and a name; names of 1 KiB are already absurd.
MAX_DIRECTORY = MAX_ENTRIES * 1024
# Six hundred photos of 1600 px are about 0.6 GiB; a download of more is not the form's.
MAX_UNPACKED = 2 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
_MiB = 1024 * 1024


def is_zip(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a zip (a download of the current form)."""
    return head[:4] in (b"PK\x03\x04", _END)


def _unreadable(source: str, reason: str) -> InputError:
    return refuse("form.zip_unreadable", "not a readable zip download ({reason})", file=source,
                  reason=reason)


def _directory_size(handle: IO[bytes], size: int, source: str) -> tuple[int, int]:
    """(entries, central directory bytes) as the end record gives them, found without
    :mod:`zipfile`, which would parse the whole directory first."""
    tail_size = min(size, 22 + 65535 + 20)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise _unreadable(source, "no end record")
    _, _, _, _, entries, directory, _, _ = struct.unpack("<4s4H2LH", tail[at:at + 22])
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 \
            and tail[at - 20:at - 16] == _END64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[at - 12:at - 4])
        if offset + 56 > size:
            raise _unreadable(source, "ZIP64 end record outside the file")
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] != _END64:
            raise _unreadable(source, "no ZIP64 end record")
        entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _escapes(info: zipfile.ZipInfo) -> bool:
    """Whether an entry's name (or its being a link) could lead outside the download's folder."""
    name = info.filename
    if not name or "\\" in name or "\0" in name or name.startswith("/") or \
            (len(name) > 1 and name[1] == ":"):
        return True
    # Split by hand: PurePosixPath would quietly drop the "." and "" parts it normalises away.
    if any(part in ("", ".", "..") for part in name.removesuffix("/").split("/")):
        return True
    return stat.S_ISLNK(info.external_attr >> 16)


def _entries(archive: zipfile.ZipFile, source: str) -> dict[str, zipfile.ZipInfo]:
    """Every file entry by name, each name checked, sizes capped as declared."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse("form.zip_entries", "holds {n} files; a form download holds at most "
                     "{limit}", file=source, n=len(infos), limit=MAX_ENTRIES)
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if _escapes(info):
            raise refuse("form.zip_escape", "the entry {name} leads outside the download's "
                         "folder", file=source, name=info.filename[:120])
        if info.is_dir():
            continue
        if info.filename in found:
            raise refuse("form.zip_duplicate", "the entry {name} appears twice", file=source,
                         name=info.filename[:120])
        if info.file_size > limits.EVIDENCE_BYTES:
            raise _entry_too_large(source, info.filename, limits.EVIDENCE_BYTES)
        total += info.file_size
        found[info.filename] = info
    if total > MAX_UNPACKED:
        raise refuse("form.zip_too_large", "unpacks to {size} MiB; a form download holds at "
                     "most {limit} MiB", file=source, size=total // _MiB,
                     limit=MAX_UNPACKED // _MiB)
    return found


def _entry_too_large(source: str, name: str, limit: int) -> InputError:
    return refuse("form.zip_entry_too_large", "the entry {name} unpacks to more than {limit} "
                  "MiB", file=source, name=name[:120], limit=limit // _MiB)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str,
            limit: int) -> Iterator[bytes]:
    """The entry's bytes, counted as they come: more than ``limit`` (or than it declared) is
    refused, whatever its header said."""
    count = 0
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            count += len(chunk)
            if count > min(limit, info.file_size):
                raise _entry_too_large(source, info.filename, limit)
            yield chunk


def _open(path: Path, source: str) -> tuple[IO[bytes], zipfile.ZipFile]:
    """The zip opened, after its end record showed a directory of a sane size."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(source, exc.strerror or type(exc).__name__) from None
    try:
        with _reading(source):
            size = handle.seek(0, 2)
            entries, directory = _directory_size(handle, size, source)
            if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
                raise refuse("form.zip_entries", "holds {n} files; a form download holds at "
                             "most {limit}", file=source, n=entries, limit=MAX_ENTRIES)
            handle.seek(0)
            return handle, zipfile.ZipFile(handle)
    except BaseException:
        handle.close()
        raise


@contextmanager
def _reading(source: str) -> Iterator[None]:
    """A damaged zip (bad CRC, truncated data, an unknown or encrypted method, a header that
    points nowhere) shows as any of these while it is read; each means the same to the user."""
    try:
        yield
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError, RuntimeError, struct.error, zlib.error) as exc:
        raise _unreadable(source, type(exc).__name__) from None


class FormZip:
    """A zip download, open: its entries checked by name and declared size on opening."""

    def __init__(self, path: Path, source: str) -> None:
        self.source = source
        self._handle, self._archive = _open(path, source)
        try:
            with _reading(source):
                self.entries = _entries(self._archive, source)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._archive.close()
        self._handle.close()

    def __enter__(self) -> FormZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def assessment(self) -> dict[str, Any]:
        """The assessment the zip holds, as data (its photos not yet checked)."""
        info = self.entries.get(ASSESSMENT)
        if info is None:
            raise refuse("form.zip_no_assessment", "holds no {name}: not a download from a "
                         "gembakit form", file=self.source, name=ASSESSMENT)
        inner = f"{self.source} › {ASSESSMENT}"
        with _reading(self.source):
            raw = b"".join(_chunks(self._archive, info, self.source, MAX_BYTES))
        data = parse_json(decode_text(raw, inner), inner)
        if not isinstance(data, dict) or data.get("schema") != "gembakit/assessment/v1":
            raise refuse("form.not_a_download", "not an assessment downloaded from a gembakit "
                         "form", file=inner)
        return data

    def check(self, path: tuple[str | int, ...], ev: dict[str, Any]) -> list[Problem]:
        """The photo an evidence entry names is in the zip with its SHA-256 and size."""
        name = ev.get("file")
        info = self.entries.get(name) if isinstance(name, str) else None
        if info is None:
            return [problem("form.zip_photo_missing", "{name} is not in the download",
                            path=(*path, "file"), file=self.source, name=str(name)[:120])]
        digest, size = hashlib.sha256(), 0
        with _reading(self.source):
            for chunk in _chunks(self._archive, info, self.source, limits.EVIDENCE_BYTES):
                digest.update(chunk)
                size += len(chunk)
        if digest.hexdigest() != ev.get("sha256"):
            return [problem("form.zip_sha256", "the photo {name} in the download does not "
                            "match this SHA-256 (its SHA-256 is {digest})",
                            path=(*path, "sha256"), file=self.source, name=name,
                            digest=digest.hexdigest())]
        if "size" in ev and ev["size"] != size:
            return [problem("form.zip_size", "the photo {name} in the download has {actual} "
                            "bytes, not {size}", path=(*path, "size"), file=self.source,
                            name=name, actual=size, size=str(ev["size"])[:40])]
        return []

    def photo(self, name: str, sha256: str) -> bytes:
        """The photo ``name``, read again when it is written out and checked again against its
        SHA-256 (the zip on disk could have changed since it was checked)."""
        info = self.entries.get(name)
        raw = b""
        if info is not None:
            with _reading(self.source):
                raw = b"".join(_chunks(self._archive, info, self.source,
                                       limits.EVIDENCE_BYTES))
        if info is None or hashlib.sha256(raw).hexdigest() != sha256:
            raise refuse("form.zip_changed", "the photo {name} changed while it was imported",
                         file=self.source, name=name)
        return raw


def answer_maps(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, answers) of the site's answers and of each area's: evidence may sit in either."""
    if isinstance(data.get("answers"), dict):
        yield ("answers",), data["answers"]
    areas = data.get("areas")
    for i, area in enumerate(areas if isinstance(areas, list) else []):
        if isinstance(area, dict) and isinstance(area.get("answers"), dict):
            yield ("areas", i, "answers"), area["answers"]


def zip_evidence(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, evidence) of every evidence entry that names a file instead of carrying it."""
    for prefix, answers in answer_maps(data):
        for item_id, answer in answers.items():
            files = answer.get("evidence") if isinstance(answer, dict) else None
            for i, ev in enumerate(files if isinstance(files, list) else []):
                if isinstance(ev, dict) and "content" not in ev:
                    yield (*prefix, item_id, "evidence", i), ev


def read_zip(path: Path, source: str) -> dict[str, Any]:
    """The assessment of a zip download, every photo it lists found and checked.

    Raises :class:`InputError` with every photo that is missing or altered, or the one reason
    the zip itself cannot be trusted. Writes nothing.
    """
    with FormZip(path, source) as download:
        data = download.assessment()
        problems = [p for where, ev in zip_evidence(data) for p in download.check(where, ev)]
    if problems:
        raise InputError(problems)
    return data
