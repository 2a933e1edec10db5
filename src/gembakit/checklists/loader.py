"""Checklist files → validated, cross-checked :class:`Checklist` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gembakit.base.documents import validate_document
from gembakit.base.errors import InputError
from gembakit.base.messages import msg
from gembakit.base.safe_yaml import YamlDocument, load_yaml
from gembakit.checklists.crosscheck import crosscheck
from gembakit.checklists.model import CHECKLIST_SCHEMA, Checklist


def checklist_from_data(data: Any, source: str, doc: YamlDocument | None = None) -> Checklist:
    """Validate parsed data; every problem found is reported, with its line when known."""
    checklist = validate_document(Checklist, data, schema=CHECKLIST_SCHEMA,
                                  kind=msg("a checklist"), source=source, doc=doc)
    problems = crosscheck(checklist)
    if problems:
        raise InputError(tuple(
            p.located(file=source, line=doc.line_of(p.path) if doc else None) for p in problems
        ))
    return checklist


def load_checklist_file(path: Path, source: str | None = None) -> Checklist:
    """Load and check a checklist file."""
    doc = load_yaml(path, source or str(path))
    return checklist_from_data(doc.data, doc.source, doc)
