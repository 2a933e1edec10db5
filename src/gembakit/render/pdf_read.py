"""Reading a certificate PDF back: the one place pypdf is used, its errors in our words."""

from __future__ import annotations

from pathlib import Path

from gembakit.base.errors import refuse
from gembakit.base.safe_io import read_bytes

MAX_PDF = 20 * 1024 * 1024


def attachment(path: Path, name: str) -> bytes:
    """The embedded file ``name`` of a PDF."""
    import io

    import pypdf

    raw = read_bytes(path, limit=MAX_PDF)
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        found = reader.attachments.get(name)
    except Exception:  # pypdf raises many kinds for a damaged file; all mean the same here
        raise refuse("pdf.unreadable", "not a readable PDF", file=str(path)) from None
    if not found:
        raise refuse("pdf.no_certificate", "carries no gembakit certificate", file=str(path))
    return found[0]
