"""Batch scoring benchmark: a folder of assessment files, one core against every core.

Prints files per second for each, measured in one run (10,000 files; 2,000 with --quick). The
files are written from one template with varied names and answers, as a programme's folder is.

Run: python benchmarks/bench_batch.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from gembakit.programme.batch import Row, assessment_files, score_many

EXAMPLE = Path(__file__).resolve().parents[1] / "src/gembakit/examples/5s-example.yaml"
ITEMS = [f"{s}.{i}" for s in ("sort", "set", "shine", "standardize", "sustain")
         for i in range(1, 6)]


def write_folder(folder: Path, count: int) -> None:
    head = EXAMPLE.read_text(encoding="utf-8").split("answers:")[0]
    rng = random.Random(5)
    for n in range(count):
        answers = "".join(f"  {item}: {{score: {rng.randint(0, 4)}}}\n" for item in ITEMS)
        text = head.replace("Công ty TNHH Cơ khí Chính xác Đồng Nai", f"Công ty số {n}", 1)
        (folder / f"a{n:05d}.yaml").write_text(text + "answers:\n" + answers, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    count = 2_000 if parser.parse_args().quick else 10_000
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_folder(folder, count)
        paths = assessment_files(folder)
        score_many(paths[:20], workers=1)  # warm the checklist cache and imports
        start = time.perf_counter()
        one = score_many(paths, workers=1)
        single = time.perf_counter() - start
        start = time.perf_counter()
        many = score_many(paths, workers=cores)
        parallel = time.perf_counter() - start
    assert one == many
    assert all(isinstance(r, Row) for r in many)
    print(f"batch scoring {count:,} files: one core {count / single:,.0f} files/s, "
          f"{cores} cores {count / parallel:,.0f} files/s (speed-up {single / parallel:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
