"""The project's one safe reader of YAML and JSON, capped reads, and atomic file writes.

Every YAML or JSON file the project reads (checklists, assessments, trust lists, form downloads)
comes through :func:`parse_yaml` or :func:`parse_json`, and every file through
:func:`read_bytes`, which counts bytes while reading instead of trusting the size the file system
reports (``/dev/zero`` reports 0 and never ends).

libyaml's composer recurses in C and crashes the interpreter on very deep nesting, and PyYAML
expands alias graphs lazily, so a small file can become billions of nodes when something later
walks it. We therefore bound what can be bounded from the text, compose the node graph, inspect it
in Python (depth, aliases, expanded size, tags, duplicate keys) and only then construct objects.
Numbers read from plain scalars remember the characters typed (:class:`TypedScalar`), so a text
field can take ``0301234567`` back as the tax code it is.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from gembakit.base.errors import InputError, PathPart, refuse
from gembakit.base.messages import N_

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
MAX_ALIASES = 500
MAX_NODES = 200_000
MAX_EXPANDED_NODES = 500_000
# Digits beyond this are not a number anyone means: such a scalar stays text.
MAX_DIGITS = 40
# Below this many possible nesting levels libyaml's recursive composer is known to be safe.
_C_SAFE_DEPTH = 1000
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _STD + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "merge")
)

try:  # The C loader is ~7x faster; fall back quietly where libyaml is missing.
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class TypedScalar:
    """Marks a number read from a plain YAML scalar with the text typed (``source``)."""

    __slots__ = ()
    source: str


class TypedInt(int, TypedScalar):
    source: str

    def __new__(cls, value: int, source: str) -> TypedInt:
        made = super().__new__(cls, value)
        made.source = source
        return made


class TypedFloat(float, TypedScalar):
    source: str

    def __new__(cls, value: float, source: str) -> TypedFloat:
        made = super().__new__(cls, value)
        made.source = source
        return made


class _Loader(_Base):
    """Plain scalars resolved as YAML 1.2's core schema does, not as YAML 1.1.

    Under YAML 1.1 a descriptor such as ``en: No`` becomes ``False``, ``on`` and ``yes`` become
    booleans, ``8:30`` becomes the number 510 and ``012`` the number 10: traps for anyone
    writing a bilingual checklist by hand. Only ``true``/``false`` are booleans here.
    """


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("timestamp", r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                  r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                  r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$", "0123456789"),
    ("merge", r"^(?:<<)$", "<"),
):
    _Loader.add_implicit_resolver(_STD + _tag, re.compile(_pattern), list(_first))
_Loader.add_implicit_resolver(_STD + "null", re.compile(r"^$"), [""])


class _ScalarError(ValueError):
    """A scalar that cannot be what its tag says (``!!int zz``)."""


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int | str:
    """YAML 1.2 integers (``012`` is twelve); the typed text kept for text fields."""
    text = str(loader.construct_scalar(node))
    digits = text.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        return text  # no one means a 41-digit number; a text field may still take it
    try:
        if digits.startswith(("0x", "0o")):
            value = int(digits[2:], 16 if digits[1] == "x" else 8)
            value = -value if text.startswith("-") else value
        else:
            value = int(text, 10)
    except ValueError:
        raise _ScalarError(text) from None
    return TypedInt(value, text) if not node.style else value


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float | str:
    text = str(loader.construct_scalar(node))
    if len(text) > MAX_DIGITS + 10:
        return text
    lowered = text.lower()
    try:
        # YAML writes infinity and not-a-number as .inf and .nan
        value = float(lowered.replace(".", "")) if lowered.lstrip("+-") in (".inf", ".nan") \
            else float(text)
    except ValueError:
        raise _ScalarError(text) from None
    return TypedFloat(value, text) if not node.style else value


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise _ScalarError(str(node.value)) from None


def _construct_bool(loader: Any, node: yaml.ScalarNode) -> bool:
    text = str(loader.construct_scalar(node)).lower()
    if text not in ("true", "false"):
        raise _ScalarError(text)
    return text == "true"


_Loader.add_constructor(_STD + "int", _construct_int)
_Loader.add_constructor(_STD + "float", _construct_float)
_Loader.add_constructor(_STD + "timestamp", _construct_timestamp)
_Loader.add_constructor(_STD + "bool", _construct_bool)


class _Dumper(_BaseDumper):
    """Writes with the same scalar rules the loader reads with: a string such as ``0312345678``
    (a tax code) is quoted, because YAML 1.2 would read it back as a number."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_Dumper.add_representer(TypedInt, lambda d, v: d.represent_int(int(v)))
_Dumper.add_representer(TypedFloat, lambda d, v: d.represent_float(float(v)))


def dump_yaml(data: Any, *, width: int = 100) -> str:
    """YAML text that :func:`parse_yaml` reads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width)


class YamlDocument(NamedTuple):
    """Constructed data plus the node graph, kept so errors can name a line."""

    data: Any
    root: yaml.Node | None
    source: str

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """Line (1-based) of the deepest node along ``path`` that exists."""
        node = self.root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        child = value
                        break
            elif (isinstance(node, yaml.SequenceNode) and isinstance(part, int)
                  and 0 <= part < len(node.value)):
                child = node.value[part]
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _too_deep(source: str, line: int | None) -> InputError:
    return refuse("input.too_deep", "nested deeper than {limit} levels", file=source, line=line,
                  limit=MAX_DEPTH)


def _possible_depth(text: str) -> int:
    """A cheap upper bound on nesting: each level needs a bracket or a column of a line."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest + 2


def _possible_nodes(text: str) -> int:
    """A cheap upper bound on the nodes a text can hold: each needs a line, a comma, a dash or a
    bracket of its own, or is the value beside a key."""
    return 2 * (text.count("\n") + text.count(",") + text.count("- ") + text.count("[")
                + text.count("{") + text.count("? ")) + 2


def _check_by_events(text: str, source: str) -> None:
    """Measure nesting and size from parser events, which libyaml produces without recursion
    and without building nodes."""
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(source, int(event.start_mark.line) + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise refuse("input.too_many_values", "holds more than {limit} values",
                                 file=source, line=int(event.start_mark.line) + 1,
                                 limit=MAX_NODES)
    except yaml.YAMLError:
        return  # the composer reports syntax errors with a better message


def _inspect(root: yaml.Node, source: str) -> None:
    """Refuse graphs that are too deep, alias-heavy, cyclic, oddly tagged or have duplicate keys."""
    aliases = 0
    sizes: dict[int, int] = {}
    done: set[int] = set()
    active: set[int] = set()
    # Iterative post-order walk: (node, depth, children already pushed?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, expanded = stack.pop()
        key = id(node)
        if expanded:
            active.discard(key)
            done.add(key)
            size = 1
            for child in _children(node):
                size += sizes[id(child)]
            if size > MAX_EXPANDED_NODES:
                raise refuse("input.alias_bomb", "aliases expand to more than {limit} values",
                             file=source, line=_line(node), limit=MAX_EXPANDED_NODES)
            sizes[key] = size
            continue
        if key in done:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise refuse("input.too_many_aliases", "more than {limit} aliases",
                             file=source, line=_line(node), limit=MAX_ALIASES)
            continue
        if key in active:
            raise refuse("input.alias_cycle", "an alias refers to itself", file=source,
                         line=_line(node))
        if depth > MAX_DEPTH:
            raise _too_deep(source, _line(node))
        _check_tag(node, source)
        if isinstance(node, yaml.MappingNode):
            _check_duplicate_keys(node, source)
        active.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_tag(node: yaml.Node, source: str) -> None:
    tag = node.tag
    if tag in _ALLOWED_TAGS:
        return
    shown = "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag
    if tag.startswith(_STD + "python/"):
        raise refuse("yaml.python_tag", "Python tags are not allowed: {tag}", file=source,
                     line=_line(node), tag=shown[:80])
    raise refuse("yaml.tag", "unsupported YAML tag {tag}", file=source, line=_line(node),
                 tag=shown[:80])


def _check_duplicate_keys(node: yaml.MappingNode, source: str) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != _STD + "merge":
            if key.value in seen:
                raise refuse("input.duplicate_key", "duplicate key '{key}'", file=source,
                             line=_line(key), key=key.value[:80])
            seen.add(key.value)


# PyYAML's own words for what is wrong, in ours (and so in every language of the catalogue).
_YAML_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("mapping values are not allowed", "yaml.colon",
     N_("a ':' where no key can start: put text holding ': ' in quotes")),
    ("could not find expected ':'", "yaml.missing_colon",
     N_("a key without its ':' (or text that needs quotes)")),
    ("found character '\\t'", "yaml.tab", N_("a tab character: indent with spaces")),
    ("found character", "yaml.character",
     N_("a character that cannot start a value here: put the text in quotes")),
    ("found undefined alias", "yaml.alias", N_("an alias (*name) with no anchor (&name) before it")),
    ("found unexpected end of stream", "yaml.unclosed",
     N_("the file ends inside a quoted text or a bracket: close it")),
    ("found unknown escape character", "yaml.escape",
     N_("an unknown escape (\\) in double quotes: use single quotes or write \\\\")),
    ("expected alphabetic or numeric character", "yaml.anchor", N_("a broken anchor or alias name")),
    ("but found another document", "yaml.documents", N_("more than one YAML document (---)")),
    ("expected <block end>", "yaml.indent",
     N_("the indentation does not line up with the lines above")),
    ("did not find expected", "yaml.structure",
     N_("a list or mapping is not closed or not lined up (check brackets and indentation)")),
    ("found duplicate anchor", "yaml.anchor_twice", N_("the same anchor (&name) is defined twice")),
    ("control characters are not allowed", "yaml.control",
     N_("holds control characters, which YAML does not allow")),
)


def _yaml_error(exc: yaml.YAMLError, source: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = int(mark.line) + 1 if mark is not None else None
    what = str(getattr(exc, "problem", None) or exc)
    for needle, code, msgid in _YAML_PROBLEMS:
        if needle in what:
            return refuse(code, msgid, file=source, line=line)
    return refuse("yaml.syntax", "not valid YAML here", file=source, line=line)


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document from ``text``; ``source`` names it in messages."""
    if len(text) > MAX_BYTES:
        raise _too_large(source, MAX_BYTES)
    if _possible_depth(text) > _C_SAFE_DEPTH or _possible_nodes(text) > MAX_NODES:
        _check_by_events(text, source)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(data=None, root=None, source=source)
        _inspect(root, source)
        data = loader.construct_document(root)
    except _ScalarError as exc:
        raise refuse("yaml.value", "'{value}' cannot be read as the type its tag names",
                     file=source, value=str(exc)[:80]) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    except RecursionError:  # pragma: no cover - bounded above; kept as a last guard
        raise _too_deep(source, None) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root, source=source)


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _ScalarError(text[:40] + "…")
    return int(text)


def _json_constant(text: str) -> float:
    raise _ScalarError(text)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    pass


def json_depth_ok(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests at most ``limit`` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def parse_json(text: str | bytes, source: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """JSON with the same limits as YAML: size, nesting, number length, no NaN, no duplicates."""
    if len(text) > max_bytes:
        raise _too_large(source, max_bytes)
    try:
        data = json.loads(text, parse_int=_json_int, parse_constant=_json_constant,
                          object_pairs_hook=_json_pairs)
    except json.JSONDecodeError as exc:
        code, msgid = next(((c, m) for needle, c, m in _JSON_PROBLEMS if needle in exc.msg),
                           ("json.syntax", "not valid JSON here"))
        raise refuse(code, msgid, file=source, line=exc.lineno) from None
    except RecursionError:
        raise _too_deep(source, None) from None
    except _DuplicateKey as exc:
        raise refuse("input.duplicate_key", "duplicate key '{key}'", file=source,
                     key=str(exc)[:80]) from None
    except _ScalarError as exc:
        raise refuse("json.number", "'{value}' is not a number gembakit reads", file=source,
                     value=str(exc)) from None
    except UnicodeDecodeError as exc:
        raise refuse("input.not_utf8", "not UTF-8 text (byte {offset})", file=source,
                     offset=exc.start) from None
    if not json_depth_ok(data):
        raise _too_deep(source, None)
    return data


# The JSON decoder's words for what is wrong, in ours.
_JSON_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("Expecting value", "json.value", N_("not valid JSON: a value is missing or misspelt here")),
    ("Expecting ',' delimiter", "json.comma", N_("not valid JSON: a comma is missing here")),
    ("Expecting ':' delimiter", "json.colon", N_("not valid JSON: a ':' is missing after a key")),
    ("Expecting property name", "json.key",
     N_("not valid JSON: a key in double quotes is expected here (no trailing commas)")),
    ("Unterminated string", "json.unclosed", N_("not valid JSON: a text is not closed")),
    ("Invalid control character", "json.control",
     N_("not valid JSON: a line break or control character inside a text")),
    ("Extra data", "json.extra", N_("not valid JSON: more follows the end of the document")),
    ("Invalid \\escape", "json.escape", N_("not valid JSON: an unknown escape (\\) in a text")),
)


def _too_large(source: str, limit: int) -> InputError:
    return refuse("input.too_large", "larger than {size} MiB", file=source,
                  size=limit // (1024 * 1024))


def read_bytes(path: Path, source: str | None = None, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused as soon as more than ``limit`` have been read."""
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise refuse("file.not_found", "file not found", file=name) from None
    except IsADirectoryError:
        raise refuse("file.is_folder", "is a folder, not a file", file=name) from None
    except PermissionError:
        raise refuse("file.unreadable", "cannot be read: permission denied", file=name) from None
    except OSError as exc:
        raise refuse("file.unreadable", "cannot be read: {reason}", file=name,
                     reason=exc.strerror or type(exc).__name__) from None
    if len(raw) > limit:
        raise _too_large(name, limit)
    return raw


def decode_text(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("input.not_utf8", "not UTF-8 text (byte {offset})", file=source,
                     offset=exc.start) from None


def read_text(path: Path, source: str | None = None, *, limit: int = MAX_BYTES) -> str:
    """A UTF-8 text file, with the size cap counted while reading."""
    name = source or str(path)
    return decode_text(read_bytes(path, name, limit=limit), name)


def load_yaml(path: Path, source: str | None = None) -> YamlDocument:
    """Read and safely parse a YAML (or JSON, which is YAML) file."""
    name = source or str(path)
    return parse_yaml(read_text(path, name), name)


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write so that readers see the old file or the new one, never a half-written one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gk-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open folders
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
