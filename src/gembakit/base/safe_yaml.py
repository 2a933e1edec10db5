"""The project's one safe YAML reader (and the dumper that writes what it reads back).

libyaml's composer recurses in C and crashes the interpreter on very deep nesting, and PyYAML
expands alias graphs lazily, so a small file can become billions of nodes when something later
walks it. We therefore bound what can be bounded from the text, compose the node graph, inspect it
in Python (depth, aliases, expanded size, tags, duplicate keys) and only then construct objects.
PyYAML's own words for what is wrong are replaced by ours, from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from gembakit.base.errors import InputError, PathPart, refuse
from gembakit.base.messages import N_
from gembakit.base.safe_io import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    ScalarError,
    TypedFloat,
    TypedInt,
    read_text,
    too_deep,
    too_large,
)

MAX_ALIASES = 500
MAX_NODES = 200_000
MAX_EXPANDED_NODES = 500_000
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
        raise ScalarError(text) from None
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
        raise ScalarError(text) from None
    return TypedFloat(value, text) if not node.style else value


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise ScalarError(str(node.value)) from None


def _construct_bool(loader: Any, node: yaml.ScalarNode) -> bool:
    text = str(loader.construct_scalar(node)).lower()
    if text not in ("true", "false"):
        raise ScalarError(text)
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


def _possible_depth(text: str) -> int:
    """A cheap upper bound on nesting: each level needs a bracket or a column of a line."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest + 2


def _possible_nodes(text: str) -> int:
    """A cheap upper bound on the nodes a text can hold: each needs a line, a comma, a dash or a
    bracket of its own, or is the value beside a key."""
    return 2 * (text.count("\n") + text.count(",") + text.count("- ") + text.count("[")
                + text.count("{") + text.count("? ")) + 2


def _event_line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else None


def _check_by_events(text: str, source: str) -> None:
    """Measure nesting and size from parser events, which libyaml produces without recursion
    and without building nodes."""
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep(source, _event_line(event))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise refuse("input.too_many_values", "holds more than {limit} values",
                                 file=source, line=_event_line(event),
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
            raise too_deep(source, _line(node))
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
    ("found undefined alias", "yaml.alias",
     N_("an alias (*name) with no anchor (&name) before it")),
    ("found unexpected end of stream", "yaml.unclosed",
     N_("the file ends inside a quoted text or a bracket: close it")),
    ("found unknown escape character", "yaml.escape",
     N_("an unknown escape (\\) in double quotes: use single quotes or write \\\\")),
    ("expected alphabetic or numeric character", "yaml.anchor",
     N_("a broken anchor or alias name")),
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
        raise too_large(source, MAX_BYTES)
    if _possible_depth(text) > _C_SAFE_DEPTH or _possible_nodes(text) > MAX_NODES:
        _check_by_events(text, source)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(data=None, root=None, source=source)
        _inspect(root, source)
        data = loader.construct_document(root)
    except ScalarError as exc:
        raise refuse("yaml.value", "'{value}' cannot be read as the type its tag names",
                     file=source, value=str(exc)[:80]) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    except RecursionError:  # pragma: no cover - bounded above; kept as a last guard
        raise too_deep(source, None) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root, source=source)


def load_yaml(path: Path, source: str | None = None) -> YamlDocument:
    """Read and safely parse a YAML (or JSON, which is YAML) file."""
    name = source or str(path)
    return parse_yaml(read_text(path, name), name)


