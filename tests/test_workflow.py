"""The workflow by command (submit, review, approve, reject), evidence by command, and
identifiers kept exactly as typed from the file to the certificate."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import gembakit
from gembakit.cli import main
from tests.builders import ROOT

EXAMPLE = ROOT / "src/gembakit/examples/5s-example.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _draft(tmp_path: Path) -> Path:
    """The example as an enterprise has it before handing it in: no status yet."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("status")
    path = tmp_path / "5s-2026.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _self_issuer(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A programme with one self-tier issuer: the options certify needs to sign with it."""
    assert _run(capsys, "keys", "root", "--name", "P", "-o", str(folder / "root"))[0] == 0
    assert _run(capsys, "keys", "new", "--issuer", "Công ty TNHH Cơ khí Chính xác Đồng Nai",
                "--tier", "self", "-o", str(folder / "self"))[0] == 0
    assert _run(capsys, "keys", "trust", str(folder / "self"), "--root", str(folder / "root"),
                "--programme", "P", "--verifier-url", "https://v.example.org/", "-o",
                str(folder / "trust.json"))[0] == 0
    return ["--key", str(folder / "self"), "--trust", str(folder / "trust.json"), "--root",
            str(folder / "root" / "root.jwk.json")]


def _set_score(path: Path, item: str, value: int) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["answers"][item]["score"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def in_vietnam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's time zone is Vietnam's (UTC+7), as an assessor's laptop on site."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("in_vietnam")
def test_submit_review_approve_and_a_change_after_submission(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft(tmp_path)
    code, out, err = _run(capsys, "submit", str(path), "--by", "Nguyễn Thị Hồng Nhung",
                          "--note", "Đã rà soát", "--json")
    assert code == 0, err
    entry = json.loads(out)
    assert entry["status"] == "submitted"
    assert entry["at"].startswith("2026-11-21T09:30:00+07:00")  # local time with its offset
    assert len(entry["digest"]) == 64
    assert _run(capsys, "validate", str(path))[0] == 0
    # an answer changed after submission is named, with who submitted it and when
    _set_score(path, "set.2", 4)
    code, _, err = _run(capsys, "validate", str(path), "--lang", "en")
    assert code == 1
    assert "answers › set.2: changed after it was submitted on 2026-11-21T09:30:00+07:00 by " \
        "Nguyễn Thị Hồng Nhung" in err
    _set_score(path, "set.2", 2)  # put back: valid again
    assert _run(capsys, "validate", str(path))[0] == 0
    # review, then the state agency approves; each step is kept with its actor
    assert _run(capsys, "review", str(path), "--by", "Công ty CP Tư vấn", "--accept")[0] == 0
    code, out, _ = _run(capsys, "approve", str(path), "--by", "Sở KH&CN Đồng Nai", "--lang",
                        "en")
    assert code == 0
    assert "approved by Sở KH&CN Đồng Nai" in out
    statuses = [s["status"] for s in yaml.safe_load(path.read_text("utf-8"))["status"]]
    assert statuses == ["submitted", "reviewed", "approved"]
    # a move the history does not allow is refused, naming what is possible, file unchanged
    before = path.read_bytes()
    code, _, err = _run(capsys, "reject", str(path), "--by", "x", "--lang", "en")
    assert code == 1
    assert "the assessment is approved: gembakit reject is not possible now" in err
    assert path.read_bytes() == before


def test_return_then_resubmit_and_review_needs_one_choice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft(tmp_path)
    assert _run(capsys, "submit", str(path), "--by", "A")[0] == 0
    assert _run(capsys, "review", str(path), "--by", "B", "--return", "--note", "Thiếu ảnh")[0] \
        == 0
    _set_score(path, "sort.4", 3)  # corrected after being returned: allowed
    assert _run(capsys, "validate", str(path))[0] == 0
    assert _run(capsys, "submit", str(path), "--by", "A")[0] == 0
    code, _, err = _run(capsys, "review", str(path), "--by", "B", "--lang", "en")
    assert code == 1
    assert "say --accept or --return" in err
    code, _, err = _run(capsys, "approve", str(path), "--by", "C", "--at", "2026-11-21T10:00",
                        "--lang", "en")
    assert code == 1
    assert "--at needs a date and time with its UTC offset" in err


def test_an_invalid_assessment_is_not_submitted(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["answers"]["sort.3"]  # a mandatory item left unanswered
    data["answers"]["set.1"]["score"] = 9
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = path.read_bytes()
    code, _, err = _run(capsys, "submit", str(path), "--by", "A", "--lang", "en")
    assert code == 1
    assert "answers › set.1 › score" in err
    assert "not submitted: correct the" in err
    assert path.read_bytes() == before


def test_a_draft_is_refused_by_certify_naming_submit(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft(tmp_path)
    signing = _self_issuer(tmp_path / "p", capsys)
    code, _, err = _run(capsys, "certify", str(path), *signing, "--lang", "en")
    assert code == 1
    assert "gembakit submit" in err


def test_evidence_by_command_and_a_changed_photo(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft(tmp_path)
    photo = tmp_path / "IMG 0001 (kệ B).jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"shelf" * 500)
    sheet = tmp_path / "kiem-tra.pdf"
    sheet.write_bytes(b"%PDF-1.4\n% a checklist record\n")
    code, out, err = _run(capsys, "evidence", "add", str(path), str(photo), str(sheet), "--item",
                          "set.2", "--note", "Kệ B", "--json")
    assert code == 0, err
    added = json.loads(out)["evidence"]
    assert [e["sha256"] for e in added] == [
        hashlib.sha256(photo.read_bytes()).hexdigest(),
        hashlib.sha256(sheet.read_bytes()).hexdigest()]
    assert added[0]["size"] == photo.stat().st_size
    stored = path.parent / added[0]["file"]
    assert stored.parent.name == "5s-2026-evidence"
    assert " " not in stored.name
    assert _run(capsys, "validate", str(path))[0] == 0
    # the same file again is not recorded twice
    assert _run(capsys, "evidence", "add", str(path), str(photo), "--item", "set.2")[0] == 0
    answers = yaml.safe_load(path.read_text("utf-8"))["answers"]
    assert len(answers["set.2"]["evidence"]) == 2
    # a photo replaced after it was recorded is named
    stored.write_bytes(b"\xff\xd8\xff" + b"other" * 500)
    code, _, err = _run(capsys, "validate", str(path), "--lang", "en")
    assert code == 1
    assert "was changed after it was recorded" in err
    stored.unlink()
    code, _, err = _run(capsys, "validate", str(path), "--lang", "en")
    assert code == 1
    assert "is missing" in err
    # an unknown item, or a file that is not there, changes nothing
    before = path.read_bytes()
    code, _, err = _run(capsys, "evidence", "add", str(path), str(photo), "--item", "nope",
                        "--lang", "en")
    assert code == 1
    assert "no item 'nope'" in err
    code, _, err = _run(capsys, "evidence", "add", str(path), str(tmp_path / "gone.jpg"),
                        "--item", "set.1")
    assert code == 1
    assert path.read_bytes() == before


def test_a_plainly_typed_tax_code_is_kept_to_the_certificate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "tax_code: \"3601234567\"" in text or "tax_code: '3601234567'" in text \
        or "tax_code: 3601234567" in text
    for quoted in ('"3601234567"', "'3601234567'", "3601234567"):
        text = text.replace(f"tax_code: {quoted}", "tax_code: 0301234567")
    path = tmp_path / "hanoi.yaml"
    path.write_text(text, encoding="utf-8")
    assert _run(capsys, "validate", str(path))[0] == 0
    assessment = gembakit.load_assessment(path)
    assert assessment.organisation.tax_code == "0301234567"
    assert gembakit.score(path).organisation
    signing = _self_issuer(tmp_path / "p", capsys)
    trust = signing[2:]
    code, _, err = _run(capsys, "certify", str(path), *signing,
                        "-o", str(tmp_path / "c.pdf"))
    assert code == 0, err
    code, out, _ = _run(capsys, "verify", str(tmp_path / "c.pdf"), *trust, "--json")
    assert code == 0
    assert json.loads(out)["certificate"]["tax_code"] == "0301234567"
    report = tmp_path / "r.pdf"
    assert _run(capsys, "report", str(path), "-o", str(report))[0] == 0
    from pypdf import PdfReader

    assert "0301234567" in " ".join(p.extract_text() for p in PdfReader(report).pages)
