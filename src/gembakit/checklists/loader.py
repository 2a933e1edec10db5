"""Checklist files → validated, cross-checked :class:`Checklist` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gembakit._io import YamlDocument, parse_yaml, read_text
from gembakit.checklists.model import CHECKLIST_SCHEMA, Checklist
from gembakit.errors import InputError, Problem


def checklist_from_data(data: Any, source: str, doc: YamlDocument | None = None) -> Checklist:
    """Validate parsed data; every problem found is reported, with its line when known."""
    if not isinstance(data, dict):
        raise InputError((Problem(en="a checklist must be a mapping of keys to values",
                                  vi="danh mục phải là một ánh xạ khóa - giá trị", file=source),))
    if data.get("schema") != CHECKLIST_SCHEMA:
        found = data.get("schema")
        raise InputError((Problem(
            en=f"not a gembakit checklist: expected 'schema: {CHECKLIST_SCHEMA}', found {found!r}",
            vi=f"không phải danh mục gembakit: cần 'schema: {CHECKLIST_SCHEMA}', "
               f"nhận được {found!r}",
            file=source, path=("schema",),
            line=doc.line_of(("schema",)) if doc else None),))
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        from gembakit._problems import problems_from

        raise InputError(tuple(problems_from(exc, doc, source, data))) from None
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
