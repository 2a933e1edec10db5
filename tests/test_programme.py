"""Programme view: batch scoring of a folder, portfolio analytics, trends."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

import gembakit
from gembakit.cli import main
from gembakit.programme.batch import Failure, Row, assessment_files, score_many
from gembakit.programme.portfolio import portfolio
from gembakit.programme.trend import trend
from tests.builders import EXAMPLE

EXAMPLES = EXAMPLE.parent
BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
INDUSTRIES = ["textiles", "plastics", "electronics"]


def _write(folder: Path, name: str, org: int, *, date: str, scores: dict[str, Any],
           industry: str, province: str = "Đồng Nai") -> None:
    data = yaml.safe_load(yaml.safe_dump(BASE))
    data["organisation"] = {"name": f"Công ty số {org}", "tax_code": str(3600000000 + org),
                            "industry": industry, "province": province, "size": "small"}
    data["date"] = date
    data["answers"] = {item: {"score": value} for item, value in scores.items()}
    data.pop("findings", None)
    (folder / name).write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True),
                              encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 valid assessments (some enterprises assessed twice) and 5 broken files."""
    root = tmp_path_factory.mktemp("portfolio")
    items = [p.item.id for p in gembakit.load_checklist("5s").placed]
    rng = random.Random(11)
    n = 0
    org = 0
    while n < 1000:
        industry = "steel" if org in (40, 41) else INDUSTRIES[org % 3]  # steel: a group of 2
        skill = rng.random()
        _write(root, f"a{n:04d}.yaml", org, date="2026-03-01",
               scores={i: rng.choice([0, 1, 2, 3, 4][: 2 + round(skill * 3)]) for i in items},
               industry=industry)
        n += 1
        if org % 4 == 0 and n < 1000:
            _write(root, f"a{n:04d}.yaml", org, date="2026-09-01",
                   scores=dict.fromkeys(items, 4), industry=industry)
            n += 1
        org += 1
    (root / "broken-1.yaml").write_text("schema: [", encoding="utf-8")
    (root / "broken-2.yaml").write_text("schema: gembakit/assessment/v1\n", encoding="utf-8")
    for k in range(3):
        text = EXAMPLE.read_text(encoding="utf-8").replace("sort.2: {score: 3}",
                                                           f"sort.2: {{score: {7 + k}}}")
        (root / f"broken-{3 + k}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def scored(folder: Path) -> list[Row | Failure]:
    """The folder scored once, shared by the tests that look at the results."""
    return score_many(assessment_files(folder), workers=2)


@pytest.fixture(scope="module")
def small(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty of the folder's assessments, for commands whose output, not scale, is tested."""
    root = tmp_path_factory.mktemp("small")
    for path in sorted(folder.glob("a*.yaml"))[:60]:
        (root / path.name).write_bytes(path.read_bytes())
    return root


@pytest.mark.slow
def test_batch_scores_everything_and_lists_the_invalid(folder: Path,
                                                       scored: list[Row | Failure]) -> None:
    paths = assessment_files(folder)
    results = scored
    rows = [r for r in results if isinstance(r, Row)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert len(rows) == 1000
    assert sorted(Path(f.file).name for f in failures) == [f"broken-{k}.yaml" for k in range(1, 6)]
    assert [r.file for r in results] == [str(p) for p in paths]  # the order of the folder
    serial = score_many(paths[:50], workers=1)
    assert serial == results[:50]


def test_score_folder_command_writes_csv_and_xlsx(folder: Path, small: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(folder), "--summary", "-o", str(tmp_path / "s.csv"), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 1  # some files are invalid; the others were still scored
    assert "1000 scored, 5 invalid" in out
    named = {line.split(" ")[1].split("/")[-1].rstrip(":") for line in err.splitlines()}
    assert named == {f"broken-{k}.yaml" for k in range(1, 6)}
    with (tmp_path / "s.csv").open(encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 1000
    assert table[0]["organisation"].startswith("Công ty số")
    assert {"5s:sort", "5s:sustain", "level", "overall"} <= set(table[0])
    assert main(["score", str(small), "-o", str(tmp_path / "s.xlsx")]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "s.xlsx").active
    assert sheet is not None
    assert sheet.max_row == 61  # a header and one row per assessment


def test_portfolio_analytics(scored: list[Row | Failure]) -> None:
    rows = [r for r in scored if isinstance(r, Row)]
    checklist = gembakit.load_checklist("5s")
    p = portfolio(rows, checklist, by="industry", min_group=5)
    enterprises = len({r.tax_code for r in rows})
    assert p.enterprises == enterprises
    assert p.assessments == 1000
    assert sum(c.enterprises for c in p.levels) == enterprises
    twice = {r.tax_code for r in rows if r.date == "2026-09-01"}
    assert len(p.moved_up) + len(p.moved_down) <= len(twice)
    assert all(m.change > 0 for m in p.moved_up)
    means = [s.mean for s in p.sections]
    assert all(m is not None and 0 <= m <= 100 for m in means)
    assert p.weakest[0].mean <= p.weakest[-1].mean
    steel = [b for b in p.benchmarks if b.group == "steel"]
    assert steel
    assert all(b.group_mean is None and b.rank is None for b in steel)  # too small a group
    textiles = [b for b in p.benchmarks if b.group == "textiles"]
    assert all(b.group_mean is not None for b in textiles)
    assert sorted(b.rank for b in textiles if b.rank) == list(range(1, len(textiles) + 1))


@pytest.mark.slow
def test_portfolio_command_outputs(folder: Path, small: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portfolio", str(folder), "-o", str(tmp_path / "p.pdf"), "--lang", "vi",
                 "--by", "industry"]) == 0
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "p.pdf").pages)
    for title in ("Tổng hợp danh mục doanh nghiệp", "Số doanh nghiệp theo cấp độ",
                  "Các tiêu chí yếu nhất", "So sánh trong nhóm"):
        assert title in text
    assert "nhóm dưới 5: không hiển thị" in text
    assert main(["portfolio", str(small), "-o", str(tmp_path / "p.xlsx")]) == 0
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "p.xlsx").sheetnames == [
        "levels", "sections", "weakest items", "movers", "benchmark"]
    capsys.readouterr()
    assert main(["portfolio", str(small), "--json", "--by", "province"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "province"


def test_trend_and_report_with_earlier_assessments(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    files = [EXAMPLES / n for n in ("5s-state.yaml", "5s-example.yaml", "5s-consultant.yaml")]
    series = trend([gembakit.load_assessment(f) for f in files], gembakit.load_checklist("5s"))
    assert [p.date for p in series.points] == ["2026-10-15", "2026-11-12", "2026-11-18"]
    assert [p.level for p in series.points] == [5, 3, 5]
    assert main(["trend", *map(str, files), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["points"]) == 3
    target = tmp_path / "r.pdf"
    assert main(["report", str(files[0]), "-o", str(target), "--lang", "vi",
                 "--previous", str(files[1]), "--previous", str(files[2])]) == 0
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "Tiến triển theo thời gian" in text
    assert "2026-10-15" in text
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace('"3601234567"', '"0101010101"'),
                     encoding="utf-8")
    assert main(["trend", str(files[0]), str(other)]) == 1
