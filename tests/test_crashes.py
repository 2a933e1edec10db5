"""Inputs that once crashed a reader or took minutes: each is now one clear refusal, exit 1.

Every case names the reader, the input and the code of the refusal; together with the fuzz test
they hold the promise that bad input never gives a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import zlib
from pathlib import Path

import cbor2
import pytest

from gembakit.cli import main
from tests import rfc_vectors as rfc
from tests.builders import EXAMPLE

GOOD = EXAMPLE.read_text(encoding="utf-8")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize(("name", "text", "code"), [
    ("tag.yaml", GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: !!int zz}"),
     "yaml.value"),
    ("digits.yaml", GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: " + "9" * 4301 + "}"),
     "answer.not_a_score"),
    ("digits.json", '{"schema": "gembakit/assessment/v1", "x": ' + "9" * 4301 + "}",
     "json.number"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "input.too_deep"),
    ("keys.yaml", "".join(f"k{i}: {i}\n" for i in range(470_000)), "input.too_many_values"),
])
def test_assessment_readers(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                            text: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    exit_code, _err = _run(capsys, "validate", str(path), "--json")
    assert exit_code == 1
    assert time.perf_counter() - start < 2
    from gembakit.assessments.io import open_assessment
    from gembakit.base.errors import InputError

    with pytest.raises(InputError) as caught:
        open_assessment(path)
    assert caught.value.codes[0] == code


def test_checklist_reader_refuses_a_bad_tag(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("schema: gembakit/checklist/v1\nid: !!int zz\n", encoding="utf-8")
    code, err = _run(capsys, "checklists", "validate", str(path))
    assert code == 1
    assert "cannot be read as the type its tag names" in err


def test_dev_zero_is_refused_without_growing(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "validate", "/dev/zero")
    assert code == 1
    assert err == "error: /dev/zero: larger than 8 MiB\n"


def test_a_120000_character_name_is_refused_in_under_two_seconds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.replace("name: Công ty TNHH Cơ khí Chính xác Đồng Nai",
                                 "name: " + "Đ" * 120_000, 1), encoding="utf-8")
    start = time.perf_counter()
    code, err = _run(capsys, "report", str(path), "-o", str(tmp_path / "r.pdf"))
    assert time.perf_counter() - start < 2
    assert code == 1
    assert "organisation › name: is too long: at most 300 characters" in err
    assert not (tmp_path / "r.pdf").exists()


def test_ten_thousand_findings_are_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    findings = "".join(f"  - {{grade: minor, text: 'phát hiện {i}'}}\n" for i in range(10_000))
    path = tmp_path / "a.yaml"
    path.write_text(GOOD + "findings:\n" + findings, encoding="utf-8")
    start = time.perf_counter()
    code, err = _run(capsys, "report", str(path), "-o", str(tmp_path / "r.pdf"))
    assert time.perf_counter() - start < 2
    assert code == 1
    assert "findings: allows at most 1000 entries" in err


def _trust(tmp_path: Path) -> list[str]:
    root = rfc.make_root()
    issuer = rfc.make_issuer("Đơn vị", ["consultant"])
    (tmp_path / "trust.json").write_text(json.dumps(rfc.make_trust(root, [issuer])),
                                         encoding="utf-8")
    (tmp_path / "root.json").write_text(json.dumps(root.public_file()), encoding="utf-8")
    return ["--trust", str(tmp_path / "trust.json"), "--root", str(tmp_path / "root.json")]


def test_verify_qr_of_a_deep_cbor_array(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    deep = b"\x81" * 2000 + b"\x00"
    text = "GK2:" + rfc.base45_encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [
        b"", {}, deep, b""]))))
    code = main(["verify", "--qr", text, *_trust(tmp_path), "--json"])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["codes"] == ["cert.format"]


def test_verify_qr_of_a_huge_integer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issuer = rfc.make_issuer("Đơn vị", ["consultant"])
    claims = rfc.sample_claims("consultant", l=2**60)
    text = rfc.make_certificate(issuer, claims, iat=dt.date(2026, 11, 1),
                                exp=dt.date(2027, 11, 1), serial="GK-CA2026-ABCDE-FGHJK")
    code = main(["verify", "--qr", text, *_trust(tmp_path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["codes"]) == (1, ["cert.format"])


def test_a_pdf_whose_attachment_is_not_text(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("certificate.gk2.txt", b"\xff\xfe\x00 not text")
    pdf = tmp_path / "c.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    code, err = _run(capsys, "verify", str(pdf), *_trust(tmp_path))
    assert code == 1
    assert err.endswith("c.pdf: carries no gembakit certificate\n")


@pytest.mark.parametrize("command", ["form", "xlsx"])
def test_evidence_names_of_300_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          command: str) -> None:
    import base64
    import hashlib

    photo = b"\xff\xd8 photo"
    long_name = "ả" * 300 + ".jpg"
    if command == "form":
        data = json.loads(json.dumps(__import__("yaml").safe_load(GOOD), default=str))
        data["answers"]["sort.1"]["evidence"] = [{
            "file": long_name, "sha256": hashlib.sha256(photo).hexdigest(),
            "content": base64.b64encode(photo).decode()}]
        source = tmp_path / "download.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        from openpyxl import load_workbook

        from tests.builders import item_rows

        source = tmp_path / "form.xlsx"
        assert main(["export", "xlsx", "5s", "-o", str(source)]) == 0
        book = load_workbook(source)
        for row in book.worksheets[0].iter_rows(min_col=1, max_col=3):
            row[1].value = {"organisation.name": "A", "site.name": "B", "assessor.name": "C",
                            "assessor.organisation": "D", "assessor.tier": "self",
                            "date": "2026-11-20"}.get(str(row[2].value), row[1].value)
        for item, row in item_rows(book):
            if item == "sort.1":
                row[6].value = long_name
        book.save(source)
    code, err = _run(capsys, "import", command, str(source), "-o", str(tmp_path / "out.yaml"))
    assert code in (0, 1)
    assert code == 1
    if command == "form":
        assert err.endswith("evidence[0] › file: is too long: at most 200 characters\n")
    else:
        assert "evidence file name ảảả" in err
        assert "is too long: at most 200 characters" in err
    assert not (tmp_path / "out.yaml").exists()
