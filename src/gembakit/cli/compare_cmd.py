"""``gembakit compare A B``: two assessments of one checklist side by side."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, errors_only, refuse
from gembakit.base.messages import tr
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, report_problems, state


def compare(
    first: Annotated[Path, typer.Argument(help="The first assessment (e.g. the self-assessment, "
                                          "or the earlier one).")],
    second: Annotated[Path, typer.Argument(help="The second (the consultant's, or the later).")],
    checklist: Annotated[str | None, typer.Option("--checklist", "-c")] = None,
    top: Annotated[int, typer.Option(help="How many disagreements to list.")] = 10,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Differences per item and section, bias, agreement and weighted kappa, level change."""
    from gembakit.assessments.files import check_file
    from gembakit.base.messages import number, pct
    from gembakit.base.plain import to_plain
    from gembakit.programme.compare import compare as run

    lang_ = state.lang
    try:
        a, cl, pa = check_file(first, checklist)
        b, cl2, pb = check_file(second, checklist)
        errors = errors_only([*pa, *pb])
        if errors:
            report_problems(errors, lang_)
            raise typer.Exit(1)
        if cl2.id != cl.id:
            raise refuse("compare.checklists", "answers checklist {other}, not {id}: nothing to "
                         "compare", file=str(second), other=cl2.id, id=cl.id)
        result = run(a.assessment, b.assessment, cl)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    if json:
        emit_json({"checklist": result.checklist_id, "first": str(first), "second": str(second),
                   "level": {"first": result.first.level, "second": result.second.level,
                             "change": result.level_change},
                   "overall": {"first": result.first.overall.percentage,
                               "second": result.second.overall.percentage},
                   "agreement": to_plain(result.agreement),
                   "sections": to_plain(result.sections), "items": to_plain(result.items),
                   "largest": [d.item_id for d in result.largest[:top]],
                   "improved": [d.item_id for d in result.improved],
                   "fell_back": [d.item_id for d in result.fell_back]})
        return
    r1, r2 = result.first, result.second

    def who(r: object) -> str:
        return f"{r.assessor} ({r.tier}, {r.date})"  # type: ignore[attr-defined]

    def p(v: float | None) -> str:
        return pct(v, lang_) if v is not None else "—"

    out = [f"{cl.title.get(lang_)} {cl.version}",
           f"1: {who(r1)}", f"2: {who(r2)}",
           tr(lang_, "Level") + f": {r1.level} → {r2.level}   "
           + tr(lang_, "overall") + f": {p(r1.overall.percentage)} → "
           f"{p(r2.overall.percentage)}", ""]
    width = max(len(s.title.get(lang_)) for s in result.sections)
    for s in result.sections:
        change = (("+" if s.difference >= 0 else "") + number(s.difference, lang_)
                  if s.difference is not None else "—")
        out.append(f"  {s.title.get(lang_):<{width}}  {p(s.first):>7} → {p(s.second):>7}  "
                   f"{change:>6}")
    g = result.agreement
    out.append("")
    if g.pairs:
        out.append(tr(lang_, "Agreement over {pairs} items: ", pairs=g.pairs)
                   + tr(lang_, "exact") + f" {p(100 * (g.exact or 0))}, "
                   + tr(lang_, "within one point")
                   + f" {p(100 * (g.within_one or 0))}")
        bias = g.mean_bias or 0.0
        out.append(tr(lang_, "Mean bias (1 − 2): ")
                   + f"{'+' if bias >= 0 else ''}{number(bias, lang_)} "
                   + (tr(lang_, "(the first scores higher)") if bias > 0
                      else tr(lang_, "(the first scores lower)")
                      if bias < 0 else ""))
        if g.kappa is not None and g.meaning is not None:
            out.append(tr(lang_, "Weighted kappa (quadratic): ")
                       + f"{g.kappa:.2f}".replace(".", "," if lang_ == "vi" else ".")
                       + f" — {g.meaning.get(lang_)}")
    if result.largest:
        out += ["", tr(lang_, "Largest disagreements:")]
        for d in result.largest[:top]:
            text = cl.by_id[d.item_id].item.text.get(lang_)
            out.append(f"  {d.item_id}: {d.first} → {d.second}  {text}")
    out.append("")
    out.append(tr(lang_, "{n_improved} items higher in 2, {n_fell_back} lower",
                  n_improved=len(result.improved), n_fell_back=len(result.fell_back)))
    sys.stdout.write("\n".join(out) + "\n")
