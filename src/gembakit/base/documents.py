"""Validating parsed data against a model, and pydantic's errors as our problems.

pydantic's locations include the tags of union members (``gates[0] › overall_min › value``);
we drop the parts that do not exist in the data so the path matches what the user wrote, and its
messages are replaced by ours (from the catalogue), with patterns described in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gembakit.base.errors import InputError, PathPart, Problem, refuse
from gembakit.base.messages import Message, msg
from gembakit.base.safe_yaml import YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(model: type[M], data: Any, *, schema: str, kind: Message,
                      source: str, doc: YamlDocument | None = None) -> M:
    """``data`` as ``model``, after checking it is a mapping that declares ``schema``.

    ``kind`` names the document ("a checklist") in messages; every validation error is reported
    with its path and, from ``doc``, its line.
    """
    if not isinstance(data, dict):
        raise refuse("document.not_mapping", "{kind} must be a mapping of keys to values",
                     file=source, kind=kind)
    if data.get("schema") != schema:
        found = data.get("schema")
        raise refuse("document.schema", "not {kind} of gembakit: expected 'schema: {schema}', "
                     "found {found}", file=source, path=("schema",),
                     line=doc.line_of(("schema",)) if doc else None, kind=kind, schema=schema,
                     found=repr(found)[:80])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, source, data)) from None


def model_problems(exc: ValidationError, source: str | None = None) -> InputError:
    """An error for a model built in code from bad data (no file, no lines)."""
    return InputError(problems_from(exc, None, source))


# Patterns of our models, in words.
_PATTERNS: dict[str, Message] = {
    r"^\d{10}(-\d{3})?$": msg("must be a tax code: 10 digits, or 10 digits, '-' and 3 digits"),
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$": msg(
        "must be an id: a letter or digit, then letters, digits, '.', '_' or '-' (at most 64)"),
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$": msg(
        "must be a version such as 1.2.0"),
    r"^[0-9a-f]{64}$": msg("must be a SHA-256 digest: 64 hexadecimal digits (0-9, a-f)"),
    r"\S": msg("must not be empty"),
}
_WHOLE = msg("must be a whole number")
_NUMBER = msg("must be a number")
_DATE = msg("must be a date (YYYY-MM-DD)")
_DATETIME = msg("must be a date and time with its UTC offset (ISO 8601, e.g. "
                "2026-11-21T09:30:00+07:00)")
_MAPPING = msg("must be a mapping of keys to values")
_LIST = msg("must be a list")
_BOOL = msg("must be true or false")


def _ctx(c: Mapping[str, Any], key: str) -> Any:
    value = c.get(key)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _bound(msgid: str, key: str) -> Callable[[Mapping[str, Any]], Message]:
    return lambda c: Message(msgid, {"limit": _ctx(c, key)})


def _expected(c: Mapping[str, Any]) -> Message:
    return msg("must be one of {choices}",
               choices=str(c.get("expected", c.get("expected_tags", ""))))


_MESSAGES: dict[str, Callable[[Mapping[str, Any]], Message]] = {
    "missing": lambda c: msg("required, but missing"),
    "extra_forbidden": lambda c: msg("unknown key"),
    "literal_error": _expected,
    "enum": _expected,
    "union_tag_invalid": _expected,
    "union_tag_not_found": lambda c: msg("needs the key '{key}'",
                                         key=str(c.get("discriminator", "")).strip("'")),
    "greater_than": _bound("must be greater than {limit}", "gt"),
    "greater_than_equal": _bound("must be at least {limit}", "ge"),
    "less_than": _bound("must be less than {limit}", "lt"),
    "less_than_equal": _bound("must be at most {limit}", "le"),
    "string_too_short": lambda c: msg("must not be empty"),
    "string_too_long": _bound("is too long: at most {limit} characters", "max_length"),
    "string_pattern_mismatch": lambda c: _PATTERNS.get(str(c.get("pattern")),
                                                       msg("is not in the expected form")),
    "string_type": lambda c: msg("must be text"),
    "string_unicode": lambda c: msg("must be text"),
    "int_type": lambda c: _WHOLE,
    "int_parsing": lambda c: _WHOLE,
    "int_from_float": lambda c: _WHOLE,
    "int_parsing_size": lambda c: _WHOLE,
    "float_type": lambda c: _NUMBER,
    "float_parsing": lambda c: _NUMBER,
    "finite_number": lambda c: msg("must be a finite number"),
    "bool_type": lambda c: _BOOL,
    "bool_parsing": lambda c: _BOOL,
    "dict_type": lambda c: _MAPPING,
    "model_type": lambda c: _MAPPING,
    "model_attributes_type": lambda c: _MAPPING,
    "dataclass_type": lambda c: _MAPPING,
    "list_type": lambda c: _LIST,
    "tuple_type": lambda c: _LIST,
    "too_short": _bound("needs at least {limit} entries", "min_length"),
    "too_long": lambda c: (Message("is too long: at most {limit} characters",
                                   {"limit": _ctx(c, "max_length")})
                           if c.get("field_type") in ("Value", "String") else
                           Message("allows at most {limit} entries",
                                   {"limit": _ctx(c, "max_length")})),
    "date_type": lambda c: _DATE,
    "date_parsing": lambda c: _DATE,
    "date_from_datetime_parsing": lambda c: _DATE,
    "date_from_datetime_inexact": lambda c: _DATE,
    "datetime_type": lambda c: _DATETIME,
    "datetime_parsing": lambda c: _DATETIME,
    "datetime_from_date_parsing": lambda c: _DATETIME,
    "timezone_aware": lambda c: _DATETIME,
    "value_error": lambda c: msg("is not a valid value"),
    "condition": lambda c: msg("a condition needs one of the keys fact, all, any, not"),
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


def _message(error: ErrorDetails) -> tuple[str, Message]:
    """Our code and message for one of pydantic's errors."""
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if error["type"] == "gembakit":  # raised by our own validators with a code and a message
        return str(ctx["code"]), ctx["message"]
    maker = _MESSAGES.get(error["type"])
    if maker is not None:
        try:
            return f"schema.{error['type']}", maker(ctx)
        except KeyError:  # pragma: no cover - pydantic changed a context key
            pass
    return f"schema.{error['type']}", msg("is not a valid value")


def problems_from(exc: ValidationError, doc: YamlDocument | None, source: str | None,
                  data: Any = None, prefix: tuple[PathPart, ...] = ()) -> tuple[Problem, ...]:
    """All of pydantic's errors as problems, in document order."""
    raw = doc.data if doc is not None else data
    problems: list[Problem] = []
    seen: set[tuple[tuple[PathPart, ...], str]] = set()
    for error in exc.errors(include_url=False, include_input=False):
        loc = _clean(raw, tuple(error["loc"])) if raw is not None else tuple(error["loc"])
        code, message = _message(error)
        if (loc, message.msgid) in seen:
            continue
        seen.add((loc, message.msgid))
        line = doc.line_of(loc) if doc is not None else None
        problems.append(Problem(code, message, (*prefix, *loc), source, line))
    problems.sort(key=lambda p: p.line if p.line is not None else 0)
    return tuple(problems)


def custom_error(code: str, msgid: str, /, **params: Any) -> Exception:
    """An error our own model validators raise; it keeps our code and message through pydantic."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("gembakit", "{code}", {"code": code,
                                                      "message": Message(msgid, params)})
