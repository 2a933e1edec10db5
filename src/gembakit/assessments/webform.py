"""The offline web form: one HTML file, no network, no server.

It shows every item with its guidance and descriptors, takes answers, notes and photos, keeps the
work in the browser's storage, shows a running score, and downloads a JSON assessment that
``gembakit validate`` accepts as it is. Photos travel inside it (downscaled, with their SHA-256);
``gembakit import form`` writes them out as files beside the assessment.
"""

from __future__ import annotations

import base64
import json
from importlib import resources
from pathlib import Path
from typing import Any

from gembakit.assessments.evidence import unique_name
from gembakit.base.errors import refuse
from gembakit.base.safe_io import parse_json, read_text
from gembakit.checklists.model import Checklist


def _form_data(checklist: Checklist, lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        # The page scores as gembakit does for the weighted model with N/A left out; for other
        # models it only counts answers. (The download carries no site facts, so every
        # conditional item applies on the page and in gembakit's score of the download alike.)
        "running_score": (checklist.scoring.model == "weighted"
                          and checklist.scale.na_score is None),
        "checklist": {"id": checklist.id, "version": checklist.version,
                      "title": checklist.title.get(lang)},
        "scale": {"points": [{"value": p.value, "label": p.label.get(lang),
                              "descriptor": p.descriptor.get(lang)}
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
    }


def export_form(checklist: Checklist, lang: str) -> str:
    template = (resources.files("gembakit.assessments") / "webform.html").read_text(
        encoding="utf-8")
    data = json.dumps(_form_data(checklist, lang), ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__LANG__", lang).replace("__DATA__", data)


def read_download(path: Path) -> dict[str, Any]:
    """The assessment a form downloaded, photos still carried inside it.

    Nothing is written here: the caller validates first (``validate`` checks every carried
    photo against its SHA-256) and only then calls :func:`write_photos`, so a bad download
    leaves no stray files behind.
    """
    source = str(path)
    data = parse_json(read_text(path, source), source)
    if not isinstance(data, dict) or data.get("schema") != "gembakit/assessment/v1":
        raise refuse("form.not_a_download", "not an assessment downloaded from a gembakit form",
                     file=source)
    return data


def write_photos(data: dict[str, Any], photos: Path, base: Path) -> dict[str, Any]:
    """Write every carried photo into ``photos`` and return the assessment with each one
    replaced by its file, relative to ``base`` (the folder the assessment is saved in).

    Call only after validation: the photos are trusted to match their SHA-256 here. If writing
    fails part-way, the photos written so far are removed again.
    """
    import copy
    import os

    from gembakit.base.safe_io import write_atomic

    out = copy.deepcopy(data)
    planned: list[tuple[Path, bytes]] = []
    taken: set[str] = set()
    for item_id, answer in (out.get("answers") or {}).items():
        for i, ev in enumerate((answer or {}).get("evidence") or []):
            content = ev.pop("content", None) if isinstance(ev, dict) else None
            if content is None:
                continue
            raw = base64.b64decode(content, validate=True)
            name = unique_name(str(ev.get("file", "")) or f"{item_id}-{i + 1}.jpg", photos, raw,
                               taken)
            planned.append((photos / name, raw))
            ev["file"] = Path(os.path.relpath(photos / name, base)).as_posix()
    written: list[Path] = []
    try:
        for target, raw in planned:
            if not target.exists():
                write_atomic(target, raw)
                written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return out
