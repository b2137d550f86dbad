"""Prices per night: the rate plan's price for the room type, overridden by date ranges;
without a plan, the room type's base rate. Exact to the currency's minor unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from frontoffice.core import money

from .models import RatePlan, RatePlanOverride, RatePlanPrice, RoomType


def prices_for_types(
    room_types: list[RoomType], rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> dict[int, list[Decimal]]:
    """Price of each night for each room type, in two queries whatever the number of types."""
    result: dict[int, list[Decimal]] = {}
    plan_prices: dict[int, Decimal] = {}
    overrides: list[RatePlanOverride] = []
    if rate_plan is not None and dates:
        plan_prices = dict(
            RatePlanPrice.objects.filter(
                rate_plan=rate_plan, room_type__in=[rt.pk for rt in room_types]
            ).values_list("room_type_id", "price")
        )
        overrides = list(
            RatePlanOverride.objects.filter(
                rate_plan=rate_plan,
                room_type__in=[rt.pk for rt in room_types],
                start__lte=dates[-1],
                end__gt=dates[0],
            ).order_by("id")
        )
    for room_type in room_types:
        default = plan_prices.get(room_type.pk, room_type.base_rate)
        mine = [o for o in overrides if o.room_type_id == room_type.pk]
        prices = []
        for day in dates:
            price = default
            for override in mine:  # later overrides win
                if override.start <= day < override.end:
                    price = override.price
            prices.append(money.quantize(price, currency))
        result[room_type.pk] = prices
    return result


def night_prices(
    room_type: RoomType, rate_plan: RatePlan | None, dates: list[dt.date], currency: str
) -> list[Decimal]:
    return prices_for_types([room_type], rate_plan, dates, currency)[room_type.pk]
