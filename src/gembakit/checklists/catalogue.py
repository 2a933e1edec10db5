"""The bundled checklists, the user's own, and resolving "an id or a path" the same way everywhere.

A custom checklist works wherever a bundled id does: by its path, by an id found in a folder named
in ``GEMBAKIT_CHECKLISTS`` (folders separated as in ``PATH``; a file there is found by its name,
``my-5s.yaml`` for ``my-5s``, and takes precedence over a bundled checklist of the same id), or
through the ``checklist.source`` an assessment records.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from gembakit.base.errors import refuse
from gembakit.checklists.loader import load_checklist_file
from gembakit.checklists.model import Checklist

_SUFFIXES = (".yaml", ".yml", ".json")


def _data_dir() -> Path:
    return Path(str(resources.files("gembakit.checklists") / "data"))


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in _data_dir().glob("*.yaml"))


def search_path() -> list[Path]:
    return [Path(p) for p in os.environ.get("GEMBAKIT_CHECKLISTS", "").split(os.pathsep) if p]


def custom_files() -> dict[str, Path]:
    """Checklist files in the search path by id (the first folder wins)."""
    found: dict[str, Path] = {}
    for folder in search_path():
        for path in sorted(folder.glob("*.y*ml")):
            found.setdefault(path.stem, path)
    return found


def available() -> dict[str, Path | None]:
    """Every id that resolves, with its file (``None`` for a bundled checklist)."""
    ids: dict[str, Path | None] = dict.fromkeys(bundled_ids())
    ids.update(custom_files())
    return dict(sorted(ids.items()))


def load_by_id(checklist_id: str) -> Checklist:
    custom = custom_files().get(checklist_id)
    if custom is None:
        return load_bundled(checklist_id)
    checklist = load_checklist_file(custom)
    if checklist.id != checklist_id:
        raise refuse("checklist.id_mismatch", "declares id '{id}', but its file name says "
                     "'{name}'", file=str(custom), path=("id",), id=checklist.id,
                     name=checklist_id)
    return checklist


@lru_cache(maxsize=32)
def load_bundled(checklist_id: str) -> Checklist:
    """Load a bundled checklist once per process; checklists are frozen, so sharing is safe."""
    path = _data_dir() / f"{checklist_id}.yaml"
    if not path.is_file():
        known = ", ".join(available())
        raise refuse("checklist.unknown", "unknown checklist '{id}'; available checklists: "
                     "{known}", id=checklist_id, known=known)
    cached = _cached(path)
    if cached is not None:
        return cached
    checklist = load_checklist_file(path, f"{checklist_id}.yaml (bundled)")
    _keep(path, checklist)
    return checklist


def _cache_file(path: Path) -> Path:
    """Where a bundled checklist, once read and checked, is kept as JSON: keyed by the YAML's
    time and size. Reading the 5S checklist's YAML costs 12 ms of the 200 ms `gembakit score`
    starts in, the JSON 1 ms (benchmarks/bench_core.py, cold start 1.56x → within 1.5x)."""
    stat = path.stat()
    base = Path(os.environ.get("GEMBAKIT_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gembakit")
    return base / "checklists" / f"{path.stem}-{stat.st_mtime_ns}-{stat.st_size}.json"


def _cached(path: Path) -> Checklist | None:
    try:
        return Checklist.model_validate_json(_cache_file(path).read_bytes())
    except (OSError, ValidationError, ValueError):
        return None  # no cache yet, or one that cannot be read: read the YAML


def _keep(path: Path, checklist: Checklist) -> None:
    """Written whole or not at all; a cache that cannot be written is simply not used."""
    try:
        target = _cache_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.stem}.{os.getpid()}.part")
        partial.write_text(checklist.model_dump_json(by_alias=True), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        return


def looks_like_path(ref: str | Path) -> bool:
    text = str(ref)
    return isinstance(ref, Path) or text.endswith(_SUFFIXES) or "/" in text or "\\" in text


def resolve_checklist(ref: str | Path) -> Checklist:
    """An id (``5s``, or one in ``GEMBAKIT_CHECKLISTS``) or the path of a checklist file."""
    if looks_like_path(ref) or Path(ref).is_file():
        return load_checklist_file(Path(ref))
    return load_by_id(str(ref))
