"""Core benchmark: the scoring engine against plain Python, and the cold start of
`gembakit score`, in one run.

Prints ratios measured now on this machine, so the targets hold whatever its speed:
- scoring a 50-item checklist against a plain-Python function computing the same figures from the
  same Assessment objects (overall and section percentages, counts, failed mandatory items,
  level, ranked gaps; checked equal first): target <= 1.5x;
- `gembakit score FILE` cold start against
  `python -c "import typer, rich.console, yaml; from pydantic import BaseModel"`: target <= 1.5x;
- `gembakit score` and `validate` never import WeasyPrint, Jinja2, jsonschema or SQLAlchemy.

Run: python benchmarks/bench_core.py [--quick]
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gembakit.assessments.model import Assessment
from gembakit.checklists.loader import checklist_from_data
from gembakit.checklists.model import Checklist
from gembakit.scoring.engine import score

EXAMPLE = Path(__file__).resolve().parents[1] / "src/gembakit/examples/5s-example.yaml"
BASELINE = "import typer, rich.console, yaml; from pydantic import BaseModel"
FORBIDDEN = ("weasyprint", "jinja2", "jsonschema", "sqlalchemy")


def text(s: str) -> dict[str, str]:
    return {"vi": s, "en": s}


def checklist_50() -> Checklist:
    """Ten sections of five items, mandatory items, weights and five gated levels."""
    points = [{"value": v, "label": text(f"p{v}"), "descriptor": text(f"point {v}")}
              for v in range(5)]
    sections = [{"id": f"s{s}", "title": text(f"Section {s}"), "weight": 1 + s % 2,
                 "items": [{"id": f"s{s}.{i}", "text": text(f"Item {s}.{i}"),
                            "weight": 1 + i % 3, "mandatory": i == 0}
                           for i in range(5)]} for s in range(10)]
    gates = [
        [],
        [{"gate": "overall_min", "value": 40}, {"gate": "answered_min", "value": 80}],
        [{"gate": "overall_min", "value": 60}, {"gate": "every_section_min", "value": 40},
         {"gate": "no_failed_mandatory"}],
        [{"gate": "overall_min", "value": 75}, {"gate": "every_section_min", "value": 60},
         {"gate": "max_findings", "grade": "major", "value": 0}],
        [{"gate": "overall_min", "value": 90},
         {"gate": "sections_min", "sections": ["s0", "s1"], "value": 85}],
    ]
    data = {
        "schema": "gembakit/checklist/v1", "id": "bench50", "version": "1.0.0",
        "title": text("Benchmark"), "standard": {"name": "bench"}, "licence": "CC0",
        "scale": {"points": points}, "scoring": {"model": "weighted", "pass_score": 2},
        "sections": sections,
        "maturity": {"levels": [{"level": n + 1, "name": text(f"L{n + 1}"),
                                 "description": text("d"), "gates": g}
                                for n, g in enumerate(gates)]},
    }
    return checklist_from_data(data, "bench50")


def assessments(cl: Checklist, n: int, seed: int = 7) -> list[Assessment]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        answers = {}
        for placed in cl.placed:
            roll = rng.random()
            value = "na" if roll < 0.05 else None if roll < 0.08 else rng.randint(0, 4)
            answers[placed.item.id] = {"score": value}
        out.append(Assessment.model_validate({
            "schema": "gembakit/assessment/v1",
            "checklist": {"id": cl.id, "version": cl.version},
            "organisation": {"name": "Bench"}, "site": {"name": "Line 1"},
            "assessor": {"tier": "self", "name": "A", "organisation": "Bench"},
            "date": "2026-01-01", "answers": answers}))
    return out


def plain(a: Assessment, cl: Checklist) -> tuple[Any, ...]:
    """The figures the engine reports, written the plain way for this checklist (weighted
    model, no conditions, N/A out of the denominator): overall and section percentages, counts
    overall and per section, failed mandatory items, findings, the level, the next level's gates
    passed or not, and the ranked gaps with their section, answer, gain and whether the item is
    mandatory or failed. The floor the engine is measured against."""
    lo, span = cl.scale.min, cl.scale.max - cl.scale.min
    pass_score = cl.pass_score
    earned = dict.fromkeys(cl.section_ids, 0.0)
    possible = dict.fromkeys(cl.section_ids, 0.0)
    per_section = {sid: [0, 0, 0] for sid in cl.section_ids}  # answered, N/A, unanswered
    unanswered: list[str] = []
    failed: list[str] = []
    short: list[tuple[str, str, int, float, bool]] = []
    findings: dict[str, int] = {}
    for placed in cl.placed:
        item, sid = placed.item, placed.section.id
        answer = a.answers.get(item.id)
        if answer is not None:
            for finding in answer.findings:
                findings[finding.grade] = findings.get(finding.grade, 0) + 1
        value = answer.score if answer is not None else None
        if value is None:
            unanswered.append(item.id)
            per_section[sid][2] += 1
            continue
        if value == "na":
            per_section[sid][1] += 1
            continue
        per_section[sid][0] += 1
        if item.mandatory and value < pass_score:
            failed.append(item.id)
        ratio = (value - lo) / span
        earned[sid] += ratio * placed.weight
        possible[sid] += placed.weight
        if ratio < 1.0:
            short.append((item.id, sid, value, (1.0 - ratio) * placed.weight, item.mandatory))
    total = sum(possible.values())
    overall = 100.0 * sum(earned.values()) / total if total else None
    sections = {sid: (100.0 * earned[sid] / possible[sid] if possible[sid] else None)
                for sid in cl.section_ids}
    # What the engine reports beside the percentages: points out of the maximum per section,
    # and items, answered, N/A, unanswered and the answered share per section and overall.
    figures = {sid: (earned[sid], possible[sid], sections[sid]) for sid in cl.section_ids}
    sizes = {sid: len(items) for sid, items in cl.by_section.items()}
    counts = {sid: (sizes[sid], a_, n_, u_, 100.0 * (a_ + n_) / sizes[sid])
              for sid, (a_, n_, u_) in per_section.items()}
    answered = sum(c[0] for c in per_section.values())
    na = sum(c[1] for c in per_section.values())
    share = 100.0 * (answered + na) / len(cl.placed)
    counts[""] = (len(cl.placed), answered, na, len(unanswered), share)
    level, above = _plain_level(cl, overall, sections, share=share, failed=failed,
                                findings=findings)
    failed_set = set(failed)
    gaps = sorted(((iid, sid, value, 100.0 * w / total, w, mandatory, iid in failed_set)
                   for iid, sid, value, w, mandatory in short), key=lambda g: -g[3])
    return (overall, figures, counts, tuple(failed), findings, level, above, gaps)


def _plain_level(cl: Checklist, overall: float | None, sections: dict[str, float | None], *,
                 share: float, failed: list[str], findings: dict[str, int]
                 ) -> tuple[int, tuple[int, list[bool]] | None]:
    """The level reached, and the next level with its gates passed or not."""
    level: int = cl.maturity.levels[0].level - 1
    above = None
    for lv in cl.maturity.levels:
        passed = [_holds(g, overall, sections, share=share, failed=failed, findings=findings)
                  for g in lv.gates]
        if not all(passed):
            above = (lv.level, passed)
            break
        level = lv.level
    if failed and level > cl.maturity.cap:
        level = cl.maturity.cap
        lv = next(lv for lv in cl.maturity.levels if lv.level > level)
        above = (lv.level, [_holds(g, overall, sections, share=share, failed=failed,
                                   findings=findings) for g in lv.gates])
    return level, above


def _holds(gate: Any, overall: float | None, sections: dict[str, float | None], *,
           share: float, failed: list[str], findings: dict[str, int]) -> bool:
    kind = gate.gate
    if kind == "overall_min":
        return overall is not None and overall >= gate.value
    if kind == "answered_min":
        return share >= gate.value
    if kind == "every_section_min":
        return all(v >= gate.value for v in sections.values() if v is not None)
    if kind == "sections_min":
        return all((sections[s] or -1.0) >= gate.value for s in gate.sections)
    if kind == "no_failed_mandatory":
        return not failed
    if kind == "max_findings":
        return findings.get(gate.grade, 0) <= gate.value
    raise ValueError(kind)


def same_figures(cl: Checklist, batch: list[Assessment]) -> None:
    """Both sides compute the same thing, or the comparison means nothing."""
    for a in batch:
        r = score(a, cl, check=False)
        overall, figures, counts, failed, findings, level, above, gaps = plain(a, cl)
        assert (r.overall.percentage is None) == (overall is None)
        assert abs((r.overall.percentage or 0.0) - (overall or 0.0)) < 1e-9
        for s in r.sections:
            points, most, percentage = figures[s.id]
            assert abs(s.figure.points - points) + abs(s.figure.max_points - most) < 1e-9
            assert abs((s.figure.percentage or 0.0) - (percentage or 0.0)) < 1e-9
        for sid, c in [(s.id, s.counts) for s in r.sections] + [("", r.counts)]:
            assert (c.items, c.answered, c.na, c.unanswered) == counts[sid][:4]
            assert abs(c.answered_share - counts[sid][4]) < 1e-9
        assert (r.failed_mandatory, r.level, r.findings) == (failed, level, findings)
        gates = [g.passed for g in r.next_level_gates if g.gate != "knockout"]
        assert (r.next_level, gates) == ((above[0], above[1]) if above else (None, []))
        assert [(g.item_id, g.section_id, g.score, round(g.gain, 9), round(g.gain_points, 9),
                 g.mandatory, g.failed_mandatory) for g in r.gaps] == [
            (i, s, v, round(g, 9), round(w, 9), m, f) for i, s, v, g, w, m, f in gaps]


def timed(call: Callable[[], object], repeats: int) -> float:
    """Best of ``repeats`` runs (as timeit does: the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def cold(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def imported_modules(args: list[str]) -> set[str]:
    code = ("import sys; from gembakit.cli import main; rc = main(sys.argv[1:]); "
            "sys.stderr.write('\\n'.join(sys.modules)); sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, *args], check=False,
                          capture_output=True, text=True)
    return {m.split(".")[0] for m in proc.stderr.splitlines()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs (for CI smoke)")
    opts = parser.parse_args()
    runs, repeats = (5, 9) if opts.quick else (21, 15)
    ok = True

    cl = checklist_50()
    batch = assessments(cl, 500)
    same_figures(cl, batch)
    engine_times, plain_times = [], []
    for _ in range(5):  # interleaved, so a busy moment hits both sides alike
        engine_times.append(timed(lambda: [score(a, cl, check=False) for a in batch], repeats))
        plain_times.append(timed(lambda: [plain(a, cl) for a in batch], repeats))
    engine, floor = min(engine_times), min(plain_times)
    ratio = engine / floor
    good = ratio <= 1.5
    ok &= good
    print(f"scoring 50 items: engine {len(batch) / engine:,.0f}/s, plain Python "
          f"{len(batch) / floor:,.0f}/s, ratio {ratio:.2f}x (target <= 1.5x: "
          f"{'met' if good else 'NOT met'})")
    validated = timed(lambda: [score(a, cl) for a in batch], repeats)
    print(f"scoring 50 items, validated first: {len(batch) / validated:,.0f} assessments/s "
          "(for reference)")

    # Installed packages are byte-compiled by pip; an editable checkout compiles on first
    # import unless PYTHONDONTWRITEBYTECODE is set. Compile now so both sides start alike.
    import gembakit

    compileall.compile_dir(Path(gembakit.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "a.yaml"
        sample.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        # The installed console script is what users run; fall back to -m in a bare checkout.
        # (Not shutil.which: a version manager's shim on PATH would add its own start-up.)
        script = shutil.which("gembakit", path=sysconfig.get_path("scripts"))
        exe = [script] if script else [sys.executable, "-m", "gembakit.cli"]
        base: list[float] = []
        ours: list[float] = []
        for _ in range(runs):  # interleave so drift in machine load hits both alike
            base += cold([sys.executable, "-c", BASELINE], 1)
            ours += cold([*exe, "score", str(sample)], 1)
        # The fastest of many interleaved runs is the start-up cost itself; slower runs add
        # whatever else the machine was doing. The medians are printed for comparison.
        ratio = min(ours) / min(base)
        good = ratio <= 1.5
        ok &= good
        print(f"cold start: gembakit score {min(ours) * 1000:.0f} ms, baseline "
              f"{min(base) * 1000:.0f} ms, ratio {ratio:.2f}x (target <= 1.5x: "
              f"{'met' if good else 'NOT met'}); medians {statistics.median(ours) * 1000:.0f} / "
              f"{statistics.median(base) * 1000:.0f} ms = "
              f"{statistics.median(ours) / statistics.median(base):.2f}x")
        for command in (["score", str(sample)], ["validate", str(sample)]):
            heavy = imported_modules(command) & set(FORBIDDEN)
            ok &= not heavy
            print(f"gembakit {command[0]} imports {', '.join(sorted(heavy)) or 'none'} of "
                  f"{', '.join(FORBIDDEN)}")
        import yaml

        print(f"YAML C loader: {'yes' if yaml.__with_libyaml__ else 'NO (pure Python)'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
