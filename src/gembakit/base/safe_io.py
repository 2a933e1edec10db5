"""The project's one safe YAML loader, and atomic file writes.

Every YAML file the project reads (checklists, assessments, trust lists) comes through
:func:`load_yaml`. libyaml's composer recurses in C and crashes the interpreter on very deep
nesting, and PyYAML expands alias graphs lazily, so a small file can become billions of nodes when
something later walks it. We therefore compose the node graph, inspect it in Python (depth,
aliases, expanded size, tags, duplicate keys) and only then construct Python objects.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from gembakit.errors import InputError, PathPart, Problem

_STD_TAG = "tag:yaml.org,2002:"

try:  # The C loader is ~7x faster; fall back quietly where libyaml is missing.
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
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
    _Loader.add_implicit_resolver(_STD_TAG + _tag, re.compile(_pattern), list(_first))
_Loader.add_implicit_resolver(_STD_TAG + "null", re.compile(r"^$"), [""])


try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Writes with the same scalar rules the loader reads with: a string such as ``0312345678``
    (a tax code) is quoted, because YAML 1.2 would read it back as a number."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def dump_yaml(data: Any, *, width: int = 100) -> str:
    """YAML text that :func:`parse_yaml` reads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """YAML 1.2 integers: ``012`` is twelve (YAML 1.1 would read octal ten)."""
    value = str(loader.construct_scalar(node))
    if value.startswith(("0x", "0o")):
        return int(value[2:], 16 if value[1] == "x" else 8)
    return int(value, 10)


_Loader.add_constructor(_STD_TAG + "int", _construct_int)

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
MAX_ALIASES = 500
MAX_EXPANDED_NODES = 500_000
# Below this many possible nesting levels libyaml's recursive composer is known to be safe.
_C_SAFE_DEPTH = 1000

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _STD + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "merge")
)


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


def _problem(source: str, en: str, vi: str, line: int | None = None) -> InputError:
    return InputError((Problem(en=en, vi=vi, file=source, line=line),))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _possible_depth(text: str) -> int:
    """A cheap upper bound on nesting: each level needs a bracket or a column of a line."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest + 2


def _check_depth_by_events(text: str, source: str) -> None:
    """Measure real nesting from parser events, which libyaml produces without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(
                        source,
                        f"nested deeper than {MAX_DEPTH} levels",
                        f"lồng sâu quá {MAX_DEPTH} cấp",
                        int(event.start_mark.line) + 1 if event.start_mark else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
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
                raise _problem(
                    source,
                    f"aliases expand to more than {MAX_EXPANDED_NODES} nodes",
                    f"các bí danh (alias) mở rộng thành hơn {MAX_EXPANDED_NODES} nút",
                    _line(node),
                )
            sizes[key] = size
            continue
        if key in done:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _problem(
                    source,
                    f"more than {MAX_ALIASES} aliases",
                    f"quá {MAX_ALIASES} bí danh (alias)",
                    _line(node),
                )
            continue
        if key in active:
            raise _problem(source, "an alias refers to itself",
                           "một bí danh (alias) tự tham chiếu", _line(node))
        if depth > MAX_DEPTH:
            raise _problem(
                source,
                f"nested deeper than {MAX_DEPTH} levels",
                f"lồng sâu quá {MAX_DEPTH} cấp",
                _line(node),
            )
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
    if tag.startswith(_STD + "python/"):
        raise _problem(
            source,
            f"Python tags are not allowed: !!{tag[len(_STD):]}",
            f"không cho phép thẻ Python: !!{tag[len(_STD):]}",
            _line(node),
        )
    shown = "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag
    raise _problem(
        source, f"unsupported YAML tag {shown}", f"thẻ YAML không được hỗ trợ {shown}", _line(node)
    )


def _check_duplicate_keys(node: yaml.MappingNode, source: str) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != _STD + "merge":
            if key.value in seen:
                raise _problem(
                    source,
                    f"duplicate key '{key.value}'",
                    f"khóa '{key.value}' bị lặp",
                    _line(key),
                )
            seen.add(key.value)


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document from ``text``; ``source`` names it in messages."""
    if len(text) > MAX_BYTES:
        raise _problem(
            source,
            f"larger than {MAX_BYTES // (1024 * 1024)} MiB",
            f"lớn hơn {MAX_BYTES // (1024 * 1024)} MiB",
        )
    if _possible_depth(text) > _C_SAFE_DEPTH:
        _check_depth_by_events(text, source)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(data=None, root=None, source=source)
        _inspect(root, source)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        line = int(mark.line) + 1 if mark is not None else None
        raise _problem(
            source, f"not valid YAML: {what}", f"YAML không hợp lệ: {what}", line
        ) from None
    except yaml.YAMLError as exc:
        raise _problem(
            source, f"not valid YAML: {exc}", f"YAML không hợp lệ: {exc}"
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root, source=source)


def read_text(path: Path, source: str | None = None) -> str:
    """Read a UTF-8 text file with the size cap applied before reading it whole."""
    name = source or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _problem(
                name,
                f"larger than {MAX_BYTES // (1024 * 1024)} MiB",
                f"lớn hơn {MAX_BYTES // (1024 * 1024)} MiB",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _problem(name, "file not found", "không tìm thấy tệp") from None
    except IsADirectoryError:
        raise _problem(name, "is a folder, not a file", "là thư mục, không phải tệp") from None
    except OSError as exc:
        raise _problem(
            name, f"cannot be read: {exc.strerror}", f"không đọc được: {exc.strerror}"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(
            name,
            f"not UTF-8 text (byte {exc.start})",
            f"không phải văn bản UTF-8 (byte {exc.start})",
        ) from None


def load_yaml(path: Path, source: str | None = None) -> YamlDocument:
    """Read and safely parse a YAML (or JSON, which is YAML) file."""
    name = source or str(path)
    return parse_yaml(read_text(path, name), name)


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write so that readers see the old file or the new one, never a half-written one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
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
