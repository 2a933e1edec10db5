"""A cache of validated checklists, so every command does not re-validate the same YAML.

Validating a checklist means parsing YAML in Python and building pydantic's validators, about
25 ms of a command that should start in a fraction of a second. The cache keys each entry by
the file's bytes and the versions of gembakit, pydantic and Python, so an edited file or an
upgrade never reads a stale entry. Entries are pickles read by an unpickler that only admits
the checklist model classes: a tampered cache file can fail to load, but cannot run code.

``GEMBAKIT_CACHE_DIR`` moves the cache; ``GEMBAKIT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path

import pydantic

from gembakit._io import write_atomic
from gembakit.checklists.base import Strict
from gembakit.checklists.model import Checklist, Placed

_VERSION = "1"


def cache_dir() -> Path | None:
    if os.environ.get("GEMBAKIT_NO_CACHE"):
        return None
    chosen = os.environ.get("GEMBAKIT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gembakit"


def _models_fingerprint() -> str:
    """Sizes and times of the model sources, so a changed model never reads an old entry."""
    here = Path(__file__).parent
    parts = []
    for name in ("base.py", "conditions.py", "maturity.py", "model.py"):
        try:
            st = (here / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return ";".join(parts)


def _key(raw: bytes) -> str:
    from gembakit import __version__

    digest = hashlib.sha256()
    for part in (_VERSION, __version__, pydantic.VERSION, sys.version, _models_fingerprint()):
        digest.update(part.encode() + b"\0")
    digest.update(raw)
    return digest.hexdigest()[:32]


class _Unpickler(pickle.Unpickler):
    """Admits only the checklist model classes; anything else in the stream is refused."""

    def find_class(self, module: str, name: str) -> type:
        if module.startswith("gembakit.checklists."):
            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Strict | Placed):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a checklist cache")


def load(raw: bytes) -> Checklist | None:
    where = cache_dir()
    if where is None:
        return None
    try:
        data = (where / f"checklist-{_key(raw)}.pickle").read_bytes()
        found = _Unpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    return found if isinstance(found, Checklist) else None


def store(raw: bytes, checklist: Checklist) -> None:
    where = cache_dir()
    if where is None:
        return
    # A read-only home or a full disk must not stop the command.
    with contextlib.suppress(OSError):
        write_atomic(where / f"checklist-{_key(raw)}.pickle",
                     pickle.dumps(checklist, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
