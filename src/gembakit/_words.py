"""Numbers and grade names as people read them, in Vietnamese and English.

Shared by the explanations of scores and by descriptions of checklists, so that "62,5 %" and
"điểm không phù hợp nặng" are written one way everywhere.
"""

from __future__ import annotations

GRADE_WORDS: dict[str, tuple[str, str]] = {
    "major": ("major nonconformities", "điểm không phù hợp nặng"),
    "minor": ("minor nonconformities", "điểm không phù hợp nhẹ"),
    "observation": ("observations", "điểm lưu ý"),
    "opportunity": ("opportunities for improvement", "cơ hội cải tiến"),
}


def number(value: float, lang: str) -> str:
    """``62.5`` in English, ``62,5`` in Vietnamese; whole numbers without decimals."""
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "vi" else text


def pct(value: float, lang: str) -> str:
    """``62.5 %`` in English, ``62,5 %`` in Vietnamese."""
    return number(value, lang) + " %"
