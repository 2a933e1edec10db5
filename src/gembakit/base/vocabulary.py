"""The words for the programme's closed vocabularies — tiers, finding grades, statuses — once.

Every layer that shows a tier, a grade or a status takes its words from here (and so from the
catalogue); a file keeps the machine value (``consultant``), a person reads the words.
"""

from __future__ import annotations

from gembakit.base.messages import N_, Message

TIER_WORDS: dict[str, str] = {
    "self": N_("self-declaration"),
    "consultant": N_("independent consultant assessment"),
    "state": N_("state recognition"),
}
# One finding of each grade, as a label.
GRADE_WORDS: dict[str, str] = {
    "major": N_("major nonconformity"),
    "minor": N_("minor nonconformity"),
    "observation": N_("observation"),
    "opportunity": N_("opportunity for improvement"),
}
# A count of findings of each grade: "3 major nonconformities".
GRADE_COUNTS: dict[str, str] = {
    "major": N_("{n} major nonconformities"),
    "minor": N_("{n} minor nonconformities"),
    "observation": N_("{n} observations"),
    "opportunity": N_("{n} opportunities for improvement"),
}
STATUS_WORDS: dict[str, str] = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "reviewed": N_("reviewed"),
    "returned": N_("returned for changes"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
}
CERTIFICATE_STATUS_WORDS: dict[str, str] = {
    "active": N_("active"),
    "suspended": N_("suspended"),
    "withdrawn": N_("withdrawn"),
    "expired": N_("expired"),
    "cancelled": N_("cancelled"),
    "superseded": N_("superseded"),
}


# An organisation's size, as the assessment format names it (Decree 80/2021/NĐ-CP's classes).
SIZE_WORDS: dict[str, str] = {
    "micro": N_("micro enterprise"),
    "small": N_("small enterprise"),
    "medium": N_("medium enterprise"),
    "large": N_("large enterprise"),
}


def word(table: dict[str, str], key: str) -> Message:
    """The words for ``key`` in ``table``; an unknown key shows as itself."""
    return Message(table.get(key, key))


def grade_count(grade: str, n: int) -> Message:
    return Message(GRADE_COUNTS.get(grade, "{n} " + grade), {"n": n})
