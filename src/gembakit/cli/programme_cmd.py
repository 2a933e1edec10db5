"""``gembakit publish``, ``gembakit honours`` and ``gembakit programme stats``: what the
programme database shows the public and reports each year."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, refuse
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, say, state
from gembakit.cli.db_cmd import DbOption

programme_app = typer.Typer(help="Programme figures from the database.", no_args_is_help=True)
ProvinceOption = Annotated[str | None, typer.Option(help="Only this province.")]


def publish(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the site.")],
    db: DbOption = None,
    trust: Annotated[Path | None, typer.Option(
        help="The signed trust list: the verifier page goes in verify/ and every serial "
             "links to it.")] = None,
    root: Annotated[Path | None, typer.Option(
        help="The programme's root key file (root.jwk.json), with --trust.")] = None,
    revoked: Annotated[list[Path] | None, typer.Option(
        help="A signed revocation list to publish beside the register (repeatable).")] = None,
    title: Annotated[str | None, typer.Option(help="The page's title.")] = None,
    lang: LangOption = None,
) -> None:
    """Write the public register as a static site: the recognised enterprises, searchable in
    the page; CSV and JSON of the same; revocation lists; the verifier page."""
    from gembakit.registry.db import open_database
    from gembakit.render.public_register import publish as write_site

    try:
        if (trust is None) != (root is None):
            raise refuse("publish.trust", "give --trust and --root together (the verifier "
                         "page needs both)")
        with tempfile.TemporaryDirectory() as tmp:
            verifier = None
            if trust is not None and root is not None:
                from gembakit.cli.verify_flow import write_verifier

                verifier = Path(tmp) / "verify"
                write_verifier(verifier, trust=trust, root=root, revoked=revoked or [])
            with open_database(db) as database:
                n = write_site(database, output, lang=state.lang, title=title,
                               revoked=revoked or [], verifier=verifier)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    say("wrote {folder}: the public register of {n} certificates", folder=str(output), n=n)


def honours(
    year: Annotated[int, typer.Option(help="The year honoured.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="A .pdf or .xlsx file.")],
    db: DbOption = None,
    province: ProvinceOption = None,
    top: Annotated[int, typer.Option(help="How many of the most improved.")] = 10,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The year's honour list: recognised enterprises, and the most improved since their
    previous certificate (level, then score), by province and industry."""
    from dataclasses import asdict

    from gembakit.base.safe_io import write_atomic
    from gembakit.registry.db import open_database
    from gembakit.registry.figures import honours as honour_list
    from gembakit.render.honours import honours_view, tables_pdf, tables_xlsx

    try:
        with open_database(db) as database:
            found = honour_list(database, year, province, top)
        view = honours_view(found, state.lang)
        write_atomic(output, tables_xlsx(view) if output.suffix.lower() == ".xlsx"
                     else tables_pdf(view))
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json({"year": year, "province": province,
                   "recognised": [asdict(r) for r in found.recognised],
                   "improved": [asdict(g) for g in found.improved]})
        return
    say("wrote {file}: {n} recognised, {m} most improved", file=str(output),
        n=len(found.recognised), m=len(found.improved))


@programme_app.command("stats")
def stats(
    db: DbOption = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    province: ProvinceOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also write them to a .pdf or .xlsx file.")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The counts provincial plans report: enterprises assessed and recognised per tier, pilot
    models, experts with a credential in force, improvement staff certified."""
    from gembakit.base.safe_io import write_atomic
    from gembakit.registry.db import open_database
    from gembakit.registry.figures import programme_figures
    from gembakit.render.honours import figures_view, tables_pdf, tables_xlsx

    try:
        with open_database(db) as database:
            figures = programme_figures(database, year, province)
        view = figures_view(figures, state.lang, dt.date.today())
        if output is not None:
            write_atomic(output, tables_xlsx(view) if output.suffix.lower() == ".xlsx"
                         else tables_pdf(view))
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json(figures)
        return
    for label, value in view.parts[0].rows:
        print(f"{label:<48} {value:>8}")
