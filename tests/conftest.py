"""Shared fixtures: every test runs with its own checklist cache and default language."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# On CI, .ci/run installs every outside tool; a missing one must fail there, never pass as a skip.
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tool(*names): needs one of these programs on PATH")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose outside program is missing — except on CI, where that is a failure."""
    for mark in item.iter_markers("tool"):
        if not any(shutil.which(name) for name in mark.args):
            message = f"{' or '.join(mark.args)} not installed"
            if ON_CI:
                pytest.fail(message + " (CI installs it through .ci/run)")
            pytest.skip(message)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("GEMBAKIT_LANG", raising=False)
    return
