"""Certificates: issuing at three tiers, strict decoding, signed trust and revocation lists,
the register, and an independent check of the format from the RFCs alone (tests/rfc_vectors)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from gembakit.base.errors import InputError
from gembakit.certificates import cose
from gembakit.certificates.eligibility import Assessed
from gembakit.certificates.issue import Certificate, assessed_file, certify
from gembakit.certificates.keys import FileKey, load_key, load_root_key, new_key, new_root
from gembakit.certificates.revocation import load_revoked, make_revoked, merge
from gembakit.certificates.trust import Root, TrustList, load_root, load_trust, make_trust
from gembakit.certificates.verify import check
from gembakit.cli import main
from tests import rfc_vectors as rfc
from tests.builders import ROOT

EXAMPLES = ROOT / "src/gembakit/examples"
SELF, CONSULTANT, STATE = (EXAMPLES / f"5s-{n}.yaml" for n in ("example", "consultant", "state"))
ISSUED = dt.date(2026, 11, 20)


@dataclass
class Programme:
    folder: Path
    root: Root
    trust: TrustList
    keys: dict[str, FileKey]

    @property
    def trust_file(self) -> Path:
        return self.folder / "trust-list.json"

    @property
    def root_file(self) -> Path:
        return self.folder / "root" / "root.jwk.json"


def _programme(folder: Path, *, valid_until: dt.date | None = None) -> Programme:
    new_root(folder / "root", "Chương trình thử nghiệm")
    entries = []
    for tier, name in (("self", "Công ty TNHH Cơ khí Chính xác Đồng Nai"),
                       ("consultant", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam"),
                       ("state", "Sở Khoa học và Công nghệ tỉnh Đồng Nai")):
        entries.append(new_key(folder / tier, name, [tier], valid_from=dt.date(2026, 1, 1),
                               valid_until=valid_until))
    document = make_trust(entries, load_root_key(folder / "root"), programme="Thử nghiệm",
                          issued=ISSUED, verifier_url="https://verify.example.org/gk/")
    (folder / "trust-list.json").write_text(json.dumps(document, ensure_ascii=False),
                                            encoding="utf-8")
    root = load_root(folder / "root" / "root.jwk.json")
    return Programme(folder, root, load_trust(folder / "trust-list.json", root),
                     {t: load_key(folder / t) for t in ("self", "consultant", "state")})


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    return _programme(tmp_path_factory.mktemp("programme"))


def _issue(p: Programme, tier: str, **kw: object) -> Certificate:
    path = {"self": SELF, "consultant": CONSULTANT, "state": STATE}[tier]
    assessed, checklist, raw = assessed_file(path)
    consultant = assessed_file(CONSULTANT)[0] if tier == "state" else None
    return certify(assessed, checklist, p.keys[tier], may_sign=[tier], assessment_bytes=raw,
                   consultant=consultant, issued=kw.pop("issued", ISSUED),  # type: ignore[arg-type]
                   **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("tier", "prefix"), [("self", "GK-SD2026-"), ("consultant", "GK-CA2026-"),
                                              ("state", "GK-SR2026-")])
def test_round_trip_per_tier(programme: Programme, tier: str, prefix: str) -> None:
    cert = _issue(programme, tier)
    assert cert.payload.id.startswith(prefix)
    assert cert.text.startswith("GK2:")
    assert set(cert.text[4:]) <= set(cose.ALPHABET)  # all of it fits the QR alphanumeric mode
    verdict = check(cert.text, programme.trust, at=ISSUED)
    assert (verdict.valid, verdict.codes) == (True, ())
    assert verdict.payload == cert.payload


def test_an_independent_verifier_from_the_rfcs_alone(programme: Programme) -> None:
    """tests/rfc_vectors never imports gembakit: Base45 by hand, zlib, cbor2, COSE Sig_structure
    and the issuer's JWK from the trust list."""
    cert = _issue(programme, "consultant")
    decoded = rfc.decode_certificate(cert.text)
    trust = json.loads(programme.trust_file.read_text(encoding="utf-8"))
    root = json.loads(programme.root_file.read_text(encoding="utf-8"))
    valid, codes = rfc.verify(cert.text, trust, root, [], ISSUED)
    assert (valid, codes) == (True, set())
    assert decoded.claims["o"] == "Công ty TNHH Cơ khí Chính xác Đồng Nai"
    assert decoded.serial == cert.payload.id
    # and what the RFC reference makes, gembakit verifies
    issuer = rfc.make_issuer("Another", ["consultant"])
    other_root = rfc.make_root()
    made = rfc.make_certificate(issuer, rfc.sample_claims("consultant"), iat=ISSUED,
                                exp=dt.date(2028, 11, 19), serial="GK-CA2026-ABCDE-FGHJK")
    doc = rfc.make_trust(other_root, [issuer])
    (programme.folder / "rfc-trust.json").write_text(json.dumps(doc), encoding="utf-8")
    (programme.folder / "rfc-root.json").write_text(json.dumps(other_root.public_file()),
                                                    encoding="utf-8")
    trusted = load_trust(programme.folder / "rfc-trust.json",
                         load_root(programme.folder / "rfc-root.json"))
    assert check(made, trusted, at=ISSUED).valid


def test_every_altered_claim_is_refused(programme: Programme) -> None:
    cert = _issue(programme, "consultant")
    changes = {"o": "Công ty Khác", "tc": "0301234567", "pr": "Hà Nội", "s": "Xưởng khác",
               "c": "iso9001", "cv": "9.9.9", "l": 1, "p": 10, "h": b"\x00" * 32,
               "d": "2026-01-01", "a": "Người khác",
               "ln": ["Khác", "Other"], "ss": [["sort", 100]]}
    for claim, value in changes.items():
        text = rfc.altered_claims(cert.text, **{claim: value})
        verdict = check(text, programme.trust, at=ISSUED)
        assert not verdict.valid, claim
        assert "cert.signature" in verdict.codes, claim
    # the serial shows the tier: another tier under the same serial is not a certificate at all
    assert check(rfc.altered_claims(cert.text, t="state"), programme.trust,
                 at=ISSUED).codes == ("cert.format",)


@pytest.mark.parametrize("mutate", [
    lambda t: t[:-1],                                  # truncated
    lambda t: t + "0",                                 # a dangling Base45 character
    lambda t: t[:-3] + ":::",                          # a group out of range
    lambda t: t.replace("GK2:", "GK1:"),               # another prefix
    lambda t: t[:10] + "a" + t[11:],                   # outside the alphabet
    rfc.trailing_zlib,                    # bytes after the zlib stream
    lambda t: rfc.recode(t, lambda b: b + b"\x00"),    # bytes after the CBOR
])
def test_strict_decoding(programme: Programme, mutate: object) -> None:
    cert = _issue(programme, "self")
    text = mutate(cert.text)  # type: ignore[operator]
    verdict = check(text, programme.trust, at=ISSUED)
    assert verdict.codes == ("cert.format",)
    assert verdict.reasons[0].text("en").startswith("not a well-formed gembakit certificate")


def test_non_canonical_cbor_is_refused(programme: Programme) -> None:
    """Re-encoding the same claims in another CBOR form keeps the signature valid over the same
    bytes only if the bytes are the same: any other encoding of one certificate is refused."""
    cert = _issue(programme, "self")
    for name, text in rfc.cose_variants(rfc.make_issuer("X", ["self"]), b"\xa0"):
        assert check(text, programme.trust, at=ISSUED).codes in (("cert.format",),
                                                                 ("cert.unknown_key",)), name
    assert check(cert.text, programme.trust, at=ISSUED).valid


def test_a_deflate_bomb_is_refused_fast_and_small() -> None:
    script = ("import resource, time, sys\n"
              "sys.path.insert(0, '.')\n"
              "from tests import rfc_vectors as rfc\n"
              "bomb = rfc.deflate_bomb(2 * 1024**3)\n"
              "from gembakit.certificates import cose\n"
              "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "start = time.perf_counter()\n"
              "try:\n"
              "    cose.decode(bomb)\n"
              "except Exception as exc:\n"
              "    print(type(exc).__name__, exc.codes)\n"
              "print(time.perf_counter() - start)\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    kind, seconds, grown_kib = run.stdout.splitlines()
    assert kind == "InputError ('cert.format',)"
    assert float(seconds) < 1.0
    assert int(grown_kib) < 100 * 1024


def test_trust_list_refusals_each_with_its_code(programme: Programme, tmp_path: Path) -> None:
    document = json.loads(programme.trust_file.read_text(encoding="utf-8"))
    other = _programme(tmp_path / "other")
    cases = {
        "trust.unsigned": {k: v for k, v in document.items() if k != "signature"},
        "trust.signature": {**document, "issuers": [
            {**document["issuers"][0], "tiers": ["state"]}, *document["issuers"][1:]]},
        "trust.root": json.loads(other.trust_file.read_text(encoding="utf-8")),
    }
    for code, data in cases.items():
        path = tmp_path / f"{code}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_trust(path, programme.root)
        assert caught.value.codes == (code,)


def test_tier_authority_key_validity_and_dates(programme: Programme, tmp_path: Path) -> None:
    consultant = _issue(programme, "consultant")
    assert check(consultant.text, programme.trust, at=dt.date(2026, 11, 19)).codes == (
        "cert.not_yet_valid",)
    assert check(consultant.text, programme.trust, at=dt.date(2028, 11, 21)).codes == (
        "cert.expired",)
    # a consultant key may not sign a state certificate, at issue or at verification
    assessed, checklist, raw = assessed_file(STATE)
    with pytest.raises(InputError) as caught:
        certify(assessed, checklist, programme.keys["consultant"], may_sign=["consultant"],
                assessment_bytes=raw, consultant=assessed_file(CONSULTANT)[0], issued=ISSUED)
    assert caught.value.codes == ("certify.tier",)
    forged = certify(assessed, checklist, programme.keys["consultant"], may_sign=["state"],
                     assessment_bytes=raw, consultant=assessed_file(CONSULTANT)[0],
                     issued=ISSUED)
    assert "cert.tier" in check(forged.text, programme.trust, at=ISSUED).codes
    # a key valid until 2026-06-30 cannot issue in November
    short = _programme(tmp_path / "short", valid_until=dt.date(2026, 6, 30))
    late = _issue(short, "self")
    assert check(late.text, short.trust, at=ISSUED).codes == ("cert.key_validity",)


def test_revocation_only_by_the_issuer_or_a_state_key(programme: Programme,
                                                      tmp_path: Path) -> None:
    cert = _issue(programme, "consultant")
    entry = {"id": cert.payload.id, "status": "withdrawn", "since": "2026-12-01",
             "reason": "falsified records"}
    verdicts = {}
    for signer in ("consultant", "state", "self"):
        path = tmp_path / f"revoked-{signer}.json"
        path.write_text(json.dumps(make_revoked([entry], programme.keys[signer])),
                        encoding="utf-8")
        lists = [load_revoked(path, programme.trust)]
        verdicts[signer] = check(cert.text, programme.trust, revoked=merge(lists),
                                 at=dt.date(2026, 12, 2))
    assert verdicts["consultant"].codes == ("cert.revoked",)
    assert verdicts["consultant"].reasons[0].text("en") == (
        "withdrawn since 2026-12-01 (falsified records)")
    assert verdicts["state"].codes == ("cert.revoked",)
    assert verdicts["self"].valid  # another issuer may not revoke it
    # a list altered after signing, or unsigned, is refused whole
    data = json.loads((tmp_path / "revoked-state.json").read_text(encoding="utf-8"))
    for code, broken in (("revoked.signature", {**data, "certificates": []}),
                         ("revoked.unsigned", {k: v for k, v in data.items()
                                               if k != "signature"})):
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_revoked(path, programme.trust)
        assert caught.value.codes == (code,)


def test_texts_too_long_are_refused_before_signing(programme: Programme, tmp_path: Path) -> None:
    text = CONSULTANT.read_text(encoding="utf-8").replace(
        "name: Công ty TNHH Cơ khí Chính xác Đồng Nai", "name: " + "Công ty " * 25, 1)
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    assessed, checklist, raw = assessed_file(path)
    with pytest.raises(InputError) as caught:
        certify(assessed, checklist, programme.keys["consultant"], may_sign=["consultant"],
                assessment_bytes=raw, issued=ISSUED)
    assert [p.render() for p in caught.value.problems] == [
        "organisation: too long for a certificate: 199 characters, at most 160"]


@pytest.mark.tool("zbarimg")
@pytest.mark.tool("pdftoppm")
def test_the_qr_opens_the_verifier_and_reads_at_100_dpi(programme: Programme,
                                                        tmp_path: Path) -> None:
    from gembakit.certificates.verify import fragment, readings
    from gembakit.render.certificate import certificate_pdf, qr_code

    cert = _issue(programme, "consultant")
    url = programme.trust.verifier_for(cert.payload.id) or "https://verify.example.org/gk/"
    code = qr_code(cert.text, url)
    from PIL import Image

    with Image.open(io.BytesIO(code.png)) as image:  # square modules and a 4-module margin
        assert image.size == ((code.modules + 8) * 4,) * 2
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate_pdf(cert, lang="vi", verifier_url=url))
    for dpi in ("72", "100", "150"):
        subprocess.run(["pdftoppm", "-r", dpi, "-png", str(pdf), str(tmp_path / dpi)],
                       check=True)
        read = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / f"{dpi}-1.png")],
                              capture_output=True, text=True, check=False)
        assert read.stdout.strip() == url + "#" + fragment(cert.text), dpi
    assert readings(read.stdout.strip())[0] == cert.text  # percent-encoded spaces come back
    from pypdf import PdfReader

    assert cert.payload.id in PdfReader(pdf).pages[0].extract_text()


def test_verify_command_takes_the_url_or_the_text(programme: Programme,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cert = _issue(programme, "consultant")
    for qr in (f"https://verify.example.org/gk/#{cert.text}", cert.text):
        code = main(["verify", "--qr", qr, "--trust", str(programme.trust_file), "--root",
                     str(programme.root_file), "--at", "2026-11-21", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert (code, out["valid"], out["codes"]) == (0, True, [])
    code = main(["verify", "--qr", cert.text[:-2] + "00", "--trust", str(programme.trust_file),
                 "--root", str(programme.root_file), "--lang", "vi"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("KHÔNG HỢP LỆ\n")


def test_verifier_site(programme: Programme, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    revoked = tmp_path / "revoked.json"
    revoked.write_text(json.dumps(make_revoked([], programme.keys["state"])), encoding="utf-8")
    code = main(["verifier", "-o", str(tmp_path / "site"), "--trust", str(programme.trust_file),
                 "--root", str(programme.root_file), "--revoked", str(revoked)])
    assert code == 0, capsys.readouterr().err
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert names == ["index.html", "revoked-1.json", "trust-list.json"]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "url(http"):
        assert attribute not in page


def test_keys_are_owner_only(programme: Programme) -> None:
    for tier in ("root", "self", "consultant", "state"):
        assert (programme.folder / tier / "private-key.pem").stat().st_mode & 0o077 == 0


def test_independent_assessments_only(programme: Programme, tmp_path: Path) -> None:
    text = CONSULTANT.read_text(encoding="utf-8").replace(
        "organisation: Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
        "organisation: Công ty TNHH Cơ khí Chính xác Đồng Nai")
    path = tmp_path / "not-independent.yaml"
    path.write_text(text, encoding="utf-8")
    assessed, checklist, raw = assessed_file(path)
    with pytest.raises(InputError) as caught:
        certify(Assessed(*assessed), checklist, programme.keys["consultant"],
                may_sign=["consultant"], assessment_bytes=raw, issued=ISSUED)
    assert "eligibility.independence" in caught.value.codes


def test_no_leftover_files_after_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         programme: Programme) -> None:
    draft = tmp_path / "draft.yaml"
    shutil.copy(SELF, draft)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text[:text.index("status:")], encoding="utf-8")
    code = main(["certify", str(draft), "--key", str(programme.folder / "self"), "--trust",
                 str(programme.trust_file), "--root", str(programme.root_file)])
    err = capsys.readouterr().err
    assert code == 1
    assert "gembakit submit" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]
