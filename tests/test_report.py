"""The assessment report: golden view model and HTML, the PDF read back, hostile input, batch."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

import gembakit
from gembakit.cli import main
from gembakit.render import pdf as pdf_module
from gembakit.render import report_html, report_pdf, report_view, safety
from tests.builders import EXAMPLE

GOLDEN = Path(__file__).parent / "golden"
WHEN = dt.date(2026, 11, 20)
ORG = "Công ty TNHH Cơ khí Chính xác Đồng Nai"


def _inputs() -> tuple[gembakit.Result, gembakit.Checklist, gembakit.Assessment]:
    assessment = gembakit.load_assessment(EXAMPLE)
    checklist = gembakit.load_checklist("5s")
    return gembakit.score(assessment, checklist), checklist, assessment


def _golden(name: str, text: str) -> None:
    """Compare with the pinned file. GEMBAKIT_UPDATE_GOLDEN=1 rewrites a file that differs and
    fails, so a rewritten file is never compared with itself: review the diff, then run again."""
    path = GOLDEN / name
    if os.environ.get("GEMBAKIT_UPDATE_GOLDEN") and path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{name} rewritten: review `git diff {path}` and run again without "
                    "GEMBAKIT_UPDATE_GOLDEN")
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} changed: if intended, rerun with GEMBAKIT_UPDATE_GOLDEN=1 and review the diff")


def _without_css(html: str) -> str:
    """The report's markup and words; the stylesheet is judged by looking at the PDF pages."""
    start, end = html.index("<style"), html.index("</style>") + len("</style>")
    return html[:start] + "<style>…</style>" + html[end:]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_golden_view_model_and_html(lang: str) -> None:
    result, checklist, assessment = _inputs()
    view = report_view(result, checklist, assessment, lang=lang, generated=WHEN)
    _golden(f"report-view.{lang}.json", view.model_dump_json(indent=2) + "\n")
    _golden(f"report.{lang}.html",
            _without_css(report_html(result, checklist, assessment, lang=lang, generated=WHEN)))


def test_golden_view_figures_checked_by_hand() -> None:
    """The pinned view's figures, worked out by hand from the example's answers to 5S 2.0.0 on
    the 0-4 scale (ratio = answer / 4; item weights 1 except sort.3, set.7 and sustain.2, weight
    2; the office items sort.7, set.9 and shine.6 answered N/A, so left out):
    Sort 0.75+0.75+2×1+0.5+0.75+0.75 = 5.5 of 7 = 78.6 %;
    Set 0.75+0.5+0.75+1+0.75+0.75+2×0.75+0.75 = 6.75 of 9 = 75 %; Shine 3.75 of 5 = 75 %;
    Standardize 0.75+0.75+0.5+0.75+0.5+0.75+0.75 = 4.75 of 7 = 67.9 %;
    Sustain 0.75+2×0.75+0.5+0.75+0.5+0.75+0.5 = 5.25 of 8 = 65.6 %;
    overall 26 of 36 = 72.2 %, below level 4's 80 % by 7.8 points, and Standardize and Sustain
    below its 80 %. The largest gain is 0.5/36 = 1.4 points, shared by the items at 2 and set.7
    (weight 2 at 3); the first in document order is sort.4."""
    vi = json.loads((GOLDEN / "report-view.vi.json").read_text(encoding="utf-8"))
    en = json.loads((GOLDEN / "report-view.en.json").read_text(encoding="utf-8"))
    assert (vi["overall"], en["overall"]) == ("72,2 %", "72.2 %")
    assert [b["shown"] for b in en["bars"]] == ["78.6 %", "75 %", "75 %", "67.9 %", "65.6 %"]
    assert (vi["level"], vi["level_name"], en["level_name"]) == (3, "Ổn định", "Established")
    assert vi["gates"][0]["text"] == (
        "điểm tổng 72,2 % thấp hơn mức yêu cầu 80 % (còn thiếu 7,8 điểm phần trăm)")
    assert en["gates"][2]["text"] == (
        "below 80 %: Standardize (Seiketsu) 67.9 %; Sustain (Shitsuke) 65.6 %")
    assert (vi["plan"][0]["item_id"], vi["plan"][0]["gain"], en["plan"][0]["gain"]) == (
        "sort.4", "+1,4", "+1.4")
    assert en["counts"] == "33 answered · 3 not applicable · 0 unanswered"
    assert (en["points"], en["disclaimer"], en["areas"], en["nonconformities"]) == (
        None, None, [], [])


def _text(reader: pypdf.PdfReader) -> str:
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(raw.split()))


@pytest.fixture(scope="module")
def report_vi() -> bytes:
    result, checklist, assessment = _inputs()
    return report_pdf(result, checklist, assessment, lang="vi", generated=WHEN)


def test_pdf_reads_back(report_vi: bytes, tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(report_vi)
    reader = pypdf.PdfReader(tmp_path / "r.pdf")
    assert len(reader.pages) == 8
    text = _text(reader)
    assert ORG in text
    for title in ("BÁO CÁO ĐÁNH GIÁ", "Tóm tắt kết quả", "Giải thích cấp độ",
                  "Kế hoạch hành động", "Chi tiết các tiêu chí", "Chữ ký",
                  "Sàng lọc (Seiri)", "Sắp xếp (Seiton)", "Sạch sẽ (Seiso)",
                  "Săn sóc (Seiketsu)", "Sẵn sàng (Shitsuke)"):
        assert title in text, title
    assert "Cấp độ trưởng thành 3 · Ổn định" in text
    assert "điểm tổng 72,2 % thấp hơn mức yêu cầu 80 % (còn thiếu 7,8 điểm phần trăm)" in text
    assert "Không phù hợp nhẹ" in text  # the graded finding
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Báo cáo đánh giá — Đánh giá thực hành 5S tại nơi làm việc — {ORG}"
    assert meta.author == f"Nguyễn Thị Hồng Nhung ({ORG})"
    assert str(meta["/CreationDate"]) == "D:20261112"
    assert str(meta["/ModDate"]) == "D:20261120"
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded, so every machine shows the same glyphs
            fonts.add(str(font["/BaseFont"]).split("+")[1])
    assert fonts == {"Gembakit-Sans", "Gembakit-Sans-Bold"}


def test_weasyprint_logs_no_warnings(caplog: pytest.LogCaptureFixture) -> None:
    result, checklist, assessment = _inputs()
    with caplog.at_level(logging.WARNING):
        report_pdf(result, checklist, assessment, lang="en", generated=WHEN)
    assert [r.getMessage() for r in caplog.records] == []


@pytest.mark.tool("pdftoppm")
def test_first_page_renders_to_an_image(report_vi: bytes, tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "r.pdf").write_bytes(report_vi)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(tmp_path / "r.pdf"),
                    str(tmp_path / "page")], check=True)
    for png in sorted(tmp_path.glob("page-*.png")):
        with Image.open(png) as image:
            dark = sum(image.convert("L").histogram()[:128])
        assert dark > 500, f"{png.name} looks blank"


def _png(path: Path, width: int, height: int) -> Path:
    from PIL import Image

    Image.new("RGB", (width, height), (15, 61, 86)).save(path)
    return path


def test_logo_and_evidence_photos_are_embedded(tmp_path: Path) -> None:
    photo = _png(tmp_path / "sort-4.png", 120, 80)
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  sort.5: {score: 3}",
        "  sort.5:\n    score: 3\n    evidence:\n      - file: sort-4.png\n"
        f"        sha256: '{hashlib.sha256(photo.read_bytes()).hexdigest()}'")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assessment = gembakit.load_assessment(tmp_path / "a.yaml")
    checklist = gembakit.load_checklist("5s")
    pdf = report_pdf(gembakit.score(assessment, checklist), checklist, assessment, lang="en",
                     logo=_png(tmp_path / "logo.png", 300, 100), base_dir=tmp_path)
    (tmp_path / "r.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(tmp_path / "r.pdf")
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    assert len({hashlib.sha256(img.data).hexdigest() for page in reader.pages
                for img in page.images}) == 2


def test_hostile_assessment_renders_safely_and_fetches_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = _png(tmp_path / "huge.png", 9000, 5000)  # 45 megapixels, small on disk
    digest = hashlib.sha256(huge.read_bytes()).hexdigest()
    evil = "<script>alert('x')</script><img src='http://evil.example/x.png'>"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "name: Công ty TNHH Cơ khí Chính xác Đồng Nai\n  tax_code", f'name: "{evil}"\n  tax_code'
    ).replace("  sort.5: {score: 3}", (
        "  sort.5:\n    score: 3\n    evidence:\n"
        f"      - {{file: 'file:///etc/passwd', sha256: '{'0' * 64}'}}\n"
        f"      - {{file: 'http://evil.example/p.jpg', sha256: '{'0' * 64}'}}\n"
        f"      - {{file: '../../../../etc/hostname', sha256: '{'0' * 64}'}}\n"
        f"      - {{file: huge.png, sha256: '{digest}'}}"))
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assessment = gembakit.load_assessment(tmp_path / "a.yaml")
    checklist = gembakit.load_checklist("5s")
    result = gembakit.score(assessment, checklist)

    html = report_html(result, checklist, assessment, lang="en", base_dir=tmp_path)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'src="http' not in html  # unsafe evidence is named as text, never linked
    assert 'src="file:///etc' not in html

    asked: list[str] = []
    real = safety.resolve_url

    def spy(url: str, files: object) -> object:
        asked.append(url)
        return real(url, files)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_module, "resolve_url", spy)  # the name render/pdf.py calls
    pdf = report_pdf(result, checklist, assessment, lang="en", base_dir=tmp_path)
    assert asked, "the fetcher was not consulted"
    assets = (Path(pdf_module.__file__).parent).as_uri()
    assert all(url.startswith(assets) for url in asked), asked  # only our CSS and fonts
    (tmp_path / "r.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(tmp_path / "r.pdf")
    assert "<script>alert('x')</script>" in _text(reader)
    assert not [img for page in reader.pages for img in page.images]

    with pytest.raises(gembakit.InputError) as caught:
        report_pdf(result, checklist, assessment, lang="en", logo=Path("/etc/passwd"))
    assert caught.value.render("en").startswith("/etc/passwd: cannot be used as a logo")


def test_fetcher_refuses_everything_but_assets_and_named_files(tmp_path: Path) -> None:
    from gembakit.render.safety import ASSETS, resolve_url

    allowed = _png(tmp_path / "ok.png", 10, 10)
    assert resolve_url((ASSETS / "templates/report.css").as_uri(), ()) is not None
    assert resolve_url(allowed.as_uri(), [allowed]) == allowed.resolve()
    for url in ("http://example.com/x.png", "https://example.com/a.css", "file:///etc/passwd",
                (tmp_path / "other.png").as_uri(), "data:image/png;base64,AAAA",
                "ftp://example.com/x", (ASSETS / "../_io.py").as_uri(),
                "file://evil.example/etc/passwd"):
        assert resolve_url(url, [allowed]) is None, url


def test_batch_report_over_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n in (1, 2):
        (tmp_path / f"a{n}.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"),
                                             encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("schema: nope\n", encoding="utf-8")
    code = main(["report", str(tmp_path), "-o", str(tmp_path / "out"), "--lang", "en",
                 "--workers", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a1.pdf", "a2.pdf"]
    assert "2 reports written, 1 failed" in out
    assert "broken.yaml › schema: not an assessment of gembakit" in err


def test_report_command_for_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.pdf"
    assert main(["report", str(EXAMPLE), "-o", str(target), "--lang", "vi"]) == 0
    assert capsys.readouterr().out == f"đã ghi {target}\n"
    assert ORG in _text(pypdf.PdfReader(target))
    assert json.dumps(ORG, ensure_ascii=False)  # the name survives as UTF-8 end to end


def test_user_template_extends_the_bundled_one(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "gembakit/report.html.j2" %}{% block signatures %}'
        "<h3>Xác nhận của Sở KH&amp;CN</h3>{{ super() }}{% endblock %}", encoding="utf-8")
    result, checklist, assessment = _inputs()
    html = report_html(result, checklist, assessment, lang="vi", generated=WHEN,
                       template_dirs=[tmp_path])
    assert "<h3>Xác nhận của Sở KH&amp;CN</h3>" in html
    assert html.count("Đại diện tổ chức được đánh giá") == 1  # the block's own content kept


AREAS = EXAMPLE.parent / "5s-areas.yaml"
AWARD = EXAMPLE.parent / "gtclqg-example.yaml"


def _view_of(path: Path, lang: str, base_dir: Path | None = None) -> Any:
    assessment = gembakit.load_assessment(path)
    checklist = gembakit.load_checklist(assessment.checklist.id)
    return report_view(gembakit.score(assessment, checklist), checklist, assessment, lang=lang,
                       generated=WHEN, base_dir=base_dir)


def test_report_ranks_the_areas_and_shows_each_areas_answers() -> None:
    view = _view_of(AREAS, "vi")
    assert [(a.rank, a.name, a.kind, a.overall, a.level, a.level_name) for a in view.areas] == [
        (1, "Xưởng SMT", "Xưởng sản xuất", "93,1 %", 5, "Xuất sắc"),
        (2, "Văn phòng hành chính", "Văn phòng", "75,8 %", 3, "Ổn định"),
        (3, "Xưởng lắp ráp", "Xưởng sản xuất", "65,3 %", 3, "Ổn định"),
        (4, "Kho linh kiện", "Kho", "51,4 %", 2, "Hình thành")]
    assert view.area_columns == ["Xưởng SMT", "Xưởng lắp ráp", "Kho linh kiện",
                                 "Văn phòng hành chính"]
    assert view.counts.endswith("18 không áp dụng cho loại khu vực")
    sort5 = next(r for r in view.sections[0].rows if r.item_id == "sort.5")
    # Materials at the line: asked of the workshops only.
    assert [(a.area, a.value, a.score_class) for a in sort5.areas] == [
        ("Xưởng SMT", "4", "high"), ("Xưởng lắp ráp", "2", "mid"),
        ("Kho linh kiện", "", "excluded"), ("Văn phòng hành chính", "", "excluded")]
    assert sort5.areas[1].note == "Linh kiện tại chuyền đủ cho gần hai ca."
    findings = {(row.area, row.item_id) for group in view.findings for row in group.rows}
    assert findings == {("Xưởng lắp ráp", "sustain.6"), ("Kho linh kiện", "set.6")}
    assert view.plan[0].area == "Kho linh kiện"


def test_area_report_pdf_names_areas_and_ranks(tmp_path: Path) -> None:
    assert main(["report", str(AREAS), "-o", str(tmp_path / "r.pdf"), "--lang", "vi"]) == 0
    text = _text(pypdf.PdfReader(tmp_path / "r.pdf"))
    for words in ("Các khu vực", "Hạng", "Loại khu vực", "1 Xưởng SMT Xưởng sản xuất 93,1 %",
                  "4 Kho linh kiện Kho 51,4 % 2 · Hình thành", "Xưởng lắp ráp · sustain.6"):
        assert words in text, words


def test_points_as_the_checklist_counts_them() -> None:
    """The National Quality Award counts 1,000 points: 569.5 in all (the item points times each
    answer, summed by hand in tests/library/gtclqg.yaml's terms), 73 of 120 for leadership
    (0.65 × 70 + 0.55 × 50), gains in points (7.1 at 60 % of 120 would add 48)."""
    en, vi = _view_of(AWARD, "en"), _view_of(AWARD, "vi")
    assert (en.points, vi.points) == ("569.5 / 1,000", "569,5 / 1.000")
    assert [b.points for b in en.bars] == ["73 / 120", "49 / 85", "53.2 / 85", "47.2 / 90",
                                          "48.8 / 85", "53.2 / 85", "245 / 450"]
    assert (en.plan[0].item_id, en.plan[0].gain, en.labels["gain"]) == (
        "nqa.7.1", "+48", "Gain (points)")
    row = en.sections[0].rows[0]
    assert (row.answer, row.points) == ("65 %", "45.5 / 70")
    assert en.gates[0].text == "569.5 points are below the 600 required (30.5 short)"


def test_iso_report_says_it_is_not_a_certification_and_lists_graded_answers(
        tmp_path: Path) -> None:
    checklist = gembakit.load_checklist("iso9001")
    answers = {p.item_id: 3 for p in checklist.placed} | {"c7.4": 0, "c8.5.4": 2}
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["checklist"] = {"id": "iso9001", "version": checklist.version}
    data["answers"] = {k: {"score": v} for k, v in answers.items()}
    evidence = tmp_path / "hieu-chuan-2026.pdf"
    evidence.write_bytes(b"%PDF-1.4 calibration certificate")
    data["answers"]["c7.1.5-a"]["evidence"] = [{
        "file": evidence.name, "sha256": hashlib.sha256(evidence.read_bytes()).hexdigest(),
        "caption": "Giấy chứng nhận hiệu chuẩn"}]
    (tmp_path / "iso.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
    view = _view_of(tmp_path / "iso.yaml", "vi", base_dir=tmp_path)
    assert view.disclaimer == ("Đánh giá theo ISO 9001; không phải chứng nhận ISO 9001 của tổ "
                               "chức chứng nhận được công nhận.")
    assert [(n.item_id, n.grade, n.answer) for n in view.nonconformities] == [
        ("c7.4", "major", "0 · Không có"), ("c8.5.4", "minor", "2 · Đáp ứng một phần")]
    row = next(r for s in view.sections for r in s.rows if r.item_id == "c7.1.5-a")
    assert [(e.name, e.kind, e.caption) for e in row.evidence] == [
        ("hieu-chuan-2026.pdf", "file", "Giấy chứng nhận hiệu chuẩn")]
    assert main(["report", str(tmp_path / "iso.yaml"), "-o", str(tmp_path / "r.pdf"),
                 "--lang", "en"]) == 0
    text = _text(pypdf.PdfReader(tmp_path / "r.pdf"))
    assert text.count("An assessment against ISO 9001; not a certification to ISO 9001 by an "
                      "accredited certification body.") == 2  # cover and summary
    assert "Nonconformities given by the answers" in text
    assert "Evidence: hieu-chuan-2026.pdf — Giấy chứng nhận hiệu chuẩn" in text
