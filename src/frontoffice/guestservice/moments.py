"""Dates and times given to guest services (an event's start and end, a booking's time, the
moment the catalogue is asked about): aware, and within years the hotel can mean, so that a
far-off date is refused (422) instead of overflowing when it is stored or compared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from frontoffice.core.errors import Invalid

FIRST_YEAR = 2000
LAST_YEAR = 2100


def bounded(value: Any, field: str) -> dt.datetime:
    """`value` when it is an aware date and time in the years FIRST_YEAR to LAST_YEAR (in
    UTC); Invalid naming `field` otherwise."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise Invalid(_("Give a date and time with its time zone."), field=field)
    try:
        offset = value.utcoffset()
        utc = value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        offset = utc = None
    if offset is None or utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise Invalid(_("Give a date and time between the years 2000 and 2100."), field=field)
    return value
