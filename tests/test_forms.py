"""On-site collection round trips: the workbook (also through LibreOffice) and the offline form
driven in a real headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import gembakit
from gembakit.cli import main
from tests.builders import item_rows

CHECKLIST = gembakit.load_checklist("5s")
ITEMS = [p.item.id for p in CHECKLIST.placed]
ENTERED = {item: ("na" if n % 7 == 6 else n % 5) for n, item in enumerate(ITEMS)}
ENTERED["sort.3"] = 4  # mandatory items may not be N/A
ENTERED["standardize.2"] = 3
ENTERED["sustain.2"] = 2


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fill_workbook(path: Path, photo: str | None = None) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    cover = book.worksheets[0]
    values = {"organisation.name": "Công ty TNHH Dệt may Hòa Bình",
              "organisation.tax_code": "0312345678", "site.name": "Xưởng may số 1",
              "assessor.name": "Lê Thị Thu",
              "assessor.organisation": "Công ty TNHH Dệt may Hòa Bình",
              "assessor.tier": "self", "date": "2026-11-20"}
    for row in cover.iter_rows(min_col=1, max_col=3):
        if row[2].value in values:
            row[1].value = values[str(row[2].value)]
    for item, row in item_rows(book):
        if item in ENTERED:
            row[4].value = ENTERED[item]
            if item == "sort.1":
                row[5].value = "Còn dưỡng đo cũ trên bàn"
                row[7].value, row[8].value = "minor", "Chưa có danh mục vật dụng"
                if photo:
                    row[6].value = photo
    book.save(path)


def _answers(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: v.get("score") for k, v in data["answers"].items()}


def test_workbook_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsx", "5s", "-o", str(form), "--lang", "vi")[0] == 0
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8 photo bytes")
    _fill_workbook(form, photo="anh.jpg")
    out = tmp_path / "a.yaml"
    code, _stdout, err = _run(capsys, "import", "xlsx", str(form), "-o", str(out))
    assert code == 0, err
    assert _answers(out) == ENTERED
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["organisation"]["name"] == "Công ty TNHH Dệt may Hòa Bình"
    assert data["answers"]["sort.1"]["note"] == "Còn dưỡng đo cũ trên bàn"
    assert data["answers"]["sort.1"]["findings"] == [{"grade": "minor",
                                                     "text": "Chưa có danh mục vật dụng"}]
    assert data["answers"]["sort.1"]["evidence"] == [{
        "file": "anh.jpg", "sha256": hashlib.sha256(b"\xff\xd8 photo bytes").hexdigest(),
        "size": len(b"\xff\xd8 photo bytes")}]
    assert _run(capsys, "validate", str(out))[0] == 0


def test_workbook_rows_may_be_reordered(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from gembakit.assessments.spreadsheet import export_xlsx, import_xlsx

    form = tmp_path / "form.xlsx"
    form.write_bytes(export_xlsx(CHECKLIST, "en"))
    _fill_workbook(form)
    book = load_workbook(form)
    sheet = book.worksheets[1]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    for r, values in enumerate(reversed(rows), start=2):  # sort the other way round
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    sheet.title = "Renamed by the assessor"
    book.save(form)
    data = import_xlsx(form)
    assert {k: v.get("score") for k, v in data["answers"].items()} == ENTERED


def test_bad_cells_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsx", "5s", "-o", str(form), "--lang", "en")[0] == 0
    _fill_workbook(form)
    book = load_workbook(form)
    sheet = book.worksheets[1]
    sheet["E3"] = 7
    sheet["E4"] = "good"
    sheet["A5"] = "sort.99"
    sheet["G6"] = "missing.jpg"
    sheet["G3"] = "../../../etc/hostname"
    book.save(form)
    code, _out, err = _run(capsys, "import", "xlsx", str(form), "-o", str(tmp_path / "a.yaml"),
                          "--lang", "en")
    assert code == 1
    title = sheet.title
    assert err.splitlines() == [
        f"error: {form} › {title} › E3: '7' is not an answer (0, 1, 2, 3, 4, na)",
        f"error: {form} › {title} › G3: evidence file ../../../etc/hostname is outside the "
        "workbook's folder",
        f"error: {form} › {title} › E4: 'good' is not an answer (0, 1, 2, 3, 4, na)",
        f"error: {form} › {title} › A5: unknown item 'sort.99'",
        f"error: {form} › {title} › G6: evidence file missing.jpg not found beside the workbook",
    ]
    assert not (tmp_path / "a.yaml").exists()  # nothing half-written


@pytest.mark.tool("soffice")
def test_workbook_saved_by_libreoffice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsx", "5s", "-o", str(form), "--lang", "vi")[0] == 0
    _fill_workbook(form)
    converted = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(converted), str(form)],
                   check=True, capture_output=True, timeout=240)
    out = tmp_path / "a.yaml"
    code, _, err = _run(capsys, "import", "xlsx", str(converted / "form.xlsx"), "-o", str(out))
    assert code == 0, err
    assert _answers(out) == ENTERED


def test_older_form_version_follows_the_versioning_rule(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from gembakit.checklists.catalogue import _data_dir

    custom = tmp_path / "my5s.yaml"
    text = (_data_dir() / "5s.yaml").read_text(encoding="utf-8").replace("id: 5s\n", "id: my5s\n",
                                                                           1)
    custom.write_text(text, encoding="utf-8")
    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsx", str(custom), "-o", str(form))[0] == 0
    _fill_workbook(form)
    version = CHECKLIST.version  # whatever the bundled checklist is at
    major, minor, _ = (int(part) for part in version.split("."))
    newer, next_major = f"{major}.{minor + 1}.0", f"{major + 1}.0.0"
    custom.write_text(text.replace(f"version: {version}", f"version: {newer}", 1),
                      encoding="utf-8")
    code, _, err = _run(capsys, "import", "xlsx", str(form), "-o", str(tmp_path / "a.yaml"),
                        "--checklist", str(custom), "--lang", "en")
    assert code == 0
    assert f"answers my5s {version}; checked against {newer}" in err
    custom.write_text(text.replace(f"version: {version}", f"version: {next_major}", 1),
                      encoding="utf-8")
    code, _, err = _run(capsys, "import", "xlsx", str(form), "-o", str(tmp_path / "b.yaml"),
                        "--checklist", str(custom), "--lang", "en")
    assert code == 1
    assert "the major version differs" in err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _reload_when_saved(page: Any) -> None:
    """Reload once the page says all is saved, as an assessor would see it."""
    page.wait_for_selector('#save-state[data-state="saved"]')
    page.reload()
    page.wait_for_selector('#save-state[data-state="saved"]')


def _carried(unzipped: Path, item: str) -> bytes:
    """The first photo of ``item`` in an unpacked download, found as its assessment names it."""
    data = json.loads((unzipped / "assessment.json").read_text(encoding="utf-8"))
    name: str = data["answers"][item]["evidence"][0]["file"]
    assert name == f"photos/{item}-1.jpg"
    return (unzipped / name).read_bytes()


def _unzipped(download: Path, folder: Path) -> Path:
    """The form's zip download unpacked: its assessment.json with the photos beside it."""
    with zipfile.ZipFile(download) as archive:
        archive.extractall(folder)
    return folder


@pytest.mark.tool("chromium", "chromium-browser")
def test_offline_web_form_in_a_real_browser(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    form = tmp_path / "form.html"
    assert _run(capsys, "export", "form", "5s", "-o", str(form), "--lang", "vi")[0] == 0
    photo = tmp_path / "photo.png"
    Image.new("RGB", (640, 480), (15, 118, 110)).save(photo)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        context = browser.new_context(accept_downloads=True, offline=True)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(form.as_uri())
        page.fill('input[name="organisation.name"]', "Công ty CP Điện tử Sông Hàn")
        page.fill('input[name="site.name"]', "Dây chuyền SMT")
        page.fill('input[name="assessor.name"]', "Võ Minh Khoa")
        for item, value in ENTERED.items():
            page.check(f'input[name="a-{item}"][value="{value}"]', force=True)
        page.fill('textarea[name="n-set.1"]', "Nhãn kệ B bị mờ")
        page.set_input_files('input[name="p-set.1"]', str(photo))
        page.wait_for_selector('[data-item="set.1"] .photos img')
        shown_score = page.inner_text("#score")
        assert shown_score.endswith(f"{len(ENTERED)}/{len(ITEMS)}")
        _reload_when_saved(page)  # the work survives in the browser's storage
        assert page.is_checked(f'input[name="a-sort.1"][value="{ENTERED["sort.1"]}"]')
        with page.expect_download() as download:
            page.click("#download")
        saved = tmp_path / "download.zip"
        download.value.save_as(saved)
        page.screenshot(path=str(tmp_path / "form.png"))
        browser.close()
    assert errors == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), requests
    unzipped = _unzipped(saved, tmp_path / "unzipped")
    assert _run(capsys, "validate", str(unzipped / "assessment.json"))[0] == 0  # as it is
    out = tmp_path / "imported" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(saved), "-o", str(out))
    assert code == 0, err
    assert _answers(out) == ENTERED
    # the running score the assessor saw is the score gembakit gives (a Vietnamese page writes
    # it with a decimal comma)
    overall = gembakit.score(gembakit.load_assessment(out), CHECKLIST).overall.percentage
    assert shown_score.startswith(f"{overall:.1f} %".replace(".", ",")), (shown_score, overall)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["organisation"]["name"] == "Công ty CP Điện tử Sông Hàn"
    assert data["answers"]["set.1"]["note"] == "Nhãn kệ B bị mờ"
    evidence = data["answers"]["set.1"]["evidence"][0]
    written = out.parent / evidence["file"]
    assert hashlib.sha256(written.read_bytes()).hexdigest() == evidence["sha256"]
    assert "content" not in evidence
    assert written.read_bytes() == _carried(unzipped, "set.1")


def _download(tmp_path: Path, photos: dict[str, tuple[str, bytes]]) -> dict[str, object]:
    """A download as the web form writes it, with ``photos`` (item → (file name, bytes))."""
    answers: dict[str, dict[str, object]] = {item: {"score": value}
                                             for item, value in ENTERED.items()}
    for item, (name, raw) in photos.items():
        answers[item]["evidence"] = [{"file": name, "sha256": hashlib.sha256(raw).hexdigest(),
                                      "content": base64.b64encode(raw).decode("ascii")}]
    return {"schema": "gembakit/assessment/v1",
            "checklist": {"id": "5s", "version": CHECKLIST.version},
            "organisation": {"name": "Công ty TNHH Cơ khí Tân Phú"},
            "site": {"name": "Xưởng tiện"},
            "assessor": {"tier": "self", "name": "Đỗ Văn Nam",
                         "organisation": "Công ty TNHH Cơ khí Tân Phú"},
            "date": "2026-11-20", "answers": answers}


def _save(tmp_path: Path, data: object, raw_text: str | None = None) -> Path:
    path = tmp_path / "download.json"
    path.write_text(raw_text if raw_text is not None else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["answers"]["set.1"]["evidence"][0].update(sha256="0" * 64),
     "download.json › answers › set.1 › evidence[0] › sha256: does not match the content carried"),
    (lambda d: d["answers"]["set.1"]["evidence"][0].update(content="%%%"),
     "download.json › answers › set.1 › evidence[0] › content: is not valid base64"),
    (lambda d: d["answers"].update({"set.99": {"score": 2}}),
     "download.json › answers › set.99: unknown item"),
    (lambda d: d["answers"]["shine.1"].update(score=9),
     "download.json › answers › shine.1 › score: 9 is off the scale"),
    (lambda d: d.pop("schema"), "download.json: not an assessment downloaded from a gembakit form"),
], ids=["photo-tampered", "photo-not-base64", "unknown-item", "off-scale", "not-a-download"])
def test_bad_download_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     change: Any, expected: str) -> None:
    data = _download(tmp_path, {"sort.1": ("sort.1-1.jpg", b"first photo"),
                                "set.1": ("set.1-1.jpg", b"second photo")})
    change(data)
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(_save(tmp_path, data)), "-o", str(out),
                        "--lang", "en")
    assert code == 1
    assert expected in err, err
    assert not (tmp_path / "out").exists()  # neither the assessment nor any photo


def test_malformed_download_is_named_with_its_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _save(tmp_path, None, '{\n  "schema": "gembakit/assessment/v1",\n  "answers": {,\n}')
    code, _, err = _run(capsys, "import", "form", str(path), "-o", str(tmp_path / "a.yaml"),
                        "--lang", "en")
    assert code == 1
    assert err.splitlines() == [f"error: {path}: not valid JSON: a key in double quotes is "
                                "expected here (no trailing commas) (line 3)"]
    assert not (tmp_path / "a.yaml").exists()


def test_photo_names_from_a_download_stay_in_the_photo_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit" / "a.yaml"
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "sort.1-1.jpg").write_bytes(b"an earlier, different photo")
    data = _download(tmp_path, {"sort.1": ("sort.1-1.jpg", b"new photo"),
                                "set.1": ("../../evil.jpg", b"outside?"),
                                "shine.1": (".hidden", b"hidden?")})
    code, _, err = _run(capsys, "import", "form", str(_save(tmp_path, data)), "-o", str(out))
    assert code == 0, err
    written = yaml.safe_load(out.read_text(encoding="utf-8"))["answers"]
    files = {item: written[item]["evidence"][0]["file"] for item in ("sort.1", "set.1", "shine.1")}
    assert files == {"sort.1": "sort.1-1-2.jpg", "set.1": "evil.jpg", "shine.1": "hidden"}
    assert (tmp_path / "audit" / "sort.1-1.jpg").read_bytes() == b"an earlier, different photo"
    assert not (tmp_path / "evil.jpg").exists()
    for item, raw in (("sort.1", b"new photo"), ("set.1", b"outside?"), ("shine.1", b"hidden?")):
        assert (tmp_path / "audit" / files[item]).read_bytes() == raw
    assert _run(capsys, "validate", str(out))[0] == 0


def test_workbook_evidence_found_from_an_output_elsewhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "forms" / "form.xlsx"
    form.parent.mkdir()
    assert _run(capsys, "export", "xlsx", "5s", "-o", str(form))[0] == 0
    (form.parent / "anh.jpg").write_bytes(b"\xff\xd8 photo bytes")
    _fill_workbook(form, photo="anh.jpg")
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "xlsx", str(form), "-o", str(out))
    assert code == 0, err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"]["sort.1"]["evidence"][0]["file"] == "../forms/anh.jpg"
    assert _run(capsys, "validate", str(out))[0] == 0


def _workbook_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Any) -> str:
    from openpyxl import load_workbook

    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsx", "5s", "-o", str(form))[0] == 0
    _fill_workbook(form)
    book = load_workbook(form)
    edit(book)
    book.save(form)
    code, _, err = _run(capsys, "import", "xlsx", str(form), "-o", str(tmp_path / "a.yaml"),
                        "--lang", "en")
    assert code == 1
    assert not (tmp_path / "a.yaml").exists()
    return err.replace(str(form), "form.xlsx")


def test_workbook_item_twice_and_finding_without_grade(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        sheet = book.worksheets[1]
        sheet["A4"] = sheet["A3"].value
        sheet["H5"], sheet["I5"] = None, "Thiếu nhãn"

    title = "Sort (Seiri)"
    err = _workbook_problem(tmp_path, capsys, edit)
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0] == (f"error: form.xlsx › {title} › A4: item 'sort.2' appears twice "
                        f"(also {title}!A3)")
    assert lines[1] == (f"error: form.xlsx › {title} › H5: a finding needs a grade (major, minor, "
                        "observation, opportunity) and a text")


def test_workbook_without_its_hidden_sheet(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    err = _workbook_problem(tmp_path, capsys, lambda book: book.remove(book["_gembakit"]))
    assert err.splitlines() == [
        "error: form.xlsx: not a gembakit form: its hidden sheet _gembakit is missing"]


def test_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "form.xlsx"
    form.write_text("organisation;site\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "xlsx", str(form), "-o", str(tmp_path / "a.yaml"),
                        "--lang", "en")
    assert code == 1
    assert err.splitlines() == [f"error: {form}: not a readable workbook (zip)"]
    assert not (tmp_path / "a.yaml").exists()


def test_form_scores_only_where_it_can_score_as_gembakit_does(tmp_path: Path) -> None:
    from gembakit.assessments.webform import _form_data
    from gembakit.checklists.catalogue import _data_dir
    from gembakit.checklists.loader import load_checklist_file

    assert _form_data(CHECKLIST, "en")["running_score"] is True
    text = (_data_dir() / "5s.yaml").read_text(encoding="utf-8")
    other = tmp_path / "sum.yaml"
    other.write_text(text.replace("model: weighted", "model: sum", 1), encoding="utf-8")
    assert _form_data(load_checklist_file(other), "en")["running_score"] is False
