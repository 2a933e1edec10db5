"""The offline web form: one HTML file, no network, no server.

It shows every item with its guidance and descriptors, and takes answers, notes, graded findings
and photos. Work is kept in the browser's IndexedDB, one draft per assessment keyed by checklist,
version and draft, so two sites (two copies of the file, or two drafts of one) never mix; photos
are kept as downscaled JPEG blobs, not as text, so a few dozen of them do not fill the storage.
The page warns in view when space runs low or a save fails. It downloads a zip: the assessment
(``assessment.json``, which ``gembakit validate`` accepts once unzipped) and the photos, each
listed with the SHA-256 the browser computed. ``gembakit import form`` reads that zip
(:mod:`gembakit.assessments.formzip`), or the JSON with base64 photos of the first form, and
writes the photos out as files beside the assessment only once everything checked out.

Every word the page shows comes from here, in the language the form was exported in.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from gembakit.assessments import formzip
from gembakit.assessments.evidence import unique_name
from gembakit.base import limits
from gembakit.base.errors import refuse
from gembakit.base.messages import N_, decimal_mark, tr
from gembakit.base.models import GRADES
from gembakit.base.safe_io import decode_text, parse_json, read_bytes, write_atomic
from gembakit.base.vocabulary import GRADE_WORDS, SIZE_WORDS, TIER_WORDS
from gembakit.checklists.model import Checklist

# Downloads of the first form carry photos as base64 in the JSON itself; those made before
# the form wrote zips were refused above 8 MiB, so their import gets more room.
LEGACY_JSON_BYTES = 64 * 1024 * 1024
# The page warns when less than this is free, or less than this share of the quota.
LOW_SPACE_BYTES = 50 * 1000 * 1000
LOW_SPACE_SHARE = 0.10

# What the page says, by the key its script uses; ``{name}`` is filled in by the page.
TEXTS: dict[str, str] = {
    "loading": N_("Opening the form…"),
    "download": N_("Download"),
    "download_size": N_("Download ({size})"),
    "saved": N_("Saved on this device"),
    "saving": N_("Saving…"),
    "not_saved": N_("NOT saved"),
    "about": N_("About this assessment"),
    "organisation": N_("Organisation"),
    "tax_code": N_("Tax code"),
    "tax_code_hint": N_("10 digits, or 10 digits, a dash and 3 digits for a branch"),
    "industry": N_("Industry"),
    "size": N_("Size"),
    "not_given": N_("not given"),
    "province": N_("Province"),
    "site": N_("Site"),
    "assessor": N_("Assessor"),
    "assessor_org": N_("Assessor's organisation"),
    "tier": N_("Kind of assessment"),
    "date": N_("Date of the assessment"),
    "mandatory": N_("mandatory"),
    "guidance": N_("Guidance and what each answer means"),
    "na": N_("N/A"),
    "note": N_("Note"),
    "add_photo": N_("+ Photo"),
    "add_finding": N_("+ Finding"),
    "finding_grade": N_("Grade of the finding"),
    "finding_text": N_("What was found"),
    "remove_finding": N_("Remove this finding"),
    "photo_adding": N_("Adding photo {n} of {total}…"),
    "photo_unreadable": N_("{name} is not a photo this browser can open; it was not added."),
    "photo_limit_item": N_("An item holds at most {limit} photos; the rest were not added."),
    "photo_limit_all": N_("An assessment holds at most {limit} photos; the rest were not added."),
    "photo_open": N_("Photo {file}: open it to see it large or remove it"),
    "remove_photo": N_("Remove this photo"),
    "close": N_("Close"),
    "drafts": N_("Assessments on this device"),
    "draft_name": N_("Name of the assessment"),
    "draft_untitled": N_("Assessment started {when}"),
    "draft_new": N_("+ New assessment"),
    "draft_open": N_("Open"),
    "draft_current": N_("open now"),
    "draft_summary": N_("{answered}/{total} answered · {photos} photos · changed {when}"),
    "draft_downloaded": N_("downloaded {when}"),
    "draft_not_downloaded": N_("not downloaded yet"),
    "draft_delete": N_("Delete"),
    "draft_delete_confirm": N_("Delete “{name}” and its {photos} photos from this device? "
                               "This cannot be undone."),
    "draft_delete_yes": N_("Yes, delete it"),
    "draft_keep": N_("No, keep it"),
    "drafts_other": N_("This copy of the form starts a new assessment. {n} other assessments "
                       "of this checklist are kept on this device."),
    "drafts_show": N_("Show them"),
    "storage_use": N_("Forms on this device use {used}; {free} is free."),
    "storage_not_persistent": N_("The browser may clear this storage when the device runs low "
                                 "on space: download each assessment when it is done."),
    "space_low": N_("Space is running out on this device: {free} left. Download the assessment "
                    "now and keep the file somewhere safe."),
    "save_failed_quota": N_("The device is full: the last changes are NOT saved. Download the "
                            "assessment now, then free some space."),
    "save_failed": N_("Could not save on this device ({error}): the last changes are NOT saved. "
                      "Download the assessment now."),
    "no_storage": N_("This browser does not let the form keep your work ({error}): download "
                     "before you close the page."),
    "no_crypto": N_("This browser cannot compute the SHA-256 of photos; open the form as a "
                    "file or over https."),
    "retry": N_("Try again"),
    "download_now": N_("Download now"),
    "download_estimate": N_("The download will be about {size} ({photos} photos)."),
    "download_preparing": N_("Preparing the download…"),
    "download_done": N_("Downloaded {file}: {size}, {photos} photos. Import it with: gembakit "
                        "import form {file} -o assessment.yaml"),
    "download_failed": N_("The download could not be made ({error})."),
}


def _form_data(checklist: Checklist, lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "texts": {key: tr(lang, text) for key, text in TEXTS.items()},
        "decimal": decimal_mark(lang),
        # The page scores as gembakit does for the weighted model with N/A left out; for other
        # models it only counts answers. (The download carries no site facts, so every
        # conditional item applies on the page and in gembakit's score of the download alike.)
        "running_score": (checklist.scoring.model == "weighted"
                          and checklist.scale.na_score is None),
        "checklist": {"id": checklist.id, "version": checklist.version,
                      "title": checklist.title.get(lang)},
        "scale": {"points": [{"value": p.value, "label": p.label.get(lang),
                              "descriptor": p.descriptor.get(lang), "finding": p.finding}
                             for p in checklist.scale.points],
                  "na": checklist.any_na, "min": checklist.scale.min,
                  "max": checklist.scale.max},
        "sections": [{"id": s.id, "title": s.title.get(lang),
                      "items": [{"id": p.item.id, "text": p.item.text.get(lang),
                                 "guidance": p.item.guidance.get(lang) if p.item.guidance else "",
                                 "mandatory": p.item.mandatory,
                                 "na": checklist.na_allowed(p.item), "weight": p.weight,
                                 "levels": {str(k): v.get(lang) for k, v in p.item.levels.items()}}
                                for p in checklist.by_section[s.id]]}
                     for s in checklist.sections],
        "grades": [{"value": g, "label": tr(lang, GRADE_WORDS[g])} for g in GRADES],
        "sizes": [{"value": k, "label": tr(lang, words)} for k, words in SIZE_WORDS.items()],
        "tiers": [{"value": k, "label": tr(lang, words)} for k, words in TIER_WORDS.items()],
        "limits": {"name": limits.NAME, "short": limits.SHORT_TEXT, "text": limits.TEXT,
                   "findings_per_item": limits.FINDINGS_PER_ITEM,
                   "photos_per_item": limits.EVIDENCE_PER_ITEM, "photos": limits.EVIDENCE,
                   "low_space_bytes": LOW_SPACE_BYTES, "low_space_share": LOW_SPACE_SHARE},
        "zip": {"assessment": formzip.ASSESSMENT, "photos": formzip.PHOTOS},
    }


def export_form(checklist: Checklist, lang: str) -> str:
    template = (resources.files("gembakit.assessments") / "webform.html").read_text(
        encoding="utf-8")
    data = json.dumps(_form_data(checklist, lang), ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__LANG__", lang).replace("__DATA__", data)


@dataclass(frozen=True, slots=True)
class Download:
    """What a form downloaded: the assessment as data, and the zip its photos are in (``None``
    for the JSON of the first form, whose photos travel inside as base64 ``content``)."""

    data: dict[str, Any]
    source: str
    archive: Path | None = None


def read_download(path: Path) -> Download:
    """The assessment a form downloaded: a zip (photos checked against their SHA-256 and size
    as they are read) or the JSON of the first form (photos carried inside, checked by
    ``validate``).

    Nothing is written here: the caller validates first and only then calls
    :func:`write_photos`, so a bad download leaves no stray files behind.
    """
    source = str(path)
    try:
        with path.open("rb") as handle:
            zipped = formzip.is_zip(handle.read(4))
    except OSError:
        zipped = False  # read_bytes below names what is wrong with the file
    if zipped:
        return Download(formzip.read_zip(path, source), source, path)
    raw = read_bytes(path, source, limit=LEGACY_JSON_BYTES)
    data = parse_json(decode_text(raw, source), source, max_bytes=LEGACY_JSON_BYTES)
    if not isinstance(data, dict) or data.get("schema") != "gembakit/assessment/v1":
        raise refuse("form.not_a_download", "not an assessment downloaded from a gembakit form",
                     file=source)
    return Download(data, source)


def _evidence(answers: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], int]]:
    """(item, evidence, index) of every evidence entry of validated answers."""
    for item_id, answer in answers.items():
        for i, ev in enumerate((answer or {}).get("evidence") or []):
            yield item_id, ev, i


def write_photos(download: Download, photos: Path,
                 base: Path) -> tuple[dict[str, Any], list[Path]]:
    """Write every photo the download brought into ``photos``; return the assessment with each
    one named by its file relative to ``base`` (the folder the assessment is saved in), and the
    files written (for the caller to remove should saving the assessment fail).

    Call only after validation. Each photo is written atomically; if writing fails part-way,
    the photos written so far are removed again.
    """
    import copy

    out = copy.deepcopy(download.data)
    zipped = formzip.FormZip(download.archive, download.source) if download.archive else None
    written: list[Path] = []
    taken: set[str] = set()
    try:
        for _, answers in formzip.answer_maps(out):
            for item_id, ev, i in _evidence(answers):
                if "content" in ev:
                    raw = base64.b64decode(ev.pop("content"), validate=True)
                elif zipped is not None:
                    raw = zipped.photo(str(ev["file"]), str(ev["sha256"]))
                else:
                    continue  # a file named, not carried: validate found it beside the output
                name = unique_name(str(ev.get("file", "")) or f"{item_id}-{i + 1}.jpg", photos,
                                   raw, taken)
                target = photos / name
                if not target.exists():
                    write_atomic(target, raw)
                    written.append(target)
                ev["file"] = Path(os.path.relpath(target, base)).as_posix()
                ev["size"] = len(raw)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    finally:
        if zipped is not None:
            zipped.close()
    return out, written
