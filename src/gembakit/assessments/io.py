"""Reading and writing assessment files (YAML or JSON), always atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from gembakit.assessments.model import ASSESSMENT_SCHEMA, Assessment
from gembakit.base.documents import validate_document
from gembakit.base.messages import msg
from gembakit.base.safe_io import parse_json, read_text, write_atomic
from gembakit.base.safe_yaml import YamlDocument, dump_yaml, parse_yaml


class LoadedAssessment(NamedTuple):
    """An assessment with where it came from, so later checks can name file and line."""

    assessment: Assessment
    source: str
    path: Path | None
    doc: YamlDocument | None

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        return self.doc.line_of(path) if self.doc is not None else None


def parse_assessment(data: Any, source: str, doc: YamlDocument | None = None) -> Assessment:
    return validate_document(Assessment, data, schema=ASSESSMENT_SCHEMA,
                             kind=msg("an assessment"), source=source, doc=doc)


def open_assessment(path: Path | str, source: str | None = None) -> LoadedAssessment:
    path = Path(path)
    name = source or str(path)
    text = read_text(path, name)
    doc: YamlDocument | None
    if path.suffix.lower() == ".json":
        data = parse_json(text, name)
        doc = None
    else:
        doc = parse_yaml(text, name)
        data = doc.data
    return LoadedAssessment(parse_assessment(data, name, doc), name, path, doc)


def load_assessment(path: Path | str) -> Assessment:
    """Read and validate an assessment file (its own format; see ``validate`` for the checklist)."""
    return open_assessment(path).assessment


def assessment_to_data(assessment: Assessment) -> dict[str, Any]:
    data = assessment.model_dump(mode="json", by_alias=True, exclude_none=True,
                                 exclude_defaults=False)
    return data


def dumps_assessment(assessment: Assessment, fmt: str = "yaml") -> str:
    data = assessment_to_data(assessment)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(data)


def save_assessment(assessment: Assessment, path: Path | str) -> None:
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    write_atomic(path, dumps_assessment(assessment, fmt))
