"""Turn pydantic's validation errors into bilingual problems with clean paths and lines.

pydantic's locations include the tags of union members (``gates[0] › overall_min › value``);
we drop the parts that do not exist in the data so the path matches what the user wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gembakit._io import YamlDocument
from gembakit.errors import PathPart, Problem

Messages = Callable[[Mapping[str, Any]], tuple[str, str]]


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _bound(word_en: str, word_vi: str, key: str) -> Messages:
    return lambda c: (f"must be {word_en} {_num(c[key])}", f"phải {word_vi} {_num(c[key])}")


def _expected(c: Mapping[str, Any]) -> str:
    return str(c.get("expected", c.get("expected_tags", "")))


_MESSAGES: dict[str, Messages] = {
    "missing": lambda c: ("required, but missing", "bắt buộc nhưng chưa có"),
    "extra_forbidden": lambda c: ("unknown key", "khóa không xác định"),
    "literal_error": lambda c: (f"must be one of {_expected(c)}",
                                f"phải là một trong {_expected(c)}"),
    "union_tag_invalid": lambda c: (f"must be one of {_expected(c)}",
                                    f"phải là một trong {_expected(c)}"),
    "union_tag_not_found": lambda c: (f"needs the key '{c.get('discriminator', '')}'",
                                      f"cần có khóa '{c.get('discriminator', '')}'"),
    "greater_than": _bound("greater than", "lớn hơn", "gt"),
    "greater_than_equal": _bound("at least", "lớn hơn hoặc bằng", "ge"),
    "less_than": _bound("less than", "nhỏ hơn", "lt"),
    "less_than_equal": _bound("at most", "nhỏ hơn hoặc bằng", "le"),
    "string_too_short": lambda c: ("must not be empty", "không được để trống"),
    "string_pattern_mismatch": lambda c: (f"does not match the pattern {c.get('pattern')}",
                                          f"không khớp mẫu {c.get('pattern')}"),
    "string_type": lambda c: ("must be text", "phải là văn bản"),
    "int_type": lambda c: ("must be a whole number", "phải là số nguyên"),
    "int_parsing": lambda c: ("must be a whole number", "phải là số nguyên"),
    "int_from_float": lambda c: ("must be a whole number", "phải là số nguyên"),
    "float_type": lambda c: ("must be a number", "phải là một số"),
    "float_parsing": lambda c: ("must be a number", "phải là một số"),
    "bool_type": lambda c: ("must be true or false", "phải là true hoặc false"),
    "bool_parsing": lambda c: ("must be true or false", "phải là true hoặc false"),
    "dict_type": lambda c: ("must be a mapping of keys to values",
                            "phải là một ánh xạ khóa - giá trị"),
    "model_type": lambda c: ("must be a mapping of keys to values",
                             "phải là một ánh xạ khóa - giá trị"),
    "model_attributes_type": lambda c: ("must be a mapping of keys to values",
                                        "phải là một ánh xạ khóa - giá trị"),
    "list_type": lambda c: ("must be a list", "phải là một danh sách"),
    "tuple_type": lambda c: ("must be a list", "phải là một danh sách"),
    "too_short": lambda c: (f"needs at least {c.get('min_length')} entries",
                            f"cần ít nhất {c.get('min_length')} mục"),
    "too_long": lambda c: (f"allows at most {c.get('max_length')} entries",
                           f"cho phép tối đa {c.get('max_length')} mục"),
    "date_type": lambda c: ("must be a date (YYYY-MM-DD)", "phải là ngày (YYYY-MM-DD)"),
    "date_parsing": lambda c: ("must be a date (YYYY-MM-DD)", "phải là ngày (YYYY-MM-DD)"),
    "date_from_datetime_parsing": lambda c: ("must be a date (YYYY-MM-DD)",
                                             "phải là ngày (YYYY-MM-DD)"),
    "date_from_datetime_inexact": lambda c: ("must be a date (YYYY-MM-DD)",
                                             "phải là ngày (YYYY-MM-DD)"),
    "datetime_type": lambda c: ("must be a date and time (ISO 8601)",
                                "phải là ngày giờ (ISO 8601)"),
    "datetime_parsing": lambda c: ("must be a date and time (ISO 8601)",
                                   "phải là ngày giờ (ISO 8601)"),
    "datetime_from_date_parsing": lambda c: ("must be a date and time (ISO 8601)",
                                             "phải là ngày giờ (ISO 8601)"),
    "condition": lambda c: ("a condition needs one of the keys fact, all, any, not",
                            "điều kiện cần một trong các khóa fact, all, any, not"),
    "gembakit": lambda c: (str(c["en"]), str(c["vi"])),
}


def _clean(data: Any, loc: tuple[PathPart, ...]) -> tuple[PathPart, ...]:
    """Keep the parts of ``loc`` that exist in ``data``; drop union tags and type names.

    A key that is absent is kept only as the last part (a missing field); an absent key in the
    middle is a union tag pydantic inserted.
    """
    out: list[PathPart] = []
    current = data
    for i, part in enumerate(loc):
        if isinstance(current, dict):
            key = next((k for k in current if k == part or str(k) == str(part)), _ABSENT)
            if key is not _ABSENT:
                out.append(part)
                current = current[key]
            elif i == len(loc) - 1:
                out.append(part)
        elif isinstance(current, list | tuple) and isinstance(part, int):
            out.append(part)
            current = current[part] if 0 <= part < len(current) else None
        else:
            break  # a scalar: what follows names the types pydantic tried
    return tuple(out)


_ABSENT = object()


def _message(error: ErrorDetails) -> tuple[str, str]:
    maker = _MESSAGES.get(error["type"])
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if maker is not None:
        try:
            return maker(ctx)
        except KeyError:  # pragma: no cover - pydantic changed a context key
            pass
    msg = error["msg"]
    return msg, msg


def problems_from(exc: ValidationError, doc: YamlDocument | None, source: str | None,
                  data: Any = None, prefix: tuple[PathPart, ...] = ()) -> list[Problem]:
    """All of pydantic's errors as problems, in document order."""
    raw = doc.data if doc is not None else data
    problems: list[Problem] = []
    seen: set[tuple[tuple[PathPart, ...], str]] = set()
    for error in exc.errors(include_url=False):
        loc = _clean(raw, tuple(error["loc"]))
        en, vi = _message(error)
        if (loc, en) in seen:
            continue
        seen.add((loc, en))
        line = doc.line_of(loc) if doc is not None else None
        problems.append(Problem(en=en, vi=vi, path=(*prefix, *loc), file=source, line=line))
    problems.sort(key=lambda p: p.line if p.line is not None else 0)
    return problems
