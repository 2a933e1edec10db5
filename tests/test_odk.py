"""ODK Collect and KoboToolbox: the XLSForm converts as their servers convert it, its running
score is gembakit's, and their exports come back as assessments with their photos."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import gembakit
from gembakit.assessments.xlsform import field_name
from gembakit.cli import main

BUNDLED = ("5s", "kaizen", "iso9001", "iso56001", "gtclqg")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _survey(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("checklist", BUNDLED)
def test_the_xlsform_converts_with_pyxform(checklist: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pyxform.xls2xform import convert

    form = tmp_path / "form.xlsx"
    code, _, err = _run(capsys, "export", "xlsform", checklist, "-o", str(form), "--lang", "vi")
    assert code == 0, err
    warnings: list[str] = []
    xform = convert(xlsform=str(form), validate=False, warnings=warnings).xform
    assert warnings == []
    cl = gembakit.load_checklist(checklist)
    assert f'version="{cl.version}"' in xform
    assert f"gembakit_{field_name(cl.id)}" in xform
    rows = {r["name"]: r for r in _survey(form)}
    for placed in cl.placed:
        row = rows[field_name(placed.item_id)]
        assert row["type"] == ("select_one scale_na" if cl.na_allowed(placed.item)
                               else "select_one scale")
        assert (row["required"] == "yes") == placed.item.mandatory
        assert rows[f"{field_name(placed.item_id)}_photo"]["type"] == "image"
    assert rows["gk_checklist"]["calculation"] == f"'{cl.id}'"
    assert rows["organisation_name"]["label::Tiếng Việt (vi)"] == "Tổ chức"


def _evaluate(expression: str, values: dict[str, str]) -> float | str:
    """The running score's XPath, evaluated the way an XForms engine does for these few
    functions (if, number, round, div), to compare with gembakit's own figure."""
    def number(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return math.nan

    def branch(test: bool, yes: Any, no: Any) -> Any:
        return yes if test else no

    python = re.sub(r"\$\{([^}]+)\}", lambda m: repr(values.get(m.group(1), "")), expression)
    python = python.replace(" div ", " / ").replace("if(", "branch(")
    result: float | str = eval(python, {"branch": branch, "number": number,
                                        "round": round, "__builtins__": {}})
    return result


def test_the_running_score_is_gembakits(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "form.xlsx"
    assert _run(capsys, "export", "xlsform", "5s", "-o", str(form))[0] == 0
    expression = next(r["calculation"] for r in _survey(form) if r["name"] == "gk_score")
    cl = gembakit.load_checklist("5s")
    rng = random.Random(5)
    for _ in range(30):
        values = {field_name(p.item_id): rng.choice(["", "na", "0", "1", "2", "3", "4"])
                  for p in cl.placed}
        answers = {p.item_id: {"score": (None if values[field_name(p.item_id)] == "" else
                                         "na" if values[field_name(p.item_id)] == "na" else
                                         int(values[field_name(p.item_id)]))}
                   for p in cl.placed}
        assessment = gembakit.assessment_from_data({
            "schema": "gembakit/assessment/v1", "checklist": {"id": "5s", "version": cl.version},
            "organisation": {"name": "A"}, "site": {"name": "B"},
            "assessor": {"tier": "self", "name": "C", "organisation": "A"},
            "date": "2026-11-20", "answers": answers})
        expected = gembakit.score(assessment, cl).overall.percentage
        got = _evaluate(expression, values)
        if expected is None:
            assert got == ""
        else:
            assert got == round(expected, 1)


def _central_export(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """An ODK Central CSV export: groups joined with '-', photos in media/ beside it."""
    cl = gembakit.load_checklist("5s")
    header = ["SubmissionDate", "gk_checklist", "gk_version"]
    header += [f"header-{f}" for f in ("organisation_name", "tax_code", "industry", "size",
                                       "province", "site_name", "assessor_name",
                                       "assessor_organisation", "tier", "date")]
    for section in cl.sections:
        for p in cl.by_section[section.id]:
            name = field_name(p.item_id)
            header += [f"s_{section.id}-{name}", f"s_{section.id}-{name}_note",
                       f"s_{section.id}-{name}_photo"]
    header += ["meta-instanceID", "KEY"]
    export = tmp_path / "export" / "gembakit_5s.csv"
    export.parent.mkdir()
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h.split("-", 1)[-1] if h.startswith(("header-", "s_"))
                                     else h, "") for h in header])
    return export


def _submission(org: str, uuid: str, **answers: str) -> dict[str, str]:
    cl = gembakit.load_checklist("5s")
    row = {"gk_checklist": "5s", "gk_version": cl.version, "organisation_name": org,
           "tax_code": "0301234567", "industry": "cơ khí", "size": "small",
           "province": "Hà Nội", "site_name": "Xưởng 1", "assessor_name": "Lê Thu Hà",
           "assessor_organisation": org, "tier": "self", "date": "2026-11-18",
           "meta-instanceID": f"uuid:{uuid}", "KEY": f"uuid:{uuid}"}
    for p in cl.placed:
        row[field_name(p.item_id)] = "3"
    row.update({k.replace("__", "."): v for k, v in answers.items()})
    return row


def test_an_odk_central_export_comes_back_as_assessments(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    good = _submission("Công ty CP Cơ khí Hà Nội", "aaaa1111-0000",
                       sort__1_photo="1731900000000.jpg", sort__1_note="Kệ đã dán nhãn",
                       set__2="na")
    bad = _submission("Công ty B", "bbbb2222-0000", sort__2="7")
    lost = _submission("Công ty C", "cccc3333-0000", shine__1_photo="gone.jpg")
    export = _central_export(tmp_path, [good, bad, lost])
    media = export.parent / "media"
    media.mkdir()
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    (media / "1731900000000.jpg").write_bytes(photo)
    out = tmp_path / "assessments"
    code, stdout, err = _run(capsys, "import", "odk", str(export), "-o", str(out), "--lang",
                             "en")
    assert code == 1  # two submissions have problems; the good one is still written
    assert "row 2 › answers › sort.2 › score: " in err
    assert "row 3 › shine.1_photo: the photo gone.jpg is not in the media folder" in err
    written = sorted(out.glob("*.yaml"))
    assert len(written) == 1
    assert "wrote 1 assessments" in stdout
    text = written[0].read_text(encoding="utf-8")
    assert "tax_code: '0301234567'" in text  # a leading zero stays
    data = yaml.safe_load(text)
    evidence = data["answers"]["sort.1"]["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(photo).hexdigest()
    assert evidence["size"] == len(photo)
    assert (written[0].parent / evidence["file"]).read_bytes() == photo
    assert data["answers"]["set.2"]["score"] == "na"
    assert data["answers"]["sort.1"]["note"] == "Kệ đã dán nhãn"
    assert _run(capsys, "validate", str(written[0]))[0] == 0
    assert gembakit.score(written[0]).overall.percentage is not None


def test_a_kobotoolbox_json_export_with_attachment_folders(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    cl = gembakit.load_checklist("5s")
    results = []
    for uuid, org in (("11111111-aaaa", "Công ty A"), ("22222222-bbbb", "Công ty B")):
        entry: dict[str, Any] = {"_uuid": uuid, "gk_checklist": "5s", "gk_version": cl.version,
                                 "header/organisation_name": org, "header/site_name": "Kho",
                                 "header/assessor_name": "Nam", "header/tier": "self",
                                 "header/assessor_organisation": org,
                                 "header/date": "2026-11-19"}
        for section in cl.sections:
            for p in cl.by_section[section.id]:
                entry[f"s_{section.id}/{field_name(p.item_id)}"] = "4"
        entry["s_sort/sort.1_photo"] = "photo.jpg"  # the same name in both submissions
        results.append(entry)
        folder = tmp_path / "attachments" / "aXyz" / uuid
        folder.mkdir(parents=True)
        (folder / "photo.jpg").write_bytes(org.encode("utf-8") * 100)
    export = tmp_path / "kobo.json"
    export.write_text(json.dumps({"count": 2, "results": results}, ensure_ascii=False),
                      encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = _run(capsys, "import", "odk", str(export), "--media",
                        str(tmp_path / "attachments"), "-o", str(out), "--json")
    assert code == 0, err
    for path in sorted(out.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stored = (path.parent / data["answers"]["sort.1"]["evidence"][0]["file"]).read_bytes()
        assert stored == data["organisation"]["name"].encode("utf-8") * 100  # its own photo


def test_a_kobotoolbox_csv_with_semicolons_and_a_bad_export(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    cl = gembakit.load_checklist("5s")
    names = [f"s_{s.id}/{field_name(p.item_id)}" for s in cl.sections
             for p in cl.by_section[s.id]]
    header = ["gk_checklist", "header/organisation_name", "header/site_name",
              "header/assessor_name", "header/assessor_organisation", "header/tier",
              "header/date", *names, "_uuid"]
    row = ["5s", "Công ty D", "Xưởng", "Hà", "Công ty D", "self", "2026-11-20",
           *["2"] * len(names), "3333"]
    export = tmp_path / "kobo.csv"
    export.write_text(";".join(header) + "\n" + ";".join(row) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "odk", str(export), "-o", str(tmp_path / "o"))
    assert code == 0, err
    (tmp_path / "nothing.json").write_text('{"data": 1}', encoding="utf-8")
    code, _, err = _run(capsys, "import", "odk", str(tmp_path / "nothing.json"), "-o",
                        str(tmp_path / "o2"), "--lang", "en")
    assert code == 1
    assert "not an ODK Central or KoboToolbox export" in err
    assert not (tmp_path / "o2").exists()
