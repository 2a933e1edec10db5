"""Regenerate docs/images/verifier.png: the verifier page on a phone (390×844) showing a valid
certificate (needs Chromium).

The keys, trust list and certificate are made on the spot by tests/rfc_vectors.py, and the page by
``gembakit.render.verifier.build_page`` loaded from its file, so this runs without the rest of
gembakit. Pass ``--invalid`` to look at a refused certificate instead (written beside it as
verifier-invalid.png, not kept in the docs).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "docs" / "images"
sys.path.insert(0, str(REPO))

from tests import rfc_vectors as rv  # noqa: E402 - after the repository is on the path

TODAY = dt.date(2027, 1, 15)


def _builder() -> ModuleType:
    path = REPO / "src" / "gembakit" / "render" / "verifier" / "__init__.py"
    spec = importlib.util.spec_from_file_location("gembakit_verifier_page", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shoot(out: Path, *, invalid: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    world = rv.World.make()
    text = world.certificate(serial="GK-CA2026-HN4KP-7QXTB")
    revoked = [rv.make_revoked(world.state, [], generated=dt.date(2027, 1, 10))]
    if invalid:
        text = world.certificate(tier="state", serial="GK-SR2026-HN4KP-7QXTB",
                                 exp=dt.date(2027, 1, 10))
    page_html = _builder().build_page(world.trust, world.root.public_file(), revoked,
                                      built=dt.date(2027, 1, 12))
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.html"
        index.write_text(page_html, encoding="utf-8")
        (Path(tmp) / "trust-list.json").write_text(json.dumps(world.trust, ensure_ascii=False),
                                                   encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                        args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          device_scale_factor=2, offline=True)
            page = context.new_page()
            page.add_init_script(f"window.GEMBAKIT_TODAY = '{TODAY.isoformat()}';")
            page.goto(index.as_uri() + "#" + rv.fragment(text))
            page.wait_for_function("() => document.body.dataset.checks === '1'")
            page.screenshot(path=str(out))
            browser.close()


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    invalid = "--invalid" in sys.argv[1:]
    out = IMAGES / ("verifier-invalid.png" if invalid else "verifier.png")
    shoot(out, invalid=invalid)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
