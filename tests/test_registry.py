"""The programme database, on SQLite and on PostgreSQL alike: set-up and refusals, the register
of certificates, experts and the other records, search that suits Vietnamese, eligibility from
the database, and writers in several processes at once.

PostgreSQL runs where GEMBAKIT_TEST_POSTGRES names a server (.ci/run starts one); each test gets
a database of its own, dropped afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from gembakit.cli import main
from gembakit.registry.db import HEAD
from tests.builders import ROOT
from tests.conftest import ON_CI

EXAMPLES = ROOT / "src/gembakit/examples"
POSTGRES = os.environ.get("GEMBAKIT_TEST_POSTGRES")
EXPERT_COLUMNS = ["name", "credential", "issued_by", "level", "competences", "organisation",
                  "province", "valid_from", "valid_until"]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty programme database's --db value, on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "programme.db"
        assert main(["db", "init", "--db", str(path)]) == 0
        yield str(path)
        return
    if not POSTGRES:
        if ON_CI:
            pytest.fail("GEMBAKIT_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server)")
        pytest.skip("no PostgreSQL server (set GEMBAKIT_TEST_POSTGRES)")
    import psycopg

    plain = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    name = f"gk_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = plain.rsplit("/", 1)[0] + "/" + name
    assert main(["db", "init", "--db", url]) == 0
    yield url
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _experts_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPERT_COLUMNS)
        writer.writerows(rows)
    return path


QUAN = ["Trần Minh Quân", "0456/2025", "STAMEQ", "II", "5s;kaizen",
        "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam", "TP. Hồ Chí Minh", "2025-03-01",
        "2028-02-29"]


def test_a_missing_database_is_refused_never_created(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "typo.db"
    for args in (["register", "list"], ["experts", "list"], ["db", "status"]):
        code, _, err = _run(capsys, *args, "--db", str(typo), "--lang", "en")
        assert code == 1
        assert f"no programme database at {typo}: create it with gembakit db init" in err
        assert not typo.exists()
    code, _, err = _run(capsys, "experts", "list", "--db",
                        "postgresql://nobody@127.0.0.1:1/none", "--lang", "en")
    assert code == 1
    assert "cannot reach the database" in err
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("hello", encoding="utf-8")
    code, _, err = _run(capsys, "experts", "list", "--db", str(not_a_db), "--lang", "en")
    assert code == 1
    assert "is not a database" in err


def test_the_schema_head_is_the_newest_migration() -> None:
    from gembakit.registry.migrate import head

    assert head() == HEAD


def test_an_old_register_file_is_upgraded_with_its_history(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A register file written by the first gembakit becomes a programme database."""
    old = tmp_path / "register.db"
    with sqlite3.connect(old) as conn:
        conn.executescript("""
        CREATE TABLE certificates (id TEXT PRIMARY KEY, tier TEXT NOT NULL, organisation TEXT
          NOT NULL, tax_code TEXT, province TEXT, checklist TEXT NOT NULL, version TEXT NOT
          NULL, level INTEGER NOT NULL, issuer TEXT NOT NULL, key_id TEXT NOT NULL, issued TEXT
          NOT NULL, expires TEXT NOT NULL, status TEXT NOT NULL, since TEXT NOT NULL, reason
          TEXT, certificate TEXT NOT NULL, assessment TEXT NOT NULL);
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL REFERENCES
          certificates(id), at TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, by TEXT);
        CREATE INDEX by_org ON certificates(organisation);
        INSERT INTO certificates VALUES ('GK-CA2026-AAAAA-BBBBB', 'consultant',
          'Công ty CP Cơ khí Hà Nội', '0301234567', 'Hà Nội', '5s', '1.0.0', 4, 'Phương Nam',
          'kid', '2026-01-10', '2028-01-10', 'suspended', '2026-05-01', 'audit missed',
          'GK2:XXX', 'abc');
        INSERT INTO events (id, at, status, reason, by) VALUES
          ('GK-CA2026-AAAAA-BBBBB', '2026-01-10', 'active', 'issued', 'Quân'),
          ('GK-CA2026-AAAAA-BBBBB', '2026-05-01', 'suspended', 'audit missed', 'Quân');
        """)
    code, _, err = _run(capsys, "register", "list", "--db", str(old), "--lang", "en")
    assert code == 1
    assert "run gembakit db upgrade" in err
    assert _run(capsys, "db", "upgrade", "--db", str(old))[0] == 0
    code, out, _ = _run(capsys, "register", "show", "GK-CA2026-AAAAA-BBBBB", "--db", str(old),
                        "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["status"], shown["tax_code"]) == ("suspended", "0301234567")
    assert [h["status"] for h in shown["history"]] == ["active", "suspended"]
    code, out, _ = _run(capsys, "register", "list", "--search", "co khi ha noi", "--db",
                        str(old), "--json")
    assert [r["id"] for r in json.loads(out)] == ["GK-CA2026-AAAAA-BBBBB"]


def test_experts_import_search_and_refusals(db: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    good = _experts_csv(tmp_path / "experts.csv", [
        QUAN, ["Lê Văn Bình", "CG-2023-0042", "STAMEQ", "I", "iso9001", "Công ty Khác",
               "Đồng Nai", "2023-01-01", "2025-12-31"]])
    code, out, err = _run(capsys, "experts", "import", str(good), "--db", db, "--by", "Sở KH&CN")
    assert code == 0, err
    assert "2 added, 0 updated" in out
    # found by name or organisation typed in capitals or without diacritics, by province
    for query in ("tran minh quan", "TRẦN MINH", "phuong nam", "PHƯƠNG NAM", "tu van nang"):
        code, out, _ = _run(capsys, "experts", "list", "--search", query, "--db", db, "--json")
        assert [e["credential"] for e in json.loads(out)] == ["0456/2025"], query
    code, out, _ = _run(capsys, "experts", "list", "--province", "dong nai", "--db", db,
                        "--json")
    assert [e["name"] for e in json.loads(out)] == ["Lê Văn Bình"]
    # importing again updates, and the history says so
    assert "0 added, 2 updated" in _run(capsys, "experts", "import", str(good), "--db", db)[1]
    code, out, _ = _run(capsys, "experts", "show", "0456/2025", "--db", db, "--json")
    assert [h["what"] for h in json.loads(out)["history"]] == ["registered", "updated"]
    # every bad cell named by sheet, row and column; nothing written
    bad = _experts_csv(tmp_path / "bad.csv", [
        ["Phạm Thu", "CG-1", "", "", "5s", "", "", "2026-13-01", ""],
        ["", "CG-2", "", "", "", "", "", "", ""],
        ["Ngô Lan", "CG-3", "", "", "", "", "", "2026-01-01", "2025-01-01"]])
    code, _, err = _run(capsys, "experts", "import", str(bad), "--db", db, "--lang", "en")
    assert code == 1
    assert "bad.csv › row 2 › valid_from: '2026-13-01' is not a date (YYYY-MM-DD)" in err
    assert "bad.csv › row 3 › name: required" in err
    assert "bad.csv › row 4 › valid_until: ends before it starts" in err
    code, out, _ = _run(capsys, "experts", "list", "--db", db, "--json")
    assert len(json.loads(out)) == 2
    typo = tmp_path / "typo.csv"
    typo.write_text("name,credental\nA,B\n", encoding="utf-8")
    code, _, err = _run(capsys, "experts", "import", str(typo), "--db", db, "--lang", "en")
    assert code == 1
    assert "'credental' is not a column of experts" in err


def test_the_other_records_and_an_xlsx_round_trip(db: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "organisations", "add", "--name", "Công ty CP Tư vấn Phương Nam",
                "--kind", "consulting", "--tax-code", "0312345678", "--db", db)[0] == 0
    code, _, err = _run(capsys, "organisations", "add", "--name", "X", "--kind", "bank",
                        "--db", db, "--lang", "en")
    assert code == 1
    assert "'bank' is not one of consulting, training, certification" in err
    assert _run(capsys, "models", "add", "--enterprise", "Công ty TNHH Cơ khí Đồng Nai",
                "--tool", "5S", "--year", "2026", "--province", "Đồng Nai", "--indicators",
                "năng suất:chi tiết/giờ:42:51; tỷ lệ lỗi:%:3,8:2,1", "--db", db)[0] == 0
    code, out, _ = _run(capsys, "models", "show", "1", "--db", db, "--json")
    assert [(i["name"], i["before"], i["after"]) for i in json.loads(out)["indicators"]] == [
        ("năng suất", 42.0, 51.0), ("tỷ lệ lỗi", 3.8, 2.1)]
    assert _run(capsys, "staff", "add", "--person", "Võ Thị Mai", "--enterprise",
                "Công ty TNHH Cơ khí Đồng Nai", "--tool", "5S", "--issued", "2026-06-01",
                "--db", db)[0] == 0
    # export and import back through a workbook
    assert _run(capsys, "experts", "import",
                str(_experts_csv(tmp_path / "e.csv", [QUAN])), "--db", db)[0] == 0
    book = tmp_path / "experts.xlsx"
    assert _run(capsys, "experts", "export", "-o", str(book), "--db", db)[0] == 0
    code, out, _ = _run(capsys, "experts", "import", str(book), "--db", db)
    assert code == 0
    assert "0 added, 1 updated" in out


def _programme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    folder = tmp_path / "keys"
    assert _run(capsys, "keys", "root", "--name", "P", "-o", str(folder / "root"))[0] == 0
    assert _run(capsys, "keys", "new", "--issuer",
                "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam", "--tier", "consultant",
                "-o", str(folder / "consultant"))[0] == 0
    assert _run(capsys, "keys", "trust", str(folder / "consultant"), "--root",
                str(folder / "root"), "--programme", "P", "--verifier-url",
                "https://v.example.org/", "-o", str(folder / "trust.json"))[0] == 0
    return ["--key", str(folder / "consultant"), "--trust", str(folder / "trust.json"),
            "--root", str(folder / "root" / "root.jwk.json")]


def test_a_consultant_certificate_needs_a_registered_expert(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signing = _programme(tmp_path, capsys)
    consultant = str(EXAMPLES / "5s-consultant.yaml")
    out = ["-o", str(tmp_path / "c.pdf")]
    code, _, err = _run(capsys, "certify", consultant, *signing, *out, "--db", db, "--lang",
                        "en")
    assert code == 1
    assert "Trần Minh Quân is not a registered expert" in err
    assert "is not registered as a consulting or certification organisation" in err
    assert not (tmp_path / "c.pdf").exists()
    expired = [*QUAN[:7], "2020-01-01", "2025-12-31"]
    _run(capsys, "experts", "import", str(_experts_csv(tmp_path / "e.csv", [expired])), "--db",
         db)
    _run(capsys, "organisations", "add", "--name", QUAN[5], "--kind", "consulting", "--db", db)
    code, _, err = _run(capsys, "certify", consultant, *signing, *out, "--db", db, "--lang",
                        "en")
    assert code == 1
    assert ("the credential of Trần Minh Quân is valid 2020-01-01 to 2025-12-31, not on the "
            "assessment date 2026-10-15") in err
    _run(capsys, "experts", "import", str(_experts_csv(tmp_path / "e.csv", [QUAN])), "--db", db)
    code, _, err = _run(capsys, "certify", consultant, *signing, *out, "--db", db)
    assert code == 0, err
    code, out_, _ = _run(capsys, "register", "list", "--db", db, "--search", "CƠ KHÍ ĐỒNG NAI",
                         "--json")
    assert [r["tier"] for r in json.loads(out_)] == ["consultant"]


def test_the_register_of_certificates(db: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from gembakit.certificates.issue import assessed_file, certify
    from gembakit.certificates.keys import load_key, new_key
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

    new_key(tmp_path / "k", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam", ["consultant"])
    key = load_key(tmp_path / "k")
    assessed, checklist, raw = assessed_file(EXAMPLES / "5s-consultant.yaml")
    certs = [certify(assessed, checklist, key, may_sign=["consultant"], assessment_bytes=raw,
                     issued=dt.date(2026, 11, day)) for day in (20, 21)]
    with open_database(db) as database:
        book = Register(database)
        for cert in certs:
            book.add(cert, by="tester")
        first, second = (c.payload.id for c in certs)
        assert book.get(first).status == "superseded"
        assert [e.status for e in book.history(first)] == ["active", "superseded"]
        book.set_status(second, "suspended", reason="audit missed", by="QA")
        assert book.revoked_entries() == [
            {"id": second, "status": "suspended", "since": "2026-11-21", "reason":
             "audit missed"}]
        assert [e.id for e in book.search(province="dong nai")] == [first, second]
        assert [e.id for e in book.search(search="co khi", status="suspended")] == [second]
        assert book.expire_due(dt.date(2030, 1, 1)) == [second]
    code, _, err = _run(capsys, "register", "withdraw", second, "--db", db, "--lang", "en")
    assert code == 1
    assert f"certificate {second} is expired; it cannot become withdrawn" in err


_IMPORTER = """
import sys
from pathlib import Path
from gembakit.registry.db import open_database
from gembakit.registry.kinds import EXPERTS
from gembakit.registry.records import import_file
with open_database(sys.argv[1]) as db:
    import_file(db, EXPERTS, Path(sys.argv[2]), by=sys.argv[3])
"""


@pytest.mark.slow
def test_four_importers_at_once_lose_nothing(db: str, tmp_path: Path) -> None:
    files = []
    for n in range(4):
        rows = [[f"Chuyên gia {n}-{i}", f"CG-{n}-{i:03d}", "STAMEQ", "I", "5s", f"Công ty {n}",
                 "Hà Nội", "2026-01-01", "2028-12-31"] for i in range(150)]
        files.append(_experts_csv(tmp_path / f"batch-{n}.csv", rows))
    procs = [subprocess.Popen([sys.executable, "-c", _IMPORTER, db, str(f), f"importer {n}"],
                              stderr=subprocess.PIPE, text=True)
             for n, f in enumerate(files)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    from sqlalchemy import func, select

    from gembakit.registry.db import open_database
    from gembakit.registry.schema import expert_events, experts

    with open_database(db) as database, database.read() as conn:
        assert conn.execute(select(func.count()).select_from(experts)).scalar_one() == 600
        assert conn.execute(select(func.count(func.distinct(experts.c.credential)))
                            ).scalar_one() == 600
        assert conn.execute(select(func.count()).select_from(expert_events)).scalar_one() == 600


_ISSUER = """
import sys
from pathlib import Path
from gembakit.certificates.issue import assessed_file, certify
from gembakit.certificates.keys import load_key
from gembakit.registry.certificates import Register
from gembakit.registry.db import open_database
key = load_key(Path(sys.argv[2]))
assessed, checklist, raw = assessed_file(Path(sys.argv[3]))
with open_database(sys.argv[1]) as db:
    book = Register(db)
    for i in range(20):
        # a different assessment each time: nothing supersedes anything
        cert = certify(assessed, checklist, key, may_sign=["consultant"],
                       assessment_bytes=raw + sys.argv[4].encode() + bytes([i]))
        book.add(cert, by=sys.argv[4])
"""
_DECIDER = """
import sys
from gembakit.registry.certificates import Register
from gembakit.registry.db import open_database
with open_database(sys.argv[1]) as db:
    book = Register(db)
    for serial in sys.argv[2:]:
        book.set_status(serial, "suspended", reason="check", by="decider")
        book.set_status(serial, "active", reason="checked", by="decider")
"""


@pytest.mark.slow
def test_eight_writers_at_once_lose_and_duplicate_nothing(db: str, tmp_path: Path) -> None:
    """Importers, issuers and decisions on the same database at the same moment."""
    from sqlalchemy import func, select

    from gembakit.certificates.issue import assessed_file, certify
    from gembakit.certificates.keys import load_key, new_key
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database
    from gembakit.registry.schema import certificate_events, certificates, expert_events, experts

    new_key(tmp_path / "k", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam", ["consultant"])
    example = EXAMPLES / "5s-consultant.yaml"
    assessed, checklist, raw = assessed_file(example)
    key = load_key(tmp_path / "k")
    with open_database(db) as database:
        book = Register(database)
        serials = []
        for i in range(10):
            cert = certify(assessed, checklist, key, may_sign=["consultant"],
                           assessment_bytes=raw + b"pre" + bytes([i]))
            book.add(cert)
            serials.append(cert.payload.id)
    commands = []
    for n in range(4):
        rows = [[f"Chuyên gia {n}-{i}", f"CG-{n}-{i:03d}", "", "", "5s", "", "", "", ""]
                for i in range(100)]
        commands.append([_IMPORTER, db, str(_experts_csv(tmp_path / f"b{n}.csv", rows)), "i"])
    commands += [[_ISSUER, db, str(tmp_path / "k"), str(example), f"issuer {n}"]
                 for n in range(2)]
    commands += [[_DECIDER, db, *serials[:5]], [_DECIDER, db, *serials[5:]]]
    procs = [subprocess.Popen([sys.executable, "-c", *c], stderr=subprocess.PIPE, text=True)
             for c in commands]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    with open_database(db) as database, database.read() as conn:
        def count(table: object) -> int:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]

        assert (count(experts), count(expert_events)) == (400, 400)
        assert count(certificates) == 50
        assert conn.execute(select(func.count(func.distinct(certificates.c.id)))
                            ).scalar_one() == 50
        assert count(certificate_events) == 10 + 40 + 10 * 2
        statuses = conn.execute(select(certificates.c.status, func.count())
                                .group_by(certificates.c.status)).all()
        assert dict(statuses) == {"active": 50}


def _history(db: str, tmp_path: Path) -> None:
    """The example enterprise: a self certificate in 2025 (level 3), a consultant one in 2026
    (level 5); an expert, an organisation and a pilot model."""
    from gembakit.certificates.issue import assessed_file, certify
    from gembakit.certificates.keys import load_key, new_key
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database
    from gembakit.registry.kinds import EXPERTS, MODELS
    from gembakit.registry.records import check_row, write

    for tier in ("self", "consultant"):
        new_key(tmp_path / tier, "Công ty TNHH Cơ khí Chính xác Đồng Nai" if tier == "self"
                else "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam", [tier])
    with open_database(db) as database:
        book = Register(database)
        for tier, name, day in (("self", "5s-example", dt.date(2025, 6, 1)),
                                ("consultant", "5s-consultant", dt.date(2026, 10, 20))):
            assessed, checklist, raw = assessed_file(EXAMPLES / f"{name}.yaml")
            book.add(certify(assessed, checklist, load_key(tmp_path / tier), may_sign=[tier],
                             assessment_bytes=raw, issued=day), industry="cơ khí")
        for kind, cells in ((EXPERTS, dict(zip(EXPERT_COLUMNS, QUAN, strict=True))),
                            (MODELS, {"enterprise": "Công ty TNHH Cơ khí Chính xác Đồng Nai",
                                      "tool": "5S", "year": "2026", "province": "Đồng Nai"})):
            values, problems = check_row(kind, cells, ())
            assert problems == []
            write(database, kind, [values])


def test_publish_honours_and_programme_figures(db: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _history(db, tmp_path)
    site = tmp_path / "site"
    code, _, err = _run(capsys, "publish", "--db", db, "-o", str(site), "--lang", "vi")
    assert code == 0, err
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Sổ đăng ký doanh nghiệp được công nhận" in page
    assert "Công ty TNHH Cơ khí Chính xác Đồng Nai" in page
    with (site / "register.csv").open(encoding="utf-8-sig") as handle:
        assert sorted(r["tier"] for r in csv.DictReader(handle)) == ["consultant", "self"]
    code, out, _ = _run(capsys, "honours", "--db", db, "--year", "2026", "-o",
                        str(tmp_path / "h.xlsx"), "--json")
    assert code == 0
    found = json.loads(out)
    assert [r["tier"] for r in found["recognised"]] == ["consultant"]
    assert [(g["level_before"], g["level_after"]) for g in found["improved"]] == [(3, 5)]
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "h.xlsx").sheetnames == ["Recognised enterprises",
                                                             "Most improved"]
    code, out, _ = _run(capsys, "programme", "stats", "--db", db, "--year", "2026",
                        "--province", "dong nai", "--json")
    figures = json.loads(out)
    assert figures["enterprises_assessed"] == 1
    assert figures["enterprises_recognised"] == {"state": 0, "consultant": 1, "self": 0}
    assert (figures["pilot_models"], figures["experts_in_force"]) == (1, 0)  # Quân is in HCMC
    code, out, _ = _run(capsys, "programme", "stats", "--db", db, "--json")
    assert json.loads(out)["experts_in_force"] == 1


@pytest.mark.tool("chromium", "chromium-browser")
def test_the_published_page_searches_without_diacritics(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    import shutil

    from playwright.sync_api import sync_playwright

    db = tmp_path / "p.db"
    assert main(["db", "init", "--db", str(db)]) == 0
    _history(str(db), tmp_path)
    assert _run(capsys, "publish", "--db", str(db), "-o", str(tmp_path / "site"))[0] == 0
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
            args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto((tmp_path / "site" / "index.html").as_uri())
        for query, n in (("CO KHI DONG NAI", 2), ("cơ khí", 2), ("đồng nai", 2),
                         ("3601234567", 2), ("sai gon", 0)):
            page.fill("#q", query)
            assert page.locator("#rows tr").count() == n, query
        page.fill("#q", "")
        page.select_option("#tier", "self")
        assert page.locator("#rows tr").count() == 1
        browser.close()
