"""Shared fixtures: every test runs at a fixed time, in English, with its own cache folder.

Tests never depend on the machine's clock, locale or home folder: the clock is fixed at
2026-11-21 09:30 in Vietnam (UTC+7), locale variables are removed, and ``GEMBAKIT_CACHE_DIR``
points into the test's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator

import pytest
import time_machine

# On CI, .ci/run installs every outside tool; a missing one must fail there, never pass as a skip.
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TODAY = NOW.date()


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
def _isolated(tmp_path_factory: pytest.TempPathFactory,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed clock, no locale, a private cache folder."""
    monkeypatch.setenv("GEMBAKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    for name in ("GEMBAKIT_LANG", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "GEMBAKIT_TRUST",
                 "GEMBAKIT_ROOT", "GEMBAKIT_DB", "GEMBAKIT_LOCALES", "GEMBAKIT_CHECKLISTS"):
        monkeypatch.delenv(name, raising=False)
    with time_machine.travel(NOW, tick=False):
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every text shown in Vietnamese during the tests is in the Vietnamese catalogue."""
    from gembakit.base.messages import MISSES

    allowed = {"{text}", "{value:pct}", "{level} · {name}", "."}
    missing = sorted(m for lang, m in MISSES if m not in allowed and any(c.isalpha() for c in m))
    if missing and exitstatus == 0:
        print("\nTexts missing from the Vietnamese catalogue:\n  " + "\n  ".join(missing))
        session.exitstatus = 1
