"""A short-lived per-process cache for reference rows read on every request (an
establishment by code, a room type by code).

Entries live for two seconds and are dropped at once in the process that changes them, so
another server process may see a renamed room type or a new base rate up to two seconds
late: the same window as a booking that read the rate just before the change committed.
Nothing that guards inventory, money or access is cached: roles, tokens, availability and
the per-night counters are always read from the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

TTL_SECONDS = 2.0
_entries: dict[tuple, tuple[float, Any]] = {}


def get(key: tuple, load: Callable[[], Any]) -> Any:
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_entries) > 10_000:
        _entries.clear()
    _entries[key] = (now + TTL_SECONDS, value)
    return value


def clear() -> None:
    _entries.clear()
