"""The assessment record (``schema: gembakit/assessment/v1``): one assessor, one site, one date.

Text fields keep exactly the characters typed (a tax code ``0301234567`` stays text even when
YAML would read it as a number); every text, list and count has a limit
(:mod:`gembakit.base.limits`) checked while the file is read, before anything is scored or drawn.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from gembakit.base import limits
from gembakit.base.documents import custom_error
from gembakit.base.models import (
    ID_PATTERN,
    Day,
    Grade,
    Id,
    Long,
    Moment,
    Name,
    Number,
    SemVer,
    Sha256,
    Short,
    Strict,
    TaxCode,
    Tier,
    Whole,
)

ASSESSMENT_SCHEMA = "gembakit/assessment/v1"
PLACEHOLDER = "…"
Status = Literal["draft", "submitted", "reviewed", "returned", "approved", "rejected"]
# Statuses from which a certificate may be issued: the assessment has been handed in and not
# sent back or refused.
FINAL_STATUSES: frozenset[str] = frozenset({"submitted", "reviewed", "approved"})



def _score(value: Any) -> Any:
    """One clear message for a bad score instead of one per type pydantic tried."""
    if value is None or value == "na":
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise custom_error("answer.not_a_score", "{value} is not a score: write a whole number of "
                       "the scale, or na", value=repr(value)[:40])


Score = Annotated[int | Literal["na"] | None, BeforeValidator(_score)]


class ChecklistRef(Strict):
    """The checklist answered; ``source`` is its file, relative to the assessment, when it is
    not a bundled one."""

    id: Id
    version: SemVer
    source: Short | None = None


class Organisation(Strict):
    name: Name
    tax_code: TaxCode | None = None
    industry: Short | None = None
    size: Literal["micro", "small", "medium", "large"] | None = None
    province: Short | None = None
    address: Name | None = None
    postcode: Short | None = None
    phone: Short | None = None


class Site(Strict):
    name: Name
    address: Name | None = None
    activities: tuple[Short, ...] = Field(default=(), max_length=limits.ACTIVITIES)


class Assessor(Strict):
    tier: Tier
    name: Name
    organisation: Name
    credential: Short | None = None


class Evidence(Strict):
    """A file kept beside the assessment; the digest makes later substitution detectable.

    ``size`` is recorded by ``gembakit evidence add``. ``content`` carries the file itself
    (base64) in downloads of the first offline form; importing writes it out as a file.
    """

    file: Short
    sha256: Sha256
    size: Whole | None = Field(default=None, ge=0)
    caption: Short | None = None
    content: str | None = Field(default=None, max_length=limits.EVIDENCE_BYTES * 4 // 3 + 4)


class Finding(Strict):
    grade: Grade
    text: Long
    root_cause: Long | None = None
    action: Long | None = None
    due: Day | None = None


class Answer(Strict):
    score: Score = None
    note: Long | None = None
    findings: tuple[Finding, ...] = Field(default=(), max_length=limits.FINDINGS_PER_ITEM)
    evidence: tuple[Evidence, ...] = Field(default=(), max_length=limits.EVIDENCE_PER_ITEM)


Digest16 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class Submitted(Strict):
    """What was handed in: a digest of the whole (answers, findings, evidence) and a short one
    per answer, so later edits are caught and each changed answer can be named."""

    digest: Sha256
    answers: dict[str, Digest16] = Field(default_factory=dict, max_length=limits.ANSWERS * 4)
    findings: Digest16


class StatusEntry(Strict):
    """One step of the workflow: who moved the assessment where, when (local time with its
    offset) and why; a submission records what was submitted."""

    status: Status
    by: Name
    at: Moment
    note: Long | None = None
    submitted: Submitted | None = None


def _answer_keys(value: Any) -> Any:
    """YAML reads ``1: ...`` as a number; whole numbers read back as the ids typed."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for key, answer in value.items():
        if isinstance(key, bool | float) and not hasattr(key, "source"):
            raise custom_error("answer.numeric_id", "item id {id} was read as a number: put it "
                               "in quotes", id=repr(key))
        text = getattr(key, "source", None)
        out[text if text is not None else str(key) if isinstance(key, int) else key] = (
            {} if answer is None else answer)
    return out


Answers = Annotated[dict[Id, Answer], BeforeValidator(_answer_keys),
                    Field(max_length=limits.ANSWERS,
                          json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}})]


class Area(Strict):
    """One area of the site rated on its own (a workshop, a warehouse, an office)."""

    id: Id
    name: Name
    kind: Id | None = None
    weight: Number = Field(default=1.0, gt=0, le=1000)
    answers: Answers = Field(default_factory=dict)


class Assessment(Strict):
    schema_: Literal["gembakit/assessment/v1"] = Field(alias="schema")
    checklist: ChecklistRef
    organisation: Organisation
    site: Site
    assessor: Assessor
    date: Day
    answers: Answers = Field(default_factory=dict)
    areas: tuple[Area, ...] = Field(default=(), max_length=limits.AREAS)
    findings: tuple[Finding, ...] = Field(default=(), max_length=limits.FINDINGS)
    status: tuple[StatusEntry, ...] = Field(default=(), max_length=limits.STATUS_ENTRIES)

    @field_validator("status")
    @classmethod
    def _in_time_order(cls, value: tuple[StatusEntry, ...]) -> tuple[StatusEntry, ...]:
        for earlier, later in itertools.pairwise(value):
            if later.at < earlier.at:
                raise custom_error("status.time_order", "the status history goes back in time "
                                   "at {at}", at=later.at.isoformat())
        return value

    @model_validator(mode="after")
    def _totals(self) -> Assessment:
        findings = len(self.findings) + sum(len(a.findings) for _, _, a in self.all_answers())
        if findings > limits.FINDINGS:
            raise custom_error("limit.findings", "holds {count} findings; at most {limit} are "
                               "allowed in one assessment", count=findings, limit=limits.FINDINGS)
        evidence = self.evidence_count()
        if evidence > limits.EVIDENCE:
            raise custom_error("limit.evidence", "holds {count} evidence files; at most {limit} "
                               "are allowed in one assessment", count=evidence,
                               limit=limits.EVIDENCE)
        return self

    @property
    def current_status(self) -> Status:
        return self.status[-1].status if self.status else "draft"

    @property
    def is_final(self) -> bool:
        return self.current_status in FINAL_STATUSES

    def all_answers(self) -> list[tuple[Area | None, str, Answer]]:
        """Every answer with the area it belongs to (``None`` for a whole-site assessment)."""
        found: list[tuple[Area | None, str, Answer]] = [
            (None, k, a) for k, a in self.answers.items()]
        for area in self.areas:
            found.extend((area, k, a) for k, a in area.answers.items())
        return found

    def all_findings(self) -> list[tuple[str | None, Finding]]:
        """Findings with the item they belong to (``None`` for general ones)."""
        found: list[tuple[str | None, Finding]] = [(None, f) for f in self.findings]
        for _, item_id, answer in self.all_answers():
            found.extend((item_id, f) for f in answer.findings)
        return found

    def evidence_count(self) -> int:
        return sum(len(a.evidence) for _, _, a in self.all_answers())


def facts_of(assessment: Assessment, area: Area | None = None
             ) -> dict[str, str | tuple[str, ...] | None]:
    """The facts applicability conditions may test (see :mod:`gembakit.checklists.conditions`)."""
    org = assessment.organisation
    return {
        "organisation.size": org.size,
        "organisation.industry": org.industry,
        "organisation.province": org.province,
        "site.activities": assessment.site.activities,
        "area.kind": area.kind if area is not None else None,
    }
