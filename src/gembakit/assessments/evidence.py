"""Evidence files beside an assessment: adding them safely, and checking nothing was swapped.

A photo is evidence only while it is the photo the assessor took: each file is recorded with its
SHA-256 and size, and ``validate`` names a file that is missing or whose bytes changed. Names are
made safe once, here, for every way evidence arrives (``evidence add``, a form download, a
workbook, an ODK export): a plain name inside the evidence folder, never a path, never hidden,
never so long the file system refuses it, never over a different file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from gembakit.assessments.model import Answer, Assessment, Evidence
from gembakit.base import limits
from gembakit.base.errors import InputError, PathPart, Problem, problem, refuse
from gembakit.base.safe_io import read_bytes, write_atomic

MAX_NAME = 100  # characters of a stored file name, extension included
_UNSAFE = re.compile(r"[^\w.\-]+")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


def evidence_folder(assessment_path: Path) -> Path:
    """Where ``evidence add`` keeps an assessment's files: ``<name>-evidence/`` beside it."""
    return assessment_path.with_name(f"{assessment_path.stem}-evidence")


def safe_name(wanted: str, fallback: str = "evidence") -> str:
    """A plain, portable file name from whatever a user, a phone or a spreadsheet gave."""
    base = unicodedata.normalize("NFC", Path(wanted.replace("\\", "/")).name)
    base = _UNSAFE.sub("_", base).strip("._ ") or fallback
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    suffix = suffix[:10].lower()
    keep = MAX_NAME - len(suffix) - 12  # room for "-9999" and the dot
    return f"{stem[:keep]}.{suffix}" if suffix else stem[:keep]


def unique_name(wanted: str, folder: Path, data: bytes, taken: set[str] | None = None) -> str:
    """``wanted`` made safe, or the first free variant of it in ``folder``; a file already there
    with the same bytes is reused rather than copied twice."""
    name = safe_name(wanted)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    taken = taken if taken is not None else set()
    for n in range(1, 10_000):
        candidate = name if n == 1 else (f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}")
        if candidate in taken:
            continue
        target = folder / candidate
        if not target.exists() or (target.is_file() and target.stat().st_size == len(data)
                                   and target.read_bytes() == data):
            taken.add(candidate)
            return candidate
    raise refuse("evidence.no_free_name", "no free file name for {name} in {folder}",
                 name=name, folder=str(folder))


def record(data: bytes, file: str, caption: str | None = None) -> Evidence:
    return Evidence(file=file, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    caption=caption)


def is_image(file: str) -> bool:
    return Path(file).suffix.lower() in IMAGE_SUFFIXES


def _answers(a: Assessment) -> Iterator[tuple[tuple[PathPart, ...], Answer]]:
    for item_id, answer in a.answers.items():
        yield ("answers", item_id), answer
    for i, area in enumerate(a.areas):
        for item_id, answer in area.answers.items():
            yield ("areas", i, "answers", item_id), answer


def check_evidence(a: Assessment, base_dir: Path | None) -> list[Problem]:
    """Each evidence file is where the assessment says, with the bytes it recorded."""
    problems: list[Problem] = []
    for prefix, answer in _answers(a):
        for i, ev in enumerate(answer.evidence):
            path = (*prefix, "evidence", i)
            if ev.content is not None:
                problems += _carried(ev, path)
            elif base_dir is not None:
                problems += _on_disk(ev, path, base_dir)
    return problems


def _carried(ev: Evidence, path: tuple[PathPart, ...]) -> list[Problem]:
    """Evidence carried inside the assessment must decode and match its digest."""
    try:
        data = base64.b64decode(ev.content or "", validate=True)
    except (binascii.Error, ValueError):
        return [problem("evidence.base64", "is not valid base64", path=(*path, "content"))]
    digest = hashlib.sha256(data).hexdigest()
    if digest != ev.sha256:
        return [problem("evidence.altered", "does not match the content carried (its SHA-256 is "
                        "{digest})", path=(*path, "sha256"), digest=digest)]
    return []


def _on_disk(ev: Evidence, path: tuple[PathPart, ...], base_dir: Path) -> list[Problem]:
    # Lexically: the assessment's own folder may not exist yet (an import about to write it).
    file = Path(os.path.normpath(base_dir / ev.file))
    if not file.is_file():
        return [problem("evidence.missing", "{name} is missing: it is not beside the assessment",
                        path=(*path, "file"), name=ev.file)]
    digest = hashlib.sha256()
    size = 0
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    if digest.hexdigest() != ev.sha256 or (ev.size is not None and size != ev.size):
        return [problem("evidence.altered", "{name} was changed after it was recorded (its "
                        "SHA-256 is now {digest})", path=(*path, "sha256"), name=ev.file,
                        digest=digest.hexdigest())]
    return []


def add_evidence(assessment: Assessment, assessment_path: Path, files: Sequence[Path],
                 item_id: str, *, area: str | None = None, caption: str | None = None
                 ) -> tuple[Assessment, list[Path]]:
    """Copy ``files`` into the assessment's evidence folder and record them under ``item_id``.

    Returns the new assessment and the files written; nothing is written when any file cannot
    be read or would exceed a limit. The caller saves the assessment (and removes the written
    files again if that fails).
    """
    folder = evidence_folder(assessment_path)
    loaded: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append((path, read_bytes(path, limit=limits.EVIDENCE_BYTES)))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    taken: set[str] = set()
    planned: list[tuple[Path, bytes, Evidence]] = []
    for path, data in loaded:
        name = unique_name(path.name, folder, data, taken)
        rel = Path(os.path.relpath(folder / name, assessment_path.parent)).as_posix()
        planned.append((folder / name, data, record(data, rel, caption)))
    new = _with_evidence(assessment, item_id, area, tuple(e for _, _, e in planned))
    written: list[Path] = []
    try:
        for target, data, _ in planned:
            if not target.exists():
                write_atomic(target, data)
                written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return new, written


def _with_evidence(a: Assessment, item_id: str, area: str | None,
                   added: tuple[Evidence, ...]) -> Assessment:
    def extend(answers: dict[str, Answer]) -> dict[str, Answer]:
        answer = answers.get(item_id) or Answer()
        recorded = {e.file for e in answer.evidence}
        fresh = tuple(e for e in added if e.file not in recorded)
        if len(answer.evidence) + len(fresh) > limits.EVIDENCE_PER_ITEM:
            raise refuse("limit.evidence_item", "an item holds at most {limit} evidence files",
                         path=("answers", item_id, "evidence"), limit=limits.EVIDENCE_PER_ITEM)
        return {**answers, item_id: answer.model_copy(
            update={"evidence": (*answer.evidence, *fresh)})}

    if area is None:
        if a.areas:
            raise refuse("evidence.area_needed", "this assessment is rated area by area: name "
                         "the area with --area ({areas})", areas=", ".join(x.id for x in a.areas))
        return a.model_copy(update={"answers": extend(dict(a.answers))})
    areas = list(a.areas)
    for i, x in enumerate(areas):
        if x.id == area:
            areas[i] = x.model_copy(update={"answers": extend(dict(x.answers))})
            return a.model_copy(update={"areas": tuple(areas)})
    raise refuse("evidence.unknown_area", "no area '{area}' in this assessment", area=area)
