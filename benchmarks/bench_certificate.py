"""Certificate benchmark, in one run on this machine:

- rendering a certificate PDF (A4 landscape, QR code, embedded payload) against WeasyPrint
  rendering a plain one-page A4 document with the same fonts and the same words — every text the
  certificate shows, as plain paragraphs — so the ratio is the cost of the certificate's design
  (layout, QR code, attachment), not of typesetting its content (target <= 1.5x);
- signing and verifying one certificate (canonical JSON, Ed25519, compact form).

Run: python benchmarks/bench_certificate.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from gembakit.certificates.issue import assessed_file, certify
from gembakit.certificates.keys import TrustList, load_key, new_key
from gembakit.certificates.verify import check
from gembakit.render.certificate import certificate_pdf, certificate_view
from gembakit.render.safety import ASSETS

EXAMPLE = Path(__file__).resolve().parents[1] / "src/gembakit/examples/5s-example.yaml"
PLAIN = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@font-face { font-family: "Gembakit Sans"; src: url("../fonts/DejaVuSans.ttf"); }
@font-face { font-family: "Gembakit Sans"; src: url("../fonts/DejaVuSans-Bold.ttf");
             font-weight: bold; }
@page { size: A4; margin: 20mm; } html { font-family: "Gembakit Sans"; font-size: 10pt; }
</style></head><body><h1>{title}</h1>{paragraphs}</body></html>"""


def plain_html(words: list[str]) -> str:
    """The certificate's words as plain paragraphs."""
    from html import escape

    return PLAIN.replace("{title}", escape(words[0])).replace(
        "{paragraphs}", "".join(f"<p>{escape(w)}</p>" for w in words[1:]))


def best(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    runs = 3 if parser.parse_args().quick else 9
    import weasyprint

    with tempfile.TemporaryDirectory() as tmp:
        entry = new_key(Path(tmp) / "k", "Sở Khoa học và Công nghệ", ("self",))
        key = load_key(Path(tmp) / "k")
    trust = TrustList.model_validate({"schema": "gembakit/trust/v1",
                                      "issuers": [entry.model_dump(mode="json")]})
    assessed, checklist, raw = assessed_file(EXAMPLE)
    day = dt.date(2026, 11, 21)
    cert = certify(assessed, checklist, key, assessment_bytes=raw, issued=day)
    base = (ASSETS / "templates").as_uri() + "/"
    view = certificate_view(cert.payload, cert.text, lang="vi", qr=Path("qr.png"))
    words = [str(v) for k, v in view.model_dump().items()
             if isinstance(v, str) and k not in ("qr", "lang", "tier")]
    words += [v for k in ("words", "other") for v in getattr(view, k).values()]
    document = plain_html(words)

    def ours() -> bytes:
        return certificate_pdf(cert, lang="vi")

    def plain() -> bytes:
        return weasyprint.HTML(string=document, base_url=base).write_pdf()  # type: ignore[no-any-return]

    ours(), plain()
    mine = min(best(ours, 1) for _ in range(runs))
    theirs = min(best(plain, 1) for _ in range(runs))
    ratio = mine / theirs
    ok = ratio <= 1.5
    print(f"certificate: {mine * 1000:.0f} ms, plain one-page A4 with its {len(words)} texts "
          f"{theirs * 1000:.0f} ms, ratio "
          f"{ratio:.2f}x (target <= 1.5x: {'met' if ok else 'NOT met'})")

    n = 200 if runs > 3 else 50
    start = time.perf_counter()
    for _ in range(n):
        certify(assessed, checklist, key, assessment_bytes=raw, issued=day)
    signing = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        assert check(cert.text, trust, at=day).valid
    verifying = (time.perf_counter() - start) / n
    print(f"sign (eligibility, payload, canonical JSON, Ed25519): {signing * 1000:.2f} ms; "
          f"verify (decode, canonical check, signature, trust, dates): {verifying * 1000:.2f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
