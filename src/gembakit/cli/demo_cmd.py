"""``gembakit demo``: take the bundled example through the whole flow and write what it makes.

The demo is the first thing a new user runs, so it shows every capability at once: the score and
its reasons, the report PDF, a signed certificate that is verified on the spot, and the on-site
forms. Each file is written atomically; if the PDF libraries are missing, the files that need no
PDF are still written and the message says how to install what is missing.
"""

from __future__ import annotations

import datetime as dt
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from gembakit._io import dump_yaml, write_atomic
from gembakit.assessments.files import check_file
from gembakit.cli.common import LangOption, fail, state, t
from gembakit.cli.show_result import format_result
from gembakit.errors import GembakitError, Lang
from gembakit.scoring.engine import score

EXAMPLE = "5s-example.yaml"
DEMO_ISSUER = ("gembakit demo issuer — not a real authority / đơn vị cấp mẫu — không có giá trị "
               "công nhận")
PANGO_HINT = ("PDF output needs the Pango and HarfBuzz libraries; on Debian or Ubuntu: apt-get "
              "install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
              "xuất PDF cần thư viện Pango và HarfBuzz; trên Debian hoặc Ubuntu: apt-get install "
              "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0")


def example_path() -> Path:
    return Path(str(resources.files("gembakit.examples") / EXAMPLE))


class _Writer:
    """Writes the demo's files and remembers what each one is, for the closing list."""

    def __init__(self, folder: Path, lang: Lang) -> None:
        self.folder = folder
        self.lang = lang
        self.written: list[tuple[str, str]] = []

    def __call__(self, name: str, data: str | bytes, en: str, vi: str) -> Path:
        path = self.folder / name
        write_atomic(path, data)
        self.written.append((name, t(self.lang, en, vi)))
        return path


def _pdfs(write: _Writer, source: Path, issued: dt.date) -> str:
    """Reports, key, trust list, certificates; returns the verdict on the certificate."""
    from gembakit.certificates.issue import assessed_file, certify
    from gembakit.certificates.keys import PRIVATE_FILE, load_key, load_trust, new_key
    from gembakit.certificates.verify import check_file as verify_file
    from gembakit.render import report_pdf
    from gembakit.render.certificate import certificate_pdf

    assessed, checklist, raw = assessed_file(source)
    for lang in ("vi", "en"):
        pdf = report_pdf(assessed.result, checklist, assessed.assessment, lang=lang,
                         base_dir=source.parent, generated=issued)
        write(f"report-{lang}.pdf", pdf, f"the assessment report ({lang})",
              f"báo cáo đánh giá ({lang})")
    keys = write.folder / "issuer"
    if not (keys / PRIVATE_FILE).exists():  # a second run keeps the key, so old PDFs still verify
        new_key(keys, DEMO_ISSUER, ("self",))
    signing = load_key(keys)
    write.written.append(("issuer/", t(write.lang, "the demo issuer's key pair (owner-only)",
                                       "cặp khóa của đơn vị cấp mẫu (chỉ chủ sở hữu đọc được)")))
    trust_file = write("trust.yaml", dump_yaml({
        "schema": "gembakit/trust/v1",
        "issuers": [signing.issuer.model_dump(mode="json", exclude_none=True)]}),
        "the trust list a verifier uses", "danh sách tin cậy để kiểm tra")
    cert = certify(assessed, checklist, signing, assessment_bytes=raw, issued=issued)
    tier = cert.payload.tier
    pdfs = [write(f"certificate-{lang}.pdf", certificate_pdf(cert, lang=lang),
                  f"the signed certificate, {tier} tier ({lang}), with QR code",
                  f"chứng nhận đã ký, cấp {tier} ({lang}), có mã QR") for lang in ("vi", "en")]
    write("certificate.gk1.txt", cert.text + "\n", "what the QR code holds",
          "nội dung của mã QR")
    verdict = verify_file(pdfs[0], load_trust(trust_file), at=issued)
    if not verdict.valid:  # pragma: no cover - would be a bug in gembakit itself
        raise RuntimeError("; ".join(r.en for r in verdict.reasons))
    return t(write.lang, f"certificate {cert.payload.id} verified: VALID",
             f"chứng nhận {cert.payload.id} đã kiểm tra: HỢP LỆ")


def _forms(write: _Writer, checklist_id: str) -> None:
    from gembakit.assessments.spreadsheet import export_xlsx
    from gembakit.assessments.webform import export_form
    from gembakit.checklists.catalogue import resolve_checklist

    checklist = resolve_checklist(checklist_id)
    write(f"forms/{checklist_id}-form.html", export_form(checklist, write.lang),
          "the offline web form for a phone or tablet", "phiếu web ngoại tuyến cho điện thoại")
    write(f"forms/{checklist_id}-form.xlsx", export_xlsx(checklist, write.lang),
          "the workbook for Excel or LibreOffice", "sổ tính cho Excel hoặc LibreOffice")


def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")]
    = Path("gembakit-demo"),
    lang: LangOption = None,
) -> None:
    """Take the bundled 5S example through everything: score, report, certificate, forms."""
    lang_ = state.lang
    write = _Writer(output, lang_)
    today = dt.date.today()
    pdf_problem: str | None = None
    try:
        source = example_path()
        loaded, checklist, _ = check_file(source)
        result = score(loaded.assessment, checklist)
        write("assessment.yaml", source.read_text(encoding="utf-8"),
              "the example assessment (a fictional CNC workshop)",
              "bản đánh giá mẫu (một xưởng CNC giả định)")
        write("result.json", result.to_json() + "\n", "the result as JSON", "kết quả dạng JSON")
        for language in ("vi", "en"):
            write(f"summary-{language}.txt", format_result(result, checklist, language),
                  f"the result in words ({language})", f"kết quả bằng lời ({language})")
        _forms(write, checklist.id)
        verdict = ""
        try:
            verdict = _pdfs(write, source, today)
        except OSError as exc:  # WeasyPrint could not load Pango/HarfBuzz
            pdf_problem = f"{t(lang_, *PANGO_HINT)} ({exc})"
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    print(format_result(result, checklist, lang_))
    width = max(len(name) for name, _ in write.written)
    print(t(lang_, f"Written to {output}/:", f"Đã ghi vào {output}/:"))
    for name, what in write.written:
        print(f"  {name:<{width}}  {what}")
    if verdict:
        print(verdict)
        print(t(lang_, "Try next:", "Thử tiếp:"))
        print(f"  gembakit verify {output / 'certificate-en.pdf'} --trust {output / 'trust.yaml'}")
        print("  gembakit new 5s -o my-assessment.yaml")
    if pdf_problem:
        print(t(lang_, f"error: {pdf_problem}", f"lỗi: {pdf_problem}"), file=sys.stderr)
        raise typer.Exit(1)
