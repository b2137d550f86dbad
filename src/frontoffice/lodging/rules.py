"""What makes a stay bookable, apart from free rooms: dates, party, the rate's minimum stay.
Pure checks (no database), raised as `Invalid` with the same words wherever they are asked:
by the booking service, and by the live quote beside the form, so both say the same thing."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    today = establishment.today()
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


def check_plan(plan: RatePlan | None, nights: int) -> None:
    if plan is not None and nights < plan.min_stay:
        raise Invalid(
            ngettext(
                "This rate requires a stay of at least %(n)s night.",
                "This rate requires a stay of at least %(n)s nights.",
                plan.min_stay,
            )
            % {"n": plan.min_stay},
            code="min_stay",
            field="departure",
        )
