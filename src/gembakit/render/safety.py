"""What a rendered document may read: the package's own assets and files the caller named.

Templates and assessments are not trusted to choose files. WeasyPrint asks the fetcher for every
stylesheet, font and image; the fetcher answers only for files under the package's render assets
and for the exact files the caller allowed (a logo, evidence photos), and refuses ``http(s)``,
``data:``, other ``file://`` paths and anything else, logging each refusal. Images are checked for
size before they are allowed at all, so a decompression bomb never reaches the renderer.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gembakit.assessments.evidence import IMAGE_SUFFIXES
from gembakit.assessments.model import Assessment

LOG = logging.getLogger("gembakit.render")
ASSETS = Path(__file__).resolve().parent
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def image_problem(path: Path) -> str | None:
    """Why ``path`` may not be embedded, or ``None`` when it may."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return "not an image file"
    try:
        size = path.stat().st_size
    except OSError:
        return "not found"
    if size > MAX_IMAGE_BYTES:
        return f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB"
    from PIL import Image  # WeasyPrint's own dependency; read only the header here

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Exception:
        return "not a readable image"
    if width * height > MAX_IMAGE_PIXELS:
        return f"{width}×{height} pixels is more than {MAX_IMAGE_PIXELS:,}"
    return None


def allowed_image(path: Path) -> Path | None:
    problem = image_problem(path)
    if problem is not None:
        LOG.warning("image %s not embedded: %s", path, problem)
        return None
    return path.resolve()


def safe_evidence_images(assessment: Assessment, base_dir: Path | None) -> frozenset[Path]:
    """Evidence photos that lie under ``base_dir``, match their recorded SHA-256 and pass the
    size checks; everything else is listed by name in the report but never read by it."""
    if base_dir is None:
        return frozenset()
    root = base_dir.resolve()
    found = set()
    for _area, _item, answer in assessment.all_answers():  # area by area too
        for evidence in answer.evidence:
            path = (root / evidence.file).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                continue
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            if hashlib.sha256(path.read_bytes()).hexdigest() != evidence.sha256:
                LOG.warning("evidence %s not embedded: its SHA-256 does not match", path)
                continue
            if allowed_image(path) is not None:
                found.add(path)
    return frozenset(found)


def resolve_url(url: str, files: Iterable[Path]) -> Path | None:
    """The local file a URL may be served from, or ``None`` if the URL must be refused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if path in set(files):
        return path
    if path.is_relative_to(ASSETS) and path.is_file() and "__pycache__" not in path.parts:
        return path
    return None
