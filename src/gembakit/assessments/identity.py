"""When two assessments are of the same organisation: the one rule every layer uses.

The tax code identifies an enterprise in Vietnam; when both records carry one, it decides alone
(two branches with different names and one code are one organisation; two codes are two). When
either lacks it, the names decide, compared without case, spacing or the way accents were typed —
but a record with a tax code and one without are the same only when their names agree, so a
typo can never merge two enterprises that both gave their codes.
"""

from __future__ import annotations

import unicodedata

from gembakit.assessments.model import Organisation


def name_key(name: str) -> str:
    """A name as compared: composed accents, case folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def same_organisation(a: Organisation, b: Organisation) -> bool:
    if a.tax_code and b.tax_code:
        return a.tax_code == b.tax_code
    return name_key(a.name) == name_key(b.name)


def organisation_keys(records: list[tuple[str, str | None]]) -> list[str]:
    """A group key per (name, tax code) record, consistent with :func:`same_organisation`.

    A record without a tax code joins the group of the tax code its name belongs to when that
    name carries exactly one code among the records; otherwise it is grouped by name.
    """
    codes_by_name: dict[str, set[str]] = {}
    for name, code in records:
        if code:
            codes_by_name.setdefault(name_key(name), set()).add(code)
    keys = []
    for name, code in records:
        if code:
            keys.append(f"tax:{code}")
            continue
        codes = codes_by_name.get(name_key(name), set())
        keys.append(f"tax:{next(iter(codes))}" if len(codes) == 1 else f"name:{name_key(name)}")
    return keys
