"""The published JSON Schemas, generated from the pydantic models.

Run ``python -m gembakit.checklists.schema`` after changing a model; a test fails while the
shipped files are stale. jsonschema is imported only when a user asks for schema validation.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gembakit.base.errors import InputError, Problem, problem

BASE_URI = "https://gembakit.org/schema/"


# pydantic writes a bound it cannot place on a wrapped type under its own name.
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _standard(node: Any) -> Any:
    """Draft 2020-12 as ajv's strict mode reads it: pydantic's ``discriminator`` is an OpenAPI
    keyword (the ``oneOf`` it decorates already says everything), and bounds on our number types
    come out as ``ge``/``le`` instead of ``minimum``/``maximum``."""
    if isinstance(node, dict):
        out = {_BOUNDS.get(k, k) if isinstance(v, int | float) else k: _standard(v)
               for k, v in node.items() if k != "discriminator"}
        if out.get("type") == "object" and "maxLength" in out:  # a dict's size, not a text's
            out["maxProperties"] = out.pop("maxLength")
        answer = {"$ref": "#/$defs/Answer"}
        # an item written with nothing after it (``sort.1:``) is an empty answer
        if out.get("additionalProperties") == answer:
            out["additionalProperties"] = {"anyOf": [answer, {"type": "null"}]}
        for pattern, value in (out.get("patternProperties") or {}).items():
            if value == answer:
                out["patternProperties"][pattern] = {"anyOf": [answer, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [_standard(v) for v in node]
    return node


def generate(model: type[BaseModel], name: str, title: str) -> dict[str, Any]:
    schema = _standard(model.model_json_schema(by_alias=True, mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + name,
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def shipped_path(package: str, name: str) -> Path:
    return Path(str(resources.files(package) / "schema" / name))


def validate_against(schema: dict[str, Any], data: Any, source: str) -> list[Problem]:
    """Validate with the published schema, as an external tool would (slow: ~20 ms import)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(_jsonable(data)), key=lambda e: list(e.path)):
        problems.append(problem("schema.json_schema", "the published schema refuses this: "
                                "{detail}", path=tuple(error.path), file=source,
                                detail=error.message[:200]))
    return problems


def _jsonable(data: Any) -> Any:
    """YAML gives dates and integer keys; JSON Schema speaks JSON, so convert like a dump would."""
    return json.loads(json.dumps(data, default=str))


def check(schema: dict[str, Any], data: Any, source: str) -> None:
    problems = validate_against(schema, data, source)
    if problems:
        raise InputError(tuple(problems))
