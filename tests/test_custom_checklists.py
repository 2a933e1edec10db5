"""Custom checklists work wherever a bundled id does; versions are checked as documented."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

import gembakit
from gembakit.cli import main
from tests.builders import ROOT

EXAMPLE = ROOT / "docs/examples/safety-walk.yaml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fill(path: Path, scores: dict[str, object], **site: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item, answer in data["answers"].items():
        answer["score"] = scores.get(item, 2)
    data["site"].update(site)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_worked_example_from_the_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "checklists", "validate", str(EXAMPLE), "--schema")
    assert (code, err) == (0, "")
    checklists = tmp_path / "lists"
    checklists.mkdir()
    shutil.copy(EXAMPLE, checklists / "safety-walk.yaml")
    forms = tmp_path / "forms"
    forms.mkdir()
    monkeypatch.chdir(forms)
    code, out, err = _run(capsys, "new", "../lists/safety-walk.yaml", "-o", "walk.yaml")
    assert code == 0, err
    assert "  source: ../lists/safety-walk.yaml" in Path("walk.yaml").read_text(encoding="utf-8")
    # No production on this site: the machine guard item drops out; one partial answer.
    _fill(Path("walk.yaml"), {"machines.guards": 0, "electrical.panels": 1,
                              "electrical.cables": 0})
    code, out, err = _run(capsys, "score", "walk.yaml", "--json")  # found through its source
    assert code == 0, err
    result = json.loads(out)
    assert result["checklist_id"] == "safety-walk"
    assert result["counts"]["not_applicable"] == 0  # activities unknown: nothing is hidden
    _fill(Path("walk.yaml"), {"machines.guards": 0, "electrical.panels": 1,
                              "electrical.cables": 0}, activities=["office"])
    result = json.loads(_run(capsys, "score", "walk.yaml", "--json")[1])
    assert result["counts"]["not_applicable"] == 1
    assert result["counts"]["informational"] == 1
    # fire: 2 of 2 items at the top (weight 1); machines: panels 1 of 2 (weight 2)
    assert result["overall"]["percentage"] == pytest.approx(100 * (1 + 1 + 2 * 0.5) / 4)
    assert result["level"] == 2


def test_search_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLE, tmp_path / "safety-walk.yaml")
    monkeypatch.setenv("GEMBAKIT_CHECKLISTS", str(tmp_path))
    _, out, _ = _run(capsys, "checklists", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["safety-walk"]["items"] == 5
    assert rows["safety-walk"]["source"] == str(tmp_path / "safety-walk.yaml")
    assert rows["5s"]["source"] is None
    assert gembakit.load_checklist("safety-walk").id == "safety-walk"
    form = tmp_path / "w.yaml"
    assert _run(capsys, "new", "safety-walk", "-o", str(form))[0] == 0
    assert "source:" not in form.read_text(encoding="utf-8")  # found by id
    _fill(form, {})
    assert json.loads(_run(capsys, "score", str(form), "--json")[1])["level"] == 3


def test_file_name_must_match_the_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(EXAMPLE, tmp_path / "walk.yaml")
    monkeypatch.setenv("GEMBAKIT_CHECKLISTS", str(tmp_path))
    with pytest.raises(gembakit.InputError) as caught:
        gembakit.load_checklist("walk")
    assert caught.value.render("en") == (
        f"{tmp_path / 'walk.yaml'} › id: declares id 'safety-walk', but its file name says "
        "'walk'")


def test_newer_minor_version_without_an_answered_item_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v1 = tmp_path / "safety-walk.yaml"
    shutil.copy(EXAMPLE, v1)
    form = tmp_path / "w.yaml"
    assert _run(capsys, "new", str(v1), "-o", str(form))[0] == 0
    _fill(form, {})
    # 1.1.0 adds an item: old assessments still score, with a warning.
    text = EXAMPLE.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0")
    v1.write_text(text.replace("      - id: fire.extinguishers", (
        "      - id: fire.drills\n"
        "        text: {vi: \"Diễn tập định kỳ.\", en: \"Regular drills.\"}\n"
        "      - id: fire.extinguishers")), encoding="utf-8")
    code, out, err = _run(capsys, "score", str(form), "--json", "--lang", "en")
    assert code == 0
    assert "checked against 1.1.0, which keeps every item it answers" in err
    assert "fire.drills" in json.loads(out)["unanswered"]
    # 1.2.0 drops an item the assessment answers: refused, naming it.
    v1.write_text(text.replace("version: 1.1.0", "version: 1.2.0").replace(
        "          - id: electrical.cables", "          - id: electrical.wiring"),
        encoding="utf-8")
    code, out, err = _run(capsys, "score", str(form), "--lang", "en")
    assert code == 1
    assert "answers safety-walk 1.0.0, but the checklist is 1.2.0; items no longer in it: " \
           "electrical.cables (line " in err
