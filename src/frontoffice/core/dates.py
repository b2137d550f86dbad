"""Dates in the establishment's time zone; events are aware datetimes."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones


@lru_cache(maxsize=1)
def timezones() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def today_in(tz_name: str, now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(zone(tz_name)).date()


def nights(arrival: dt.date, departure: dt.date) -> list[dt.date]:
    return [arrival + dt.timedelta(days=i) for i in range((departure - arrival).days)]


def date_range(start: dt.date, days: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(days)]
