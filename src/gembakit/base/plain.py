"""Records as JSON-ready data: the one serializer for results, comparisons and portfolios.

Dataclasses and named tuples become objects, tuples become lists, dates ISO text, a bilingual
text stays ``{"vi", "en"}`` and a :class:`~gembakit.base.messages.Message` is written in every
language JSON carries — JSON output keeps both languages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from gembakit.base.messages import Message


def to_plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    if isinstance(value, Message):
        return value.texts()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: to_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [to_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
