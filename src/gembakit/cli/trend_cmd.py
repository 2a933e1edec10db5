"""``gembakit trend FILE...``: one organisation's assessments of a checklist over time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, errors_only
from gembakit.base.messages import tr
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, state


def trend(
    files: Annotated[list[Path], typer.Argument(help="Assessments of one organisation.")],
    checklist: Annotated[str | None, typer.Option("--checklist", "-c")] = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Levels and section scores by date, oldest first."""
    from gembakit.assessments.files import check_file
    from gembakit.base.messages import pct
    from gembakit.base.plain import to_plain
    from gembakit.programme.trend import trend as follow

    lang_ = state.lang
    try:
        loaded = [check_file(f, checklist) for f in files]
        errors = errors_only([p for _, _, problems in loaded for p in problems])
        if errors:
            report_problems(errors, lang_)
            raise typer.Exit(1)
        cl = loaded[0][1]
        series = follow([a.assessment for a, _, _ in loaded], cl)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    if json:
        emit_json(to_plain(series))
        return
    titles = [s.title.get(lang_) for s in cl.sections]
    out = [f"{series.organisation} — {cl.title.get(lang_)}"]
    for p in series.points:
        values = ", ".join(f"{title} {pct(v, lang_) if v is not None else '—'}"
                           for title, (_, v) in zip(titles, p.sections, strict=True))
        overall = pct(p.overall, lang_) if p.overall is not None else "—"
        out.append(f"  {p.date}  {p.tier:<10}  {tr(lang_, 'level')} {p.level}  "
                   f"{overall:>7}  ({values})")
    sys.stdout.write("\n".join(out) + "\n")
