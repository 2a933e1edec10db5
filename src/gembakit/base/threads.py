"""Calling libraries that start their own asyncio loop from code that may already run one.

pyHanko signs and validates through ``asyncio.run``, which refuses to start inside a running
loop — as in an async web application, a notebook or a Playwright session that imports gembakit.
Such a call then runs in a worker thread of its own, where no loop is running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    """``call()``, in this thread when no event loop runs here, else in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
