"""Validating a parsed file against its model: the steps every file format shares."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gembakit._io import YamlDocument
from gembakit.errors import InputError, Problem

M = TypeVar("M", bound=BaseModel)


def validate_document(model: type[M], data: Any, *, schema: str, kind: tuple[str, str],
                      source: str, doc: YamlDocument | None = None) -> M:
    """``data`` as ``model``, after checking it is a mapping that declares ``schema``.

    ``kind`` names the document in English and Vietnamese ("checklist", "danh mục") for
    messages; every validation error is reported with its path and, from ``doc``, its line.
    """
    en, vi = kind
    if not isinstance(data, dict):
        article = "an" if en[0] in "aeiou" else "a"
        raise InputError((Problem(en=f"{article} {en} must be a mapping of keys to values",
                                  vi=f"{vi} phải là một ánh xạ khóa - giá trị", file=source),))
    if data.get("schema") != schema:
        found = data.get("schema")
        raise InputError((Problem(
            en=f"not a gembakit {en}: expected 'schema: {schema}', found {found!r}",
            vi=f"không phải {vi} gembakit: cần 'schema: {schema}', nhận được {found!r}",
            file=source, path=("schema",), line=doc.line_of(("schema",)) if doc else None),))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        from gembakit._problems import problems_from  # only on the error path: keeps start-up lean

        raise InputError(tuple(problems_from(exc, doc, source, data))) from None
