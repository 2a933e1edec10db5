"""The one WeasyPrint wrapper. Imported only by commands that render, never by score/validate."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from gembakit.render.safety import ASSETS, LOG, resolve_url


def write_pdf(html: str, *, allowed_files: Iterable[Path] = (),
              attachments: Iterable[tuple[str, bytes, str]] = (),
              own_images: Collection[str] = ()) -> bytes:
    """Render ``html`` (relative URLs resolve against the package's templates) to PDF bytes.

    ``attachments`` are (file name, content, description) embedded in the PDF. ``own_images``
    are ``data:`` URLs the page was given by gembakit itself (a certificate's QR code); every
    other ``data:`` URL, like any URL outside the package's assets, is refused.
    PDF metadata comes from the HTML's ``<title>`` and ``<meta>`` elements.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    files = frozenset(Path(f).resolve() for f in allowed_files)
    base = (ASSETS / "templates").as_uri() + "/"
    made = frozenset(own_images)

    class Fetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in made:
                kind, _, payload = url.removeprefix("data:").partition(";base64,")
                return URLFetcherResponse(url, body=base64.b64decode(payload),
                                          headers={"Content-Type": kind})
            path = resolve_url(url, files)
            if path is None:
                LOG.warning("refused to fetch %s", url[:200])
                raise ValueError(f"gembakit does not fetch {url[:200]}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                      headers={"Content-Type": kind})

    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=Fetcher())
    extra = [weasyprint.Attachment(string=content, name=name, description=description,
                                   base_url=None)
             for name, content, description in attachments]
    pdf: bytes = document.write_pdf(attachments=extra or None)
    return pdf
