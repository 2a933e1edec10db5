"""Rendering: result → view model → HTML (Jinja2) → PDF (WeasyPrint, imported only here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gembakit.assessments.model import Assessment
from gembakit.base.errors import refuse
from gembakit.checklists.model import Checklist
from gembakit.render.safety import allowed_image, safe_evidence_images
from gembakit.render.view import ReportView, report_view
from gembakit.scoring.result import Result

__all__ = ["ReportView", "report_html", "report_pdf", "report_view"]


def _view(result: Result, checklist: Checklist, assessment: Assessment, *, lang: str,
          logo: Path | None, base_dir: Path | None, generated: dt.date | None,
          previous: Sequence[Assessment] = ()) -> tuple[ReportView, frozenset[Path]]:
    allowed = set(safe_evidence_images(assessment, base_dir))
    if logo is not None:
        checked = allowed_image(logo)
        if checked is None:
            raise refuse("report.logo", "cannot be used as a logo: it must be a PNG, JPEG, GIF or "
                         "WebP image under 10 MiB and 40 megapixels", file=str(logo))
        allowed.add(checked)
    history = None
    if previous:
        from gembakit.programme.trend import trend

        history = trend([*previous, assessment], checklist)
    view = report_view(result, checklist, assessment, lang=lang, logo=logo, base_dir=base_dir,
                       allowed_images=frozenset(allowed), generated=generated, trend=history)
    return view, frozenset(allowed)


def report_html(result: Result, checklist: Checklist, assessment: Assessment, *, lang: str,
                logo: Path | None = None, base_dir: Path | None = None,
                generated: dt.date | None = None,
                template_dirs: Sequence[Path | str] = ()) -> str:
    from gembakit.render.html import render_html

    view, _ = _view(result, checklist, assessment, lang=lang, logo=logo, base_dir=base_dir,
                    generated=generated)
    return render_html(view, "report.html.j2", template_dirs)


def report_pdf(result: Result, checklist: Checklist, assessment: Assessment, *, lang: str,
               logo: Path | None = None, base_dir: Path | None = None,
               generated: dt.date | None = None,
               template_dirs: Sequence[Path | str] = (),
               previous: Sequence[Assessment] = ()) -> bytes:
    """The assessment report as PDF bytes. ``base_dir`` is where evidence files are looked for;
    ``previous`` assessments of the same organisation add a section on progress over time."""
    from gembakit.render.html import render_html
    from gembakit.render.pdf import write_pdf

    view, allowed = _view(result, checklist, assessment, lang=lang, logo=logo,
                          base_dir=base_dir, generated=generated, previous=previous)
    return write_pdf(render_html(view, "report.html.j2", template_dirs), allowed_files=allowed)
