"""Report benchmark: our whole report pipeline against WeasyPrint alone, and batch scaling.

Prints, measured in one run on this machine:
- per report: gembakit (view model + Jinja + WeasyPrint through our fetcher) against WeasyPrint
  rendering the very same HTML with its own defaults (target <= 1.2x);
- a folder of reports on every core against one core (target >= 1.8x on two cores), in steady
  state: both sides warmed first, as a programme rendering hundreds of reports runs.

Run: python benchmarks/bench_report.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import gembakit
from gembakit.render import report_html, report_pdf
from gembakit.render.batch import Job, render_many, render_pool
from gembakit.render.safety import ASSETS

EXAMPLE = Path(__file__).resolve().parents[1] / "src/gembakit/examples/5s-example.yaml"


def timed(fn: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    opts = parser.parse_args()
    runs, batch = (5, 6) if opts.quick else (9, 12)
    import weasyprint

    assessment = gembakit.load_assessment(EXAMPLE)
    checklist = gembakit.load_checklist("5s")
    result = gembakit.score(assessment, checklist)
    html = report_html(result, checklist, assessment, lang="vi")
    base = (ASSETS / "templates").as_uri() + "/"

    def ours() -> bytes:
        return report_pdf(result, checklist, assessment, lang="vi")

    def alone() -> bytes:
        return weasyprint.HTML(string=html, base_url=base).write_pdf()  # type: ignore[no-any-return]

    ours(), alone()  # warm both: fonts, caches, imports
    mine, theirs = [], []
    for _ in range(runs):  # interleaved so machine load hits both alike
        mine += timed(ours, 1)
        theirs += timed(alone, 1)
    ratio = min(mine) / min(theirs)
    ok = ratio <= 1.2
    print(f"report: gembakit {min(mine) * 1000:.0f} ms, WeasyPrint alone {min(theirs) * 1000:.0f} "
          f"ms, ratio {ratio:.2f}x (target <= 1.2x: {'met' if ok else 'NOT met'}); medians "
          f"{statistics.median(mine) * 1000:.0f} / {statistics.median(theirs) * 1000:.0f} ms")

    cores = os.cpu_count() or 1
    rounds = 2 if opts.quick else 3  # one round alone is at the mercy of one disturbance
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jobs = []
        for n in range(batch):
            source = folder / f"a{n}.yaml"
            shutil.copy(EXAMPLE, source)
            jobs.append(Job(source, folder / f"a{n}.pdf", "vi"))
        singles, pooled = [], []
        with render_pool(cores) as pool:
            render_many(jobs[:cores], pool=pool)  # start and warm every worker
            render_many(jobs[:1], workers=1)  # and this process
            for _ in range(rounds):  # interleaved rounds; the least disturbed of each counts
                start = time.perf_counter()
                render_many(jobs, workers=1)
                singles.append(time.perf_counter() - start)
                start = time.perf_counter()
                outcomes = render_many(jobs, pool=pool)
                pooled.append(time.perf_counter() - start)
                assert all(o.target is not None for o in outcomes)
    one, many = min(singles), min(pooled)
    speedup = one / many
    target = 1.8 if cores >= 2 else 1.0
    good = speedup >= target
    ok &= good
    print(f"batch of {batch}: one core {one:.1f} s ({batch / one:.1f} reports/s), {cores} cores "
          f"{many:.1f} s ({batch / many:.1f} reports/s), speed-up {speedup:.2f}x "
          f"(target >= {target}x on {cores} cores: {'met' if good else 'NOT met'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
