"""``gembakit demo``: take the bundled examples through the whole flow and write what it makes.

The demo is the first thing a new user runs, so it shows every capability at once: the score and
its reasons, the report PDF, a programme root key and a signed trust list, certificates at the
three tiers verified on the spot, the verifier page a phone opens, and the on-site forms. Each
file is written atomically; if the PDF libraries are missing, the files that need no PDF are still
written and the message says how to install what is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from gembakit.assessments.files import check_file
from gembakit.base.errors import GembakitError
from gembakit.base.messages import N_, tr
from gembakit.base.safe_io import write_atomic
from gembakit.cli.common import LangOption, fail, state
from gembakit.cli.show_result import format_result
from gembakit.scoring.engine import score

EXAMPLES = {"self": "5s-example.yaml", "consultant": "5s-consultant.yaml", "state": "5s-state.yaml"}
DEMO_ROOT = "gembakit demo programme — not a real authority / chương trình mẫu"
DEMO_ISSUERS = {
    "self": ("Công ty TNHH Cơ khí Chính xác Đồng Nai (demo)", ["self"]),
    "consultant": ("Công ty CP Tư vấn Năng suất Chất lượng Phương Nam (demo)", ["consultant"]),
    "state": ("Sở Khoa học và Công nghệ tỉnh Đồng Nai (demo)", ["state"]),
}
VERIFIER_URL = "https://verify.example.org/gembakit/"
PANGO_HINT = N_("PDF output needs the Pango and HarfBuzz libraries; on Debian or Ubuntu: "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0")


def example_path(tier: str = "self") -> Path:
    return Path(str(resources.files("gembakit.examples") / EXAMPLES[tier]))


class _Writer:
    """Writes the demo's files and remembers what each one is, for the closing list."""

    def __init__(self, folder: Path, lang: str) -> None:
        self.folder = folder
        self.lang = lang
        self.written: list[tuple[str, str]] = []

    def __call__(self, name: str, data: str | bytes, what: str, **params: object) -> Path:
        path = self.folder / name
        write_atomic(path, data)
        self.note(name, what, **params)
        return path

    def note(self, name: str, what: str, **params: object) -> None:
        self.written.append((name, tr(self.lang, what, **params)))


def _keys(write: _Writer, issued: dt.date) -> tuple[Path, Path]:
    """A demo root, one demo issuer per tier and the trust list the root signs. A second run
    keeps the keys, so certificates made before still verify."""
    from gembakit.certificates.keys import (
        ISSUER_FILE,
        PRIVATE_FILE,
        load_root_key,
        new_key,
        new_root,
    )
    from gembakit.certificates.trust import make_trust

    keys = write.folder / "keys"
    if not (keys / "root" / PRIVATE_FILE).exists():
        new_root(keys / "root", DEMO_ROOT)
    for tier, (name, tiers) in DEMO_ISSUERS.items():
        if not (keys / tier / PRIVATE_FILE).exists():
            new_key(keys / tier, name, tiers, valid_from=dt.date(2026, 1, 1))
    write.note("keys/", N_("the demo root key and one issuer key per tier (owner-only)"))
    root = write.folder / "root.jwk.json"
    write_atomic(root, (keys / "root" / "root.jwk.json").read_text(encoding="utf-8"))
    write.note("root.jwk.json", N_("the root's public key, which verifiers pin"))
    entries = [json.loads((keys / tier / ISSUER_FILE).read_text(encoding="utf-8"))
               for tier in DEMO_ISSUERS]
    document = make_trust(entries, load_root_key(keys / "root"), programme=DEMO_ROOT,
                          issued=issued, verifier_url=VERIFIER_URL)
    trust = write("trust-list.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                  N_("the trust list, signed by the demo root"))
    return trust, root


def _programme_db(write: _Writer) -> Path:
    """``programme.db``: the example consultant (an expert) and its organisation, the example
    enterprise as a pilot model; the certificates the demo issues are added as they are made.
    Made afresh on every run."""
    from gembakit.registry.db import open_database
    from gembakit.registry.kinds import EXPERTS, MODELS, ORGANISATIONS
    from gembakit.registry.migrate import init_database
    from gembakit.registry.records import check_row
    from gembakit.registry.records import write as write_records

    path = write.folder / "programme.db"
    for stale in (path, path.with_name("programme.db-wal"), path.with_name("programme.db-shm")):
        stale.unlink(missing_ok=True)
    init_database(path).close()
    rows = {
        EXPERTS: {"name": "Trần Minh Quân", "credential": "0456/2025", "issued_by": "STAMEQ",
                  "level": "II", "competences": "5s;kaizen",
                  "organisation": "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
                  "province": "TP. Hồ Chí Minh", "valid_from": "2025-03-01",
                  "valid_until": "2028-02-29"},
        ORGANISATIONS: {"name": "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
                        "tax_code": "0312345678", "kind": "consulting",
                        "province": "TP. Hồ Chí Minh"},
        MODELS: {"enterprise": "Công ty TNHH Cơ khí Chính xác Đồng Nai",
                 "tax_code": "3601234567", "tool": "5S", "checklist": "5s",
                 "programme": "Chương trình Năng suất Quốc gia", "funding_share": "30",
                 "year": "2026", "province": "Đồng Nai", "industry": "cơ khí",
                 "indicators": "năng suất:chi tiết/giờ:42:51; tỷ lệ lỗi:%:3.8:2.1; "
                               "thời gian tìm dụng cụ:phút/ca:35:9"},
    }
    with open_database(path) as database:
        for kind, cells in rows.items():
            values, problems = check_row(kind, cells, ())
            assert not problems, problems  # the demo's own data
            write_records(database, kind, [values], by="gembakit demo")
    write.note("programme.db", N_("the programme database: the example consultant, its "
                                  "organisation, a pilot model and the certificates issued"))
    return path


def _pdfs(write: _Writer, issued: dt.date) -> list[str]:
    """Reports, keys, trust list, certificates and the verifier page; the verdicts."""
    from gembakit.certificates.issue import assessed_file
    from gembakit.cli.certify_flow import issue_certificate
    from gembakit.cli.verify_flow import verdict_for, write_verifier
    from gembakit.registry.db import open_database
    from gembakit.render import report_pdf

    source = example_path("self")
    assessed, checklist, _ = assessed_file(source)
    for lang in ("vi", "en"):
        pdf = report_pdf(assessed.result, checklist, assessed.assessment, lang=lang,
                         base_dir=source.parent, generated=issued)
        write(f"report-{lang}.pdf", pdf, N_("the assessment report ({lang})"), lang=lang)
    trust, root = _keys(write, issued)
    database = open_database(_programme_db(write))
    verdicts = []
    for tier in DEMO_ISSUERS:
        for lang in ("vi", "en"):
            target = write.folder / "certificates" / f"{tier}-{lang}.pdf"
            _, cert = issue_certificate(
                example_path(tier), key=write.folder / "keys" / tier, trust=trust, root=root,
                output=target, consultant=example_path("consultant") if tier == "state" else None,
                database=database, passphrase=None, issued=issued, lang=lang)
            write.note(f"certificates/{tier}-{lang}.pdf",
                       N_("a signed certificate, {tier} tier ({lang}), with its QR code"),
                       tier=tier, lang=lang)
        verdict, _ = verdict_for(cert.text, trust=trust, root=root, revoked=[], at=issued,
                                 source=str(target))
        if not verdict.valid:  # pragma: no cover - would be a bug in gembakit itself
            raise RuntimeError("; ".join(r.en for r in verdict.reasons))
        verdicts.append(tr(write.lang, "certificate {id} verified: VALID", id=cert.payload.id))
    write_verifier(write.folder / "verifier", trust=trust, root=root, revoked=[], built=issued)
    write.note("verifier/", N_("the verifier page anyone can host; a phone opens it from the QR "
                               "code"))
    from gembakit.render.public_register import publish

    publish(database, write.folder / "register", lang=write.lang,
            verifier=write.folder / "verifier")
    database.close()
    write.note("register/", N_("the public register published from the database, searchable "
                               "in the page"))
    return verdicts


def _forms(write: _Writer, checklist_id: str) -> None:
    from gembakit.assessments.spreadsheet import export_xlsx
    from gembakit.assessments.webform import export_form
    from gembakit.checklists.catalogue import resolve_checklist

    checklist = resolve_checklist(checklist_id)
    write(f"forms/{checklist_id}-form.html", export_form(checklist, write.lang),
          N_("the offline web form for a phone or tablet"))
    write(f"forms/{checklist_id}-form.xlsx", export_xlsx(checklist, write.lang),
          N_("the workbook for Excel or LibreOffice"))


def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")]
    = Path("gembakit-demo"),
    lang: LangOption = None,
) -> None:
    """Take the bundled 5S examples through everything: score, report, keys, trust list,
    certificates at three tiers, the verifier page and the on-site forms."""
    lang_ = state.lang
    write = _Writer(output, lang_)
    today = dt.date.today()
    pdf_problem: str | None = None
    try:
        source = example_path("self")
        loaded, checklist, _ = check_file(source)
        result = score(loaded.assessment, checklist)
        write("assessment.yaml", source.read_text(encoding="utf-8"),
              N_("the example assessment (a fictional CNC workshop)"))
        write("result.json", result.to_json() + "\n", N_("the result as JSON"))
        for language in ("vi", "en"):
            write(f"summary-{language}.txt", format_result(result, checklist, language),
                  N_("the result in words ({lang})"), lang=language)
        _forms(write, checklist.id)
        verdicts: list[str] = []
        try:
            verdicts = _pdfs(write, today)
        except OSError as exc:  # WeasyPrint could not load Pango/HarfBuzz
            pdf_problem = f"{tr(lang_, PANGO_HINT)} ({exc})"
    except GembakitError as exc:
        raise fail(exc) from None
    print(format_result(result, checklist, lang_))
    width = max(len(name) for name, _ in write.written)
    print(tr(lang_, "Written to {output}/:", output=output))
    for name, what in write.written:
        print(f"  {name:<{width}}  {what}")
    for line in verdicts:
        print(line)
    if verdicts:
        print(tr(lang_, "Try next:"))
        print(f"  gembakit verify {output / 'certificates' / 'consultant-en.pdf'} "
              f"--trust {output / 'trust-list.json'} --root {output / 'root.jwk.json'}")
        print(f"  xdg-open {output / 'verifier' / 'index.html'}")
        print("  gembakit new 5s -o my-assessment.yaml")
    if pdf_problem:
        print(tr(lang_, "error: {problem}", problem=pdf_problem), file=sys.stderr)
        raise typer.Exit(1)
