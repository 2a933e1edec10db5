"""gembakit: self-assessment, scoring and recognition of improvement work.

The public API is small and typed::

    import gembakit
    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment("audit.yaml")
    result = gembakit.score(assessment)
    print(result.level, result.overall.percentage)
"""

from __future__ import annotations

from pathlib import Path

from gembakit.assessments.io import load_assessment as _load_assessment
from gembakit.assessments.model import Assessment
from gembakit.assessments.validate import validate
from gembakit.checklists.catalogue import bundled_ids, resolve_checklist
from gembakit.checklists.model import Checklist
from gembakit.errors import GembakitError, InputError, Problem
from gembakit.scoring.engine import score as _score
from gembakit.scoring.result import Result

__version__ = "0.1.0"
__all__ = [
    "Assessment",
    "Checklist",
    "GembakitError",
    "InputError",
    "Problem",
    "Result",
    "__version__",
    "bundled_ids",
    "compare",
    "load_assessment",
    "load_checklist",
    "score",
    "trend",
    "validate",
]


def load_checklist(id_or_path: str | Path) -> Checklist:
    """A bundled checklist by id (``"5s"``) or a checklist file by path."""
    return resolve_checklist(id_or_path)


def load_assessment(path: str | Path) -> Assessment:
    """Read an assessment file (YAML or JSON); raises :class:`InputError` naming every problem."""
    return _load_assessment(path)


def score(assessment: Assessment | str | Path, checklist: Checklist | str | Path | None = None
          ) -> Result:
    """Score an assessment; without ``checklist`` the bundled one it names is used."""
    if not isinstance(assessment, Assessment):
        assessment = _load_assessment(assessment)
    if checklist is None:
        checklist = resolve_checklist(assessment.checklist.id)
    elif not isinstance(checklist, Checklist):
        checklist = resolve_checklist(checklist)
    return _score(assessment, checklist)


def __getattr__(name: str) -> object:
    """``compare`` and ``trend`` load on first use, keeping ``import gembakit`` lean."""
    if name == "compare":
        from gembakit.scoring.compare import compare

        return compare
    if name == "trend":
        from gembakit.scoring.trend import trend

        return trend
    raise AttributeError(name)
