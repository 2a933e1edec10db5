"""The static verifier page, checked in Debian's Chromium against the independent reference in
tests/rfc_vectors.py: the same verdict for every case, the signed fields shown in both languages,
revocation copies online and offline, Ed25519, a deflate bomb, QR codes read by jsQR from a photo
and from the camera, and no request to any other origin.

The page builder is loaded from its file, so these tests do not depend on the rest of gembakit.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import functools
import hashlib
import http.server
import importlib.util
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests import rfc_vectors as rv

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
BUILT = dt.date(2027, 1, 1)
TODAY = dt.date(2027, 1, 15)


def load_builder() -> ModuleType:
    """``gembakit.render.verifier`` from its file, without importing the gembakit package."""
    path = REPO / "src" / "gembakit" / "render" / "verifier" / "__init__.py"
    spec = importlib.util.spec_from_file_location("gembakit_verifier_page", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verifier = load_builder()


# --------------------------------------------------------------------------- the page as files


def _hashes(policy: str, directive: str) -> set[str]:
    match = re.search(directive + r" ([^;]+)", policy)
    assert match, policy
    return set(match.group(1).split())


def _policy(page: str) -> str:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert match
    return match.group(1)


def _csp_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_page_is_one_file_allowed_only_by_hashes() -> None:
    world = rv.World.make()
    page = verifier.build_page(world.trust, world.root.public_file(), [], built=BUILT)
    policy = _policy(page)
    assert policy.startswith("default-src 'none'; ")
    assert "unsafe" not in policy
    assert "http" not in policy
    assert "img-src data: blob:" in policy
    assert "connect-src 'self'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(scripts) == 1  # jsQR, then the verifier
    assert len(styles) == 1
    assert _hashes(policy, "script-src") == {_csp_source(scripts[0])}
    assert _hashes(policy, "style-src") == {_csp_source(styles[0])}
    assert scripts[0].startswith("/*! jsQR 1.4.0")
    assert "Apache License" in scripts[0]
    assert "window.gembakitCheck" in scripts[0]
    # nothing is loaded from anywhere: no src, no stylesheet link, no URL in an attribute
    assert not re.search(r"""\s(src|href|action|srcset)=["'](?!data:,)""", page)
    assert 'style="' not in page  # inline style attributes would be blocked by the policy
    assert "@" + "JS@" not in page
    assert "@CSS@" not in page


def test_embedded_json_cannot_end_its_script() -> None:
    world = rv.World.make()
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    trust = rv.make_trust(world.root, [world.consultant], programme=hostile)
    page = verifier.build_page(trust, world.root.public_file(), [], built=BUILT)
    assert hostile not in page
    assert "</script><script>alert" not in page
    data = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', page,
                     re.DOTALL)
    assert data
    decoded = json.loads(data.group(1))
    assert decoded["trust"] == trust
    assert decoded["root"] == world.root.public_file()
    assert decoded["built"] == "2027-01-01"
    assert decoded["trust_file"] == "trust-list.json"


def test_builder_refuses_a_bad_root_and_bad_file_names() -> None:
    world = rv.World.make()
    root = world.root.public_file()
    with pytest.raises(ValueError, match="kid"):
        verifier.build_page(world.trust, {**root, "kid": world.consultant.kid}, [], built=BUILT)
    with pytest.raises(ValueError, match="root key file"):
        verifier.build_page(world.trust, {**root, "d": "private"}, [], built=BUILT)
    lists = [rv.make_revoked(world.state, []), rv.make_revoked(world.consultant, [])]
    for names in (["a.json"], ["a.json", "a.json"], ["../a.json", "b.json"],
                  ["trust-list.json", "b.json"], ["a.txt", "b.json"]):
        with pytest.raises(ValueError, match="file name"):
            verifier.build_page(world.trust, root, lists, built=BUILT, revoked_files=names)
    assert verifier.revoked_file_names(2) == ["revoked-1.json", "revoked-2.json"]
    # the builder's own key id (standard library only) is the one cryptography gives
    ed_root = rv.make_root(alg="EdDSA")
    verifier.build_page(world.trust, ed_root.public_file(), [], built=BUILT)


def test_reference_gives_each_named_case_its_codes() -> None:
    """The reference itself: every case built to give some codes gives exactly those."""
    cases = rv.named_cases()
    for case in cases:
        valid, codes = rv.verify(case.text, case.trust, case.root, case.revoked, case.today)
        assert (valid, frozenset(codes)) == (case.valid, case.expected), case.name
    assert {code for case in cases for code in case.expected} == rv.CODES
    assert len({case.name for case in cases}) == len(cases)


def test_reference_reads_links_as_the_page_does() -> None:
    world = rv.World.make()
    tricky = next(t for t in (world.certificate() for _ in range(200))
                  if re.search("%[0-9A-F]{2}", t) and " " in t)
    url = str(world.trust["verifier_url"])
    shown_by_a_browser = tricky.replace(" ", "%20")
    for link in (url + "#" + rv.fragment(tricky), url + "#" + tricky,
                 url + "#" + shown_by_a_browser,
                 url + "#" + rv.fragment(tricky).replace(":", "%3A", 1), tricky, f" {tricky}\n"):
        assert rv.verify(link, world.trust, world.root, [], TODAY) == (True, set()), link
    for bad in (url + "#" + tricky.lower(), url, url + "#", tricky.replace(" ", "%20")):
        assert rv.verify(bad, world.trust, world.root, [], TODAY) == (False, {"cert.format"})


def test_reference_base45_is_rfc_9285() -> None:
    # RFC 9285 §4.3's examples, both ways, and the strict refusals of §4.2
    for raw, text in ((b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"),
                      (b"ietf!", "QED8WEX0")):
        assert rv.base45_encode(raw) == text
        assert rv.base45_decode(text) == raw
    assert rv.base45_decode("FGW") == b"\xff\xff"
    assert rv.base45_decode("U5") == b"\xff"
    for bad in ("GGW", "V5", "A", "ABCD", "bb8", "BB8\n", "ZZ"):
        with pytest.raises(rv.FormatError):
            rv.base45_decode(bad)


# --------------------------------------------------------------------------- serving the page


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class Server:
    root: Path
    url: str
    count: int = 0

    def site(self, trust: object, root: dict[str, Any], revoked: Sequence[object], *,
             built: dt.date = BUILT, served_trust: object = None,
             served_revoked: Sequence[object] | None = None) -> Site:
        """A folder with index.html and the copies beside it (by default the embedded ones)."""
        self.count += 1
        folder = self.root / f"site{self.count}"
        folder.mkdir()
        (folder / "index.html").write_text(verifier.build_page(trust, root, list(revoked),
                                                               built=built), encoding="utf-8")
        beside = trust if served_trust is None else served_trust
        (folder / "trust-list.json").write_text(json.dumps(beside, ensure_ascii=False),
                                                encoding="utf-8")
        names = verifier.revoked_file_names(len(revoked))
        for name, doc in zip(names, revoked if served_revoked is None else served_revoked,
                             strict=True):
            if doc is not None:
                (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return Site(folder, f"{self.url}site{self.count}/")


@dataclass
class Site:
    folder: Path
    url: str

    @property
    def index(self) -> str:
        return self.url + "index.html"

    @property
    def file(self) -> str:
        return (self.folder / "index.html").as_uri()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("verifier-sites")
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/")
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def world() -> rv.World:
    return rv.World.make()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield launched
    launched.close()


@dataclass
class Browsing:
    """Pages opened in one test, every request they made, and every script error."""

    browser: Any
    allowed: list[str]
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def page(self, *, offline: bool = False, today: dt.date = TODAY, init: str = "",
             viewport: tuple[int, int] = (390, 844)) -> Any:
        context = self.browser.new_context(offline=offline, viewport={
            "width": viewport[0], "height": viewport[1]})
        self.contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.add_init_script(f"window.GEMBAKIT_TODAY = {json.dumps(today.isoformat())};{init}")
        return page


@pytest.fixture
def browsing(browser: Any, server: Server) -> Iterator[Browsing]:
    state = Browsing(browser, [server.url, "file:", "data:", "blob:"])
    yield state
    for context in state.contexts:
        context.close()
    assert state.errors == []
    # the page asks nothing of any other origin: only itself and the files beside it
    strays = [url for url in state.requests if not url.startswith(tuple(state.allowed))]
    assert strays == []


def wait_checks(page: Any, count: int, timeout: float = 15000) -> None:
    """Wait until the page has finished ``count`` checks."""
    page.wait_for_function("n => document.body.dataset.checks === String(n)", arg=count,
                           timeout=timeout)


def open_and_check(page: Any, url: str, text: str) -> dict[str, Any]:
    """Open the page on ``url#<certificate>`` and wait for its verdict."""
    page.goto(url + "#" + rv.fragment(text))
    wait_checks(page, 1)
    verdict: dict[str, Any] = page.evaluate("window.gembakitVerdict")
    return verdict


def check_text(page: Any, text: str, today: dt.date | None = None) -> dict[str, Any]:
    """Check one more text on an open page, through the same path as the Check button."""
    if today is not None:
        page.evaluate("d => { window.GEMBAKIT_TODAY = d; }", today.isoformat())
    verdict: dict[str, Any] = page.evaluate("t => window.gembakitCheck(t)", text)
    return verdict


def reasons(page: Any) -> str:
    return str(page.inner_text("#reasons"))


def field_rows(page: Any) -> dict[str, str]:
    """The signed fields as shown: English label → cell text."""
    rows: list[tuple[str, str]] = page.eval_on_selector_all(
        "#field-table > tr", "rows => rows.map(r => [r.querySelector('th .en').textContent,"
        " r.querySelector('td').innerText])")
    return dict(rows)


# --------------------------------------------------------------------------- in the browser


@pytest.mark.tool("chromium", "chromium-browser")
def test_valid_certificate_shows_every_signed_field(browsing: Browsing, server: Server,
                                                    world: rv.World) -> None:
    serial = "GK-CA2026-HN4KP-7QXTB"
    text = world.certificate(serial=serial)
    site = server.site(world.trust, world.root.public_file(), [])
    page = browsing.page()
    assert open_and_check(page, site.index, text) == {"valid": True, "codes": []}
    assert page.get_attribute("body", "data-verdict") == "valid"
    word = page.inner_text("#verdict-word")
    assert "HỢP LỆ" in word
    assert "VALID" in word
    assert "KHÔNG" not in word
    assert page.get_attribute("#verdict", "class") == "verdict ok"
    rows = field_rows(page)
    assert rows["Serial"] == serial
    assert rows["Organisation"] == "Công ty TNHH Cơ khí Chính xác Đồng Nai"
    assert rows["Tax code"] == "3601234567"
    assert rows["Province"] == "Đồng Nai"
    assert rows["Site"] == "Xưởng gia công CNC số 2"
    assert rows["Tier"].split("\n") == ["Đánh giá của đơn vị tư vấn", "Consultant assessment"]
    assert rows["Checklist"] == "5s 1.0.0"
    assert rows["Level"].split("\n") == ["3 · Chuẩn hóa", "3 · Standardised"]
    assert rows["Overall score"] == "78 % (156 / 200)"
    sections = dict(line.split("\t") for line in rows["Section scores"].split("\n"))
    assert sections == {"sort": "85 %", "set": "80 %", "shine": "76 %", "standardize": "72 %",
                        "sustain": "70 %"}
    assert rows["Assessment date"] == "2026-11-12"
    assert rows["Assessor"] == "Nguyễn Thị Lan (Công ty CP Tư vấn Năng suất Xanh)"
    assert rows["Issued"] == "2026-11-20"
    assert rows["Valid through"] == "2028-11-19"
    assert rows["Surveillance"] == "2027-11-12, 2028-11-12"
    assert rows["Issuer"] == "Công ty CP Tư vấn Năng suất Xanh"
    assert rows["Assessment file (SHA-256)"] == hashlib.sha256(
        b"assessment 5s 2026-11-12").hexdigest()
    labels = page.inner_text("#field-table")
    for vi in ("Tổ chức", "Mã số thuế", "Địa điểm", "Mức đạt", "Điểm tổng", "Ngày cấp",
               "Hiệu lực đến hết ngày", "Giám sát định kỳ", "Đơn vị cấp"):
        assert vi in labels
    sources = page.inner_text("#source-list")
    assert "phiên bản 3" in sources
    assert "version 3" in sources
    assert "the copy in this page" in sources  # trust-list.json beside it is no newer
    assert "Chuẩn hóa" in page.inner_text("#field-table")  # diacritics survive every step


@pytest.mark.tool("chromium", "chromium-browser")
def test_one_character_altered_is_not_valid(browsing: Browsing, server: Server,
                                            world: rv.World) -> None:
    text = world.certificate()
    site = server.site(world.trust, world.root.public_file(), [])
    page = browsing.page()
    assert open_and_check(page, site.index, text)["valid"]
    altered = rv.change_char(text)
    verdict = check_text(page, altered)
    assert verdict == {"valid": False, "codes": ["cert.format"]}
    assert page.get_attribute("body", "data-verdict") == "invalid"
    word = page.inner_text("#verdict-word")
    assert "KHÔNG HỢP LỆ" in word
    assert "NOT VALID" in word
    assert page.is_hidden("#fields")
    # an altered claim under the old signature: decoded, shown as NOT confirmed
    verdict = check_text(page, rv.altered_claims(text, o="Công ty Giả Mạo"))
    assert verdict == {"valid": False, "codes": ["cert.signature"]}
    assert "the certificate was altered" in reasons(page)
    assert "NOT confirmed" in page.inner_text("#fields-title")


@pytest.mark.slow
@pytest.mark.tool("chromium", "chromium-browser")
def test_every_named_case_gets_the_reference_verdict_offline(
        browsing: Browsing, server: Server, world: rv.World) -> None:
    """Every code of the Verdicts table, from a page opened from a file with no network."""
    page = browsing.page(offline=True)
    seen: set[str] = set()
    for case in rv.named_cases(world):
        site = server.site(case.trust, case.root, case.revoked)
        page.goto(site.file)
        verdict = check_text(page, case.text, case.today)
        assert verdict == {"valid": case.valid, "codes": sorted(case.expected)}, case.name
        shown = reasons(page)
        for code in case.expected:
            assert code in shown
        assert page.locator("#reasons li").count() >= len(case.expected)
        seen |= case.expected
    assert seen == rv.CODES


@pytest.mark.slow
@pytest.mark.tool("chromium", "chromium-browser")
def test_random_cases_get_the_reference_verdict(browsing: Browsing, server: Server,
                                                world: rv.World) -> None:
    """A differential run: random issuers, tiers, dates, revocations and edits of the text."""
    page = browsing.page()
    cases = rv.random_cases(80, seed=11, world=world)
    assert sum(case.valid for case in cases) >= 10
    for case in cases:
        site = server.site(case.trust, case.root, case.revoked)
        page.goto(site.index)
        verdict = check_text(page, case.text, case.today)
        assert verdict == {"valid": case.valid, "codes": sorted(case.expected)}, case.name


@pytest.mark.tool("chromium", "chromium-browser")
def test_each_trust_list_failure_has_its_own_message(browsing: Browsing, server: Server,
                                                     world: rv.World) -> None:
    text = world.certificate()
    broken = {
        "trust.unsigned": (rv.make_trust(world.root, [world.consultant], sign=False),
                           "not signed"),
        "trust.signature": (_with_outsider(world), "altered after it was signed"),
        "trust.root": (rv.make_trust(rv.make_root(), [world.consultant]),
                       "signed by another root key"),
        "trust.format": (rv.sign_document({**rv.make_trust(world.root, [world.consultant],
                                                           sign=False), "issued": "hôm qua"},
                                          world.root), "malformed"),
    }
    page = browsing.page(offline=True)
    messages = set()
    for code, (trust, words) in broken.items():
        page.goto(server.site(trust, world.root.public_file(), []).file)
        verdict = check_text(page, text)
        assert verdict == {"valid": False, "codes": [code]}
        shown = reasons(page)
        assert words in shown
        assert code in shown
        messages.add(shown)
        # nothing the list would vouch for is shown as confirmed
        assert "NOT confirmed" in page.inner_text("#fields-title")
    assert len(messages) == 4


def _with_outsider(world: rv.World) -> dict[str, Any]:
    trust = copy.deepcopy(world.trust)
    trust["issuers"].append(world.outsider.entry())
    return trust


@pytest.mark.tool("chromium", "chromium-browser")
def test_revocation_uses_the_lists_beside_the_page_online_and_its_copy_offline(
        browsing: Browsing, server: Server, world: rv.World) -> None:
    serial = "GK-CA2026-RV7KQ-3MZTA"
    text = world.certificate(serial=serial)
    root = world.root.public_file()
    old = rv.make_revoked(world.state, [], generated=dt.date(2026, 12, 20))
    new = rv.make_revoked(world.state, [rv.revocation_entry(serial, "suspended",
                                                            dt.date(2027, 1, 10),
                                                            "đang điều tra / under review")],
                          generated=dt.date(2027, 1, 12))
    # built with an empty list; the state agency has since published one with the serial
    site = server.site(world.trust, root, [old], served_revoked=[new])
    online = browsing.page()
    assert open_and_check(online, site.index, text) == {"valid": False,
                                                        "codes": ["cert.revoked"]}
    shown = reasons(online)
    assert "bị đình chỉ từ ngày 2027-01-10 (đang điều tra / under review)" in shown
    assert "suspended on 2027-01-10" in shown
    assert "Cục Năng suất Chất lượng (demo)" in shown
    assert "the current copy beside the page" in online.inner_text("#source-list")
    # offline, the same page knows only its embedded (empty) copy, and says how old it is
    offline = browsing.page(offline=True)
    assert open_and_check(offline, site.file, text) == {"valid": True, "codes": []}
    sources = offline.inner_text("#source-list")
    assert "built on 2027-01-01 (14 days ago)" in sources
    assert "khi tạo trang ngày 2027-01-01 (14 ngày trước)" in sources
    # a page built with the revocation: offline it still refuses the certificate
    site = server.site(world.trust, root, [new], built=dt.date(2027, 1, 13))
    offline = browsing.page(offline=True)
    assert open_and_check(offline, site.file, text)["codes"] == ["cert.revoked"]
    assert "(2 days ago)" in offline.inner_text("#source-list")


@pytest.mark.tool("chromium", "chromium-browser")
def test_revocation_copies_that_cannot_be_trusted(browsing: Browsing, server: Server,
                                                  world: rv.World) -> None:
    serial = "GK-CA2026-TR9WX-4KPHD"
    text = world.certificate(serial=serial)
    root = world.root.public_file()
    revoked = rv.make_revoked(world.consultant, [rv.revocation_entry(serial)],
                              generated=dt.date(2027, 1, 5))
    page = browsing.page()
    # a copy beside the page trimmed after signing: reported, and the embedded copy still counts
    trimmed = {**revoked, "certificates": []}
    site = server.site(world.trust, root, [revoked], served_revoked=[trimmed])
    verdict = open_and_check(page, site.index, text)
    assert verdict == {"valid": False, "codes": ["cert.revoked", "revoked.signature"]}
    assert "revoked-1.json (the copy beside the page) was altered" in reasons(page)
    # an older copy beside the page (replayed to hide the revocation) loses to the embedded one
    older = rv.make_revoked(world.consultant, [], generated=dt.date(2026, 12, 1))
    site = server.site(world.trust, root, [revoked], served_revoked=[older])
    assert open_and_check(browsing.page(), site.index, text)["codes"] == ["cert.revoked"]
    # a competitor cannot withdraw the certificate; an unknown signer is named
    competitor = rv.make_revoked(world.ed, [rv.revocation_entry(serial)])
    stranger = rv.make_revoked(world.outsider, [rv.revocation_entry(serial)])
    page = browsing.page(offline=True)
    page.goto(server.site(world.trust, root, [competitor, stranger]).file)
    assert check_text(page, text) == {"valid": False, "codes": ["revoked.signer"]}
    assert world.outsider.name in reasons(page)


@pytest.mark.tool("chromium", "chromium-browser")
def test_a_newer_trust_list_beside_the_page_is_used_when_the_root_signed_it(
        browsing: Browsing, server: Server, world: rv.World) -> None:
    newcomer = rv.make_issuer("Trung tâm Năng suất Miền Trung", ["consultant"])
    newer = rv.make_trust(world.root, [world.state, world.consultant, newcomer], version=4,
                          issued=dt.date(2027, 1, 10))
    text = world.certificate(newcomer)
    root = world.root.public_file()
    site = server.site(world.trust, root, [], served_trust=newer)
    page = browsing.page()
    assert open_and_check(page, site.index, text) == {"valid": True, "codes": []}
    assert "version 4 of 2027-01-10" in page.inner_text("#source-list")
    offline = browsing.page(offline=True)
    assert open_and_check(offline, site.file, text)["codes"] == ["cert.unknown_key"]
    # a "newer" list signed by another root is ignored, with a note, for the embedded one
    forged = rv.make_trust(rv.make_root(), [newcomer], version=9)
    site = server.site(world.trust, root, [], served_trust=forged)
    page = browsing.page()
    assert open_and_check(page, site.index, text)["codes"] == ["cert.unknown_key"]
    sources = page.inner_text("#source-list")
    assert "version 3" in sources
    assert "Ignored the copy beside the page" in sources


@pytest.mark.tool("chromium", "chromium-browser")
def test_ed25519_where_the_browser_has_it_and_a_clear_reason_where_not(
        browsing: Browsing, server: Server, world: rv.World) -> None:
    text = world.certificate(world.ed)
    site = server.site(world.trust, world.root.public_file(), [])
    page = browsing.page()
    assert open_and_check(page, site.index, text) == {"valid": True, "codes": []}
    assert page.evaluate("async () => Boolean(await crypto.subtle.generateKey("
                         "{name: 'Ed25519'}, false, ['sign', 'verify']))")
    assert "EdDSA" in field_rows(page)["Signing key (kid)"]
    # an older browser: WebCrypto without Ed25519
    no_ed25519 = """
      (() => {
        const subtle = crypto.subtle, importKey = subtle.importKey.bind(subtle);
        subtle.importKey = function (format, data, algorithm, ...rest) {
          const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
          if (name === 'Ed25519') {
            return Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'));
          }
          return importKey(format, data, algorithm, ...rest);
        };
      })();"""
    old = browsing.page(init=no_ed25519)
    verdict = open_and_check(old, site.index, text)
    assert verdict == {"valid": False, "codes": ["page.unsupported"]}
    assert "CANNOT BE CHECKED HERE" in old.inner_text("#verdict-word")
    assert "cannot check Ed25519 signatures" in reasons(old)
    assert "gembakit verify" in reasons(old)
    # an ES256 certificate is still checked in full there
    assert check_text(old, world.certificate()) == {"valid": True, "codes": []}
    # a browser without DecompressionStream cannot read any certificate, and says so
    older = browsing.page(init="delete window.DecompressionStream;")
    verdict = open_and_check(older, site.index, world.certificate())
    assert verdict == {"valid": False, "codes": ["page.unsupported"]}
    assert "DecompressionStream" in reasons(older)


@pytest.mark.tool("chromium", "chromium-browser")
def test_deflate_bomb_is_refused_quickly(browsing: Browsing, server: Server,
                                         world: rv.World) -> None:
    bomb = rv.deflate_bomb(64 * 1024 * 1024)  # 64 MiB of zeros in about 100 kB of text
    site = server.site(world.trust, world.root.public_file(), [])
    page = browsing.page()
    assert open_and_check(page, site.index, world.certificate())["valid"]
    took = page.evaluate("""async t => {
        const start = performance.now();
        const verdict = await window.gembakitCheck(t);
        return [performance.now() - start, verdict];
    }""", bomb)
    assert took[1] == {"valid": False, "codes": ["cert.format"]}
    assert took[0] < 1500, took[0]
    assert "inflates past 8,192 bytes" in reasons(page)
    # a certificate whose COSE bytes are exactly 8,192 is read; one byte more is not
    sized = {c.name: c for c in rv.named_cases(world) if c.name.startswith("inflated-")}
    assert check_text(page, sized["inflated-8192-bytes"].text)["valid"]
    assert check_text(page, sized["inflated-8193-bytes"].text)["codes"] == ["cert.format"]


@pytest.mark.tool("chromium", "chromium-browser")
def test_links_and_pasted_text(browsing: Browsing, server: Server, world: rv.World) -> None:
    text = world.certificate()
    site = server.site(world.trust, world.root.public_file(), [])
    page = browsing.page()
    # a camera app or chat that percent-encodes the ':' still opens a valid certificate
    page.goto(site.index + "#" + rv.fragment(text).replace(":", "%3A", 1))
    wait_checks(page, 1)
    assert page.evaluate("window.gembakitVerdict") == {"valid": True, "codes": []}
    # Base45 is upper case: a lower-cased link is refused, not guessed at
    page.evaluate("h => { location.hash = h; }", "#" + text[:4] + text[4:].lower())
    wait_checks(page, 2)
    assert page.evaluate("window.gembakitVerdict")["codes"] == ["cert.format"]
    # a whole link pasted in the box is reduced to its fragment; so is a bare text
    page.fill("#paste", f"  {world.trust['verifier_url']}#{rv.fragment(text)}\n")
    page.click("#check")
    wait_checks(page, 3)
    assert page.evaluate("window.gembakitVerdict")["valid"]
    page.fill("#paste", "GK2:NOT A CERTIFICATE")
    page.click("#check")
    wait_checks(page, 4)
    assert page.evaluate("window.gembakitVerdict")["codes"] == ["cert.format"]
    # a text holding the Base45 characters '%' (before two hex digits) and ' ' survives the
    # trip through a link, percent-encoded or not: the browser shows a raw space as %20
    tricky = next(t for t in (world.certificate() for _ in range(200))
                  if re.search("%[0-9A-F]{2}", t) and " " in t)
    page.evaluate("h => { location.hash = h; }", "#" + rv.fragment(tricky))
    wait_checks(page, 5)
    assert page.evaluate("window.gembakitVerdict")["valid"]
    page = browsing.page()
    page.goto(site.index + "#" + tricky)
    assert page.evaluate("location.hash").count("%20") == tricky.count(" ")
    wait_checks(page, 1)
    assert page.evaluate("window.gembakitVerdict")["valid"]
    # a QR code's text, as a scanner hands it over (raw, with its spaces)
    assert check_text(page, site.index + "#" + tricky)["valid"]
    assert check_text(page, site.index + "#" + rv.fragment(tricky))["valid"]
    assert check_text(page, site.index + "#" + tricky[:-1])["codes"] == ["cert.format"]


def _qr_png(url: str, text: str) -> bytes:
    """A QR code of ``url#text``: the link in byte mode, the certificate in the dense
    alphanumeric mode (the Base45 alphabet is QR's alphanumeric set), as a certificate prints it."""
    import segno
    from segno.consts import MODE_ALPHANUMERIC, MODE_BYTE

    segments: Any = [(url + "#", MODE_BYTE), (text, MODE_ALPHANUMERIC)]  # typed as one str
    out = io.BytesIO()
    segno.make(segments, error="m", micro=False).save(out, kind="png", scale=4, border=4)
    return out.getvalue()


@pytest.mark.tool("chromium", "chromium-browser")
def test_jsqr_reads_a_photo_of_the_qr_code(browsing: Browsing, server: Server, world: rv.World,
                                           tmp_path: Path) -> None:
    text = world.certificate()
    site = server.site(world.trust, world.root.public_file(), [])
    photo = tmp_path / "qr.png"
    photo.write_bytes(_qr_png(site.index, text))
    page = browsing.page(init="delete window.BarcodeDetector;")  # the jsQR path, everywhere
    page.goto(site.index)
    assert page.get_attribute("body", "data-verdict") == "none"
    page.set_input_files("#photo", str(photo))
    wait_checks(page, 1)
    assert page.evaluate("window.gembakitVerdict") == {"valid": True, "codes": []}
    assert "QR code read from the photo" in page.inner_text("#scan-status")
    # a photo without a code, and a file that is no picture, each get their own words
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (320, 240), 255).save(blank)
    page.set_input_files("#photo", str(blank))
    page.wait_for_function("() => document.getElementById('scan-status').innerText"
                           ".includes('No QR code found in the photo')")
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not a picture")
    page.set_input_files("#photo", str(junk))
    page.wait_for_function("() => document.getElementById('scan-status').innerText"
                           ".includes('This photo cannot be opened')")
    assert page.evaluate("document.body.dataset.checks") == "1"


def _y4m(image_png: bytes, path: Path, size: tuple[int, int] = (800, 800)) -> None:
    """A still video (YUV4MPEG2, grey) of the image, for Chromium's fake camera."""
    from PIL import Image

    qr = Image.open(io.BytesIO(image_png)).convert("L")
    frame = Image.new("L", size, 255)
    frame.paste(qr, ((size[0] - qr.width) // 2, (size[1] - qr.height) // 2))
    chroma = bytes([128]) * (size[0] // 2 * size[1] // 2)
    body = b"FRAME\n" + frame.tobytes() + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{size[0]} H{size[1]} F5:1 Ip A1:1 C420jpeg\n".encode()
                     + body * 3)


@pytest.mark.tool("chromium", "chromium-browser")
def test_scan_button_reads_the_qr_code_from_the_camera(playwright: Any, server: Server,
                                                       world: rv.World, tmp_path: Path) -> None:
    text = world.certificate()
    site = server.site(world.trust, world.root.public_file(), [])
    video = tmp_path / "camera.y4m"
    _y4m(_qr_png(site.index, rv.fragment(text)), video)
    requests: list[str] = []
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        *ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context()
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.add_init_script(f"window.GEMBAKIT_TODAY = '{TODAY.isoformat()}';"
                             "delete window.BarcodeDetector;")
        page.goto(site.index)
        page.click("#scan")
        wait_checks(page, 1, timeout=20000)
        verdict = page.evaluate("window.gembakitVerdict")
        camera_closed = page.is_hidden("#camera")
    finally:
        browser.close()
    assert verdict == {"valid": True, "codes": []}
    assert camera_closed
    assert all(url.startswith(server.url) for url in requests), requests



def _cli_verdict(case: rv.Case, folder: Path) -> dict[str, Any]:
    """What ``gembakit verify --qr … --json`` says of a case."""
    import contextlib
    import io

    from gembakit.cli import main

    (folder / "trust.json").write_text(json.dumps(case.trust, ensure_ascii=False),
                                       encoding="utf-8")
    (folder / "root.json").write_text(json.dumps(case.root), encoding="utf-8")
    args = ["verify", "--qr", case.text, "--trust", str(folder / "trust.json"), "--root",
            str(folder / "root.json"), "--at", case.today.isoformat(), "--json"]
    for i, doc in enumerate(case.revoked):
        (folder / f"revoked-{i}.json").write_text(json.dumps(doc, ensure_ascii=False),
                                                  encoding="utf-8")
        args += ["--revoked", str(folder / f"revoked-{i}.json")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    data = json.loads(out.getvalue())
    assert code == (0 if data["valid"] else 1)
    return {"valid": data["valid"], "codes": data["codes"]}


@pytest.mark.slow
@pytest.mark.tool("chromium", "chromium-browser")
def test_one_verdict_from_the_command_line_and_the_page(browsing: Browsing, server: Server,
                                                        world: rv.World,
                                                        tmp_path: Path) -> None:
    """The differential test: every named case (each code of the Verdicts table) and 150
    seeded random ones — altered claims, wrong keys and tiers, dates, revocations, truncated,
    bit-flipped and re-encoded texts — get the same verdict and the same codes from
    ``gembakit verify`` and from the page in Chromium, offline."""
    page = browsing.page(offline=True)
    cases = [*rv.named_cases(world), *rv.random_cases(150, seed=2026, world=world)]
    assert len(cases) >= 200
    for case in cases:
        site = server.site(case.trust, case.root, case.revoked)
        page.goto(site.file)
        in_browser = check_text(page, case.text, case.today)
        assert _cli_verdict(case, tmp_path) == in_browser, case.name
        assert in_browser == {"valid": case.valid, "codes": sorted(case.expected)}, case.name


@pytest.mark.slow
@pytest.mark.tool("chromium", "chromium-browser")
@pytest.mark.tool("zbarimg")
@pytest.mark.tool("pdftoppm")
def test_the_demo_certificates_qr_opens_its_verifier_page_valid(
        browsing: Browsing, tmp_path: Path) -> None:
    """As a citizen would: scan the QR on the demo's printed certificate; the link opens the
    verifier page (here the demo's own copy of it) and says VALID; one character changed says
    INVALID."""
    import subprocess

    from gembakit.cli import main

    demo = tmp_path / "demo"
    assert main(["demo", "-o", str(demo)]) == 0
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(demo / "certificates/state-vi.pdf"),
                    str(tmp_path / "page")], check=True)
    link = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert link.startswith("https://verify.example.org/gembakit/#GK2")
    fragment = link.split("#", 1)[1]
    page = browsing.page(offline=True, today=dt.date.today())
    page.goto((demo / "verifier/index.html").as_uri() + "#" + fragment)
    wait_checks(page, 1)
    assert page.evaluate("window.gembakitVerdict") == {"valid": True, "codes": []}
    assert "Sở Khoa học và Công nghệ tỉnh Đồng Nai" in page.inner_text("body")
    altered = fragment[:40] + ("A" if fragment[40] != "A" else "B") + fragment[41:]
    verdict = check_text(page, "https://verify.example.org/gembakit/#" + altered)
    assert verdict["valid"] is False
