"""Every reader, fed mutants of valid files: never a traceback, only exits 0, 1 or 2, no input
over 10 seconds, memory under 1 GB.

Each target runs in its own process (tests/fuzz_runner.py), so even a crash of the interpreter
is a failure here. ``GEMBAKIT_FUZZ`` sets the inputs per target (default 2,000).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from gembakit.assessments.spreadsheet import export_xlsx
from gembakit.certificates.issue import assessed_file, certify
from gembakit.certificates.keys import load_key, load_root_key, new_key, new_root
from gembakit.certificates.revocation import make_revoked
from gembakit.certificates.trust import make_trust
from gembakit.checklists.catalogue import load_bundled
from gembakit.render.certificate import certificate_pdf
from tests.builders import EXAMPLE, ROOT

INPUTS = int(os.environ.get("GEMBAKIT_FUZZ", "2000"))
CONSULTANT = ROOT / "src/gembakit/examples/5s-consultant.yaml"


def _seeds(work: Path) -> dict[str, dict[str, Any]]:
    """One valid file per reader, and the command line that reads it."""
    new_root(work / "root", "Fuzz root")
    entry = new_key(work / "key", "Fuzz consultant", ["consultant", "state"])
    trust = make_trust([entry], load_root_key(work / "root"), programme="Fuzz",
                       issued=dt.date(2026, 11, 1), verifier_url="https://v.example.org/")
    (work / "trust.json").write_text(json.dumps(trust, ensure_ascii=False), encoding="utf-8")
    key = load_key(work / "key")
    revoked = make_revoked([{"id": "GK-CA2026-AAAAA-BBBBB", "status": "withdrawn",
                             "since": "2026-11-02"}], key)
    (work / "revoked.json").write_text(json.dumps(revoked), encoding="utf-8")
    assessed, checklist, raw = assessed_file(CONSULTANT)
    cert = certify(assessed, checklist, key, may_sign=["consultant"], assessment_bytes=raw,
                   issued=dt.date(2026, 11, 20))
    (work / "cert.txt").write_text(cert.text, encoding="ascii")
    (work / "cert.pdf").write_bytes(certificate_pdf(cert, lang="vi",
                                                    verifier_url="https://v.example.org/"))
    shutil.copy(EXAMPLE, work / "assessment.yaml")
    from gembakit.assessments.io import dumps_assessment, load_assessment

    example = load_assessment(EXAMPLE)
    (work / "assessment.json").write_text(dumps_assessment(example, "json"), encoding="utf-8")
    photo = b"\xff\xd8\xff fuzz photo"
    download = json.loads(dumps_assessment(example, "json"))
    download["answers"]["sort.1"]["evidence"] = [{
        "file": "anh.jpg", "sha256": hashlib.sha256(photo).hexdigest(),
        "content": base64.b64encode(photo).decode()}]
    (work / "download.json").write_text(json.dumps(download, ensure_ascii=False),
                                        encoding="utf-8")
    # The form's zip download: the assessment and its photo, listed with SHA-256 and size.
    zipped = json.loads(dumps_assessment(example, "json"))
    zipped["answers"]["sort.1"]["evidence"] = [{
        "file": "photos/sort.1-1.jpg", "sha256": hashlib.sha256(photo).hexdigest(),
        "size": len(photo)}]
    with zipfile.ZipFile(work / "download.zip", "w") as archive:
        archive.writestr("assessment.json", json.dumps(zipped, ensure_ascii=False))
        archive.writestr("photos/sort.1-1.jpg", photo)
    (work / "form.xlsx").write_bytes(export_xlsx(load_bundled("5s"), "vi"))
    _fill(work / "form.xlsx")
    shutil.copy(ROOT / "src/gembakit/checklists/data/5s.yaml", work / "checklist.yaml")
    trusted = ["--trust", str(work / "trust.json"), "--root", str(work / "root/root.jwk.json"),
               "--at", "2026-11-21"]
    out = str(work / "out.yaml")
    return {
        "checklist": {"seed": str(work / "checklist.yaml"), "suffix": ".yaml",
                      "args": ["checklists", "validate", "{input}"]},
        "assessment-yaml": {"seed": str(work / "assessment.yaml"), "suffix": ".yaml",
                            "args": ["score", "{input}", "--json"]},
        "assessment-json": {"seed": str(work / "assessment.json"), "suffix": ".json",
                            "args": ["validate", "{input}"]},
        "workbook": {"seed": str(work / "form.xlsx"), "suffix": ".xlsx", "kind": "zip",
                     "args": ["import", "xlsx", "{input}", "-o", out]},
        "form-download": {"seed": str(work / "download.json"), "suffix": ".json",
                          "args": ["import", "form", "{input}", "-o", out]},
        "form-zip": {"seed": str(work / "download.zip"), "suffix": ".zip", "kind": "zip",
                     "args": ["import", "form", "{input}", "-o", out]},
        "certificate-text": {"seed": str(work / "cert.txt"), "suffix": ".txt",
                             "kind": "certificate", "args": ["verify", "{input}", *trusted]},
        "certificate-pdf": {"seed": str(work / "cert.pdf"), "suffix": ".pdf",
                            "args": ["verify", "{input}", *trusted]},
        "trust-list": {"seed": str(work / "trust.json"), "suffix": ".json",
                       "args": ["verify", str(work / "cert.txt"), "--trust", "{input}",
                                "--root", str(work / "root/root.jwk.json")]},
        "revocation-list": {"seed": str(work / "revoked.json"), "suffix": ".json",
                            "args": ["verify", str(work / "cert.txt"), *trusted, "--revoked",
                                     "{input}"]},
    }


def _fill(path: Path) -> None:
    """A filled workbook, so mutants reach the cells and not only the cover."""
    from openpyxl import load_workbook

    from tests.builders import item_rows

    book = load_workbook(path)
    values = {"organisation.name": "Công ty TNHH Dệt may Hòa Bình", "site.name": "Xưởng 1",
              "organisation.tax_code": "0312345678", "assessor.name": "Lê Thị Thu",
              "assessor.organisation": "Công ty TNHH Dệt may Hòa Bình", "assessor.tier": "self",
              "date": "2026-11-20"}
    for row in book.worksheets[0].iter_rows(min_col=1, max_col=3):
        if row[2].value in values:
            row[1].value = values[str(row[2].value)]
    for n, (_, row) in enumerate(item_rows(book)):
        row[4].value = n % 5
        row[5].value = "ghi chú" if n % 3 == 0 else None
    book.save(path)


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    work = tmp_path_factory.mktemp("fuzz")
    found = _seeds(work)
    (work / "targets.json").write_text(json.dumps(found), encoding="utf-8")
    return work, found


def _run(work: Path, target: str, seed: int) -> dict[str, Any]:
    folder = work / target
    folder.mkdir(exist_ok=True)
    shutil.copy(work / "targets.json", folder / "targets.json")
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    done = subprocess.run([sys.executable, str(ROOT / "tests/fuzz_runner.py"), target,
                           str(INPUTS), str(seed), str(folder)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=1800, check=False)
    assert done.returncode == 0, f"{target}: the fuzz process died\n{done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.slow
def test_no_reader_crashes(targets: tuple[Path, dict[str, Any]]) -> None:
    work, found = targets
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda item: _run(work, item[1], item[0]),
                                enumerate(found)))
    for result in results:
        print(f"fuzz {result['target']}: {result['inputs']} inputs, exits {result['codes']}, "
              f"slowest {result['slowest']} s, peak {result['peak_mib']} MiB")
    for result in results:
        assert result["failed"] == 0, json.dumps(result["failures"], indent=1)[:6000]
        assert result["peak_mib"] < 1024, result
        assert result["inputs"] == INPUTS
        assert set(result["codes"]) <= {"0", "1", "2"}, result
