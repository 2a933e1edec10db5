"""``gembakit checklists list|show|validate``."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError
from gembakit.base.messages import N_, tr
from gembakit.base.safe_yaml import load_yaml
from gembakit.checklists.catalogue import available, load_by_id, resolve_checklist
from gembakit.checklists.describe import gate_words, rule_words
from gembakit.checklists.loader import checklist_from_data
from gembakit.checklists.model import Checklist
from gembakit.cli.common import (
    JsonOption,
    LangOption,
    emit_json,
    fail,
    report_problems,
    state,
)

app = typer.Typer(help="Bundled and custom checklists.", no_args_is_help=True)


def _summary(cl: Checklist, lang: str) -> dict[str, object]:
    return {"id": cl.id, "version": cl.version, "title": cl.title.get(lang),
            "sections": len(cl.sections), "items": len(cl.placed),
            "mandatory": sum(1 for p in cl.placed if p.item.mandatory),
            "scoring": cl.scoring.model, "levels": len(cl.maturity.levels)}


@app.command("list")
def list_(lang: LangOption = None, json: JsonOption = False) -> None:
    """List the bundled checklists with their item counts."""
    from rich.console import Console
    from rich.table import Table

    try:
        rows = [{**_summary(load_by_id(cid), state.lang), "source": str(path) if path else None}
                for cid, path in available().items()]
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json(rows)
        return
    table = Table(show_edge=False)
    for key, label in (("id", N_("Id")), ("version", N_("Version")), ("title", N_("Title")),
                       ("sections", N_("Sections")), ("items", N_("Items")),
                       ("scoring", N_("Scoring"))):
        table.add_column(tr(state.lang, label), justify="right" if key in ("sections", "items")
                         else "left")
    for row in rows:
        table.add_row(*(str(row[k]) for k in
                        ("id", "version", "title", "sections", "items", "scoring")))
    Console().print(table, markup=False, highlight=False)


@app.command()
def show(checklist: Annotated[str, typer.Argument(help="A bundled id or a checklist file.")],
         lang: LangOption = None, json: JsonOption = False,
         markdown: Annotated[bool, typer.Option(
             "--markdown", help="A printable reference page in Markdown.")] = False) -> None:
    """Show a checklist: its sections and items, levels with their gates, recognition rules."""
    lang_ = state.lang
    try:
        cl = resolve_checklist(checklist)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    if markdown:
        from gembakit.checklists.describe import markdown as page

        sys.stdout.write(page(cl))
        return
    if json:
        emit_json(cl.model_dump(mode="json", by_alias=True, exclude_none=True))
        return
    out = [f"{cl.title.get(lang_)} — {cl.id} {cl.version} ({cl.licence})"]
    # A label that merely restates the value (a band scale's "60 %") is shown alone.
    out.append(tr(lang_, "Scale: ") + ", ".join(
        p.label.get(lang_) if p.label.get(lang_).startswith(str(p.value))
        else f"{p.value} {p.label.get(lang_)}" for p in cl.scale.points)
        + (" / N/A" if cl.any_na else ""))
    for section in cl.sections:
        out.append(f"\n{section.title.get(lang_)} [{section.id}]")
        for placed in cl.placed:
            if placed.section is section:
                mark = " *" if placed.item.mandatory else ""
                out.append(f"  {placed.item.id}{mark}  {placed.item.text.get(lang_)}")
    out.append("\n" + tr(lang_, "Levels"))
    for level in cl.maturity.levels:
        gates = "; ".join(gate_words(g, lang_) for g in level.gates) or "—"
        out.append(f"  {level.level} {level.name.get(lang_)}: {gates}")
    if cl.recognition:
        out.append("\n" + tr(lang_, "Recognition"))
        for tier, rule in cl.recognition.items():
            out.append("  " + rule_words(tier, rule, lang_))
    out.append("\n" + tr(lang_, "* mandatory (knock-out) item"))
    sys.stdout.write("\n".join(out) + "\n")


@app.command("validate")
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Checklist files to check.")],
    schema: Annotated[bool, typer.Option(
        "--schema", help="Also validate against the published JSON Schema.")] = False,
    lang: LangOption = None, json: JsonOption = False,
) -> None:
    """Check custom checklist files against the format and its cross-checks."""
    lang_ = state.lang
    report: list[dict[str, object]] = []
    failed = False
    for path in files:
        try:
            doc = load_yaml(path)
            if schema:
                from gembakit.checklists.schema import check, shipped_path

                published = shipped_path("gembakit.checklists", "checklist-v1.schema.json")
                check(jsonlib.loads(published.read_text(encoding="utf-8")), doc.data, str(path))
            cl = checklist_from_data(doc.data, doc.source, doc)
        except GembakitError as exc:
            failed = True
            if not json:
                report_problems(exc.problems, lang_)
            report.append({"file": str(path), "valid": False,
                           "problems": [p.to_json() for p in exc.problems]})
            continue
        report.append({"file": str(path), "valid": True, "id": cl.id, "version": cl.version,
                       "items": len(cl.placed)})
        if not json:
            print(tr(lang_, "{path}: valid ({id} {version}, {n_placed} items)", path=path,
                     id=cl.id, version=cl.version, n_placed=len(cl.placed)))
    if json:
        emit_json(report)
    if failed:
        raise typer.Exit(1)
