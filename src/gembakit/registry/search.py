"""Search that suits Vietnamese: case and diacritics folded away, words matched by prefix.

Unicode decomposition leaves ``đ``/``Đ`` whole (it is a letter of its own, not a ``d`` with a
mark), so it is mapped by hand; everything else loses its combining marks. "CƠ KHÍ", "cơ khí" and
"co khi" all fold to ``co khi``. A query is a list of words: each must be a word of the folded
text, the last one only its start (it may still be being typed): "dong nai" finds "Công ty … Đồng
Nai", "co kh" finds "cơ khí". Whole words for all but the last keep a search of a million names
fast: a two-letter prefix ("co*") matches most names, the word "co" few.

The folded text is indexed with each engine's full-text index — SQLite FTS5 (with prefix
indexes) and PostgreSQL ``tsvector`` (the ``simple`` configuration, a GIN index) — so a search
of a million certificates reads the index, not the table.
"""

from __future__ import annotations

import re
import unicodedata

_WORDS = re.compile(r"[0-9a-z]+")


def fold(text: str | None) -> str:
    """``text`` in lower case without diacritics, words separated by single spaces."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(_WORDS.findall(plain))


def words(query: str) -> list[str]:
    """The folded words of a query (at most ten: a longer query is no more precise)."""
    return fold(query).split()[:10]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every word, the last as a prefix."""
    found = words(query)
    return " AND ".join(f'"{w}"' + ("*" if i == len(found) - 1 else "")
                        for i, w in enumerate(found))


def tsquery(query: str) -> str:
    """A PostgreSQL ``to_tsquery('simple', …)`` text: every word, the last as a prefix."""
    found = words(query)
    return " & ".join(w + (":*" if i == len(found) - 1 else "") for i, w in enumerate(found))
