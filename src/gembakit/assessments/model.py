"""The assessment record (``schema: gembakit/assessment/v1``): one assessor, one site, one date."""

import datetime as dt
import itertools
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from gembakit.checklists.base import Id, NonEmpty, SemVer, Strict
from gembakit.checklists.maturity import Grade, Tier

ASSESSMENT_SCHEMA = "gembakit/assessment/v1"
PLACEHOLDER = "…"
Status = Literal["draft", "submitted", "reviewed", "approved", "rejected"]
FINAL_STATUSES: frozenset[str] = frozenset({"submitted", "reviewed", "approved"})
_NA_SPELLINGS = frozenset({"na", "n/a", "n.a.", "kad", "không áp dụng"})


def _score(value: Any) -> Any:
    """One clear message for a bad score instead of one per type pydantic tried."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        if value.strip().lower() in _NA_SPELLINGS:
            return "na"
        if value.strip().lstrip("-").isdigit():
            return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise PydanticCustomError(
        "gembakit", "{en}",
        {"en": f"{value!r} is not a score: write a whole number of the scale, or na",
         "vi": f"{value!r} không phải là điểm: hãy ghi một số nguyên của thang điểm, hoặc na"},
    )


Score = Annotated[int | Literal["na"] | None, BeforeValidator(_score)]


class ChecklistRef(Strict):
    """The checklist answered; ``source`` is its file, relative to the assessment, when it is
    not a bundled one."""

    id: Id
    version: SemVer
    source: NonEmpty | None = None


class Organisation(Strict):
    name: NonEmpty
    tax_code: Annotated[str, Field(pattern=r"^\d{10}(-\d{3})?$")] | None = None
    industry: NonEmpty | None = None
    size: Literal["micro", "small", "medium", "large"] | None = None
    province: NonEmpty | None = None
    address: NonEmpty | None = None


class Site(Strict):
    name: NonEmpty
    address: NonEmpty | None = None
    activities: tuple[NonEmpty, ...] = ()


class Assessor(Strict):
    tier: Tier
    name: NonEmpty
    organisation: NonEmpty
    credential: NonEmpty | None = None


class Evidence(Strict):
    """A file kept beside the assessment; the digest makes later substitution detectable.

    ``content`` carries the file itself (base64) when the evidence travels inside the assessment,
    as the offline web form downloads it; ``gembakit import form`` writes it out as a file.
    """

    file: NonEmpty
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    caption: NonEmpty | None = None
    content: str | None = None


class Finding(Strict):
    grade: Grade
    text: NonEmpty
    root_cause: NonEmpty | None = None
    action: NonEmpty | None = None
    due: dt.date | None = None


class Answer(Strict):
    score: Score = None
    note: NonEmpty | None = None
    findings: tuple[Finding, ...] = ()
    evidence: tuple[Evidence, ...] = ()


class StatusEntry(Strict):
    status: Status
    by: NonEmpty
    at: dt.datetime
    note: NonEmpty | None = None


def _answer_keys(value: Any) -> Any:
    """YAML reads ``1: ...`` as a number; whole numbers are safe to read back as ids."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for key, answer in value.items():
        if isinstance(key, (bool, float)):
            raise PydanticCustomError(
                "gembakit", "{en}",
                {"en": f"item id {key!r} was read as a number: put it in quotes",
                 "vi": f"mã tiêu chí {key!r} bị đọc thành số: hãy đặt trong dấu nháy"},
            )
        out[str(key) if isinstance(key, int) else key] = {} if answer is None else answer
    return out


class Assessment(Strict):
    schema_: Literal["gembakit/assessment/v1"] = Field(alias="schema")
    checklist: ChecklistRef
    organisation: Organisation
    site: Site
    assessor: Assessor
    date: dt.date
    answers: Annotated[dict[Id, Answer], BeforeValidator(_answer_keys)] = Field(
        default_factory=dict)
    findings: tuple[Finding, ...] = ()
    status: tuple[StatusEntry, ...] = ()

    @field_validator("status")
    @classmethod
    def _in_time_order(cls, value: tuple[StatusEntry, ...]) -> tuple[StatusEntry, ...]:
        for earlier, later in itertools.pairwise(value):
            if _aware(later.at) < _aware(earlier.at):
                raise PydanticCustomError(
                    "gembakit", "{en}",
                    {"en": f"status history goes back in time at {later.at.isoformat()}",
                     "vi": f"lịch sử trạng thái bị ngược thời gian tại {later.at.isoformat()}"},
                )
        return value

    @property
    def current_status(self) -> Status:
        return self.status[-1].status if self.status else "draft"

    @property
    def is_final(self) -> bool:
        return self.current_status in FINAL_STATUSES

    def all_findings(self) -> list[tuple[str | None, Finding]]:
        """Findings with the item they belong to (``None`` for general ones)."""
        found: list[tuple[str | None, Finding]] = [(None, f) for f in self.findings]
        for item_id, answer in self.answers.items():
            found.extend((item_id, f) for f in answer.findings)
        return found


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def facts_of(assessment: Assessment) -> dict[str, str | tuple[str, ...] | None]:
    """The facts applicability conditions may test (see :mod:`gembakit.checklists.conditions`)."""
    org = assessment.organisation
    return {
        "organisation.size": org.size,
        "organisation.industry": org.industry,
        "organisation.province": org.province,
        "site.activities": assessment.site.activities,
    }
