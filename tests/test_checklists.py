"""The checklist format: the published schema, cross-checks, the bundled 5S checklist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gembakit.assessments.model import Assessment
from gembakit.base.errors import InputError
from gembakit.base.safe_yaml import load_yaml
from gembakit.checklists.catalogue import _data_dir, bundled_ids, load_bundled, resolve_checklist
from gembakit.checklists.loader import checklist_from_data
from gembakit.checklists.model import Checklist
from gembakit.checklists.schema import dumps, generate, shipped_path, validate_against
from tests.builders import EXAMPLE, checklist_data


@pytest.mark.parametrize(("model", "package", "name", "title"), [
    (Checklist, "gembakit.checklists", "checklist-v1.schema.json", "gembakit checklist v1"),
    (Assessment, "gembakit.assessments", "assessment-v1.schema.json", "gembakit assessment v1"),
])
def test_shipped_schema_is_current(model: Any, package: str, name: str, title: str) -> None:
    shipped = shipped_path(package, name).read_text(encoding="utf-8")
    assert shipped == dumps(generate(model, name, title)), (
        "the JSON Schema is stale: run python scripts/generate_schemas.py")
    schema = json.loads(shipped)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _schema(package: str, name: str) -> dict[str, Any]:
    return json.loads(shipped_path(package, name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("checklist_id", bundled_ids())
def test_bundled_checklists_pass_the_published_schema(checklist_id: str) -> None:
    data = load_yaml(_data_dir() / f"{checklist_id}.yaml").data
    assert validate_against(_schema("gembakit.checklists", "checklist-v1.schema.json"), data,
                            checklist_id) == []


def test_example_assessment_passes_the_published_schema() -> None:
    data = load_yaml(EXAMPLE).data
    assert validate_against(_schema("gembakit.assessments", "assessment-v1.schema.json"), data,
                            "example") == []


def test_schema_rejects_what_the_models_reject() -> None:
    data = checklist_data({"sections": [{"id": "S", "items": [{"id": "i", "wieght": 2}]}]})
    problems = validate_against(_schema("gembakit.checklists", "checklist-v1.schema.json"), data,
                                "c.yaml")
    assert [p.path for p in problems] == [("sections", 0, "items", 0)]
    assert "'wieght' was unexpected" in problems[0].en


def _errors(fragment: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as caught:
        checklist_from_data(checklist_data(fragment), "c.yaml")
    return [p.render("en") for p in caught.value.problems]


def test_duplicate_ids() -> None:
    assert _errors({"sections": [{"id": "S", "items": [{"id": "a"}, {"id": "a"}]},
                                 {"id": "a", "items": [{"id": "b"}]}]}) == [
        "c.yaml › sections[0] › items[1] › id: duplicate id 'a' (first used at sections[0] › "
        "items[0])",
        "c.yaml › sections[1] › id: duplicate id 'a' (first used at sections[0] › items[0])",
    ]


def test_gate_naming_an_unknown_section() -> None:
    assert _errors({"sections": [{"id": "S", "items": [{"id": "a"}]}],
                    "levels": [{"level": 1}, {"level": 2, "gates": [
                        {"gate": "sections_min", "sections": ["S", "T"], "value": 50}]}]}) == [
        "c.yaml › maturity › levels[1] › gates[0] › sections[1]: unknown section 'T'"]


def test_levels_out_of_order() -> None:
    assert _errors({"sections": [{"id": "S", "items": [{"id": "a"}]}],
                    "levels": [{"level": 2}, {"level": 1}]}) == [
        "c.yaml › maturity › levels[1] › level: levels must increase: 1 follows 2"]


def test_scale_points_not_increasing() -> None:
    assert _errors({"scale": [0, 2, 1], "sections": [{"id": "S", "items": [{"id": "a"}]}]}) == [
        "c.yaml › scale › points[2] › value: scale points must increase: 1 follows 2"]


def test_item_levels_must_be_scale_points_and_more() -> None:
    problems = _errors({
        "scale": [0, 1, 2],
        "scoring": {"pass_score": 5},
        "maturity": {"knockout_cap": 9},
        "sections": [{"id": "S", "items": [
            {"id": "a", "levels": {3: {"vi": "ba", "en": "three"}}},
            {"id": "g", "mandatory": True, "items": [{"id": "b"}]},
            {"id": "c", "mandatory": True, "weight": 0},
        ]}],
        "recognition": {"self": {"min_level": 4, "validity_months": 12,
                                 "consultant_max_age_days": 30}},
    })
    assert problems == [
        "c.yaml › scoring › pass_score: must be a point of the scale (0, 1, 2)",
        "c.yaml › sections[0] › items[0] › levels[3]: 3 is not a point of the scale (0, 1, 2)",
        "c.yaml › sections[0] › items[1] › mandatory: a group cannot be mandatory; mark its items",
        "c.yaml › sections[0] › items[2] › weight: a mandatory item cannot be informational "
        "(weight 0)",
        "c.yaml › maturity › knockout_cap: level 9 is not defined",
        "c.yaml › recognition › self › min_level: level 4 is not defined",
        "c.yaml › recognition › self › consultant_max_age_days: only the state tier builds on a "
        "consultant assessment",
    ]


def test_model_errors_name_paths_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    text = (_data_dir() / "5s.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("        mandatory: true\n        weight: 2\n",
                                 "        mandatory: true\n        weight: -2\n", 1),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        resolve_checklist(path)
    assert caught.value.render("en") == (
        f"{path} › sections[0] › items[2] › weight: must be at least 0 (line 120)")


class TestBundled5S:
    """The content the core issue asks of the 5S checklist."""

    checklist = load_bundled("5s")

    def test_listed(self) -> None:
        assert "5s" in bundled_ids()

    def test_five_s_with_five_items_each(self) -> None:
        assert [s.id for s in self.checklist.sections] == [
            "sort", "set", "shine", "standardize", "sustain"]
        for section in self.checklist.sections:
            assert len(section.items) >= 5, section.id

    def test_every_item_is_complete_in_both_languages(self) -> None:
        values = sorted(self.checklist.scale.values)
        assert values == [0, 1, 2, 3, 4]
        for item in self.checklist.items():
            assert item.text.vi
            assert item.text.en
            assert item.text.vi != item.text.en
            assert item.guidance is not None, item.id
            assert item.evidence, item.id
            assert sorted(item.levels) == values, item.id
            for descriptor in item.levels.values():
                assert descriptor.vi != descriptor.en

    def test_levels_and_recognition(self) -> None:
        levels = self.checklist.maturity.levels
        assert [lv.level for lv in levels] == [1, 2, 3, 4, 5]
        assert all(lv.gates for lv in levels[1:])
        assert set(self.checklist.recognition) == {"self", "consultant", "state"}
        rules = self.checklist.recognition
        assert rules["self"].min_level < rules["consultant"].min_level <= rules["state"].min_level
        assert rules["state"].validity_months == 36
        assert rules["state"].surveillance_months == 12

    def test_vietnamese_diacritics_survive(self) -> None:
        titles = [s.title.vi for s in self.checklist.sections]
        assert titles[0] == "Sàng lọc (Seiri)"
        assert titles[4] == "Sẵn sàng (Shitsuke)"


def test_bundled_checklists_are_kept_as_json_once_read(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Read once from YAML and checked, a bundled checklist is kept in the cache as JSON and read
    back equal; a cache that cannot be read is ignored and written anew."""
    from gembakit.checklists import catalogue

    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path))
    catalogue.load_bundled.cache_clear()
    try:
        first = catalogue.load_bundled("5s")
        kept = list((tmp_path / "checklists").glob("5s-*.json"))
        assert len(kept) == 1
        catalogue.load_bundled.cache_clear()
        assert catalogue.load_bundled("5s") == first
        kept[0].write_text("{not json", encoding="utf-8")
        catalogue.load_bundled.cache_clear()
        assert catalogue.load_bundled("5s") == first
        assert kept[0].read_text(encoding="utf-8").startswith('{"schema":')
    finally:
        catalogue.load_bundled.cache_clear()
