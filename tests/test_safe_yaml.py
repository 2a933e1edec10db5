"""The one YAML loader refuses what could hurt: bombs, deep nesting, code tags, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from gembakit.base import safe_io as _json_io
from gembakit.base import safe_yaml as _io
from gembakit.base.errors import InputError
from gembakit.base.safe_io import write_atomic
from gembakit.base.safe_yaml import load_yaml, parse_yaml


def _message(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "x.yaml")
    return caught.value.render("en")


def test_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert _message("\n".join(lines)) == (
        "x.yaml: aliases expand to more than 500000 values (line 6)")


def test_too_many_aliases() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (_io.MAX_ALIASES + 1)) + "]\n"
    assert _message(text) == "x.yaml: more than 500 aliases (line 1)"


def test_modest_aliases_are_fine() -> None:
    doc = parse_yaml("d: &d {vi: Có, en: Yes}\nx: *d\ny: *d\n", "x.yaml")
    assert doc.data["x"] == {"vi": "Có", "en": "Yes"}


def test_recursive_alias() -> None:
    assert _message("a: &a [*a]\n") == "x.yaml: an alias refers to itself (line 1)"


@pytest.mark.parametrize("depth", [49, 5_000, 200_000])
def test_deep_nesting(depth: int) -> None:
    # 200,000 levels would crash libyaml's recursive composer; it must be caught before.
    assert _message("a: " + "[" * depth + "]" * depth) == (
        "x.yaml: nested deeper than 48 levels (line 1)")


def test_deep_block_nesting() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "end\n"
    assert _message(text).startswith("x.yaml: nested deeper than 48 levels (line ")


def test_python_tags_are_refused() -> None:
    assert _message('a: !!python/object/apply:os.system ["echo hi"]\n') == (
        "x.yaml: Python tags are not allowed: !!python/object/apply:os.system (line 1)")


def test_other_tags_are_refused() -> None:
    assert _message("a: !custom 1\n") == "x.yaml: unsupported YAML tag !custom (line 1)"
    assert _message("a: !!binary aGVsbG8=\n") == "x.yaml: unsupported YAML tag !!binary (line 1)"


def test_duplicate_keys() -> None:
    assert _message("a: 1\nb: 2\na: 3\n") == "x.yaml: duplicate key 'a' (line 3)"


def test_several_documents() -> None:
    assert _message("a: 1\n---\nb: 2\n") == (
        "x.yaml: more than one YAML document (---) (line 2)")


def test_pyyaml_words_are_ours() -> None:
    """PyYAML's English problems are named in the catalogue's words, in every language."""
    from gembakit.base.errors import InputError

    with pytest.raises(InputError) as caught:
        _io.parse_yaml("a: b: c\n", "x.yaml")
    assert caught.value.problems[0].code == "yaml.colon"
    assert caught.value.problems[0].render("vi") == (
        "x.yaml: có dấu ':' ở chỗ không thể bắt đầu khóa: hãy đặt văn bản chứa ': ' trong dấu "
        "nháy (dòng 1)")


@pytest.mark.parametrize(("text", "code"), [
    ("a: !!int zz\n", "yaml.value"),
    ("a: !!float x\n", "yaml.value"),
    ("a: !!bool maybe\n", "yaml.value"),
    ("a: !!timestamp 2026-13-45\n", "yaml.value"),
])
def test_explicit_tags_that_do_not_fit(text: str, code: str) -> None:
    from gembakit.base.errors import InputError

    with pytest.raises(InputError) as caught:
        _io.parse_yaml(text, "x.yaml")
    assert caught.value.codes == (code,)


def test_numbers_keep_the_characters_typed() -> None:
    data = _io.parse_yaml("tax: 0301234567\nn: 12\nbig: " + "9" * 4301 + "\n", "x").data
    assert data["tax"] == 301234567
    assert data["tax"].source == "0301234567"
    assert data["n"] == 12
    assert data["big"] == "9" * 4301  # no one means a 4,301-digit number: it stays text


def test_json_limits() -> None:
    from gembakit.base.errors import InputError

    for text, code in (("[" * 100_000 + "]" * 100_000, "input.too_deep"),
                       ('{"a": ' + "9" * 4301 + "}", "json.number"),
                       ('{"a": NaN}', "json.number"), ('{"a": 1, "a": 2}', "input.duplicate_key"),
                       ("[" * 60 + "]" * 60, "input.too_deep"), ("{,}", "json.key")):
        with pytest.raises(InputError) as caught:
            _json_io.parse_json(text, "x.json")
        assert caught.value.codes == (code,), text[:20]


def test_reads_are_capped_while_reading(tmp_path: Path) -> None:
    """/dev/zero reports a size of 0 and never ends: the cap counts bytes read."""
    from gembakit.base.errors import InputError

    with pytest.raises(InputError) as caught:
        _json_io.read_bytes(Path("/dev/zero"), limit=1024)
    assert caught.value.codes == ("input.too_large",)


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(big, "big.yaml")
    assert caught.value.render("en") == "big.yaml: larger than 0 MiB"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("tên: Nguyễn".encode("utf-16"))
    with pytest.raises(InputError) as caught:
        load_yaml(path, "a.yaml")
    assert caught.value.render("en") == "a.yaml: not UTF-8 text (byte 0)"


@pytest.mark.parametrize(("text", "value"), [
    ("Yes", "Yes"), ("no", "no"), ("on", "on"), ("8:30", "8:30"), ("012", 12), ("0x1F", 31),
    ("0o17", 15), ("-3", -3), ("1.5", 1.5), ("true", True), ("FALSE", False), ("~", None),
    ("", None), ("1_000", "1_000"),
])
def test_plain_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert parse_yaml(f"a: {text}\n", "x.yaml").data == {"a": value}


def test_lines_are_found_for_paths() -> None:
    doc = parse_yaml("a:\n  b:\n    - x\n    - y\n", "x.yaml")
    assert doc.line_of(("a", "b", 1)) == 4
    assert doc.line_of(("a", "missing")) == 2


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


@pytest.mark.parametrize("value", ["0312345678", "012", "1e3", "0x1F", "Yes", "8:30", "1.5",
                                   "true", "~", "", "null", "2026-11-12"])
def test_strings_survive_a_dump_and_load(value: str) -> None:
    from gembakit.base.safe_yaml import dump_yaml

    assert parse_yaml(dump_yaml({"a": value}), "x.yaml").data == {"a": value}
