"""What makes a stay bookable, apart from free rooms: dates, party, the rate's rules (minimum
stay, closed to arrival). Pure checks (no database: the arrival night's rules come from
`rates.calendar`), raised as `Invalid` with the same words wherever they are asked: by the
booking service, and by the live quote beside the form, so both say the same thing."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontoffice.core import formats
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Establishment

from .limits import MAX_DAYS_AHEAD, MAX_NIGHTS, MAX_PARTY
from .models import RatePlan, RoomType


def check_dates(arrival: dt.date, departure: dt.date) -> None:
    if departure <= arrival:
        raise Invalid(
            _("The departure must be after the arrival."), code="invalid_dates", field="departure"
        )
    if (departure - arrival).days > MAX_NIGHTS:
        raise Invalid(
            _("A stay can be at most 365 nights."), code="stay_too_long", field="departure"
        )


def check_stay(establishment: Establishment, arrival: dt.date, departure: dt.date) -> None:
    # The desk books for its business date: after midnight, before the night audit, a
    # walk-in still arrives "today" for the hotel.
    today = establishment.business_day()
    check_dates(arrival, departure)
    if arrival < today:
        raise Invalid(
            _("The arrival cannot be in the past."), code="arrival_in_past", field="arrival"
        )
    if arrival > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise Invalid(
            _("Arrivals can be booked up to two years ahead."),
            code="too_far_ahead",
            field="arrival",
        )


def check_party(room_type: RoomType, adults: int, children: int) -> None:
    if adults < 1:
        raise Invalid(_("At least one adult is required."), code="invalid_party", field="adults")
    if children < 0 or adults > MAX_PARTY or children > MAX_PARTY:
        raise Invalid(_("Invalid number of guests."), code="invalid_party", field="children")
    if adults + children > room_type.capacity:
        raise Invalid(
            ngettext(
                "This room type takes at most %(n)s person.",
                "This room type takes at most %(n)s persons.",
                room_type.capacity,
            )
            % {"n": room_type.capacity},
            code="too_many_guests",
            field="adults",
        )


class ArrivalNight(Protocol):
    """The arrival night as `rates.calendar` tells it (a NightRate, or availability's
    night, which carries the same)."""

    date: dt.date
    min_stay: int
    closed_to_arrival: bool


def check_plan(plan: RatePlan | None, nights: int, arrival: ArrivalNight | None = None) -> None:
    """The rate's own rules for a stay: its arrival night may be closed to arrival, and the
    stay must be as long as the arrival night's minimum stay (the date's, else the plan's).
    Without a plan there are none. Without the arrival night, the plan's minimum stay."""
    if plan is None:
        return
    if arrival is not None and arrival.closed_to_arrival:
        raise Invalid(
            _("This rate is closed to arrival on %(date)s.")
            % {"date": formats.date(arrival.date, "long")},
            code="closed_to_arrival",
            field="arrival",
        )
    min_stay = plan.min_stay if arrival is None else arrival.min_stay
    if nights >= min_stay:
        return
    if arrival is not None and min_stay != plan.min_stay:
        detail = ngettext(
            "Arriving on %(date)s, this rate requires a stay of at least %(n)s night.",
            "Arriving on %(date)s, this rate requires a stay of at least %(n)s nights.",
            min_stay,
        ) % {"n": min_stay, "date": formats.date(arrival.date, "long")}
    else:
        detail = ngettext(
            "This rate requires a stay of at least %(n)s night.",
            "This rate requires a stay of at least %(n)s nights.",
            min_stay,
        ) % {"n": min_stay}
    raise Invalid(detail, code="min_stay", field="departure")
