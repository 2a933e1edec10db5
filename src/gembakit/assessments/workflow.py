"""The assessment workflow: submit, review (accept or return), approve or reject.

``draft → submitted → reviewed | returned``; a returned assessment is edited and submitted
again; a submitted or reviewed one is approved or rejected by the state agency. Each step is a
status entry with the actor, the local time with its UTC offset and a note. Submitting records
digests of what was submitted, so ``validate`` names every answer changed afterwards — the
certificate must describe what was actually reviewed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any, Literal

from gembakit.assessments.model import Assessment, Status, StatusEntry, Submitted
from gembakit.base.errors import Problem, problem, refuse
from gembakit.base.messages import tr
from gembakit.base.vocabulary import STATUS_WORDS

Action = Literal["submit", "accept", "return", "approve", "reject"]
# Where each action may start from, and where it leads.
MOVES: dict[Action, tuple[frozenset[str], Status]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "accept": (frozenset({"submitted"}), "reviewed"),
    "return": (frozenset({"submitted", "reviewed"}), "returned"),
    "approve": (frozenset({"submitted", "reviewed"}), "approved"),
    "reject": (frozenset({"submitted", "reviewed"}), "rejected"),
}
# The command a person runs for each action (named in refusals).
COMMANDS: dict[Action, str] = {
    "submit": "gembakit submit", "accept": "gembakit review --accept",
    "return": "gembakit review --return", "approve": "gembakit approve",
    "reject": "gembakit reject",
}


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _answer_digests(a: Assessment) -> dict[str, str]:
    """A short digest per answer; area answers are keyed ``area/item``."""
    out: dict[str, str] = {}
    for area, item_id, answer in a.all_answers():
        key = f"{area.id}/{item_id}" if area is not None else item_id
        out[key] = _digest(answer.model_dump(mode="json", exclude_none=True))[:16]
    return out


def submission(a: Assessment) -> Submitted:
    answers = _answer_digests(a)
    findings = _digest([f.model_dump(mode="json", exclude_none=True) for f in a.findings])[:16]
    return Submitted(digest=_digest({"answers": answers, "findings": findings}),
                     answers=answers, findings=findings)


def last_submission(a: Assessment) -> StatusEntry | None:
    """The submission that still binds the answers: none once the assessment was returned."""
    for entry in reversed(a.status):
        if entry.status == "returned":
            return None
        if entry.status == "submitted" and entry.submitted is not None:
            return entry
    return None


def changes_since_submission(a: Assessment) -> list[Problem]:
    """Every answer (and the general findings) changed since the binding submission."""
    entry = last_submission(a)
    if entry is None or entry.submitted is None:
        return []
    then, now = entry.submitted, submission(a)
    if then.digest == now.digest:
        return []
    problems = []
    when = entry.at.isoformat()
    for key in sorted(set(then.answers) | set(now.answers)):
        if then.answers.get(key) != now.answers.get(key):
            path: tuple[str | int, ...] = _answer_path(a, key)
            problems.append(problem("workflow.changed_after_submission", "changed after it was "
                                    "submitted on {at} by {by}", path=path, at=when,
                                    by=entry.by))
    if then.findings != now.findings:
        problems.append(problem("workflow.changed_after_submission", "changed after it was "
                                "submitted on {at} by {by}", path=("findings",), at=when,
                                by=entry.by))
    return problems


def _answer_path(a: Assessment, key: str) -> tuple[str | int, ...]:
    area_id, slash, item_id = key.partition("/")
    if not slash:
        return ("answers", key)
    index = next((i for i, x in enumerate(a.areas) if x.id == area_id), area_id)
    return ("areas", index, "answers", item_id)


def local_now() -> dt.datetime:
    """Now, in the machine's local time zone with its offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def move(a: Assessment, action: Action, *, by: str, note: str | None = None,
         at: dt.datetime | None = None) -> Assessment:
    """``a`` with one more status entry, or a refusal naming what the history allows."""
    allowed_from, to = MOVES[action]
    current = a.current_status
    if current not in allowed_from:
        possible = [COMMANDS[x] for x, (frm, _) in MOVES.items() if current in frm]
        raise refuse("workflow.transition", "the assessment is {status}: {action} is not "
                     "possible now; next: {next}", path=("status",),
                     status=_status(current), action=COMMANDS[action],
                     next=", ".join(possible) or "—")
    moment = at or local_now()
    if a.status and moment < a.status[-1].at:
        raise refuse("workflow.time", "{at} is earlier than the last status entry ({last})",
                     path=("status",), at=moment.isoformat(), last=a.status[-1].at.isoformat())
    entry = StatusEntry(status=to, by=by, at=moment, note=note,
                        submitted=submission(a) if action == "submit" else None)
    return a.model_copy(update={"status": (*a.status, entry)})


def _status(status: str) -> Any:
    from gembakit.base.messages import Message

    return Message(STATUS_WORDS.get(status, status))


def history_words(entries: Iterable[StatusEntry], lang: str) -> list[str]:
    """The status history as lines a person reads."""
    return [tr(lang, "{at}: {status} by {by}", at=e.at.isoformat(), status=_status(e.status),
               by=e.by) + (f" — {e.note}" if e.note else "") for e in entries]
