"""Certificates at three tiers: issue, verify from PDF / payload / QR, every tampering caught."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import rfc8785

from gembakit.certificates.eligibility import Assessed, unmet
from gembakit.certificates.issue import Certificate, assessed_file, certify
from gembakit.certificates.keys import TrustList, load_key, load_trust, new_key
from gembakit.certificates.payload import Payload, canonical, compact, split
from gembakit.certificates.register import Register
from gembakit.certificates.revocation import load_revoked, merge
from gembakit.certificates.verify import check, check_file
from gembakit.cli import main
from gembakit.errors import InputError
from gembakit.render.certificate import certificate_pdf
from tests.builders import EXAMPLE

EXAMPLES = EXAMPLE.parent
ISSUED = dt.date(2026, 11, 21)
ORG = "Công ty TNHH Cơ khí Chính xác Đồng Nai"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("keys")
    new_key(root / "self", ORG, ("self",))
    new_key(root / "consultant", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
            ("consultant",))
    new_key(root / "state", "Sở Khoa học và Công nghệ tỉnh Đồng Nai", ("state",))
    assert main(["keys", "trust", str(root / "self"), str(root / "consultant"),
                 str(root / "state"), "-o", str(root / "trust.yaml")]) == 0
    return {"root": root, "trust": load_trust(root / "trust.yaml"),
            **{tier: load_key(root / tier) for tier in ("self", "consultant", "state")}}


def _issue(keys: dict[str, Any], tier: str) -> Certificate:
    name = {"self": "5s-example.yaml", "consultant": "5s-consultant.yaml",
            "state": "5s-state.yaml"}[tier]
    assessed, checklist, raw = assessed_file(EXAMPLES / name)
    consultant = assessed_file(EXAMPLES / "5s-consultant.yaml")[0] if tier == "state" else None
    return certify(assessed, checklist, keys[tier], assessment_bytes=raw, consultant=consultant,
                   issued=ISSUED)


@pytest.mark.parametrize("tier", ["self", "consultant", "state"])
def test_round_trip_per_tier(keys: dict[str, Any], tier: str, tmp_path: Path) -> None:
    cert = _issue(keys, tier)
    trust: TrustList = keys["trust"]
    assert cert.payload.tier == tier
    assert check(cert.text, trust, at=ISSUED).valid
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate_pdf(cert, lang="vi"))
    verdict = check_file(pdf, trust, at=ISSUED)
    assert verdict.valid, [r.en for r in verdict.reasons]
    (tmp_path / "c.json").write_text(json.dumps({"certificate": cert.text}), encoding="utf-8")
    assert check_file(tmp_path / "c.json", trust, at=ISSUED).valid
    if tier == "state":  # a three-year cycle with yearly surveillance
        assert cert.payload.expires == dt.date(2029, 11, 21)
        assert cert.payload.surveillance == (dt.date(2027, 11, 21), dt.date(2028, 11, 21))


def test_self_certificate_is_labelled_a_self_declaration(keys: dict[str, Any],
                                                         tmp_path: Path) -> None:
    import pypdf

    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate_pdf(_issue(keys, "self"), lang="en"))
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert "SELF-DECLARATION" in text
    assert "Self-declaration of improvement practice" in text
    assert "not verified by a third party" in text
    assert len(pypdf.PdfReader(pdf).pages) == 1


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, (*path, i))]
    return [path]


def _altered(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
    return f"{value}X"


def test_every_field_altered_fails(keys: dict[str, Any]) -> None:
    cert = _issue(keys, "state")
    signed, signature, _ = split(cert.text)
    data = json.loads(signed)
    leaves = _leaves(data)
    assert len(leaves) > 20
    for path in leaves:
        forged = json.loads(signed)
        node = forged
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = _altered(node[path[-1]])
        try:
            text = compact(rfc8785.dumps(forged), signature)
        except Exception:
            continue
        verdict = check(text, keys["trust"], at=ISSUED)
        assert not verdict.valid, path


def test_consultant_key_cannot_sign_state(keys: dict[str, Any]) -> None:
    assessed, checklist, raw = assessed_file(EXAMPLES / "5s-state.yaml")
    with pytest.raises(InputError) as caught:
        certify(assessed, checklist, keys["consultant"], assessment_bytes=raw, issued=ISSUED)
    assert "may sign only consultant" in caught.value.render("en")
    # A forged state certificate signed with the consultant's key is refused by verify.
    good = _issue(keys, "state").payload
    forged = good.model_copy(update={"issuer": good.issuer.model_copy(update={
        "name": keys["consultant"].issuer.name, "key_id": keys["consultant"].issuer.key_id})})
    data = canonical(forged)
    verdict = check(compact(data, keys["consultant"].sign(data)), keys["trust"], at=ISSUED)
    assert [r.en for r in verdict.reasons] == [
        "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam may sign only consultant "
        "certificates, not state"]


def test_expired_and_revoked(keys: dict[str, Any], tmp_path: Path) -> None:
    cert = _issue(keys, "consultant")
    later = cert.payload.expires + dt.timedelta(days=1)
    verdict = check(cert.text, keys["trust"], at=later)
    assert [r.en for r in verdict.reasons] == [f"expired on {cert.payload.expires}"]
    with Register(tmp_path / "reg.db") as book:
        book.add(cert)
        book.set_status(cert.payload.id, "withdrawn", reason="falsified records",
                        on=dt.date(2026, 12, 1))
        book.export_revoked(tmp_path / "revoked.json", keys["consultant"])
    verdict = check(cert.text, keys["trust"], at=ISSUED,
                    revoked=merge([load_revoked(tmp_path / "revoked.json", keys["trust"])]))
    assert [r.en for r in verdict.reasons] == ["withdrawn since 2026-12-01 (falsified records)"]
    assert [r.vi for r in verdict.reasons] == ["bị thu hồi từ ngày 2026-12-01 (falsified records)"]


def _revoked_list(keys: dict[str, Any], tmp_path: Path, signer: str) -> tuple[Certificate, Path]:
    """A consultant certificate withdrawn in a register whose list ``signer`` signs."""
    cert = _issue(keys, "consultant")
    with Register(tmp_path / f"{signer}.db") as book:
        book.add(cert)
        book.set_status(cert.payload.id, "withdrawn", reason="falsified records",
                        on=dt.date(2026, 12, 1))
        book.export_revoked(tmp_path / f"{signer}.json", keys[signer])
    return cert, tmp_path / f"{signer}.json"


def test_a_trimmed_revocation_list_is_refused(keys: dict[str, Any], tmp_path: Path) -> None:
    _, path = _revoked_list(keys, tmp_path, "consultant")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["certificates"] = []  # someone removes the withdrawal on the way
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_revoked(path, keys["trust"])
    assert caught.value.problems[0].en == (
        "the signature does not match: the list was altered after signing")
    assert caught.value.problems[0].path == ("signature",)


def test_an_unsigned_or_unknown_revocation_list_is_refused(keys: dict[str, Any],
                                                           tmp_path: Path) -> None:
    _, path = _revoked_list(keys, tmp_path, "consultant")
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({k: v for k, v in data.items() if k != "signature"}),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_revoked(path, keys["trust"])
    assert caught.value.problems[0].en.startswith("is not signed; ask its publisher")
    other = TrustList.model_validate({"schema": "gembakit/trust/v1", "issuers": [
        keys["state"].issuer.model_dump(mode="json", exclude_none=True)]})
    _, path = _revoked_list(keys, tmp_path, "consultant")
    with pytest.raises(InputError) as caught:
        load_revoked(path, other)
    assert caught.value.problems[0].en.startswith("is signed with a key the trust list does not")


def test_who_may_revoke(keys: dict[str, Any], tmp_path: Path) -> None:
    """The issuer and a state agency may revoke a certificate; another issuer may not."""
    for signer, counts in (("consultant", True), ("state", True), ("self", False)):
        cert, path = _revoked_list(keys, tmp_path, signer)
        verdict = check(cert.text, keys["trust"], at=ISSUED,
                        revoked=merge([load_revoked(path, keys["trust"])]))
        assert verdict.valid is not counts, signer


def test_revoked_through_the_command_line(keys: dict[str, Any], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cert, _ = _revoked_list(keys, tmp_path, "consultant")
    (tmp_path / "c.json").write_text(json.dumps({"certificate": cert.text}), encoding="utf-8")
    assert main(["register", "export-revoked", str(tmp_path / "consultant.db"), "-o",
                 str(tmp_path / "r.json"), "--key", str(keys["root"] / "consultant")]) == 0
    trust = str(keys["root"] / "trust.yaml")
    code = main(["verify", str(tmp_path / "c.json"), "--trust", trust, "--revoked",
                 str(tmp_path / "r.json"), "--at", "2026-12-02", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ withdrawn since 2026-12-01 (falsified records)" in out
    assert out.splitlines()[-1] == (f"  revocations checked: list of {dt.date.today()} by "
                                    f"{keys['consultant'].issuer.name}")
    bad = tmp_path / "r.json"
    bad.write_text(bad.read_text(encoding="utf-8").replace("withdrawn", "suspended"),
                   encoding="utf-8")
    code = main(["verify", str(tmp_path / "c.json"), "--trust", trust, "--revoked", str(bad),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [f"error: {bad} › signature: the signature does not match: the "
                                "list was altered after signing"]


def test_unknown_key_and_damaged_text(keys: dict[str, Any], tmp_path: Path) -> None:
    other = load_key(new_key(tmp_path / "rogue", ORG, ("self",)) and tmp_path / "rogue")
    assessed, checklist, raw = assessed_file(EXAMPLE)
    cert = certify(assessed, checklist, other, assessment_bytes=raw, issued=ISSUED)
    verdict = check(cert.text, keys["trust"], at=ISSUED)
    assert verdict.reasons[0].en.startswith("signed with a key the trust list does not know")
    assert not check(cert.text[:-5], keys["trust"]).valid
    assert check("hello", keys["trust"]).reasons[0].en == (
        ["certificate", "not a gembakit certificate (expected GK1.…)"][1])


def test_edited_pdf_text_is_caught(keys: dict[str, Any], tmp_path: Path) -> None:
    cert = _issue(keys, "self")
    shown = cert.payload.model_copy(update={"level": 5, "level_name": cert.payload.level_name
                                            .model_copy(update={"vi": "Xuất sắc"})})
    pdf = tmp_path / "edited.pdf"
    pdf.write_bytes(certificate_pdf(cert, lang="vi", shown=shown))
    verdict = check_file(pdf, keys["trust"], at=ISSUED)
    assert not verdict.valid
    assert verdict.reasons[-1].en == (
        "the page does not show what the certificate signs (level): the PDF was edited")


@pytest.mark.tool("pdftoppm")
def test_qr_decoded_from_the_rendered_page_verifies(keys: dict[str, Any], tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    cert = _issue(keys, "state")
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate_pdf(cert, lang="vi"))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        found = zxingcpp.read_barcodes(image)
    texts = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [cert.text]
    assert main(["verify", "--qr", texts[0], "--trust", str(keys["root"] / "trust.yaml"),
                 "--at", "2026-11-21"]) == 0


def _assessed(name: str, **changes: Any) -> Assessed:
    assessed = assessed_file(EXAMPLES / name)[0]
    a = assessed.assessment.model_copy(update=changes)
    from gembakit.scoring.engine import score

    checklist = assessed_file(EXAMPLES / name)[1]
    return Assessed(a, score(a, checklist))


def test_eligibility_names_every_unmet_condition() -> None:
    from gembakit import load_checklist

    checklist = load_checklist("5s")
    base = assessed_file(EXAMPLE)[0].assessment
    answers = dict(base.answers)
    answers["sort.3"] = answers["sort.3"].model_copy(update={"score": 0})
    from gembakit.assessments.model import Finding
    from gembakit.scoring.engine import score

    weak = base.model_copy(update={"answers": answers, "status": (), "findings": (
        Finding(grade="major", text="Không có hồ sơ đánh giá nội bộ"),)})
    problems = unmet(Assessed(weak, score(weak, checklist)), checklist, "consultant")
    assert [p.en for p in problems] == [
        "the assessment was made at the self tier, not consultant",
        "the assessment is still a draft: submit it before it is recognised",
        "level 2 is below the 3 a consultant certificate needs",
        "mandatory items failed: sort.3",
        "1 major nonconformity(ies) recorded",
        "a consultant assessment must be made by an organisation other than the one assessed",
    ]


def test_state_needs_a_recent_consultant_assessment_of_the_same_organisation() -> None:
    from gembakit import load_checklist

    checklist = load_checklist("5s")
    state = assessed_file(EXAMPLES / "5s-state.yaml")[0]
    assert [p.en for p in unmet(state, checklist, "state")] == [
        "a state recognition needs the consultant assessment of the same organisation and "
        "checklist"]
    consultant = assessed_file(EXAMPLES / "5s-consultant.yaml")[0]
    assert unmet(state, checklist, "state", consultant) == []
    old = consultant.assessment.model_copy(update={
        "date": dt.date(2026, 1, 5),
        "organisation": consultant.assessment.organisation.model_copy(
            update={"tax_code": "0312345678", "name": "Công ty khác"})})
    assert [p.en for p in unmet(state, checklist, "state", Assessed(old, consultant.result))] == [
        "the consultant assessment is of another organisation",
        "the consultant assessment is 317 days old; at most 180 allowed",
    ]


def test_keys_are_private_and_passphrases_work(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEY_PASS", "mật-khẩu dài 2026")
    assert main(["keys", "new", "--issuer", "Sở KH&CN", "--tier", "state", "--tier", "state",
                 "-o", str(tmp_path / "k"), "--passphrase-env", "KEY_PASS"]) == 0
    mode = stat.S_IMODE((tmp_path / "k/private-key.pem").stat().st_mode)
    assert mode == 0o600
    with pytest.raises(InputError, match="the key is protected"):
        load_key(tmp_path / "k")
    with pytest.raises(InputError, match="passphrase is wrong"):
        load_key(tmp_path / "k", b"wrong")
    assert load_key(tmp_path / "k", "mật-khẩu dài 2026".encode()).issuer.tiers == ("state",)


def _issue_many(args: tuple[str, str, int]) -> int:
    db, key_dir, n = args
    key = load_key(Path(key_dir))
    assessed, checklist, raw = assessed_file(EXAMPLE)
    with Register(Path(db)) as book:
        for _ in range(n):
            book.add(certify(assessed, checklist, key, assessment_bytes=raw, issued=ISSUED))
    return n


def test_concurrent_issuers_lose_nothing(keys: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "reg.db"
    Register(db).close()
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        done = pool.map(_issue_many, [(str(db), str(keys["root"] / "self"), 15)] * 4)
    with Register(db) as book:
        rows = book.search()
        assert len(rows) == sum(done) == 60
        assert len({r.id for r in rows}) == 60
        assert all(len(book.history(r.id)) == 1 for r in rows)


def test_register_commands(keys: dict[str, Any], tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    cert = _issue(keys, "consultant")
    db = tmp_path / "reg.db"
    with Register(db) as book:
        book.add(cert)
    cid = cert.payload.id
    assert main(["register", "suspend", str(db), cid, "--reason", "audit pending"]) == 0
    assert main(["register", "withdraw", str(db), cid]) == 0
    assert main(["register", "restore", str(db), cid]) == 1  # withdrawn is final
    capsys.readouterr()
    assert main(["register", "list", str(db), "--tax-code", "3601234567", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"]) for r in rows] == [(cid, "withdrawn")]
    assert main(["register", "list", str(db), "--province", "Hà Nội", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["register", "show", str(db), cid, "--json"]) == 0
    history = json.loads(capsys.readouterr().out)["history"]
    assert [h["status"] for h in history] == ["active", "suspended", "withdrawn"]


def test_verify_cli_json_and_exit_codes(keys: dict[str, Any], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    cert = _issue(keys, "self")
    trust = str(keys["root"] / "trust.yaml")
    (tmp_path / "c.gk1.txt").write_text(cert.text, encoding="utf-8")
    assert main(["verify", str(tmp_path / "c.gk1.txt"), "--trust", trust, "--at",
                 "2026-12-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is True
    assert out["certificate"]["organisation"]["name"] == ORG
    assert main(["verify", str(tmp_path / "c.gk1.txt"), "--trust", trust, "--at",
                 "2030-01-01", "--lang", "vi"]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("KHÔNG HỢP LỆ\n")
    assert f"✗ đã hết hạn ngày {cert.payload.expires}" in printed
    assert main(["verify", "--trust", trust]) == 1  # neither a file nor --qr


def test_payload_must_be_canonical(keys: dict[str, Any]) -> None:
    cert = _issue(keys, "self")
    signed, signature, _ = split(cert.text)
    loose = json.dumps(json.loads(signed), indent=1).encode()
    with pytest.raises(InputError, match="not in canonical form"):
        split(compact(loose, signature))
    assert Payload.model_validate(json.loads(signed)) == cert.payload
