"""Tax included in prices: the rate of a category on a date and the tax part of an amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from frontoffice.core import money

from .models import TaxRate

HUNDRED = Decimal(100)


def rate_on(establishment_id: int, category: str, day: dt.date) -> Decimal | None:
    """The rate (percent) of `category` on `day`, or None where it is not taxed."""
    found = (
        TaxRate.objects.filter(
            establishment_id=establishment_id, category=category, valid_from__lte=day
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    return found


def rates_between(establishment_id: int, first: dt.date, last: dt.date) -> list[TaxRate]:
    """Every rate valid on some day from `first` to `last` (for set-based postings)."""
    return list(
        TaxRate.objects.filter(establishment_id=establishment_id, valid_from__lte=last).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )
    )


def included(gross: Decimal, rate: Decimal | None, currency: str) -> Decimal:
    """The tax part of a price that includes it: gross − gross / (1 + rate/100), rounded to
    the currency (119.00 at 19 % → 19.00; 109.00 at 9 % → 9.00)."""
    if not rate:
        return money.quantize(Decimal(0), currency)
    return money.quantize(gross - gross * HUNDRED / (HUNDRED + rate), currency)
