"""Regenerate docs/images/form.png and docs/images/workbook.png (needs Chromium and LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gembakit.assessments.spreadsheet import export_xlsx
from gembakit.assessments.webform import export_form
from gembakit.checklists.catalogue import load_bundled

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


def form(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = folder / "form.html"
    page_file.write_text(export_form(load_bundled("5s"), "vi"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 420, "height": 860}, device_scale_factor=1)
        page.goto(page_file.as_uri())
        page.fill('input[name="organisation.name"]', "Công ty TNHH Cơ khí Chính xác Đồng Nai")
        for item, value in (("sort.1", "3"), ("sort.2", "4"), ("sort.3", "4")):
            page.check(f'input[name="a-{item}"][value="{value}"]', force=True)
        page.locator(".section").first.scroll_into_view_if_needed()
        page.screenshot(path=str(IMAGES / "form.png"))
        browser.close()


def workbook(folder: Path) -> None:
    book = folder / "form.xlsx"
    book.write_bytes(export_xlsx(load_bundled("5s"), "vi"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo",
                    "--convert-to", "pdf", "--outdir", str(folder), str(book)], check=True,
                   capture_output=True, timeout=240)
    # The printed first section sheet, cropped to its rows (A4 landscape at 150 dpi).
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "2", "-l", "2", "-singlefile",
                    "-x", "60", "-y", "100", "-W", "1640", "-H", "640",
                    str(folder / "form.pdf"), str(IMAGES / "workbook")], check=True)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        form(Path(tmp))
        workbook(Path(tmp))
    print(f"wrote {IMAGES / 'form.png'} and {IMAGES / 'workbook.png'}")


if __name__ == "__main__":
    main()
