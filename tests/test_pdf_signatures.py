"""Certificate PDFs signed as a whole (PAdES): what a forger tries is refused, what a genuine
certificate holds verifies, a state agency signs from a token, and a timestamp can be added.

poppler's ``pdfsig`` is the outside witness: it must call the signature valid and the total
document signed.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import http.server
import io
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from gembakit.certificates.keys import load_root_key, new_key, new_root
from gembakit.certificates.trust import make_trust
from gembakit.cli import main
from tests.builders import ROOT

EXAMPLES = ROOT / "src/gembakit/examples"
CONSULTANT = EXAMPLES / "5s-consultant.yaml"
STATE = EXAMPLES / "5s-state.yaml"
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _programme(folder: Path, extra: list[dict[str, Any]] | None = None) -> list[str]:
    new_root(folder / "root", "Chương trình thử nghiệm")
    entries = [new_key(folder / "consultant", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
                       ["consultant"])]
    document = make_trust([*entries, *(extra or [])], load_root_key(folder / "root"),
                          programme="Thử nghiệm", issued=dt.date(2026, 11, 1),
                          verifier_url="https://verify.example.org/gk/")
    (folder / "trust.json").write_text(json.dumps(document, ensure_ascii=False),
                                       encoding="utf-8")
    return ["--trust", str(folder / "trust.json"), "--root",
            str(folder / "root/root.jwk.json")]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("pades")
    trusted = _programme(folder)
    code = main(["certify", str(CONSULTANT), "--key", str(folder / "consultant"), *trusted,
                 "-o", str(folder / "cert.pdf"), "--issued", "2026-11-20"])
    assert code == 0
    return folder / "cert.pdf", trusted


def _verify(capsys: pytest.CaptureFixture[str], pdf: Path, trusted: list[str]
            ) -> dict[str, Any]:
    code, out, err = _run(capsys, "verify", str(pdf), *trusted, "--json")
    assert "Traceback" not in err
    if not out:
        return {"valid": False, "codes": ["<refused>"], "error": err}
    data: dict[str, Any] = json.loads(out)
    assert code == (0 if data["valid"] else 1)
    return data


@pytest.mark.tool("pdfsig")
def test_pdfsig_calls_it_valid_and_whole(issued: tuple[Path, list[str]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pdf, trusted = issued
    report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True,
                            check=False).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam" in report
    data = _verify(capsys, pdf, trusted)
    assert (data["valid"], data["codes"]) == (True, [])
    assert data["pdf_signature"]["coverage"] == "entire file"
    assert data["pdf_signature"]["signer"] == "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam"


def _annotated(pdf: Path, out: Path) -> Path:  # pyHanko's PDF objects are untyped
    """An incremental update adding a free-text annotation over the page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    annotation = generic.DictionaryObject({  # type: ignore[no-untyped-call]
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.FloatObject(x) for x in (100, 300, 400, 340)]),  # type: ignore[no-untyped-call]
        generic.NameObject("/Contents"): generic.TextStringObject("Level 5 · 100 %"),
        generic.NameObject("/DA"): generic.pdf_string("/Helv 24 Tf 0 g"),
    })
    ref = writer.add_object(annotation)
    page = page_ref.get_object()
    annots = page.get("/Annots") or generic.ArrayObject()
    annots.append(ref)
    page[generic.NameObject("/Annots")] = annots
    writer.update_container(page)
    buffer = io.BytesIO()
    writer.write(buffer)  # type: ignore[no-untyped-call]
    out.write_bytes(buffer.getvalue())
    return out


def _resaved(pdf: Path, out: Path) -> Path:
    """The page saved again by a PDF library, with an extra '95 %' drawn on it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(pdf))
    page = writer.pages[0]
    extra = DecodedStreamObject()
    extra.set_data(b"BT /F1 30 Tf 300 300 Td (95 %) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(extra)
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def _flipped(pdf: Path, out: Path) -> Path:
    raw = bytearray(pdf.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    out.write_bytes(bytes(raw))
    return out


def test_edits_after_signing_are_refused(issued: tuple[Path, list[str]], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pdf, trusted = issued
    for edit, codes in ((_annotated, {"pdf.changed"}), (_resaved, {"pdf.changed", "pdf.unsigned"}),
                        (_flipped, {"pdf.changed", "pdf.unsigned", "<refused>"})):
        data = _verify(capsys, edit(pdf, tmp_path / f"{edit.__name__}.pdf"), trusted)
        assert data["valid"] is False, edit.__name__
        assert set(data["codes"]) & codes, (edit.__name__, data["codes"])
    data = _verify(capsys, _annotated(pdf, tmp_path / "a.pdf"), trusted)
    assert data["reasons"][0]["message"]["en"] == (
        "the PDF was changed after it was signed (bytes were added after the signature)")


def _redrawn(pdf: Path, out: Path, **shown: Any) -> Path:
    """The page drawn anew with other values but the genuine certificate text attached: what a
    forger without the key can make."""
    from pypdf import PdfReader

    from gembakit.certificates.issue import Certificate
    from gembakit.certificates.pdf import ATTACHMENT
    from gembakit.certificates.verify import decode
    from gembakit.render.certificate import certificate_html
    from gembakit.render.pdf import write_pdf

    text = PdfReader(pdf).attachments[ATTACHMENT][0].decode("ascii")
    payload = decode(text)[4]
    forged = payload.model_copy(update=shown)
    html = certificate_html(Certificate(forged, text), lang="vi",
                            verifier_url="https://verify.example.org/gk/")
    if "overlay" in shown:
        html = html.replace("</body>", '<div style="position:absolute;top:40mm;left:20mm;'
                            'background:#fff;width:120mm;height:20mm">Cấp độ 5</div></body>')
    out.write_bytes(write_pdf(html, attachments=[(ATTACHMENT, text.encode(), "GK2")]))
    return out


@pytest.mark.parametrize("shown", [
    {"score": 100}, {"tax_code": "0301234567"}, {"site": "Nhà máy khác"}, {"tier": "state"},
    {"level": 5}, {"organisation": "Công ty Khác"},
])
def test_redrawn_pages_are_refused(issued: tuple[Path, list[str]], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str],
                                   shown: dict[str, Any]) -> None:
    pdf, trusted = issued
    data = _verify(capsys, _redrawn(pdf, tmp_path / "forged.pdf", **shown), trusted)
    assert data["valid"] is False
    assert data["codes"] == ["pdf.unsigned"]


def test_a_forger_signing_with_another_key_is_refused(issued: tuple[Path, list[str]],
                                                      tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """White boxes and new text over the old page, then signed with the forger's own key."""
    from gembakit.render.signing import file_signer, sign_pdf

    pdf, trusted = issued
    forged = _redrawn(pdf, tmp_path / "overlay.pdf", level=5)
    new_key(tmp_path / "forger", "Công ty CP Tư vấn Năng suất Chất lượng Phương Nam",
            ["consultant"])
    signed = sign_pdf(forged.read_bytes(), file_signer(tmp_path / "forger", "forger"),
                      reason="forgery")
    (tmp_path / "signed.pdf").write_bytes(signed)
    data = _verify(capsys, tmp_path / "signed.pdf", trusted)
    assert data["codes"] == ["pdf.signer"]


@pytest.mark.parametrize("name", [
    "Công ty TNHH Cơ\u200bkhí Đồng Nai",  # a zero-width space
    "Công ty Xanh 🌿 Sạch",  # an emoji
    "Công ty Trách nhiệm Hữu hạn Một thành viên Sản-xuất-Thương-mại-Dịch-vụ Cơ khí Chính xác "
    "Đồng Nai",  # long and hyphenated, wrapping
    "Co\u0302ng ty Đo\u0302\u0300ng Nai",  # decomposed accents
])
def test_genuine_certificates_verify_whatever_the_name_holds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    trusted = _programme(tmp_path)
    text = CONSULTANT.read_text(encoding="utf-8").replace(
        "name: Công ty TNHH Cơ khí Chính xác Đồng Nai", f"name: \"{name}\"", 1)
    assessment = tmp_path / "a.yaml"
    assessment.write_text(text, encoding="utf-8")
    code, _, err = _run(capsys, "certify", str(assessment), "--key",
                        str(tmp_path / "consultant"), *trusted, "-o", str(tmp_path / "c.pdf"),
                        "--issued", "2026-11-20")
    assert code == 0, err
    data = _verify(capsys, tmp_path / "c.pdf", trusted)
    assert (data["valid"], data["codes"]) == (True, [])


# --------------------------------------------------------------------------- a token


def _certificate_on_token(session: Any, label: str, name: str) -> bytes:
    """An X.509 certificate for the token's key, signed by a throw-away CA (as a licensed CA
    would issue one), stored on the token beside the key."""
    from pkcs11 import Attribute, ObjectClass

    from gembakit.certificates.token import _ec_public

    public = _ec_public(bytes(session.get_key(object_class=ObjectClass.PUBLIC_KEY,
                                              label=label)[Attribute.EC_POINT]))
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test CA")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name).public_key(public).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
            .sign(ca_key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    from pkcs11.util.x509 import decode_x509_certificate

    template = decode_x509_certificate(der)
    template.update({Attribute.LABEL: label, Attribute.TOKEN: True})
    session.create_object(template)
    return der


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A SoftHSM2 token holding an EC P-256 key made on it, and its certificate. One for the
    module: the PKCS#11 library is loaded once per process and keeps the token folder it was
    first given."""
    if not Path(SOFTHSM).is_file() and not os.environ.get("CI"):
        pytest.skip("softhsm2 not installed")
    import pkcs11
    from pkcs11 import KeyType

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n",
                    encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "so-dong-nai",
                        "--pin", "246810", "--so-pin", "13579"], check=True, capture_output=True)
        lib = pkcs11.lib(SOFTHSM)
        with lib.get_token(token_label="so-dong-nai").open(user_pin="246810",
                                                           rw=True) as session:
            session.generate_keypair(KeyType.EC, key_length=256, label="agency", store=True,
                                     public_template={pkcs11.Attribute.EC_PARAMS: pkcs11.util.ec
                                                      .encode_named_curve_parameters("secp256r1")})
            der = _certificate_on_token(session, "agency",
                                        "Sở Khoa học và Công nghệ tỉnh Đồng Nai")
        yield {"conf": conf, "certificate": der}


@pytest.mark.tool("softhsm2-util")
def test_the_trust_list_entry_of_a_token_key(token: dict[str, Any], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`gembakit keys token` writes the entry a programme puts in its trust list: the token's
    public key and the certificate stored beside it."""
    monkeypatch.setenv("AGENCY_PIN", "246810")
    target = tmp_path / "issuer.json"
    code, _, err = _run(capsys, "keys", "token", "--pkcs11", SOFTHSM, "--token", "so-dong-nai",
                        "--key-label", "agency", "--pin-env", "AGENCY_PIN", "--issuer",
                        "Sở Khoa học và Công nghệ tỉnh Đồng Nai", "--tier", "state", "-o",
                        str(target))
    assert code == 0, err
    entry = json.loads(target.read_text(encoding="utf-8"))
    assert (entry["name"], entry["tiers"]) == ("Sở Khoa học và Công nghệ tỉnh Đồng Nai", ["state"])
    assert base64.b64decode(entry["x5c"][0]) == token["certificate"]
    code, _, err = _run(capsys, "keys", "token", "--pkcs11", SOFTHSM, "--token", "so-dong-nai",
                        "--key-label", "agency", "--cert-label", "nothing", "--pin-env",
                        "AGENCY_PIN", "--issuer", "x", "--tier", "state", "-o",
                        str(tmp_path / "no.json"))
    assert code == 1
    assert "no X.509 certificate labelled 'nothing' on the token" in err
    assert not (tmp_path / "no.json").exists()


@pytest.mark.tool("softhsm2-util")
def test_a_state_certificate_from_a_token(token: dict[str, Any], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "programme"
    monkeypatch.setenv("AGENCY_PIN", "246810")
    assert _run(capsys, "keys", "token", "--pkcs11", SOFTHSM, "--token", "so-dong-nai",
                "--key-label", "agency", "--pin-env", "AGENCY_PIN", "--issuer",
                "Sở Khoa học và Công nghệ tỉnh Đồng Nai", "--tier", "state", "-o",
                str(tmp_path / "issuer.json"))[0] == 0
    trusted = _programme(folder, [json.loads((tmp_path / "issuer.json").read_text("utf-8"))])
    hardware = ["--pkcs11", SOFTHSM, "--token", "so-dong-nai", "--key-label", "agency",
                "--pin-env", "AGENCY_PIN"]
    book = str(tmp_path / "recognitions.db")
    assert _run(capsys, "db", "init", "--db", book)[0] == 0
    code, _out, err = _run(capsys, "certify", str(STATE), *hardware, *trusted, "--consultant",
                           str(CONSULTANT), "-o", str(tmp_path / "state.pdf"), "--issued",
                           "2026-11-20", "--db", book)
    assert code == 0, err
    data = _verify(capsys, tmp_path / "state.pdf", trusted)
    assert (data["valid"], data["codes"]) == (True, [])
    # the agency withdraws it and signs the revocation list with the same token
    serial = data["certificate"]["serial"]
    assert _run(capsys, "register", "withdraw", serial, "--reason", "test", "--db", book)[0] == 0
    code, _, err = _run(capsys, "register", "export-revoked", "--db", book, "-o",
                        str(tmp_path / "revoked.json"), *hardware, *trusted)
    assert code == 0, err
    withdrawn = _verify(capsys, tmp_path / "state.pdf",
                        [*trusted, "--revoked", str(tmp_path / "revoked.json")])
    assert withdrawn["valid"] is False
    assert withdrawn["codes"] == ["cert.revoked"]
    assert data["certificate"]["serial"].startswith("GK-SR2026-")
    assert data["pdf_signature"]["certificate_issuer"] == "Test CA"
    if shutil.which("pdfsig"):
        report = subprocess.run(["pdfsig", str(tmp_path / "state.pdf")], capture_output=True,
                                text=True, check=False).stdout
        assert "Signature is Valid." in report
        assert "Total document signed" in report
    # each refusal is one clear message, and nothing is written
    for changes, message in (
            ({"AGENCY_PIN": "000000"}, "the token refused the PIN"),
            ({"--key-label": "nobody"}, "no EC key labelled 'nobody' on the token"),
            ({"--pkcs11": "/nonexistent/libpkcs11.so"},
             "cannot load the PKCS#11 module /nonexistent/libpkcs11.so"),
            ({"--token": "other"}, "no token labelled 'other' in")):
        args = list(hardware)
        for key, value in changes.items():
            if key.startswith("--"):
                args[args.index(key) + 1] = value
            else:
                monkeypatch.setenv(key, value)
        target = tmp_path / "refused.pdf"
        code, _, err = _run(capsys, "certify", str(STATE), *args, *trusted, "--consultant",
                            str(CONSULTANT), "-o", str(target))
        monkeypatch.setenv("AGENCY_PIN", "246810")
        assert code == 1
        assert message in err, err
        assert "Traceback" not in err
        assert not target.exists()


# --------------------------------------------------------------------------- a timestamp


class _Tsa(http.server.BaseHTTPRequestHandler):
    stamper: Any = None

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        from asn1crypto import tsp

        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        response = asyncio.run(self.stamper.async_request_tsa_response(request))
        body = response.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _dummy_stamper() -> Any:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Local test TSA")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .sign(key, hashes.SHA256()))
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())))


def test_a_timestamp_from_a_local_authority(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    trusted = _programme(tmp_path)
    _Tsa.stamper = _dummy_stamper()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tsa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        code, _, err = _run(capsys, "certify", str(CONSULTANT), "--key",
                            str(tmp_path / "consultant"), *trusted, "--tsa", url, "-o",
                            str(tmp_path / "c.pdf"), "--issued", "2026-11-20")
        assert code == 0, err
    finally:
        server.shutdown()
    data = _verify(capsys, tmp_path / "c.pdf", trusted)
    assert data["valid"] is True
    assert data["pdf_signature"]["timestamp"] is not None


def test_an_unreachable_timestamp_authority_is_one_clear_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trusted = _programme(tmp_path)
    code, _, err = _run(capsys, "certify", str(CONSULTANT), "--key",
                        str(tmp_path / "consultant"), *trusted, "--tsa",
                        "http://127.0.0.1:9/", "-o", str(tmp_path / "c.pdf"))
    assert code == 1
    assert "the timestamp authority http://127.0.0.1:9/ did not answer" in err
    assert "Traceback" not in err
    assert not (tmp_path / "c.pdf").exists()
