"""Checklist files → validated, cross-checked :class:`Checklist` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gembakit._documents import validate_document
from gembakit._io import YamlDocument, parse_yaml, read_text
from gembakit.checklists.model import CHECKLIST_SCHEMA, Checklist
from gembakit.errors import InputError


def checklist_from_data(data: Any, source: str, doc: YamlDocument | None = None) -> Checklist:
    """Validate parsed data; every problem found is reported, with its line when known."""
    checklist = validate_document(Checklist, data, schema=CHECKLIST_SCHEMA,
                                  kind=("checklist", "danh mục"), source=source, doc=doc)
    from gembakit.checklists.crosscheck import crosscheck

    problems = crosscheck(checklist)
    if problems:
        raise InputError(tuple(
            p.located(file=source, line=doc.line_of(p.path) if doc else None) for p in problems
        ))
    return checklist


def load_checklist_file(path: Path, source: str | None = None) -> Checklist:
    """Load and check a checklist file, through the cache of validated checklists."""
    from gembakit.checklists import cache

    name = source or str(path)
    raw = read_text(path, name)
    encoded = raw.encode("utf-8")
    found = cache.load(encoded)
    if found is not None:
        return found
    doc = parse_yaml(raw, name)
    checklist = checklist_from_data(doc.data, doc.source, doc)
    cache.store(encoded, checklist)
    return checklist
