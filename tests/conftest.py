"""Shared fixtures: every test runs with its own checklist cache and default language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("GEMBAKIT_LANG", raising=False)
    return
