"""The offline web form: one HTML file, no network, no server.

It shows every item with its guidance and descriptors, takes answers, notes and photos, keeps the
work in the browser's storage, shows a running score, and downloads a JSON assessment that
``gembakit validate`` accepts as it is. Photos travel inside it (downscaled, with their SHA-256);
``gembakit import form`` writes them out as files beside the assessment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from gembakit.checklists.model import Checklist
from gembakit.errors import InputError, Lang, Problem, input_error


def _form_data(checklist: Checklist, lang: Lang) -> dict[str, Any]:
    return {
        "lang": lang,
        "checklist": {"id": checklist.id, "version": checklist.version,
                      "title": checklist.title.get(lang)},
        "scale": {"points": [{"value": p.value, "label": p.label.get(lang),
                              "descriptor": p.descriptor.get(lang)}
                             for p in checklist.scale.points],
                  "na": checklist.scale.na, "min": checklist.scale.min,
                  "max": checklist.scale.max},
        "sections": [{"id": s.id, "title": s.title.get(lang),
                      "items": [{"id": p.item.id, "text": p.item.text.get(lang),
                                 "guidance": p.item.guidance.get(lang) if p.item.guidance else "",
                                 "mandatory": p.item.mandatory,
                                 "na": checklist.na_allowed(p.item), "weight": p.weight,
                                 "levels": {str(k): v.get(lang) for k, v in p.item.levels.items()}}
                                for p in checklist.placed if p.section is s]}
                     for s in checklist.sections],
    }


def export_form(checklist: Checklist, lang: Lang) -> str:
    template = (resources.files("gembakit.assessments") / "webform.html").read_text(
        encoding="utf-8")
    data = json.dumps(_form_data(checklist, lang), ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__LANG__", lang).replace("__DATA__", data)


def import_form(path: Path, photos: Path, base: Path) -> dict[str, Any]:
    """The assessment in a form download, with carried photos written into ``photos``;
    evidence paths become relative to ``base``, the folder the assessment will be saved in."""
    import os

    from gembakit._io import read_text, write_atomic

    source = str(path)
    try:
        data = json.loads(read_text(path, source))
    except json.JSONDecodeError as exc:
        raise input_error(f"not valid JSON: {exc.msg}", f"JSON không hợp lệ: {exc.msg}",
                          file=source, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("schema") != "gembakit/assessment/v1":
        raise input_error("not an assessment downloaded from a gembakit form",
                          "không phải bản đánh giá tải về từ phiếu gembakit", file=source)
    problems: list[Problem] = []
    for item_id, answer in (data.get("answers") or {}).items():
        for i, ev in enumerate((answer or {}).get("evidence") or []):
            content = ev.pop("content", None) if isinstance(ev, dict) else None
            if content is None:
                continue
            where = ("answers", item_id, "evidence", i)
            name = Path(str(ev.get("file", ""))).name
            try:
                raw = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                problems.append(Problem(en="the photo is not valid base64",
                                        vi="ảnh không phải base64 hợp lệ", file=source,
                                        path=where))
                continue
            if not name or hashlib.sha256(raw).hexdigest() != ev.get("sha256"):
                problems.append(Problem(en="the photo does not match its SHA-256",
                                        vi="ảnh không khớp với mã SHA-256", file=source,
                                        path=where))
                continue
            write_atomic(photos / name, raw)
            ev["file"] = Path(os.path.relpath(photos / name, base)).as_posix()
    if problems:
        raise InputError(tuple(problems))
    return data
