"""Rates by date: the rates page's one change, applied to every matching night at once.

A change names a rate plan, room types, a range of nights and the weekdays within it, and
any of: a price for those nights (or back to the plan's), a minimum stay for arrivals on
them (or back to the plan's), closed or open to arrival. Everything is checked before
anything is written; then, in one transaction, the nights' rows (`RatePlanDay`) are made or
changed, each with its history row naming the person, and the change itself is logged
(`RateChange`). A refusal writes nothing.

Concurrency: two changes of one plan read the same nights' rows and then insert the
missing ones, so they must not interleave (on PostgreSQL the second would hit the unique
key, or write what it read before the first committed over it). Each change therefore takes
the plan's row lock first, as capacity changes take the establishment's. It is
`FOR NO KEY UPDATE`, which bookings naming the plan (their foreign key takes `FOR KEY
SHARE`) do not wait for; changes of other plans do not wait either. SQLite runs one writer
at a time anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontoffice.core import money, tenancy
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Establishment

from ..limits import LAST_BOOKABLE_NIGHT_DAYS, MAX_RATE_CHANGE_NIGHTS
from ..models import RateChange, RatePlan, RatePlanDay, RoomType
from .setup import find_rate_plan, find_room_type

ALL_WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)  # Monday … Sunday, as date.weekday()
MAX_PRICE = Decimal("9999999999")


@dataclass(frozen=True)
class RatesChanged:
    """What a change did: the room-type nights it matched, how many of them it changed
    (the others already had these values), and its log entry (None when nothing changed)."""

    nights: int
    changed: int
    change: RateChange | None


def rate_price(value: Any, currency: str) -> Decimal:
    """A price as the rates page takes it: a number, not negative, with no more decimals
    than the currency has (12.345 is a typing mistake in euros, not 12.35)."""
    try:
        price = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(_("Enter a price."), field="price") from None
    if not price.is_finite():
        raise Invalid(_("Enter a price."), field="price")
    if price < 0:
        raise Invalid(_("A price cannot be negative."), field="price")
    if price > MAX_PRICE:
        raise Invalid(_("This price is too high."), field="price")
    digits = money.precision(currency)
    if digits == 0 and price != price.quantize(Decimal(1)):
        raise Invalid(_("Enter the price without decimals."), code="invalid_price", field="price")
    if price != price.quantize(Decimal(1).scaleb(-digits)):
        raise Invalid(
            ngettext(
                "Enter the price with at most %(n)s decimal.",
                "Enter the price with at most %(n)s decimals.",
                digits,
            )
            % {"n": digits},
            code="invalid_price",
            field="price",
        )
    return money.quantize(price, currency)


def _plan(establishment: Establishment, code: str) -> RatePlan:
    plan = find_rate_plan(establishment, code)
    if plan is None:
        raise Invalid(_("Unknown rate plan."), code="unknown_rate_plan", field="rate_plan")
    return plan


def _room_types(establishment: Establishment, codes: Iterable[str]) -> list[RoomType]:
    found: dict[int, RoomType] = {}
    for code in codes or ():
        room_type = find_room_type(establishment, code)
        if room_type is None:
            raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_types")
        found[room_type.pk] = room_type
    if not found:
        raise Invalid(_("Choose at least one room type."), code="no_room_type", field="room_types")
    return sorted(found.values(), key=lambda rt: (rt.sort_order, rt.code.lower()))


def check_nights(establishment: Establishment, first: dt.date, last: dt.date) -> None:
    """The range of nights a change may cover."""
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        raise Invalid(_("Give the first and the last night."), code="invalid_dates")
    if last < first:
        raise Invalid(
            _("The last night cannot be before the first."),
            code="invalid_dates",
            field="last_night",
        )
    today = establishment.today()
    if first < today:
        raise Invalid(
            _("Past nights cannot be changed."), code="nights_in_past", field="first_night"
        )
    if (last - first).days + 1 > MAX_RATE_CHANGE_NIGHTS:
        raise Invalid(
            _("One change can cover at most two years of nights."),
            code="range_too_long",
            field="last_night",
        )
    if last > today + dt.timedelta(days=LAST_BOOKABLE_NIGHT_DAYS):
        raise Invalid(
            _("Nights that far ahead cannot be booked."), code="too_far_ahead", field="last_night"
        )


def _weekdays(weekdays: Iterable[int]) -> frozenset[int]:
    chosen = frozenset(weekdays or ())
    if not chosen:
        raise Invalid(_("Choose at least one weekday."), code="no_weekday", field="weekdays")
    if not chosen <= set(ALL_WEEKDAYS):
        raise Invalid(_("Unknown weekday."), code="invalid", field="weekdays")
    return chosen


def _values(
    currency: str,
    price: Any,
    price_reset: bool,
    min_stay: int | None,
    min_stay_reset: bool,
    closed_to_arrival: bool | None,
) -> dict[str, Any]:
    """The fields the change sets on every matching night; refused when it sets none."""
    values: dict[str, Any] = {}
    if price is not None and price_reset:
        raise Invalid(
            _("Give a new price or go back to the plan's price, not both."), field="price"
        )
    if min_stay is not None and min_stay_reset:
        raise Invalid(
            _("Give a minimum stay or go back to the plan's, not both."), field="min_stay"
        )
    if price is not None:
        values["price"] = rate_price(price, currency)
    elif price_reset:
        values["price"] = None
    if min_stay is not None:
        if isinstance(min_stay, bool) or not isinstance(min_stay, int) or not 1 <= min_stay <= 365:
            raise Invalid(_("A minimum stay is 1 to 365 nights."), code="invalid", field="min_stay")
        values["min_stay"] = min_stay
    elif min_stay_reset:
        values["min_stay"] = None
    if closed_to_arrival is not None:
        values["closed_to_arrival"] = bool(closed_to_arrival)
    if not values:
        raise Invalid(
            _("Choose what to change: a price, a minimum stay or arrivals."),
            code="empty_change",
        )
    return values


def _empty(row: RatePlanDay) -> bool:
    return row.price is None and row.min_stay is None and not row.closed_to_arrival


def rate_plan_days_change(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    rate_plan_code: str,
    room_type_codes: Iterable[str],
    first_night: dt.date,
    last_night: dt.date,
    weekdays: Iterable[int] = ALL_WEEKDAYS,
    price: Decimal | str | None = None,
    price_reset: bool = False,
    min_stay: int | None = None,
    min_stay_reset: bool = False,
    closed_to_arrival: bool | None = None,
) -> RatesChanged:
    """Apply one change to the nights first_night <= date <= last_night that fall on the
    given weekdays (0 = Monday), for each room type named. Raises Invalid (nothing
    written) for a bad plan, room type, range, weekday set, price or minimum stay, or a
    change that changes nothing."""
    with tenancy.scope(establishment):
        plan = _plan(establishment, rate_plan_code)
        room_types = _room_types(establishment, room_type_codes)
        check_nights(establishment, first_night, last_night)
        days = _weekdays(weekdays)
        values = _values(
            establishment.currency, price, price_reset, min_stay, min_stay_reset, closed_to_arrival
        )
        dates = [
            first_night + dt.timedelta(days=i)
            for i in range((last_night - first_night).days + 1)
            if (first_night + dt.timedelta(days=i)).weekday() in days
        ]
        if not dates:
            raise Invalid(
                _("None of these nights falls on the weekdays chosen."),
                code="no_nights",
                field="weekdays",
            )
        return _apply(
            establishment=establishment,
            actor=actor,
            plan=plan,
            room_types=room_types,
            dates=dates,
            values=values,
            log={
                "first_night": first_night,
                "last_night": last_night,
                "weekdays": sorted(days),
                "price": values.get("price"),
                "price_reset": price_reset,
                "min_stay": values.get("min_stay"),
                "min_stay_reset": min_stay_reset,
                "closed_to_arrival": values.get("closed_to_arrival"),
            },
        )


def _apply(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    plan: RatePlan,
    room_types: list[RoomType],
    dates: list[dt.date],
    values: dict[str, Any],
    log: dict[str, Any] | None,
) -> RatesChanged:
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        RatePlan.objects.select_for_update(no_key=True).filter(pk=plan.pk).get()
        existing = {
            (row.room_type_id, row.date): row
            for row in RatePlanDay.objects.filter(
                rate_plan=plan,
                room_type__in=[rt.pk for rt in room_types],
                date__gte=dates[0],
                date__lte=dates[-1],
            )
        }
        new_rows: list[RatePlanDay] = []
        changed_rows: list[RatePlanDay] = []
        for room_type in room_types:
            for day in dates:
                row = existing.get((room_type.pk, day))
                if row is None:
                    row = RatePlanDay(
                        establishment_id=establishment.pk,
                        rate_plan=plan,
                        room_type=room_type,
                        date=day,
                    )
                    for field, value in values.items():
                        setattr(row, field, value)
                    if not _empty(row):
                        new_rows.append(row)
                elif any(getattr(row, field) != value for field, value in values.items()):
                    for field, value in values.items():
                        setattr(row, field, value)
                    changed_rows.append(row)
        # One moment for every history row of the change: they read as one change.
        now = timezone.now()
        history = RatePlanDay.history
        if new_rows:
            RatePlanDay.objects.bulk_create(new_rows, batch_size=500)
            history.bulk_history_create(
                new_rows, batch_size=500, default_user=user, default_date=now
            )
        if changed_rows:
            # Every changed row gets the same values: one UPDATE per batch of ids.
            ids = [row.pk for row in changed_rows]
            for start in range(0, len(ids), 500):
                RatePlanDay.objects.filter(pk__in=ids[start : start + 500]).update(**values)
            history.bulk_history_create(
                changed_rows, batch_size=500, update=True, default_user=user, default_date=now
            )
        changed = len(new_rows) + len(changed_rows)
        change = None
        if changed and log is not None:
            change = RateChange(
                establishment_id=establishment.pk,
                rate_plan=plan,
                room_types=[rt.code for rt in room_types],
                nights=changed,
                actor=user,
                **log,
            )
            change.save()
    return RatesChanged(nights=len(room_types) * len(dates), changed=changed, change=change)


def rate_plan_override(
    *,
    plan: RatePlan,
    room_type_code: str,
    start: dt.date,
    end: dt.date,
    price: Decimal | str,
    actor: AbstractBaseUser | None = None,
) -> RatesChanged:
    """The plan's price for one room type on every night start <= date < end (what date
    range overrides were before the rates page): the same change as the page's, every
    weekday."""
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end <= start:
        raise Invalid(_("The end must be after the start."), code="invalid_dates", field="end")
    establishment = plan.establishment
    return rate_plan_days_change(
        establishment=establishment,
        actor=actor,
        rate_plan_code=plan.code,
        room_type_codes=[room_type_code],
        first_night=start,
        last_night=end - dt.timedelta(days=1),
        price=price,
    )
