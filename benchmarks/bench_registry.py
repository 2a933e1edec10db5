"""Programme database benchmark: a national register's size, on SQLite (and PostgreSQL when
GEMBAKIT_TEST_POSTGRES names a server).

Fills a new database with 1,000,000 certificates and 100,000 experts (100,000 and 10,000 with
--quick) through the database's own schema, indexes and full-text triggers, then prints:
- the import rates (certificates in batches of 10,000 rows; experts through the same code as
  ``gembakit experts import``, a transaction per 10,000);
- search times in the library (``Register.search``, first 100 rows): by a name typed without
  diacritics (the words after the legal form), by tax code, by province — target <= 50 ms each
  on SQLite;
- a full streamed listing's peak memory against a listing of 1,000 rows (flat: the same);
- the SQLite file's size.

Run: python benchmarks/bench_registry.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from gembakit.registry.certificates import Register
from gembakit.registry.db import Database, open_database
from gembakit.registry.kinds import EXPERTS
from gembakit.registry.migrate import init_database
from gembakit.registry.records import write
from gembakit.registry.schema import certificates
from gembakit.registry.search import fold

PROVINCES = ["Hà Nội", "TP. Hồ Chí Minh", "Đồng Nai", "Bình Dương", "Hải Phòng", "Đà Nẵng",
             "Cần Thơ", "Bắc Ninh", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Long An",
             "Khánh Hòa", "Lâm Đồng", "Thừa Thiên Huế", "Vĩnh Phúc"]
KINDS = ["Công ty TNHH", "Công ty CP", "Doanh nghiệp tư nhân", "Hợp tác xã"]
TRADES = ["Cơ khí", "Dệt may", "Điện tử", "Thực phẩm", "Nhựa", "Gỗ", "Bao bì", "Xây dựng",
          "Hóa chất", "Da giày", "Thép", "Dược phẩm"]
WORDS = ["Hưng Thịnh", "Phát Đạt", "Thành Công", "An Phú", "Minh Long", "Việt Tiến",
         "Đại Nam", "Sao Mai", "Hoàng Gia", "Tân Tiến", "Bình Minh", "Trường Sơn", "Hồng Hà",
         "Phương Đông", "Quang Trung", "Thái Bình", "Kim Long", "Nam Việt", "Phú Quý"]
TEXT = "GK2:" + "X" * 760  # a certificate text of the usual length


def _certificates(first: int, n: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(first, first + n):
        province = rng.choice(PROVINCES)
        name = (f"{rng.choice(KINDS)} {rng.choice(TRADES)} {rng.choice(WORDS)} "
                f"{rng.choice(WORDS)} {province}")
        issued = f"20{rng.randint(21, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append({
            "id": f"GK-CA{issued[:4]}-{i:010d}", "tier": rng.choice(["self", "consultant",
                                                                      "state"]),
            "organisation": name, "organisation_search": fold(name),
            "tax_code": f"{rng.randint(100000000, 999999999):010d}", "province": province,
            "province_search": fold(province), "industry": None, "checklist": "5s",
            "version": "2.0.0", "level": rng.randint(1, 5), "score": rng.randint(30, 100),
            "issuer": "Công ty CP Tư vấn", "key_id": "k" * 11, "assessor": "Trần Minh Quân",
            "issued": issued, "expires": f"{int(issued[:4]) + 3}{issued[4:]}",
            "status": "active", "since": issued, "reason": None, "certificate": TEXT,
            "assessment": uuid.UUID(int=rng.getrandbits(128)).hex * 2})
    return rows


def fill(database: Database, n_certs: int, n_experts: int) -> tuple[float, float, str, str]:
    """Returns the two import rates and a name and a tax code that exist."""
    rng = random.Random(11)
    start = time.perf_counter()
    sample: dict[str, Any] = {}
    for offset in range(0, n_certs, 10_000):
        rows = _certificates(offset, min(10_000, n_certs - offset), rng)
        sample = sample or rows[0]
        with database.write() as conn:
            conn.execute(insert(certificates), rows)
    cert_rate = n_certs / (time.perf_counter() - start)
    start = time.perf_counter()
    for offset in range(0, n_experts, 10_000):
        batch = [{"name": f"Chuyên gia {rng.choice(WORDS)} {offset + i}",
                  "credential": f"CG-{offset + i:07d}", "competences": "5s;kaizen",
                  "organisation": "Công ty CP Tư vấn", "province": rng.choice(PROVINCES),
                  "status": "active"} for i in range(min(10_000, n_experts - offset))]
        write(database, EXPERTS, batch, by="benchmark")
    expert_rate = n_experts / (time.perf_counter() - start)
    return cert_rate, expert_rate, sample["organisation"], sample["tax_code"]


def timed(call: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak(call: Callable[[], object]) -> int:
    tracemalloc.start()
    call()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def measure(label: str, database: Database, n_certs: int, n_experts: int) -> bool:
    cert_rate, expert_rate, name, tax_code = fill(database, n_certs, n_experts)
    print(f"{label}: imported {n_certs:,} certificates at {cert_rate:,.0f}/s and "
          f"{n_experts:,} experts at {expert_rate:,.0f}/s")
    book = Register(database)
    # A name as someone looking for it types it: the words after the legal form ("Công ty
    # TNHH"), without diacritics, e.g. "co khi hung thinh thanh cong dong nai".
    words = " ".join(fold(name).split()[-5:])
    ok = True
    for what, filters in (("name words", {"search": words}), ("tax code", {"tax_code": tax_code}),
                          ("province", {"province": "dong nai"})):
        found = len(list(book.search(limit=100, **filters)))
        seconds = timed(lambda f=filters: list(book.search(limit=100, **f)))  # type: ignore[misc]
        good = seconds <= 0.050
        ok &= good or label != "SQLite"
        print(f"  search by {what} ({found} shown): {seconds * 1000:.1f} ms"
              + (f" (target <= 50 ms: {'met' if good else 'NOT met'})" if label == "SQLite"
                 else ""))
    small = peak(lambda: sum(1 for _ in book.search(limit=1000)))
    whole = peak(lambda: sum(1 for _ in book.search()))
    print(f"  memory of a listing: 1,000 rows {small / 1e6:.1f} MB, all {n_certs:,} rows "
          f"{whole / 1e6:.1f} MB (flat: {'yes' if whole < small * 3 else 'NO'})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100,000 certificates (for CI)")
    quick = parser.parse_args().quick
    n_certs, n_experts = (100_000, 10_000) if quick else (1_000_000, 100_000)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "programme.db"
        init_database(path).close()
        with open_database(path) as database:
            ok &= measure("SQLite", database, n_certs, n_experts)
        print(f"  file size: {path.stat().st_size / 1e6:,.0f} MB")
    server = os.environ.get("GEMBAKIT_TEST_POSTGRES")
    if server:
        import psycopg

        plain = server.replace("postgresql+psycopg://", "postgresql://")
        name = f"gk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = plain.rsplit("/", 1)[0] + "/" + name
        try:
            init_database(url).close()
            with open_database(url) as database:
                measure("PostgreSQL", database, n_certs, n_experts)
        finally:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
