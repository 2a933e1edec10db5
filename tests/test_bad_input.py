"""Bad input: one clear message naming the file, the path inside it and the line; exit code 1.

Messages are pinned word for word (in English, and in Vietnamese where the wording matters).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gembakit.cli import main
from tests.builders import EXAMPLE

GOOD = EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where the files are, so messages name them as a user would type them."""
    monkeypatch.chdir(tmp_path)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return Path(name)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _score(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
           lang: str = "en") -> tuple[int, str]:
    path = _write(tmp_path, name, text)
    code, out, err = _run(capsys, "score", str(path), "--lang", lang)
    assert out == ""  # nothing but the message: no partial result on stdout
    assert "Traceback" not in err
    return code, err


def test_malformed_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml",
                       GOOD.replace("  sort.2: {score: 3}\n", "  sort.2: {score: 3\n"))
    assert code == 1
    assert err == ("error: a.yaml: a list or mapping is not closed or not lined up (check "
                   "brackets and indentation) (line 25)\n")


def test_score_off_the_scale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: 7}")
    code, err = _score(tmp_path, capsys, "a.yaml", text)
    assert code == 1
    assert err == ("error: a.yaml › answers › sort.2 › score: 7 is off the scale "
                   "(0, 1, 2, 3, 4, or na) (line 24)\n")
    code, err = _score(tmp_path, capsys, "a.yaml", text, lang="vi")
    assert err == ("lỗi: a.yaml › answers › sort.2 › score: 7 nằm ngoài thang điểm "
                   "(0, 1, 2, 3, 4, hoặc na) (dòng 24)\n")


def test_unknown_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml", GOOD.replace(
        "  sort.2: {score: 3}", "  sort.2: {score: 3}\n  sort.9: {score: 1}"))
    assert code == 1
    assert err == ("error: a.yaml › answers › sort.9: unknown item: not in checklist 5s 2.0.0 "
                   "(line 25)\n")


def test_a_group_or_section_is_not_an_item(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml", GOOD.replace(
        "  sort.2: {score: 3}", "  sort.2: {score: 3}\n  sort: {score: 1}"))
    assert code == 1
    assert err == ("error: a.yaml › answers › sort: is a group, not an item: answer the items "
                   "inside it (line 25)\n")


def test_unknown_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml",
                       GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: 3, nott: x}"))
    assert code == 1
    assert err == "error: a.yaml › answers › sort.2 › nott: unknown key (line 24)\n"


def test_not_a_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml",
                       GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: good}"))
    assert code == 1
    assert err == ("error: a.yaml › answers › sort.2 › score: 'good' is not a score: write a "
                   "whole number of the scale, or na (line 24)\n")


def test_wrong_checklist_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml",
                       GOOD.replace("  version: 2.0.0", "  version: 3.0.0"))
    assert code == 1
    assert err == ("error: a.yaml › checklist › version: answers 5s 3.0.0, but the checklist "
                   "is 2.0.0; the major version differs (line 5)\n")


def test_other_minor_version_with_the_same_items_is_accepted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.yaml", GOOD.replace("  version: 2.0.0", "  version: 2.2.0"))
    code, out, err = _run(capsys, "score", str(path), "--json", "--lang", "en")
    assert code == 0
    assert err == ("warning: a.yaml › checklist › version: answers 5s 2.2.0; checked against "
                   "2.0.0, which keeps every item it answers (line 5)\n")
    assert '"level": 3' in out


def test_unknown_checklist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml", GOOD.replace("  id: 5s", "  id: 6s"))
    assert code == 1
    assert err.startswith("error: a.yaml › checklist › id: unknown checklist '6s'; available "
                          "checklists: 5s")


def test_every_problem_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: 9}")
                .replace("  set.1: {score: 3}", "  set.1: {score: -1}\n  zzz: {score: 1}"))
    code, err = _score(tmp_path, capsys, "a.yaml", text)
    assert code == 1
    assert err.splitlines() == [
        "error: a.yaml › answers › sort.2 › score: 9 is off the scale (0, 1, 2, 3, 4, or na) "
        "(line 24)",
        "error: a.yaml › answers › set.1 › score: -1 is off the scale (0, 1, 2, 3, 4, or na) "
        "(line 40)",
        "error: a.yaml › answers › zzz: unknown item: not in checklist 5s 2.0.0 (line 41)",
    ]


def test_missing_field_and_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("date: 2026-11-12", "date: 12/11/2026").replace(
        "  name: Nguyễn Thị Hồng Nhung\n", "")
    code, err = _score(tmp_path, capsys, "a.yaml", text)
    assert code == 1
    assert err.splitlines() == [
        "error: a.yaml › assessor › name: required, but missing (line 17)",
        "error: a.yaml › date: must be a date (YYYY-MM-DD) (line 20)",
    ]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "score", "none.yaml")
    assert code == 1
    assert err == "error: none.yaml: file not found\n"


def test_not_an_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.yaml", "- just\n- a list\n")
    assert err == "error: a.yaml: an assessment must be a mapping of keys to values\n"
    code, err = _score(tmp_path, capsys, "b.yaml", "schema: something/else\n")
    assert code == 1
    assert err == ("error: b.yaml › schema: not an assessment of gembakit: expected "
                   "'schema: gembakit/assessment/v1', found 'something/else' (line 1)\n")


def test_json_assessment_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _score(tmp_path, capsys, "a.json", '{"schema": "gembakit/assessment/v1",\n')
    assert code == 1
    assert err == ("error: a.json: not valid JSON: a key in double quotes is expected here (no "
                   "trailing commas) (line 2)\n")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score"]) == 2
    assert main(["score", "x.yaml", "--lang", "fr"]) == 2
    assert main(["nonsense"]) == 2
    capsys.readouterr()


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _write(tmp_path, "a.yaml", "keep me\n")
    code, _out, err = _run(capsys, "new", "5s", "-o", str(target), "--lang", "en")
    assert code == 1
    assert err == "error: a.yaml: already exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # no temp file left


def test_validate_lists_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "good.yaml", GOOD)
    bad = _write(tmp_path, "bad.yaml", GOOD.replace("  sort.2: {score: 3}", "  sort.2: {score: 5}"))
    code, out, err = _run(capsys, "validate", str(good), str(bad), "--lang", "en")
    assert code == 1
    assert "good.yaml: valid against 5s 2.0.0" in out
    assert err == ("error: bad.yaml › answers › sort.2 › score: 5 is off the scale "
                   "(0, 1, 2, 3, 4, or na) (line 24)\n")


def test_missing_mandatory_answer_is_an_error_once_submitted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("  sort.3:\n    score: 4\n", "  sort.3:\n    score:\n")
    code, _, err = _run(capsys, "validate", str(_write(tmp_path, "a.yaml", text)), "--lang",
                        "en")
    assert code == 1
    assert err == "error: a.yaml › answers › sort.3: mandatory item not answered (line 26)\n"
    draft = text.split("status:")[0]
    code, _out, err = _run(capsys, "validate", str(_write(tmp_path, "d.yaml", draft)), "--lang",
                          "en")
    assert code == 0
    assert err == "warning: d.yaml › answers › sort.3: mandatory item not answered (line 26)\n"


def test_evidence_digest_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"not really a photo")
    real = hashlib.sha256(b"not really a photo").hexdigest()
    text = GOOD.replace("  sort.2: {score: 3}", "  sort.2:\n    score: 3\n    evidence:\n"
                        "      - file: photo.jpg\n        sha256: '" + "0" * 64 + "'")
    path = _write(tmp_path, "a.yaml", text)
    code, _out, err = _run(capsys, "validate", str(path), "--lang", "en")
    assert code == 1
    assert err == ("error: a.yaml › answers › sort.2 › evidence[0] › sha256: photo.jpg was "
                   f"changed after it was recorded (its SHA-256 is now {real}) (line 28)\n")
    fixed = text.replace("0" * 64, real)
    assert _run(capsys, "validate", str(_write(tmp_path, "a.yaml", fixed)))[0] == 0
