"""The offline form keeps everything: driven in a real headless Chromium at phone size.

Sixty camera-sized photos survive a reload and come back through ``gembakit import form``; two
copies of the form (and two drafts in one) never mix; a full disk is shown in view; findings,
industry, size and removed photos come out as the assessor left them. And a zip that lies about
its photos, leads outside its folder or unpacks to gigabytes is refused with one message naming
the file, writing nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from playwright.sync_api import expect

import gembakit
from gembakit.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PHONE: ViewportSize = {"width": 390, "height": 844}
CHECKLIST = gembakit.load_checklist("5s")
ITEMS = [p.item.id for p in CHECKLIST.placed]
browser_test = pytest.mark.tool("chromium", "chromium-browser")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _export(capsys: pytest.CaptureFixture[str], target: Path, checklist: str = "5s",
            lang: str = "vi") -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    assert _run(capsys, "export", "form", checklist, "-o", str(target), "--lang", lang)[0] == 0
    return target


def _context(browser: Browser, script: str | None = None) -> BrowserContext:
    context = browser.new_context(accept_downloads=True, offline=True, viewport=PHONE)
    if script:
        context.add_init_script(script)
    return context


def _open(context: BrowserContext, form: Path, errors: list[str] | None = None,
          wait: str = "saved") -> Page:
    page = context.new_page()
    if errors is not None:
        page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(form.as_uri())
    page.wait_for_selector(f'#save-state[data-state="{wait}"]')
    return page


def _saved(page: Page) -> None:
    page.wait_for_selector('#save-state[data-state="saved"]')


def _cover(page: Page, organisation: str, site: str) -> None:
    page.fill('input[name="organisation.name"]', organisation)
    page.fill('input[name="site.name"]', site)
    page.fill('input[name="assessor.name"]', "Nguyễn Thị Hạnh")
    page.fill('input[name="assessor.organisation"]', "Trung tâm Năng suất Việt Nam")


def _answer_all(page: Page) -> None:
    for n, item in enumerate(ITEMS):
        page.check(f'input[name="a-{item}"][value="{n % 4 + 1}"]', force=True)


def _download(page: Page, target: Path) -> Path:
    with page.expect_download() as info:
        page.click("#download")
    info.value.save_as(target)
    expect(page.locator("#status")).to_contain_text(".zip")
    return target


def _size(n: int) -> str:
    """A size as the Vietnamese page writes it."""
    for unit, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if n >= unit:
            return f"{n / unit:.1f}".replace(".", ",") + " " + name
    return f"{n} B"


def _camera(folder: Path, n: int) -> list[Path]:
    """``n`` photos of 1600 px with shapes, gradients and sensor noise: JPEGs of about half a
    megabyte, as a phone's camera gives them once downscaled."""
    from PIL import Image, ImageDraw, ImageOps

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261121)
    made = []
    for i in range(n):
        w, h = (1600, 1200) if i % 3 else (1200, 1600)
        light = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([0, 90, 180, 270]))
        image = ImageOps.colorize(light, tuple(rng.randrange(256) for _ in range(3)),
                                  tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(60):
            x, y, s = rng.randrange(w), rng.randrange(h), rng.randrange(20, 300)
            shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
            shape((x, y, x + s, y + s * rng.random()), fill=tuple(rng.randrange(256)
                                                               for _ in range(3)))
        photo = Image.blend(image, Image.effect_noise((w, h), 40).convert("RGB"), 0.18)
        path = folder / f"IMG_{2000 + i}.jpg"
        photo.save(path, "JPEG", quality=90)
        made.append(path)
    return made


def _thumbs(page: Page, item: str | None = None) -> int:
    where = f'[data-item="{item}"] .thumb' if item else ".thumb"
    count: int = page.locator(where).count()
    return count


@browser_test
@pytest.mark.slow
def test_sixty_photos_survive_a_reload_and_come_back_through_import(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: Browser) -> None:
    from PIL import Image

    form = _export(capsys, tmp_path / "form.html")
    camera = _camera(tmp_path / "camera", 60)
    errors: list[str] = []
    context = _context(browser)
    page = _open(context, form, errors)
    _cover(page, "Công ty TNHH Dệt may Hòa Bình", "Xưởng may số 1")
    _answer_all(page)
    placed: dict[str, list[Path]] = {}
    for n, photo in enumerate(camera):
        placed.setdefault(ITEMS[n % len(ITEMS)], []).append(photo)
    for item, photos in placed.items():
        page.set_input_files(f'input[name="p-{item}"]', [str(p) for p in photos])
        expect(page.locator(f'[data-item="{item}"] .thumb')).to_have_count(len(photos),
                                                                         timeout=60_000)
    _saved(page)
    page.reload()  # everything comes back from IndexedDB
    _saved(page)
    assert _thumbs(page) == 60
    assert {item: _thumbs(page, item) for item in placed} == {i: len(p) for i, p in
                                                              placed.items()}
    assert page.is_checked(f'input[name="a-{ITEMS[5]}"][value="2"]')
    estimate = page.inner_text("#estimate")
    saved = _download(page, tmp_path / "download.zip")
    status = page.inner_text("#status")
    context.close()
    assert errors == []

    size = saved.stat().st_size
    assert size > 8 * 1024 * 1024  # more than the first form could ever bring back
    assert f"{_size(size)} (60 ảnh)" in estimate, estimate  # before the download
    assert f"{_size(size)}, 60 ảnh" in status, status  # and after
    with zipfile.ZipFile(saved) as archive:
        assert archive.testzip() is None  # every CRC-32 the page wrote is right
        names = archive.namelist()
        assert names[0] == "assessment.json"
        assert len(names) == 61
        for name in names[1:]:
            with Image.open(io.BytesIO(archive.read(name))) as image:
                assert image.format == "JPEG"
                assert max(image.size) <= 1600

    out = tmp_path / "imported" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(saved), "-o", str(out), "--lang", "en")
    assert code == 0, err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    evidence = [ev for answer in data["answers"].values() for ev in answer.get("evidence", [])]
    assert len(evidence) == 60
    assert len(list(out.parent.glob("*.jpg"))) == 60
    for ev in evidence:
        raw = (out.parent / ev["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == ev["sha256"]
        assert len(raw) == ev["size"]
    assert _run(capsys, "validate", str(out))[0] == 0


@browser_test
def test_two_copies_and_two_drafts_never_mix(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             browser: Browser) -> None:
    site_a = _export(capsys, tmp_path / "a" / "form.html")
    site_b = tmp_path / "b" / "form.html"
    site_b.parent.mkdir()
    shutil.copy(site_a, site_b)  # the same file, copied for a second site
    kaizen = _export(capsys, tmp_path / "k" / "kaizen.html", "kaizen")
    errors: list[str] = []
    context = _context(browser)
    page = _open(context, site_a, errors)
    page.fill('input[name="organisation.name"]', "Công ty A")
    page.check('input[name="a-sort.1"][value="4"]', force=True)
    _saved(page)

    page = _open(context, site_b, errors)
    expect(page.locator('input[name="organisation.name"]')).to_have_value("")
    assert not page.is_checked('input[name="a-sort.1"][value="4"]')
    note = page.locator('[data-alert="drafts"]')
    assert note.is_visible()
    assert "1 bản đánh giá khác" in note.inner_text()
    page.fill('input[name="organisation.name"]', "Công ty B")
    page.check('input[name="a-sort.1"][value="1"]', force=True)
    _saved(page)

    for form, name, score in ((site_a, "Công ty A", "4"), (site_b, "Công ty B", "1")):
        page = _open(context, form, errors)
        expect(page.locator('input[name="organisation.name"]')).to_have_value(name)
        assert page.is_checked(f'input[name="a-sort.1"][value="{score}"]')

    # Another checklist on the same device sees none of the 5S drafts.
    page = _open(context, kaizen, errors)
    assert page.locator('[data-alert="drafts"]').count() == 0
    page.click("#draft-button")
    assert page.locator("#draft-list .draft").count() == 1
    assert page.locator('#draft-list input[placeholder*="Công ty"]').count() == 0
    context.close()
    assert errors == []


@browser_test
def test_drafts_of_one_form_are_switched_renamed_and_deleted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: Browser) -> None:
    form = _export(capsys, tmp_path / "form.html")
    errors: list[str] = []
    context = _context(browser)
    page = _open(context, form, errors)
    page.fill('input[name="organisation.name"]', "Công ty B")
    _saved(page)
    page.click("#draft-button")
    assert page.locator("#draft-list .draft").count() == 1
    page.click("#draft-new")
    expect(page.locator('input[name="organisation.name"]')).to_have_value("")
    page.fill('input[name="organisation.name"]', "Công ty C")
    page.check('input[name="a-sort.2"][value="0"]', force=True)
    _saved(page)
    page.click("#draft-button")
    assert page.locator("#draft-list .draft").count() == 2
    rename = page.locator('.draft.current input[name="draft-name"]')
    rename.fill("Xưởng C – ca đêm")
    rename.dispatch_event("change")
    _saved(page)
    assert "Xưởng C – ca đêm" in page.inner_text("#draft-button")
    page.locator('.draft:has(input[placeholder="Công ty B"]) button.open').click()
    expect(page.locator('input[name="organisation.name"]')).to_have_value("Công ty B")
    assert not page.is_checked('input[name="a-sort.2"][value="0"]')
    _saved(page)
    page.reload()
    _saved(page)
    expect(page.locator('input[name="organisation.name"]')).to_have_value("Công ty B")
    page.click("#draft-button")
    c_row = page.locator('.draft:has(input[value="Xưởng C – ca đêm"])')
    assert c_row.count() == 1  # the new name was kept
    c_row.locator("button.delete").click()
    confirm = c_row.locator(".confirm")
    assert confirm.is_visible()
    assert "Xóa “Xưởng C – ca đêm” cùng 0 ảnh khỏi thiết bị này?" in confirm.inner_text()
    confirm.locator("button.confirm-delete").click()
    expect(page.locator("#draft-list .draft")).to_have_count(1)
    _saved(page)
    page.reload()
    _saved(page)
    page.click("#draft-button")
    assert page.locator("#draft-list .draft").count() == 1
    assert page.locator('#draft-list input[value="Xưởng C – ca đêm"]').count() == 0
    assert page.locator('#draft-list input[placeholder="Công ty C"]').count() == 0
    context.close()
    assert errors == []


FULL = """
window.__full = "%s";
const realPut = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (...args) {
  if (window.__full) throw new DOMException("no space left", window.__full);
  return realPut.apply(this, args);
};
"""
ALMOST_FULL = """
Object.defineProperty(navigator.storage, "estimate", {
  value: async () => ({ quota: 2e9, usage: 2e9 - 20e6 })
});
"""


@browser_test
@pytest.mark.parametrize(("error", "expected"), [
    ("QuotaExceededError", "Thiết bị đã hết dung lượng: các thay đổi gần nhất CHƯA được lưu."),
    ("UnknownError", "Không lưu được trên thiết bị này (UnknownError)"),
], ids=["quota", "other-error"])
def test_a_failed_save_is_shown_in_view(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        browser: Browser, error: str, expected: str) -> None:
    form = _export(capsys, tmp_path / "form.html")
    context = _context(browser, FULL % error)
    page = _open(context, form, wait="saved")
    page.fill('input[name="organisation.name"]', "Công ty TNHH Cơ khí Tân Phú")
    page.check('input[name="a-sustain.3"][value="2"]', force=True)
    page.wait_for_selector('#save-state[data-state="failed"]')
    alert = page.locator('[data-alert="save"]')
    assert alert.is_visible()
    assert expected in alert.inner_text(), alert.inner_text()
    assert "CHƯA lưu được" in page.inner_text("#save-state")
    # in view wherever the assessor is on the page: the header holding it stays on screen
    page.locator('[data-item="sustain.3"]').scroll_into_view_if_needed()
    box = alert.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"]
    # nothing is lost while the page is open: the download still has it
    saved = _download(page, tmp_path / "download.zip")
    with zipfile.ZipFile(saved) as archive:
        data = json.loads(archive.read("assessment.json"))
    assert data["answers"]["sustain.3"] == {"score": 2}
    # once space is freed, "Try again" saves it all and the warning goes
    page.evaluate("window.__full = ''")
    alert.locator("button", has_text="Thử lại").click()
    _saved(page)
    assert page.locator('[data-alert="save"]').count() == 0
    page.reload()
    _saved(page)
    assert page.is_checked('input[name="a-sustain.3"][value="2"]')
    context.close()


@browser_test
def test_low_space_is_shown_before_it_runs_out(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               browser: Browser) -> None:
    form = _export(capsys, tmp_path / "form.html")
    context = _context(browser, ALMOST_FULL)
    page = _open(context, form)
    page.wait_for_selector('[data-alert="space"]')
    text = page.inner_text('[data-alert="space"]')
    assert "Thiết bị sắp hết dung lượng: chỉ còn 20,0 MB." in text, text
    assert page.locator('[data-alert="space"]').is_visible()
    context.close()


@browser_test
def test_findings_industry_size_and_a_removed_photo_come_out_in_the_import(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: Browser) -> None:
    form = _export(capsys, tmp_path / "form.html")
    camera = _camera(tmp_path / "camera", 3)
    errors: list[str] = []
    context = _context(browser)
    page = _open(context, form, errors)
    _cover(page, "Công ty CP Điện tử Sông Hàn", "Dây chuyền SMT")
    page.fill('input[name="organisation.tax_code"]', "0401234567")
    page.fill('input[name="organisation.industry"]', "Điện tử")
    page.select_option('select[name="organisation.size"]', "medium")
    page.check('input[name="a-sort.1"][value="2"]', force=True)
    page.check('input[name="a-set.1"][value="3"]', force=True)
    for grade, text in (("major", "Không có danh mục vật dụng cần thiết"),
                        ("observation", "Tạm thời"),
                        ("opportunity", "Nên dán nhãn màu theo khu vực")):
        page.click('button[name="f-sort.1"]')
        last = page.locator('[data-item="sort.1"] .finding').last
        last.locator("select").select_option(grade)
        last.locator("textarea").fill(text)
    page.locator('[data-item="sort.1"] .finding').nth(1).locator("button.x").click()
    page.set_input_files('input[name="p-set.1"]', [str(p) for p in camera])
    expect(page.locator('[data-item="set.1"] .thumb')).to_have_count(3)
    page.click('[data-photo="set.1/2"]')
    assert page.locator("#viewer").is_visible()
    assert "set.1-2.jpg" in page.inner_text("#viewer-meta")
    page.click("#viewer-remove")
    assert _thumbs(page, "set.1") == 2
    _saved(page)
    page.reload()
    _saved(page)
    assert _thumbs(page, "set.1") == 2
    assert page.locator('[data-item="sort.1"] .finding').count() == 2
    saved = _download(page, tmp_path / "download.zip")
    context.close()
    assert errors == []

    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(saved), "-o", str(out), "--photos",
                        str(tmp_path / "out" / "anh"), "--lang", "en")
    assert code == 0, err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["organisation"] == {"name": "Công ty CP Điện tử Sông Hàn",
                                    "tax_code": "0401234567", "industry": "Điện tử",
                                    "size": "medium"}
    assert data["answers"]["sort.1"]["findings"] == [
        {"grade": "major", "text": "Không có danh mục vật dụng cần thiết"},
        {"grade": "opportunity", "text": "Nên dán nhãn màu theo khu vực"}]
    assert [ev["file"] for ev in data["answers"]["set.1"]["evidence"]] == [
        "anh/set.1-1.jpg", "anh/set.1-3.jpg"]
    assert sorted(p.name for p in (tmp_path / "out" / "anh").iterdir()) == [
        "set.1-1.jpg", "set.1-3.jpg"]
    assert _run(capsys, "validate", str(out))[0] == 0


@browser_test
def test_work_kept_by_the_first_form_becomes_a_draft(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: Browser) -> None:
    """What the first form kept in localStorage (photos as base64) opens in the new form, once."""
    import base64

    form = _export(capsys, tmp_path / "form.html")
    photo = _camera(tmp_path / "camera", 1)[0].read_bytes()
    old = {"cover": {"organisation.name": "Công ty TNHH Nhựa Bình Minh", "site.name": "Kho 2",
                     "assessor.tier": "self", "date": "2026-11-19"},
           "answers": {"sort.1": {"score": 2, "note": "Còn khuôn cũ", "photos": [{
               "file": "sort.1-1.jpg", "sha256": hashlib.sha256(photo).hexdigest(),
               "content": base64.b64encode(photo).decode("ascii")}]}}}
    key = f"gembakit:5s:{CHECKLIST.version}"
    errors: list[str] = []
    context = _context(browser)
    page = _open(context, form, errors)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(old)])
    for _ in range(2):  # moved once: a second opening finds it, not a copy of it
        page = _open(context, form, errors)
        expect(page.locator('input[name="organisation.name"]')).to_have_value(
            "Công ty TNHH Nhựa Bình Minh")
        assert page.is_checked('input[name="a-sort.1"][value="2"]')
        assert page.input_value('textarea[name="n-sort.1"]') == "Còn khuôn cũ"
        assert _thumbs(page, "sort.1") == 1
        page.click("#draft-button")
        assert page.locator("#draft-list .draft").count() == 1
        page.click("#drafts-close")
    saved = _download(page, tmp_path / "download.zip")
    context.close()
    assert errors == []
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(saved), "-o", str(out))
    assert code == 0, err
    assert (tmp_path / "out" / "sort.1-1.jpg").read_bytes() == photo


# ---- Bad zips: refused with one message naming the file, nothing written ----

PHOTO = b"\xff\xd8\xff\xe0 a photo of shelf B"


def _assessment(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": "gembakit/assessment/v1",
            "checklist": {"id": "5s", "version": CHECKLIST.version},
            "organisation": {"name": "Công ty TNHH Cơ khí Tân Phú"},
            "site": {"name": "Xưởng tiện"},
            "assessor": {"tier": "self", "name": "Đỗ Văn Nam",
                         "organisation": "Công ty TNHH Cơ khí Tân Phú"},
            "date": "2026-11-20",
            "answers": {"sort.1": {"score": 3, "evidence": evidence},
                        "sort.3": {"score": 4}, "standardize.2": {"score": 3},
                        "sustain.2": {"score": 2}}}


def _zip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, raw in entries:
            archive.writestr(zipfile.ZipInfo(name, (2026, 11, 20, 9, 0, 0)), raw,
                             compress_type=method)
    return buffer.getvalue()


def _good(photo: bytes = PHOTO, name: str = "photos/sort.1-1.jpg",
          listed: str | None = None, sha256: str | None = None) -> bytes:
    evidence = [{"file": listed or name, "sha256": sha256 or hashlib.sha256(photo).hexdigest(),
                 "size": len(photo)}]
    return _zip([("assessment.json", json.dumps(_assessment(evidence)).encode()),
                 (name, photo)])


def _declared_sizes(raw: bytes, size: int) -> bytes:
    """The zip with every entry declaring ``size`` bytes unpacked in its central directory (a
    bomb need not really hold what it claims to be refused for it)."""
    out = bytearray(raw)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<L", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _deflate_bomb() -> bytes:
    """The photo replaced by 200 MiB of zeros, deflated to about 200 kB, its size declared."""
    info = zipfile.ZipInfo("photos/sort.1-1.jpg", (2026, 11, 20, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_good())) as src, zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(src.getinfo("assessment.json"), src.read("assessment.json"))
        with archive.open(info, "w") as entry:
            for _ in range(200):
                entry.write(bytes(1 << 20))
    return buffer.getvalue()


def _lying_bomb() -> bytes:
    """A photo entry whose headers hide its size: 100 MiB of zeros said to be a few bytes (the
    CRC cannot match once the reader stops at the declared size)."""
    name = "photos/sort.1-1.jpg"
    raw = bytearray(_zip([("assessment.json", json.dumps(_assessment([{
        "file": name, "sha256": hashlib.sha256(PHOTO).hexdigest()}])).encode()),
        (name, bytes(100 << 20))], zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into("<L", raw, local + 22, len(PHOTO))
    central = raw.find(b"PK\x01\x02" + raw[local + 4:local + 6])
    while raw[central + 46:central + 46 + len(name)] != name.encode():
        central = raw.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<L", raw, central + 24, len(PHOTO))
    return bytes(raw)


BAD_ZIPS: dict[str, tuple[Callable[[], bytes], str]] = {
    "sha256": (lambda: _good(sha256="0" * 64),
               "{zip} › answers › sort.1 › evidence[0] › sha256: the photo photos/sort.1-1.jpg "
               "in the download does not match this SHA-256 (its SHA-256 is "
               + hashlib.sha256(PHOTO).hexdigest() + ")"),
    "size": (lambda: _zip([("assessment.json", json.dumps(_assessment([{
        "file": "photos/a.jpg", "sha256": hashlib.sha256(PHOTO).hexdigest(), "size": 3}]))
        .encode()), ("photos/a.jpg", PHOTO)]),
        "{zip} › answers › sort.1 › evidence[0] › size: the photo photos/a.jpg in the download "
        f"has {len(PHOTO)} bytes, not 3"),
    "missing": (lambda: _good(listed="photos/other.jpg"),
                "{zip} › answers › sort.1 › evidence[0] › file: photos/other.jpg is not in the "
                "download"),
    "escape-dotdot": (lambda: _good(name="../../evil.jpg"),
                      "{zip}: the entry ../../evil.jpg leads outside the download's folder"),
    "escape-absolute": (lambda: _good(name="/tmp/evil.jpg"),
                        "{zip}: the entry /tmp/evil.jpg leads outside the download's folder"),
    "escape-backslash": (lambda: _good(name="photos\\..\\..\\evil.jpg"),
                         "{zip}: the entry photos\\..\\..\\evil.jpg leads outside the "
                         "download's folder"),
    "bomb-entry": (_deflate_bomb,
                   "{zip}: the entry photos/sort.1-1.jpg unpacks to more than 50 MiB"),
    "bomb-total": (lambda: _declared_sizes(_zip([(f"photos/{n}.jpg", PHOTO) for n in range(50)]
                                                + [("assessment.json", b"{}")]), 45 << 20),
                   "{zip}: unpacks to 2295 MiB; a form download holds at most 2048 MiB"),
    "bomb-lying": (_lying_bomb, "{zip}: not a readable zip download (BadZipFile)"),
    "entries": (lambda: _zip([(f"photos/{n}.jpg", b"") for n in range(1300)]),
                "{zip}: holds 1300 files; a form download holds at most 1216"),
    "no-assessment": (lambda: _zip([("photos/a.jpg", PHOTO)]),
                      "{zip}: holds no assessment.json: not a download from a gembakit form"),
    "not-a-zip": (lambda: b"PK\x03\x04" + bytes(100),
                  "{zip}: not a readable zip download (no end record)"),
    "bad-json": (lambda: _zip([("assessment.json", b'{"schema": "gembakit/assessment/v1",\n}')]),
                 "{zip} › assessment.json: not valid JSON: a key in double quotes is expected "
                 "here (no trailing commas) (line 2)"),
}


@pytest.mark.parametrize("case", list(BAD_ZIPS))
def test_a_bad_zip_is_refused_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    make, expected = BAD_ZIPS[case]
    download = tmp_path / "download.zip"
    download.write_bytes(make())
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(download), "-o", str(out), "--lang", "en")
    assert code == 1
    assert err.splitlines() == ["error: " + expected.format(zip=download)], err
    assert not (tmp_path / "out").exists()  # neither the assessment nor any photo


@pytest.mark.parametrize(("name", "escapes"), [
    ("photos/sort.1-1.jpg", False), ("photos/", False), ("assessment.json", False),
    ("../x.jpg", True), ("photos/../../x.jpg", True), ("/etc/passwd", True), ("C:x.jpg", True),
    ("photos\\x.jpg", True), ("photos//x.jpg", True), ("./x.jpg", True), ("", True),
])
def test_entry_names_that_could_leave_the_folder(name: str, escapes: bool) -> None:
    from gembakit.assessments.formzip import _escapes

    assert _escapes(zipfile.ZipInfo(name)) is escapes


def test_a_link_entry_is_refused() -> None:
    from gembakit.assessments.formzip import _escapes

    link = zipfile.ZipInfo("photos/sort.1-1.jpg")
    link.external_attr = 0o120777 << 16  # a symbolic link, as Info-ZIP stores one
    assert _escapes(link)


def test_photos_of_areas_are_checked_too() -> None:
    from gembakit.assessments.formzip import zip_evidence

    data = {"answers": {"sort.1": {"evidence": [{"file": "photos/a.jpg"}]}},
            "areas": [{"id": "kho", "answers": {"set.1": {"evidence": [
                {"file": "photos/b.jpg"}, {"file": "c.jpg", "content": "Yw=="}]}}}]}
    assert [path for path, _ in zip_evidence(data)] == [
        ("answers", "sort.1", "evidence", 0), ("areas", 0, "answers", "set.1", "evidence", 0)]


def test_a_good_zip_from_elsewhere_imports(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A download re-zipped by another tool (deflated, folder entries) is still the same
    assessment; and the unzipped download validates as it is."""
    raw = _good()
    with zipfile.ZipFile(io.BytesIO(raw)) as src:
        entries = [("photos/", b"")] + [(n, src.read(n)) for n in src.namelist()]
    download = tmp_path / "download.zip"
    download.write_bytes(_zip(entries, zipfile.ZIP_DEFLATED))
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(download), "-o", str(out))
    assert code == 0, err
    assert (tmp_path / "out" / "sort.1-1.jpg").read_bytes() == PHOTO
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(download) as archive:
        archive.extractall(unzipped)
    assert _run(capsys, "validate", str(unzipped / "assessment.json"))[0] == 0


def test_photos_are_removed_again_when_the_assessment_cannot_be_saved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gembakit.assessments import io as assessment_io
    from gembakit.base.errors import refuse

    def full_disk(*_: object) -> None:
        raise refuse("file.unwritable", "cannot be written: {reason}", file="a.yaml",
                     reason="No space left on device")

    monkeypatch.setattr(assessment_io, "save_assessment", full_disk)
    download = tmp_path / "download.zip"
    download.write_bytes(_good())
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(download), "-o", str(out), "--lang", "en")
    assert code == 1, err
    assert not list((tmp_path / "out").glob("*"))  # the photo written first is gone again


def test_a_large_json_download_of_the_first_form_still_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import base64

    photo = random.Random(7).randbytes(7 * 1024 * 1024)
    data = _assessment([{"file": "sort.1-1.jpg", "sha256": hashlib.sha256(photo).hexdigest(),
                         "content": base64.b64encode(photo).decode("ascii")}])
    download = tmp_path / "download.json"
    download.write_text(json.dumps(data), encoding="utf-8")
    assert download.stat().st_size > 8 * 1024 * 1024
    out = tmp_path / "out" / "a.yaml"
    code, _, err = _run(capsys, "import", "form", str(download), "-o", str(out))
    assert code == 0, err
    assert (tmp_path / "out" / "sort.1-1.jpg").read_bytes() == photo


@pytest.mark.slow
def test_mutated_zips_never_crash_the_import(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    seed = _good()
    rng = random.Random(5)
    for n in range(300):
        raw = bytearray(seed)
        for _ in range(rng.randrange(1, 6)):
            kind = rng.random()
            at = rng.randrange(len(raw))
            if kind < 0.6:
                raw[at] = rng.randrange(256)
            elif kind < 0.8:
                del raw[at:at + rng.randrange(1, 40)]
            else:
                raw[at:at] = rng.randbytes(rng.randrange(1, 40))
        download = tmp_path / f"m{n}.zip"
        download.write_bytes(bytes(raw))
        out = tmp_path / f"out{n}" / "a.yaml"
        code, _, err = _run(capsys, "import", "form", str(download), "-o", str(out),
                            "--lang", "en")
        assert code in (0, 1), err
        assert "Traceback" not in err
        if code == 1:
            assert not out.exists()
