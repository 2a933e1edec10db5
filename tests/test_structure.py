"""The shape of the code: no import cycles, small modules, one current message catalogue, every
problem code documented, a third language as one more .po file."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import EXAMPLE, ROOT

SRC = ROOT / "src" / "gembakit"


def test_no_import_cycles() -> None:
    import grimp

    graph = grimp.build_graph("gembakit")
    modules = sorted(graph.modules)
    # a cycle shows as a module reachable from one it imports
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported == module or not imported.startswith("gembakit"):
                continue
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            assert chain is None, " → ".join((module, *chain))


def test_modules_stay_small() -> None:
    large = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert large == {}


def test_message_ids_are_literal_texts() -> None:
    """Texts reach the catalogue only when the extractor can read them: the message argument of
    every catalogue call is a string literal (or a table entry marked with N_)."""
    keywords = {"msg": 0, "N_": 0, "say": 0, "tr": 1, "problem": 1, "refuse": 1,
                "custom_error": 1}
    allowed_variables = {"msgid", "words", "label", "what", "text", "_DECIMAL", "GRADE_COUNTS",
                         "TIER_WORDS", "STATUS_WORDS", "TITLES", "NOTES", "PANGO_HINT", "HELP"}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in keywords):
                continue
            index = keywords[node.func.id]
            if len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                continue
            names = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
            if names & allowed_variables or isinstance(arg, ast.Subscript | ast.Call
                                                       | ast.Attribute):
                continue
            found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_catalogue_is_current_and_complete() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts/catalogue.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]


def test_error_codes_are_documented() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("error_codes", ROOT / "scripts/error_codes.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs/errors.md").read_text(encoding="utf-8") == module.page(), (
        "docs/errors.md is stale: run python scripts/error_codes.py")


def test_a_third_language_is_one_more_po_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A pseudo-locale made from the Vietnamese catalogue: every message wrapped in ⟦…⟧, the
    decimal mark a comma. Setting GEMBAKIT_LOCALES is all a new language needs."""
    from babel.messages.pofile import read_po, write_po

    with (SRC / "locale/vi/LC_MESSAGES/gembakit.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    for message in catalog:
        if message.id and isinstance(message.id, str):
            message.string = "," if message.context == "decimal mark" else f"⟦{message.id}⟧"
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "gembakit.po").open("wb") as handle:
        write_po(handle, catalog)
    env = {"GEMBAKIT_LOCALES": str(tmp_path), "GEMBAKIT_CACHE_DIR": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin", "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    done = subprocess.run([sys.executable, "-m", "gembakit.cli", "score", str(EXAMPLE),
                           "--lang", "xx"], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "⟦Level {level} · {name}   overall {overall}⟧" not in done.stdout  # filled in
    assert "⟦Level 3 · Established   overall 72,2 %⟧" in done.stdout
    done = subprocess.run([sys.executable, "-m", "gembakit.cli", "score", "--help", "--lang",
                           "xx"], capture_output=True, text=True, env=env, check=False)
    assert "⟦Show this message and exit.⟧" in done.stdout


def test_json_keeps_both_languages_whatever_the_language() -> None:
    from gembakit.base.errors import problem

    shown = problem("x.y", "unknown item '{id}'", id="a").to_json()
    assert json.dumps(shown["message"], ensure_ascii=False) == (
        '{"vi": "không có tiêu chí \'a\'", "en": "unknown item \'a\'"}')
