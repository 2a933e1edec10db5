"""gembakit: self-assessment, scoring and recognition of improvement work.

The public API is small and typed::

    import gembakit
    checklist = gembakit.load_checklist("5s")
    assessment = gembakit.load_assessment("audit.yaml")
    result = gembakit.score(assessment)
    print(result.level, result.overall.percentage)

Rendering, certifying and verifying are here too (:func:`report_pdf`, :func:`certify`,
:func:`verify`); their heavy libraries (WeasyPrint, cbor2, pyHanko) load on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from gembakit.assessments.files import check_file
from gembakit.assessments.io import load_assessment as _load_assessment
from gembakit.assessments.model import Assessment
from gembakit.assessments.validate import validate
from gembakit.base.documents import model_problems
from gembakit.base.errors import GembakitError, InputError, Problem, errors_only
from gembakit.checklists.catalogue import bundled_ids, resolve_checklist
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score as _score
from gembakit.scoring.result import Result

if TYPE_CHECKING:
    from gembakit.certificates.issue import Certificate
    from gembakit.certificates.verify import Verdict
    from gembakit.programme.compare import Comparison
    from gembakit.programme.trend import Trend

# Loaded when first asked for: `gembakit score` starts in about the time of its own libraries,
# and the version (importlib.metadata) and the programme figures add to every start otherwise.
_LAZY = {"Comparison": "gembakit.programme.compare", "Trend": "gembakit.programme.trend"}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("gembakit")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gembakit' has no attribute {name!r}")

__all__ = [
    "Assessment",
    "Checklist",
    "Comparison",
    "GembakitError",
    "InputError",
    "Problem",
    "Result",
    "Trend",
    "__version__",
    "assessment_from_data",
    "bundled_ids",
    "certify",
    "compare",
    "load_assessment",
    "load_checklist",
    "report_pdf",
    "score",
    "trend",
    "validate",
    "verify",
]


def load_checklist(id_or_path: str | Path) -> Checklist:
    """A bundled checklist by id (``"5s"``) or a checklist file by path."""
    return resolve_checklist(id_or_path)


def load_assessment(path: str | Path) -> Assessment:
    """Read an assessment file (YAML or JSON); raises :class:`InputError` naming every problem."""
    return _load_assessment(path)


def assessment_from_data(data: dict[str, Any]) -> Assessment:
    """An assessment built in code; bad data raises :class:`InputError` with paths (never a
    raw pydantic error)."""
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise model_problems(exc) from None


def _checklist(ref: Checklist | str | Path) -> Checklist:
    return ref if isinstance(ref, Checklist) else resolve_checklist(ref)


def _assessment(ref: Assessment | str | Path,
                checklist: Checklist | str | Path | None) -> tuple[Assessment, Checklist]:
    """An assessment and its checklist, found as the command line finds it: a file's
    ``checklist.source`` (relative to the file) before the bundled id."""
    if isinstance(ref, Assessment):
        return ref, _checklist(checklist if checklist is not None else ref.checklist.id)
    loaded, found, problems = check_file(Path(ref), checklist)
    errors = errors_only(problems)
    if errors:
        raise InputError(errors)
    return loaded.assessment, found


def score(assessment: Assessment | str | Path, checklist: Checklist | str | Path | None = None
          ) -> Result:
    """Score an assessment (an object or a file); without ``checklist`` the one it names."""
    a, cl = _assessment(assessment, checklist)
    return _score(a, cl)


def compare(first: Assessment | str | Path, second: Assessment | str | Path,
            checklist: Checklist | str | Path | None = None) -> Comparison:
    """Two assessments of one checklist: differences, bias, agreement and weighted kappa."""
    from gembakit.programme.compare import compare as compare_two

    a, cl = _assessment(first, checklist)
    b, _ = _assessment(second, cl)
    return compare_two(a, b, cl)


def trend(assessments: Sequence[Assessment | str | Path],
          checklist: Checklist | str | Path | None = None) -> Trend:
    """One organisation's assessments of one checklist over time."""
    from gembakit.programme.trend import trend as _trend

    if not assessments:
        return _trend([], _checklist(checklist or "5s"))
    first, cl = _assessment(assessments[0], checklist)
    return _trend([first, *(_assessment(a, cl)[0] for a in assessments[1:])], cl)


def report_pdf(assessment: Assessment | str | Path, *, lang: str = "vi",
               checklist: Checklist | str | Path | None = None,
               logo: Path | None = None) -> bytes:
    """The assessment report as PDF bytes (WeasyPrint is loaded on first use)."""
    from gembakit.render import report_pdf as render

    a, cl = _assessment(assessment, checklist)
    base = Path(assessment).parent if not isinstance(assessment, Assessment) else None
    return render(_score(a, cl), cl, a, lang=lang, logo=logo, base_dir=base)


def certify(assessment: str | Path, *, key: str | Path, trust: str | Path, root: str | Path,
            consultant: str | Path | None = None, issued: dt.date | None = None,
            passphrase: bytes | None = None) -> Certificate:
    """Check eligibility and sign a certificate (the certificate text, not the PDF)."""
    from gembakit.certificates.issue import assessed_file
    from gembakit.certificates.issue import certify as issue
    from gembakit.certificates.keys import load_key
    from gembakit.certificates.trust import load_root, load_trust, signer_entry

    signer = load_key(Path(key), passphrase)
    trusted = load_trust(Path(trust), load_root(Path(root)))
    may_sign, _ = signer_entry(signer, trusted, Path(trust))
    assessed, cl, raw = assessed_file(Path(assessment))
    other = assessed_file(Path(consultant))[0] if consultant else None
    return issue(assessed, cl, signer, may_sign=may_sign,
                 assessment_bytes=raw, consultant=other, issued=issued)


def verify(certificate_text: str, *, trust: str | Path, root: str | Path,
           revoked: Sequence[str | Path] = (), at: dt.date | None = None) -> Verdict:
    """The verdict on a certificate text or the URL its QR code holds."""
    from gembakit.certificates.revocation import load_revoked, merge
    from gembakit.certificates.trust import load_root, load_trust
    from gembakit.certificates.verify import check

    trusted = load_trust(Path(trust), load_root(Path(root)))
    lists = [load_revoked(Path(p), trusted) for p in revoked]
    return check(certificate_text, trusted, revoked=merge(lists), at=at)
