"""Reports for one assessment file or a whole folder of them, using every core.

Rendering is CPU-bound and WeasyPrint holds the GIL, so a folder is spread over processes. A file
that cannot be read or scored is reported with its problems and does not stop the others.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple

from gembakit.assessments.files import assessment_files, check_file
from gembakit.base.errors import GembakitError, Problem, errors_only
from gembakit.base.safe_io import write_atomic
from gembakit.scoring.engine import score


class Job(NamedTuple):
    source: Path
    target: Path
    lang: str
    logo: Path | None = None
    checklist: str | None = None
    template_dirs: tuple[str, ...] = ()
    previous: tuple[Path, ...] = ()  # earlier assessments of the same organisation


class Outcome(NamedTuple):
    source: Path
    target: Path | None
    problems: tuple[Problem, ...]  # errors when the report was not written, else warnings


def render_one(job: Job) -> Outcome:
    """Validate, score and render one assessment; the PDF is written atomically or not at all."""
    from gembakit.render import report_pdf

    try:
        loaded, checklist, problems = check_file(job.source, job.checklist)
        errors = errors_only(problems)
        if errors:
            return Outcome(job.source, None, tuple(errors))
        result = score(loaded.assessment, checklist, check=False)
        earlier = []
        for path in job.previous:
            old, _, old_problems = check_file(path, checklist)
            if errors_only(old_problems):
                return Outcome(job.source, None, tuple(errors_only(old_problems)))
            earlier.append(old.assessment)
        pdf = report_pdf(result, checklist, loaded.assessment, lang=job.lang, logo=job.logo,
                         base_dir=job.source.parent, template_dirs=job.template_dirs,
                         previous=earlier)
    except GembakitError as exc:
        return Outcome(job.source, None, exc.problems)
    write_atomic(job.target, pdf)
    return Outcome(job.source, job.target, tuple(problems))


def jobs_for_folder(folder: Path, out_dir: Path, lang: str, *, logo: Path | None = None,
                    checklist: str | None = None,
                    template_dirs: Sequence[str] = ()) -> list[Job]:
    return [Job(path, (out_dir / path.relative_to(folder)).with_suffix(".pdf"), lang, logo,
                checklist, tuple(template_dirs)) for path in assessment_files(folder)]


def _warm_up() -> None:
    """Load WeasyPrint and lay out a line in our fonts, so a worker's first report is not slow."""
    from gembakit.render.pdf import write_pdf

    write_pdf('<link rel="stylesheet" href="report.css"><p>Sẵn sàng</p>')


def render_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of warmed rendering processes, for callers that render batch after batch.

    Workers come from a fork server where the platform has one: forking the caller directly
    copies its memory page by page as the workers touch it, which costs a tenth of the speed.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["gembakit.render.batch"])
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=context,
                               initializer=_warm_up)


def render_many(jobs: Iterable[Job], workers: int | None = None,
                done: Callable[[Outcome], None] | None = None,
                pool: Executor | None = None) -> list[Outcome]:
    """Render every job; ``workers`` defaults to the number of cores (1 renders in-process).

    Pass ``pool`` (see :func:`render_pool`) to reuse warmed workers across calls.
    """
    todo = list(jobs)
    count = workers or os.cpu_count() or 1
    outcomes: list[Outcome] = []
    if pool is None and (count <= 1 or len(todo) <= 1):
        for job in todo:
            outcomes.append(render_one(job))
            if done:
                done(outcomes[-1])
        return outcomes
    owned = pool is None
    executor = pool or render_pool(min(count, len(todo)))
    try:
        futures = [executor.submit(render_one, job) for job in todo]
        for future in as_completed(futures):
            outcomes.append(future.result())
            if done:
                done(outcomes[-1])
    finally:
        if owned:
            executor.shutdown()
    order = {job.source: i for i, job in enumerate(todo)}
    return sorted(outcomes, key=lambda o: order[o.source])
