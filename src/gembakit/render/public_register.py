"""``gembakit publish``: the public register as a static site an agency uploads anywhere.

``index.html`` lists the recognised enterprises — tier, checklist, level, status and dates — and
searches them in the page, without regard to case or diacritics, by province, industry and tier;
``register.csv`` and ``register.json`` hold the same rows for anyone who wants the data. Signed
revocation lists are copied beside them; with a trust list the verifier page goes in ``verify/``
and every serial links to it, so a reader checks a certificate's signature in one tap.
Certificates superseded by a newer one, or cancelled as issued in error, are left out.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gembakit.base.messages import N_, Message, tr
from gembakit.base.safe_io import write_atomic
from gembakit.base.vocabulary import CERTIFICATE_STATUS_WORDS, TIER_WORDS, word
from gembakit.certificates.verify import fragment
from gembakit.registry.certificates import Register
from gembakit.registry.db import Database

PUBLISHED = ("active", "suspended", "expired", "withdrawn")
COLUMNS = ("id", "organisation", "tax_code", "province", "industry", "tier", "checklist",
           "version", "level", "score", "status", "since", "issued", "expires", "issuer")


class Link(BaseModel):
    href: str
    text: str


class Choice(BaseModel):
    value: str
    text: str


class RegisterView(BaseModel):
    lang: str
    title: str
    subtitle: str
    words: dict[str, str]
    provinces: list[str]
    industries: list[str]
    tiers: list[Choice]
    links: list[Link]
    data: str


def _rows(database: Database, verify: bool, lang: str) -> list[dict[str, Any]]:
    rows = []
    for status in PUBLISHED:
        for entry in Register(database).search(status=status):
            row = {c: getattr(entry, c) for c in COLUMNS}
            row["tier_text"] = Message(TIER_WORDS.get(entry.tier, entry.tier)).text(lang)
            row["status_text"] = word(CERTIFICATE_STATUS_WORDS, entry.status).text(lang)
            row["verify"] = (f"verify/index.html#{fragment(entry.certificate)}" if verify
                             else None)
            rows.append(row)
    rows.sort(key=lambda r: (r["organisation"].casefold(), r["issued"]))
    return rows


def publish(database: Database, folder: Path, *, lang: str, title: str | None = None,
            revoked: Sequence[Path] = (), verifier: Path | None = None) -> int:
    """Write the site into ``folder``; ``verifier`` is a folder written by ``gembakit
    verifier`` to copy into ``verify/``. Returns the number of certificates listed."""
    rows = _rows(database, verifier is not None, lang)
    labels = {k: tr(lang, label) for k, label in (
        ("organisation", N_("Enterprise")), ("province", N_("Province")),
        ("industry", N_("Industry")), ("tier", N_("Recognition")),
        ("checklist", N_("Checklist")), ("level", N_("Level")),
        ("status", N_("Status")), ("dates", N_("Issued → valid until")), ("serial", N_("Serial")))}
    words = {**labels,
             "search": tr(lang, "Search by name, tax code or serial (with or without "
                                "diacritics)"),
             "all_provinces": tr(lang, "All provinces"),
             "all_industries": tr(lang, "All industries"),
             "all_tiers": tr(lang, "All kinds of recognition")}
    data = {"rows": rows, "labels": labels,
            "count": tr(lang, "{n} of {total} certificates", n="{n}", total="{total}")}
    links = [Link(href="register.csv", text="CSV"), Link(href="register.json", text="JSON")]
    for path in revoked:
        links.append(Link(href=path.name, text=tr(lang, "Revocation list {name}",
                                                  name=path.name)))
    if verifier is not None:
        links.insert(0, Link(href="verify/index.html", text=tr(lang, "Check a certificate")))
    view = RegisterView(
        lang=lang, title=title or tr(lang, "Register of recognised enterprises"),
        subtitle=tr(lang, "{n} certificates · every serial opens its signed check",
                    n=len(rows)) if verifier else tr(lang, "{n} certificates", n=len(rows)),
        words=words, provinces=sorted({r["province"] for r in rows if r["province"]}),
        industries=sorted({r["industry"] for r in rows if r["industry"]}),
        tiers=[Choice(value=t, text=Message(TIER_WORDS[t]).text(lang))
               for t in ("state", "consultant", "self")],
        links=links, data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))
    from gembakit.render.html import render_html

    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "index.html", render_html(view, "register.html.j2"))
    plain = [{c: r[c] for c in COLUMNS} for r in rows]
    write_atomic(folder / "register.json",
                 json.dumps(plain, ensure_ascii=False, indent=1) + "\n")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(plain)
    write_atomic(folder / "register.csv", "\ufeff" + text.getvalue())
    for path in revoked:
        write_atomic(folder / path.name, path.read_bytes())
    if verifier is not None:
        target = folder / "verify"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(verifier, target)
    return len(rows)
