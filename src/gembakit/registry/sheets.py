"""Reading the spreadsheets agencies keep (CSV or XLSX) as rows of named cells, with limits.

Headers are matched without regard to case, spaces or underscores (``Valid until`` is
``valid_until``); a column the kind does not know is named, so a typo in a header is not silently
ignored. Sizes are bounded before anything is parsed: the file, a workbook's unpacked parts, the
number of rows and the length of a cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gembakit.base.errors import refuse
from gembakit.base.safe_io import csv_rows, decode_text, read_bytes

MAX_BYTES = 32 * 1024 * 1024
MAX_UNPACKED = 128 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 10_000


def header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "isoformat"):  # a date cell
        return str(value.date().isoformat() if hasattr(value, "hour") else value.isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: Path) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    """The sheet's name (the file's for a CSV), its header keys, and its data rows with their
    row numbers as a spreadsheet shows them (the header is row 1)."""
    source = str(path)
    raw = read_bytes(path, source, limit=MAX_BYTES)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(raw, source)
    reader = csv_rows(decode_text(raw, source), MAX_CELL)
    try:
        header = [header_key(h) for h in next(reader, [])]
    except csv.Error as exc:
        raise refuse("table.csv", "not a readable CSV file ({reason})", file=source,
                     reason=str(exc)[:200]) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n, cells in enumerate(reader, start=2):
                if n > MAX_ROWS + 1:
                    raise refuse("limit.table_rows", "more than {limit} rows", file=source,
                                 limit=MAX_ROWS)
                yield n, cells
        except csv.Error as exc:
            raise refuse("table.csv", "not a readable CSV file ({reason})", file=source,
                         reason=str(exc)[:200]) from None

    return path.name, header, rows()


def _xlsx(raw: bytes, source: str) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise refuse("limit.workbook_size", "unpacks to {size} MiB; a workbook here holds "
                         "at most {limit} MiB", file=source, size=unpacked // (1 << 20),
                         limit=MAX_UNPACKED // (1 << 20))
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise refuse("limit.table_rows", "more than {limit} rows", file=source,
                         limit=MAX_ROWS)
        values = sheet.iter_rows(values_only=True)
        header = [header_key(_text(v)) for v in next(values, ())]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as exc:
        raise refuse("workbook.unreadable", "not a readable workbook ({reason})", file=source,
                     reason=type(exc).__name__) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n, cells in enumerate(values, start=2):
                if n > MAX_ROWS + 1:
                    raise refuse("limit.table_rows", "more than {limit} rows", file=source,
                                 limit=MAX_ROWS)
                yield n, [_text(v)[:MAX_CELL + 1] for v in cells]
        except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
            raise refuse("workbook.unreadable", "not a readable workbook ({reason})",
                         file=source, reason=type(exc).__name__) from None

    return sheet.title, header, rows()
