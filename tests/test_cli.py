"""The command line end to end, as the core issue's "done when" describes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gembakit.cli import main
from tests.builders import EXAMPLE


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fill(path: Path, value: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for answer in data["answers"].values():
        answer["score"] = value
    data["organisation"]["name"] = "Công ty Cổ phần Nhựa Bình Minh"
    data["site"]["name"] = "Nhà máy Bình Dương"
    data["assessor"]["name"] = data["assessor"]["organisation"] = "Trần Thị Bích Ngọc"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_new_fill_with_top_scores_reaches_the_top_level(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "a.yaml"
    code, out, err = _run(capsys, "new", "5s", "-o", str(form), "--lang", "en")
    assert code == 0, err
    assert out == f"wrote {form}: 36 items of 5s 2.0.0 to answer\n"
    text = form.read_text(encoding="utf-8")
    assert "# Work positions hold only what the current work needs." in text
    # A blank form is valid (a draft) and scores as unanswered.
    code, out, err = _run(capsys, "score", str(form), "--json")
    assert code == 0, err
    blank = json.loads(out)
    assert blank["counts"]["unanswered"] == 36
    assert blank["overall"]["percentage"] is None

    _fill(form, 4)
    code, out, err = _run(capsys, "score", str(form), "--json")
    assert code == 0, err
    assert err == ""
    result = json.loads(out)
    assert result["level"] == 5
    assert result["overall"]["percentage"] == 100.0
    assert result["counts"]["answered"] == 36
    assert result["next_level"] is None
    assert result["organisation"] == "Công ty Cổ phần Nhựa Bình Minh"


def test_new_in_vietnamese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "a.yaml"
    code, out, _ = _run(capsys, "new", "5s", "-o", str(form), "--lang", "vi",
                        "--organisation", "Hợp tác xã Chè Thái Nguyên", "--tier", "consultant")
    assert code == 0
    assert out.startswith("đã ghi ")
    text = form.read_text(encoding="utf-8")
    assert "# Tại vị trí làm việc chỉ có vật dụng cần cho công việc hiện tại." in text
    assert "name: Hợp tác xã Chè Thái Nguyên" in text
    assert "tier: consultant" in text


def test_unanswered_items_are_counted_and_gate_the_level(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "a.yaml"
    _run(capsys, "new", "5s", "-o", str(form))
    _fill(form, 4)
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    for item in ("sustain.4", "sustain.5"):
        data["answers"][item]["score"] = None
    form.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(form), "--json")
    result = json.loads(out)
    assert result["counts"]["unanswered"] == 2
    assert result["unanswered"] == ["sustain.4", "sustain.5"]
    assert result["level"] == 2  # level 3 needs every item answered
    failed = [g for g in result["next_level_gates"] if not g["passed"]]
    assert [g["gate"] for g in failed] == ["answered_min"]
    assert failed[0]["explanation"]["en"] == (
        "94.4 % of applicable items answered; 100 % required (2 unanswered)")

    code, out, _err = _run(capsys, "score", str(form), "--lang", "en")
    assert code == 0
    assert "Unanswered: sustain.4, sustain.5" in out
    assert "Why not level 3 (Established):" in out
    assert "✗ 94.4 % of applicable items answered; 100 % required (2 unanswered)" in out


def test_score_human_output_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", str(EXAMPLE), "--lang", "vi")
    assert code == 0
    assert "Cấp độ 3 · Ổn định" in out
    assert "Công ty TNHH Cơ khí Chính xác Đồng Nai" in out
    assert "điểm tổng 72,2 % thấp hơn mức yêu cầu 80 % (còn thiếu 7,8 điểm phần trăm)" in out
    code, out, _ = _run(capsys, "score", str(EXAMPLE), "--lang", "en")
    assert "Level 3 · Established" in out
    assert "overall 72.2 % is below the 80 % required (7.8 percentage points short)" in out
    assert "What to fix first:" in out


def test_checklists_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "checklists", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"id": "5s", "items": 36, "sections": 5} .items() <= next(
        r for r in rows if r["id"] == "5s").items()
    code, out, _ = _run(capsys, "checklists", "list", "--lang", "vi")
    assert "Đánh giá thực hành 5S" in out
    assert "Tiêu chí" in out
    code, out, _ = _run(capsys, "checklists", "show", "5s", "--lang", "en")
    assert code == 0
    assert "sort.3 *  Aisles, emergency exits" in out
    assert "5 Exemplary: overall ≥ 90 %" in out
    code, out, _ = _run(capsys, "checklists", "show", "5s", "--json")
    assert json.loads(out)["id"] == "5s"

    from gembakit.checklists.catalogue import _data_dir

    custom = tmp_path / "mine.yaml"
    custom.write_text((_data_dir() / "5s.yaml").read_text(encoding="utf-8").replace(
        "id: 5s\n", "id: my-5s\n", 1), encoding="utf-8")
    code, out, err = _run(capsys, "checklists", "validate", str(custom), "--schema", "--lang",
                          "en")
    assert (code, err) == (0, "")
    assert out == f"{custom}: valid (my-5s 2.0.0, 36 items)\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text(custom.read_text(encoding="utf-8").replace("id: sort.2", "id: sort.1"),
                      encoding="utf-8")
    code, out, err = _run(capsys, "checklists", "validate", str(broken), "--lang", "en")
    assert code == 1
    assert err == (f"error: {broken} › sections[0] › items[1] › id: duplicate id 'sort.1' "
                   "(first used at sections[0] › items[0]) (line 93)\n")


def test_custom_checklist_works_where_an_id_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gembakit.checklists.catalogue import _data_dir

    custom = tmp_path / "mine.yaml"
    custom.write_text((_data_dir() / "5s.yaml").read_text(encoding="utf-8").replace(
        "id: 5s\n", "id: my-5s\n", 1), encoding="utf-8")
    form = tmp_path / "a.yaml"
    assert _run(capsys, "new", str(custom), "-o", str(form))[0] == 0
    _fill(form, 3)
    code, out, err = _run(capsys, "score", str(form), "--checklist", str(custom), "--json")
    assert code == 0, err
    assert json.loads(out)["checklist_id"] == "my-5s"


@pytest.mark.slow
def test_demo_writes_what_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    demo = tmp_path / "demo"
    code, out, err = _run(capsys, "demo", "-o", str(demo), "--lang", "en")
    assert code == 0, err
    names = sorted(str(p.relative_to(demo)) for p in demo.rglob("*") if p.is_file())
    keys = [f"keys/{who}/{f}" for who in ("consultant", "root", "self", "state")
            for f in (["private-key.pem", "root.jwk.json"] if who == "root" else
                      ["certificate.pem", "issuer.json", "private-key.pem"])]
    certificates = [f"certificates/{tier}-{lang}.{kind}" for tier in ("consultant", "self", "state")
                    for lang in ("en", "vi") for kind in ("gk2.txt", "pdf")]
    assert names == sorted([
        "assessment.yaml", *certificates, "forms/5s-form.html", "forms/5s-form.xlsx", *keys,
        "programme.db", "register/index.html", "register/register.csv",
        "register/register.json", "register/verify/index.html",
        "register/verify/trust-list.json", "report-en.pdf", "report-vi.pdf", "result.json",
        "root.jwk.json", "summary-en.txt", "summary-vi.txt", "trust-list.json",
        "verifier/index.html", "verifier/trust-list.json"])
    for key in demo.glob("keys/*/private-key.pem"):
        assert key.stat().st_mode & 0o077 == 0
    result = json.loads((demo / "result.json").read_text(encoding="utf-8"))
    assert result["level"] == 3
    summary = (demo / "summary-vi.txt").read_text(encoding="utf-8")
    assert "Cấp độ 3 · Ổn định" in summary
    report = PdfReader(demo / "report-vi.pdf")
    assert "Công ty TNHH Cơ khí Chính xác Đồng Nai" in report.pages[0].extract_text()
    assert "Sort (Seiri)" in (demo / "forms/5s-form.html").read_text(encoding="utf-8")
    assert "_gembakit" in load_workbook(demo / "forms/5s-form.xlsx").sheetnames
    assert out.count("verified: VALID") == 3
    # the programme database: the example consultant found however the name is typed, and the
    # published register lists the demo enterprise
    db = ["--db", str(demo / "programme.db"), "--json"]
    for query in ("tran minh quan", "TRẦN MINH QUÂN", "phuong nam", "PHƯƠNG NAM"):
        found = json.loads(_run(capsys, "experts", "list", "--search", query, *db)[1])
        assert [e["name"] for e in found] == ["Trần Minh Quân"], query
    listed = json.loads((demo / "register/register.json").read_text(encoding="utf-8"))
    assert {r["organisation"] for r in listed} == {"Công ty TNHH Cơ khí Chính xác Đồng Nai"}
    assert sorted(r["tier"] for r in listed) == ["consultant", "self", "state"]
    # what the demo says to try next works, and a second run keeps the keys its PDFs were
    # signed by, so earlier certificates still verify
    first = (demo / "certificates/consultant-vi.pdf").read_bytes()
    assert _run(capsys, "demo", "-o", str(demo))[0] == 0
    (tmp_path / "old.pdf").write_bytes(first)
    for pdf in (demo / "certificates/consultant-en.pdf", tmp_path / "old.pdf"):
        code, out, _ = _run(capsys, "verify", str(pdf), "--trust", str(demo / "trust-list.json"),
                            "--root", str(demo / "root.jwk.json"))
        assert (code, out.splitlines()[0]) == (0, "VALID")


def test_default_language_from_environment(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GEMBAKIT_LANG", "vi")
    _, out, _ = _run(capsys, "score", str(EXAMPLE))
    assert "Cấp độ 3" in out
    monkeypatch.delenv("GEMBAKIT_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    _, out, _ = _run(capsys, "score", str(EXAMPLE))
    assert "Cấp độ 3" in out
    monkeypatch.setenv("LANG", "C.UTF-8")
    _, out, _ = _run(capsys, "score", str(EXAMPLE))
    assert "Level 3" in out


def test_json_output_carries_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", str(EXAMPLE), "--json", "--lang", "vi")
    assert code == 0
    data = json.loads(out)
    gate = data["next_level_gates"][0]
    assert gate["explanation"] == {
        "en": "overall 72.2 % is below the 80 % required (7.8 percentage points short)",
        "vi": "điểm tổng 72,2 % thấp hơn mức yêu cầu 80 % (còn thiếu 7,8 điểm phần trăm)"}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, out, _ = _run(capsys, "--version")
    assert (code, out) == (0, f"gembakit {version('gembakit')}\n")


def test_help_in_vietnamese_has_no_english_a_user_reads(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GEMBAKIT_LANG", "vi")
    code, out, _ = _run(capsys, "score", "--help")
    assert code == 0
    assert "Cách dùng: gembakit score [OPTIONS] FILE" in out
    assert "Chấm điểm bản đánh giá: cấp độ và lý do" in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert "Xuất JSON cho máy đọc ra stdout." in out
    for english in ("Usage:", "Show this message", "Score an assessment", "``", "<bool>",
                    "list[Path]"):
        assert english not in out
    code, _, err = _run(capsys, "score", "--bogus")
    assert code == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in err


def test_demo_without_pdf_libraries_says_what_to_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gembakit.cli import demo_cmd

    def no_pango(*_args: object) -> str:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(demo_cmd, "_pdfs", no_pango)
    code, _, err = _run(capsys, "demo", "-o", str(tmp_path / "demo"), "--lang", "en")
    assert code == 1
    assert err.splitlines()[-1].startswith("error: PDF output needs the Pango and HarfBuzz "
                                           "libraries; on Debian or Ubuntu: apt-get install")
    assert (tmp_path / "demo/result.json").exists()
    assert not list((tmp_path / "demo").glob("*.pdf"))
