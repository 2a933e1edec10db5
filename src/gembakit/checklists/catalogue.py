"""The bundled checklists, and resolving "an id or a path" the same way everywhere."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from gembakit.checklists.loader import load_checklist_file
from gembakit.checklists.model import Checklist
from gembakit.errors import input_error

_SUFFIXES = (".yaml", ".yml", ".json")


def _data_dir() -> Path:
    return Path(str(resources.files("gembakit.checklists") / "data"))


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in _data_dir().glob("*.yaml"))


@lru_cache(maxsize=32)
def load_bundled(checklist_id: str) -> Checklist:
    """Load a bundled checklist once per process; checklists are frozen, so sharing is safe."""
    path = _data_dir() / f"{checklist_id}.yaml"
    if not path.is_file():
        known = ", ".join(bundled_ids())
        raise input_error(
            f"unknown checklist '{checklist_id}'; bundled checklists: {known}",
            f"không có danh mục '{checklist_id}'; các danh mục có sẵn: {known}",
        )
    return load_checklist_file(path, f"{checklist_id}.yaml (bundled)")


def looks_like_path(ref: str | Path) -> bool:
    text = str(ref)
    return isinstance(ref, Path) or text.endswith(_SUFFIXES) or "/" in text or "\\" in text


def resolve_checklist(ref: str | Path) -> Checklist:
    """A bundled id (``5s``) or the path of a checklist file."""
    if looks_like_path(ref) or Path(ref).is_file():
        return load_checklist_file(Path(ref))
    return load_bundled(str(ref))
