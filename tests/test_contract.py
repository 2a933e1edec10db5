"""The published JSON Schemas: they compile in ajv's strict Draft 2020-12 mode, every bundled file
passes them, and the model and the schema accept exactly the same documents.

ajv comes from npm (.ci/run installs it); without it these tests are skipped on a laptop and fail
on CI. YAML files are turned into JSON by gembakit's own reader first (a YAML date is a JSON
string), since the schema describes the JSON form.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from gembakit.assessments.model import Assessment
from gembakit.base.safe_yaml import load_yaml
from gembakit.checklists.model import Checklist
from gembakit.checklists.schema import shipped_path
from tests.builders import ROOT

SCHEMAS: dict[str, tuple[Path, type[BaseModel]]] = {
    "checklist": (shipped_path("gembakit.checklists", "checklist-v1.schema.json"), Checklist),
    "assessment": (shipped_path("gembakit.assessments", "assessment-v1.schema.json"),
                   Assessment),
}
DATA = ROOT / "src/gembakit/checklists/data"
EXAMPLES = ROOT / "src/gembakit/examples"
MUTANTS = int(os.environ.get("GEMBAKIT_CONTRACT_MUTANTS", "1500"))


def _node_modules() -> Path | None:
    found = shutil.which("ajv")
    return Path(found).resolve().parents[2] if found else None


def _ajv(schema: Path, docs: list[Any], tmp_path: Path) -> list[bool]:
    modules = _node_modules()
    assert modules is not None
    path = tmp_path / "docs.ndjson"
    with path.open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    done = subprocess.run(["node", str(ROOT / "tests/contract/ajv_check.cjs"), str(schema),
                           str(path)], capture_output=True, text=True, check=True,
                          env={**os.environ, "NODE_PATH": str(modules)})
    return [c == "1" for c in done.stdout.strip()]


def _json(data: Any) -> Any:
    """YAML data as JSON carries it: dates and times become ISO text, integer keys text."""
    def plain(value: Any) -> Any:  # noqa: PLR0911 - one return per JSON kind
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        return value
    return plain(data)


def _files() -> list[tuple[str, Path]]:
    return [*(("checklist", p) for p in sorted(DATA.glob("*.yaml"))),
            *(("assessment", p) for p in sorted(EXAMPLES.glob("*.yaml")))]


@pytest.mark.tool("ajv")
def test_schemas_compile_in_strict_mode() -> None:
    for schema, _ in SCHEMAS.values():
        done = subprocess.run(["ajv", "compile", "--spec=draft2020", "--strict=true", "-c",
                               "ajv-formats", "-s", str(schema)], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.tool("ajv")
def test_every_bundled_file_passes_its_schema(tmp_path: Path) -> None:
    for kind, path in _files():
        schema, _ = SCHEMAS[kind]
        assert _ajv(schema, [_json(load_yaml(path).data)], tmp_path) == [True], path


# Values a hand, a spreadsheet or a bug might put anywhere.
ODD: list[Any] = [True, False, None, "", "   ", "3", 3, 3.0, 3.5, -1, 101, 2**60, "N/A", "na",
                  [], {}, "x" * 301, "sort 1", "2026-13-01", "2026-11-21T09:00:00",
                  "2026-11-21T09:00:00+07:00", "20261121", "0301234567", "yes", "Ổn định"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _mutant(doc: Any, rng: random.Random) -> Any:
    out = copy.deepcopy(doc)
    paths = _paths(out)[1:]
    path = rng.choice(paths)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    kind = rng.random()
    if kind < 0.6:
        parent[last] = rng.choice(ODD)
    elif kind < 0.75 and isinstance(parent, dict):
        del parent[last]
    elif kind < 0.9 and isinstance(parent, dict):
        parent[rng.choice(["extra", "Note", "sort 1", "1", "01"])] = rng.choice(ODD[:12])
    elif isinstance(parent, dict) and isinstance(last, str):
        parent[rng.choice(["sort 1", "x" * 70, "1", "-1", "03"])] = parent.pop(last)
    else:
        parent[last] = rng.choice(ODD)
    return out


# Rules across fields that JSON Schema cannot state; the model alone enforces them.
CROSS_FIELD = {"status.time_order", "limit.findings", "limit.evidence"}


def _model_accepts(model: type[BaseModel], doc: Any) -> bool | None:
    """True or False; None when only a cross-field rule refused it."""
    from gembakit.base.documents import problems_from

    try:
        model.model_validate(doc)
    except ValidationError as exc:
        codes = {p.code for p in problems_from(exc, None, None, doc)}
        return None if codes <= CROSS_FIELD else False
    return True


@pytest.mark.slow
@pytest.mark.tool("ajv")
def test_model_and_schema_accept_the_same_documents(tmp_path: Path) -> None:
    rng = random.Random(2026)
    for kind, (schema, model) in SCHEMAS.items():
        seeds = [_json(load_yaml(p).data) for k, p in _files() if k == kind]
        docs = [_mutant(rng.choice(seeds), rng) for _ in range(MUTANTS)]
        by_schema = _ajv(schema, docs, tmp_path)
        disagree = [(doc, s) for doc, s in zip(docs, by_schema, strict=True)
                    if (m := _model_accepts(model, doc)) is not None and m != s]
        assert not disagree, (f"{kind}: {len(disagree)} of {len(docs)} documents judged "
                              f"differently; first (schema says {disagree[0][1]}):\n"
                              + json.dumps(disagree[0][0], ensure_ascii=False)[:3000])
