"""Scoring every assessment under a folder: one summary row per file, problems listed, not fatal.

Rows are small plain records, so that thousands of them travel cheaply between processes and feed
the portfolio analysis and the spreadsheets. A large folder is spread over every core in chunks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple

from gembakit.assessments.files import assessment_files, check_file
from gembakit.base.errors import GembakitError, Problem, errors_only
from gembakit.scoring.engine import score

PARALLEL_FROM = 200  # below this many files, starting processes costs more than it saves
CHUNK = 100


class Row(NamedTuple):
    """One assessment, scored: who, what, when, and the figures the portfolio needs."""

    file: str
    organisation: str
    tax_code: str | None
    province: str | None
    industry: str | None
    size: str | None
    site: str
    checklist: str
    version: str
    tier: str
    date: str
    status: str
    level: int
    overall: float | None
    sections: tuple[tuple[str, float | None], ...]
    items: tuple[tuple[str, float], ...]  # answered items: (id, ratio of the scale, 0-1)
    failed_mandatory: int
    unanswered: int


class Failure(NamedTuple):
    file: str
    problems: tuple[Problem, ...]


__all__ = ["Failure", "Row", "assessment_files", "score_file", "score_many"]


def score_file(path: Path, checklist: str | None = None) -> Row | Failure:
    try:
        loaded, cl, problems = check_file(path, checklist)
    except GembakitError as exc:
        return Failure(str(path), exc.problems)
    errors = errors_only(problems)
    if errors:
        return Failure(str(path), tuple(errors))
    a = loaded.assessment
    r = score(a, cl, check=False)
    lo, span = cl.scale.min, (cl.scale.max - cl.scale.min) or 1
    items = tuple((item_id, (answer.score - lo) / span) for _, item_id, answer in a.all_answers()
                  if isinstance(answer.score, int) and item_id in cl.by_id)
    return Row(str(path), a.organisation.name, a.organisation.tax_code, a.organisation.province,
               a.organisation.industry, a.organisation.size, a.site.name, cl.id, cl.version,
               a.assessor.tier, a.date.isoformat(), a.current_status, r.level,
               r.overall.percentage, tuple((s.id, s.figure.percentage) for s in r.sections),
               items, len(r.failed_mandatory), r.counts.unanswered)


def _chunk(paths: Sequence[str], checklist: str | None) -> list[Row | Failure]:
    return [score_file(Path(p), checklist) for p in paths]


def score_many(paths: Sequence[Path], *, checklist: str | None = None,
               workers: int | None = None,
               done: Callable[[int], None] | None = None) -> list[Row | Failure]:
    """Score every file, in order; ``done(n)`` reports progress in files."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(paths) < PARALLEL_FROM:
        out = []
        for path in paths:
            out.append(score_file(path, checklist))
            if done:
                done(1)
        return out
    chunks = [[str(p) for p in paths[i:i + CHUNK]] for i in range(0, len(paths), CHUNK)]
    results: dict[int, list[Row | Failure]] = {}
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures = {pool.submit(_chunk, chunk, checklist): i for i, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if done:
                done(len(results[futures[future]]))
    return [row for i in range(len(chunks)) for row in results[i]]
