"""The offline web form: one HTML file, no network, no server.

It shows every item with its guidance and descriptors, takes answers, notes and photos, keeps the
work in the browser's storage, shows a running score, and downloads a JSON assessment that
``gembakit validate`` accepts as it is. Photos travel inside it (downscaled, with their SHA-256);
``gembakit import form`` writes them out as files beside the assessment.
"""

from __future__ import annotations

import base64
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from gembakit.checklists.model import Checklist
from gembakit.errors import InputError, Lang, Problem, input_error


def _form_data(checklist: Checklist, lang: Lang) -> dict[str, Any]:
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
                                for p in checklist.placed if p.section is s]}
                     for s in checklist.sections],
    }


def export_form(checklist: Checklist, lang: Lang) -> str:
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
    from gembakit._io import read_text

    source = str(path)
    try:
        data = json.loads(read_text(path, source))
    except json.JSONDecodeError as exc:
        raise input_error(f"not valid JSON: {exc.msg}", f"JSON không hợp lệ: {exc.msg}",
                          file=source, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("schema") != "gembakit/assessment/v1":
        raise input_error("not an assessment downloaded from a gembakit form",
                          "không phải bản đánh giá tải về từ phiếu gembakit", file=source)
    return data


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _photo_name(wanted: str, fallback: str, raw: bytes, folder: Path, taken: set[str]) -> str:
    """A plain file name in ``folder`` for these bytes: the form's own name when it is safe and
    free, never a path, never a hidden file, never over a different photo already there."""
    name = _SAFE_NAME.sub("_", Path(wanted).name).lstrip(".") or fallback
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, "jpg"
    for n in range(1, 10_000):
        candidate = name if n == 1 else f"{stem}-{n}.{suffix}"
        target = folder / candidate
        if candidate in taken:
            continue
        if not target.exists() or (target.is_file() and target.read_bytes() == raw):
            taken.add(candidate)
            return candidate
    raise InputError((Problem(en=f"no free file name for the photo in {folder}",
                              vi=f"không còn tên tệp trống cho ảnh trong {folder}"),))


def write_photos(data: dict[str, Any], photos: Path, base: Path) -> dict[str, Any]:
    """Write every carried photo into ``photos`` and return the assessment with each one
    replaced by its file, relative to ``base`` (the folder the assessment is saved in).

    Call only after validation: the photos are trusted to match their SHA-256 here. If writing
    fails part-way, the photos written so far are removed again.
    """
    import copy
    import os

    from gembakit._io import write_atomic

    out = copy.deepcopy(data)
    planned: list[tuple[Path, bytes]] = []
    taken: set[str] = set()
    for item_id, answer in (out.get("answers") or {}).items():
        for i, ev in enumerate((answer or {}).get("evidence") or []):
            content = ev.pop("content", None) if isinstance(ev, dict) else None
            if content is None:
                continue
            raw = base64.b64decode(content, validate=True)
            name = _photo_name(str(ev.get("file", "")), f"{item_id}-{i + 1}.jpg", raw, photos,
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
