"""What each night costs and allows: the one reading of rates that the booking, the quote,
availability and the rates page share, so they never disagree.

Without a plan a night costs the room type's base rate and any stay may arrive. With a
plan, a night costs the date's own price if the rates page set one (`RatePlanDay`), else
the plan's price for the room type (`RatePlanPrice`), else the base rate; its minimum stay
is the date's if set, else the plan's; and the date may be closed to arrival. Exact to the
currency's minor unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from frontoffice.core import money

from . import rules
from .models import RatePlan, RatePlanDay, RatePlanPrice, Reservation, RoomType


@dataclass(frozen=True, slots=True)
class NightRate:
    date: dt.date
    price: Decimal
    # For a stay arriving this night: how many nights it needs, and whether it may arrive.
    min_stay: int = 1
    closed_to_arrival: bool = False
    # Set for this date on the rates page (not the plan's own value).
    dated_price: bool = False
    dated_min_stay: bool = False


def calendar(
    room_types: list[RoomType], rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> dict[int, list[NightRate]]:
    """Each night of `dates` for each room type, in two queries whatever the number of
    types and nights (none without a plan)."""
    result: dict[int, list[NightRate]] = {}
    if rate_plan is None or not dates:
        for room_type in room_types:
            price = money.quantize(room_type.base_rate, currency)
            result[room_type.pk] = [NightRate(day, price) for day in dates]
        return result
    ids = [rt.pk for rt in room_types]
    plan_prices = dict(
        RatePlanPrice.objects.filter(rate_plan=rate_plan, room_type__in=ids).values_list(
            "room_type_id", "price"
        )
    )
    own = {
        (room_type_id, day): (price, min_stay, closed)
        for room_type_id, day, price, min_stay, closed in RatePlanDay.objects.filter(
            rate_plan=rate_plan,
            room_type__in=ids,
            date__gte=min(dates),
            date__lte=max(dates),
        ).values_list("room_type_id", "date", "price", "min_stay", "closed_to_arrival")
    }
    plain = (None, None, False)
    for room_type in room_types:
        default = money.quantize(plan_prices.get(room_type.pk, room_type.base_rate), currency)
        nights = []
        for day in dates:
            price, min_stay, closed = own.get((room_type.pk, day), plain)
            nights.append(
                NightRate(
                    date=day,
                    price=default if price is None else money.quantize(price, currency),
                    min_stay=rate_plan.min_stay if min_stay is None else min_stay,
                    closed_to_arrival=closed,
                    dated_price=price is not None,
                    dated_min_stay=min_stay is not None,
                )
            )
        result[room_type.pk] = nights
    return result


def night_rates(
    room_type: RoomType, rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> list[NightRate]:
    return calendar([room_type], rate_plan, dates, currency)[room_type.pk]


def prices_for_types(
    room_types: list[RoomType], rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> dict[int, list[Decimal]]:
    """Price of each night for each room type."""
    return {
        pk: [night.price for night in nights]
        for pk, nights in calendar(room_types, rate_plan, dates, currency).items()
    }


def night_prices(
    room_type: RoomType, rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> list[Decimal]:
    return [night.price for night in night_rates(room_type, rate_plan, dates, currency)]


def check_change_rules(
    current: Reservation, room_type: RoomType, arrival: dt.date, departure: dt.date
) -> None:
    """The rate's rules for a changed stay, as for a booking: the arrival night's minimum
    stay; closed to arrival only for a new arrival date or room type (a guest keeps the
    arrival agreed even if that day was closed to arrival since). Asked by the change
    service and by the price shown beside the change form, so both say the same."""
    plan = current.rate_plan
    if plan is None:
        return
    first = night_rates(room_type, plan, [arrival], current.establishment.currency)[0]
    if arrival == current.arrival and room_type.pk == current.room_type_id:
        first = dataclasses.replace(first, closed_to_arrival=False)
    rules.check_plan(plan, (departure - arrival).days, first)
