"""Money is Decimal, rounded to the currency's minor unit (JPY 0, EUR 2, KWD 3)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision, list_currencies


@lru_cache(maxsize=64)
def precision(currency: str) -> int:
    return get_currency_precision(currency)


@lru_cache(maxsize=64)
def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-precision(currency))


def quantize(amount: Decimal | int | str, currency: str) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("money must never be a float")
    return Decimal(amount).quantize(_exponent(currency), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in currencies()
