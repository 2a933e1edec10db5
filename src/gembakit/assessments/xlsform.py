"""An XLSForm of a checklist, for ODK Collect and KoboToolbox.

Field teams that already collect with ODK or Kobo fill this form on their phones; the server's
export comes back through :mod:`gembakit.assessments.odk`. The form is built from the checklist
alone: a group per section, each item a ``select_one`` from the scale (with N/A where the item
allows it), ``required`` for mandatory items, an optional note and photo per item, the running
score as a ``calculate`` where the model is linear, and hidden fields carrying the checklist's id
and version into every submission. Labels are in both languages (``label::Tiếng Việt (vi)``,
``label::English (en)``), the default the one asked for.
"""

from __future__ import annotations

import io
import re
from typing import Any

from gembakit.base.errors import refuse
from gembakit.base.messages import N_, tr
from gembakit.base.models import TIERS, Text
from gembakit.base.vocabulary import SIZE_WORDS, TIER_WORDS
from gembakit.checklists.model import Checklist, Placed

LANGUAGES = {"vi": "Tiếng Việt (vi)", "en": "English (en)"}
GRADES = ("major", "minor", "observation", "opportunity")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
CHECKLIST_FIELD = "gk_checklist"
VERSION_FIELD = "gk_version"
HEADER = ("organisation_name", "tax_code", "industry", "size", "province", "site_name",
          "assessor_name", "assessor_organisation", "tier", "date")


def field_name(item_id: str) -> str:
    """The ODK field name of an item: its id where XForms allows it (a letter or ``_`` first;
    letters, digits, ``_`` and ``.``), else ``i_`` and the id with other characters as ``_``."""
    if _NAME.match(item_id):
        return item_id
    return "i_" + re.sub(r"[^A-Za-z0-9_.]", "_", item_id)


def item_fields(checklist: Checklist) -> dict[str, str]:
    """Field name → item id, for every answerable item; refused when two ids map to one name."""
    fields: dict[str, str] = {}
    for p in checklist.placed:
        name = field_name(p.item_id)
        if name in fields or name in HEADER or name.endswith(("_note", "_photo")):
            raise refuse("xlsform.name_clash", "items '{first}' and '{second}' would share the "
                         "form field '{name}'", first=fields.get(name, name), second=p.item_id,
                         name=name)
        fields[name] = p.item_id
    return fields


def _both(text: Text | None) -> list[str]:
    return [text.get(lang) for lang in LANGUAGES] if text is not None else ["", ""]


def _words(words: str) -> list[str]:
    """A catalogue text (marked with N_ where it is written) in every language of the form."""
    return [tr(lang, words) for lang in LANGUAGES]


def _running_score(checklist: Checklist, fields: dict[str, str]) -> str | None:
    """The overall percentage as gembakit computes it for the weighted and sum models with N/A
    left out (every item counted: ODK knows nothing of a site's applicability facts)."""
    if checklist.scoring.model not in ("weighted", "sum") or checklist.scale.na_score is not None:
        return None
    lo, hi = checklist.scale.min, checklist.scale.max
    by_id = {p.item_id: p for p in checklist.placed}
    earned, possible = [], []
    for name, item_id in fields.items():
        w = by_id[item_id].weight
        if not w:
            continue
        counted = f"${{{name}}} != '' and ${{{name}}} != 'na'"
        if checklist.scoring.model == "weighted":
            earned.append(f"if({counted}, (number(${{{name}}}) - {lo}) * {w!r}, 0)")
        else:
            earned.append(f"if({counted}, number(${{{name}}}) * {w!r}, 0)")
        possible.append(f"if({counted}, {w!r}, 0)")
    if not earned:
        return None
    span = hi - lo if checklist.scoring.model == "weighted" else hi
    total = " + ".join(possible)
    return (f"if(({total}) > 0, round(100 * ({' + '.join(earned)}) div ({span} * ({total})), 1),"
            " '')")


def _item_rows(p: Placed, name: str, checklist: Checklist) -> list[list[Any]]:
    scale = "scale_na" if checklist.na_allowed(p.item) else "scale"
    hint = _both(p.item.guidance)
    text = _both(p.item.text)
    label = [f"{p.item_id} · {t}" for t in text]
    rows: list[list[Any]] = [
        [f"select_one {scale}", name, *label, *hint, "yes" if p.item.mandatory else "", "",
         "", "", ""],
        ["text", f"{name}_note", *_words(N_("Note")), "", "", "", "", "", "multiline", ""],
        # Photos as gembakit's own form takes them: at most 1600 px on the long side.
        ["image", f"{name}_photo", *_words(N_("Photo")), "", "", "", "", "", "",
         "max-pixels=1600"],
    ]
    return rows


def xlsform(checklist: Checklist, lang: str) -> bytes:
    """The XLSForm workbook (survey, choices and settings sheets) as bytes."""
    from openpyxl import Workbook

    fields = item_fields(checklist)
    names = {item_id: name for name, item_id in fields.items()}
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    label_cols = [f"label::{LANGUAGES[lang_]}" for lang_ in LANGUAGES]
    hint_cols = [f"hint::{LANGUAGES[lang_]}" for lang_ in LANGUAGES]
    survey.append(["type", "name", *label_cols, *hint_cols, "required", "calculation",
                   "relevant", "appearance", "parameters"])

    def row(kind: str, name: str, label: list[str], *, required: bool = False,
            calculation: str = "", appearance: str = "") -> None:
        survey.append([kind, name, *label, "", "", "yes" if required else "", calculation, "",
                       appearance, ""])

    row("calculate", CHECKLIST_FIELD, ["", ""], calculation=f"'{checklist.id}'")
    row("calculate", VERSION_FIELD, ["", ""], calculation=f"'{checklist.version}'")
    row("begin_group", "header", _words(N_("Organisation and assessment")))
    row("text", "organisation_name", _words(N_("Organisation")), required=True)
    row("text", "tax_code", _words(N_("Tax code")))
    row("text", "industry", _words(N_("Industry")))
    row("select_one sizes", "size", _words(N_("Size")))
    row("text", "province", _words(N_("Province")))
    row("text", "site_name", _words(N_("Site")), required=True)
    row("text", "assessor_name", _words(N_("Assessor")), required=True)
    row("text", "assessor_organisation", _words(N_("Assessor's organisation")), required=True)
    row("select_one tiers", "tier", _words(N_("Kind of assessment")), required=True)
    row("date", "date", _words(N_("Date of the assessment")), required=True)
    row("end_group", "", ["", ""])
    for section in checklist.sections:
        row("begin_group", f"s_{field_name(section.id)}", _both(section.title))
        for p in checklist.by_section[section.id]:
            for cells in _item_rows(p, names[p.item_id], checklist):
                survey.append(cells)
        row("end_group", "", ["", ""])
    score = _running_score(checklist, fields)
    if score is not None:
        row("calculate", "gk_score", ["", ""], calculation=score)
        row("note", "gk_score_note", [f"{w}: ${{gk_score}} %" for w in _words(N_("Running score"))])

    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *label_cols])
    for list_name, with_na in (("scale", False), ("scale_na", True)):
        for point in checklist.scale.points:
            choices.append([list_name, str(point.value),
                            *[f"{point.value} · {t}" for t in _both(point.label)]])
        if with_na:
            choices.append([list_name, "na", *_words(N_("Not applicable"))])
    for size, words in SIZE_WORDS.items():
        choices.append(["sizes", size, *_words(words)])
    for tier in TIERS:
        choices.append(["tiers", tier, *_words(TIER_WORDS[tier])])

    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([checklist.title.get(lang), f"gembakit_{field_name(checklist.id)}",
                     checklist.version, LANGUAGES[lang if lang in LANGUAGES else "en"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
