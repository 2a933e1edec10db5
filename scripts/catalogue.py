"""Keep the message catalogue current: extract every text, merge it into the ``.po`` files.

    python scripts/catalogue.py            # extract and merge (keeps every translation made)
    python scripts/catalogue.py --check    # exit 1 when a text is missing from a catalogue
    python scripts/catalogue.py --seed vi.json [--seed more.json]   # fill Vietnamese from JSON

Texts are found in the source by what they are passed to (see gembakit.base.messages):
``tr(lang, TEXT)``, ``msg(TEXT)``, ``N_(TEXT)``, ``Message(TEXT)``, ``problem(code, TEXT)``,
``refuse(code, TEXT)``, ``custom_error(code, TEXT)``; in the command line also every ``help=``
text and the docstring of every command; and the messages of click and typer themselves, whose
usage errors and help headings gembakit shows in the user's language too.
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "gembakit"
LOCALE = SRC / "locale"
FIRST_ARG = {"msg", "N_", "Message", "say"}
SECOND_ARG = {"tr", "problem", "refuse", "custom_error"}
DECIMAL = ("decimal mark", ".")


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _cli_command(node: ast.FunctionDef, path: Path) -> bool:
    """A function typer turns into a command: in cli/*_cmd.py, public, with a docstring."""
    return path.parent.name == "cli" and path.name.endswith("_cmd.py") \
        and not node.name.startswith("_") and ast.get_docstring(node) is not None \
        and any(isinstance(a.annotation, ast.Name) and a.annotation.id == "LangOption"
                for a in node.args.args)


def ours() -> Iterator[tuple[str, Path, int]]:
    """(text, file, line) for every text of gembakit's own."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                args = node.args
                index = 0 if name in FIRST_ARG else 1 if name in SECOND_ARG else None
                if index is not None and len(args) > index and (
                        text := _literal(args[index])) is not None:
                    yield text, path, node.lineno
                if path.parent.name == "cli":
                    for keyword in node.keywords:
                        if keyword.arg == "help" and (text := _literal(keyword.value)):
                            yield text, path, node.lineno
            elif isinstance(node, ast.FunctionDef) and _cli_command(node, path):
                yield inspect.cleandoc(ast.get_docstring(node) or ""), path, node.lineno


def libraries() -> Iterator[tuple[str | tuple[str, str], Path, int]]:
    """click's and typer's own messages, as their gettext calls give them."""
    import click
    import typer

    typer_dir = Path(typer.__file__).parent
    # typer ≥ 0.25 carries its own copy of click in typer/_click
    for package in (Path(click.__file__).parent, typer_dir, typer_dir / "_click"):
        for path in sorted(package.glob("*.py")):
            if path.name.startswith("_winconsole") or path.name == "_completion_shared.py":
                continue
            for lineno, message, _, _ in extract_from_file(
                    "python", str(path), keywords={"_": None, "gettext": None,
                                                   "ngettext": (1, 2)}):
                if message:
                    yield message, path, lineno


def extract() -> Catalog:
    catalog = Catalog(project="gembakit", charset="utf-8")
    catalog.add(DECIMAL[1], context=DECIMAL[0], auto_comments=["The decimal mark: ',' in "
                                                                "Vietnamese."])
    for text, path, line in [*ours(), *libraries()]:
        key = text if isinstance(text, str) else tuple(text)
        catalog.add(key, locations=[(str(path.relative_to(path.parents[2])), line)],
                    flags=("python-format",) if False else ())
    return catalog


def _read(path: Path) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def merge(lang: str, template: Catalog, seed: dict[str, str] | None = None) -> Catalog:
    """The catalogue of ``lang`` with every text of ``template``; old translations kept."""
    old = _read(LOCALE / lang / "LC_MESSAGES" / "gembakit.po")
    catalog = Catalog(locale=lang, project="gembakit", charset="utf-8")
    for message in template:
        if not message.id:
            continue
        translated: object = ""
        previous = old.get(message.id, message.context) if old is not None else None
        if previous is not None and previous.string:
            translated = previous.string
        elif seed and isinstance(message.id, str) and message.id in seed:
            translated = seed[message.id]
        elif message.context == DECIMAL[0]:
            translated = "," if lang == "vi" else "."
        if isinstance(message.id, tuple) and not isinstance(translated, tuple | list):
            translated = (translated,) * (1 if lang == "vi" else 2) if translated else ("",)
        catalog.add(message.id, translated, locations=message.locations,
                    context=message.context, auto_comments=message.auto_comments)
    return catalog


def write(lang: str, catalog: Catalog) -> None:
    path = LOCALE / lang / "LC_MESSAGES" / "gembakit.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, omit_header=False,
                 include_previous=False)


def missing(lang: str, template: Catalog) -> list[str]:
    """Texts of gembakit's own that the catalogue of ``lang`` does not translate."""
    current = _read(LOCALE / lang / "LC_MESSAGES" / "gembakit.po")
    if current is None:
        return ["(no catalogue)"]
    ids = {text for text, _, _ in ours()}
    out = []
    for text in sorted(ids):
        found = current.get(text)
        if found is None or (lang == "vi" and not found.string):
            out.append(text)
    return out


def main(argv: list[str]) -> int:
    template = extract()
    if "--check" in argv:
        problems = {lang: missing(lang, template) for lang in ("vi", "en")}
        for lang, texts in problems.items():
            for text in texts:
                print(f"{lang}: not in the catalogue: {text!r}")
        return 1 if any(problems.values()) else 0
    seed: dict[str, str] | None = None
    for i, arg in enumerate(argv):  # --seed FILE, repeatable: Vietnamese texts by English id
        if arg == "--seed":
            import json

            seed = {**(seed or {}), **json.loads(Path(argv[i + 1]).read_text(encoding="utf-8"))}
    for lang in ("vi", "en"):
        write(lang, merge(lang, template, seed if lang == "vi" else None))
        print(f"wrote {LOCALE / lang / 'LC_MESSAGES' / 'gembakit.po'}")
    untranslated = missing("vi", template)
    for text in untranslated:
        print(f"vi: untranslated: {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
