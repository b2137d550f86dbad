"""Dates, times, amounts and numbers as the page's language writes them (babel's CLDR data).

German "Dienstag, 24. November 2026", Polish "wtorek, 24 listopada 2026", Dutch "24 nov.";
"238,00 €" in German, "€ 238,00" in Dutch; JPY without decimals, KWD with three. Every
page, fragment and history panel goes through here, never through Django's `date` filter
or a hard-coded two decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone
from django.utils.translation import get_language

from frontoffice.core import money

# Named styles for dates: a CLDR width or a skeleton that each language orders itself.
DATE_STYLES = {
    "full": "full",  # Dienstag, 24. November 2026
    "long": "long",  # 24. November 2026
    "medium": "medium",  # 24.11.2026 / 24 nov 2026
    "short": "short",  # 24.11.26
    "day": "MMMEd",  # Di., 24. Nov. / wt., 24 lis / di 24 nov.
    "daymonth": "MMMd",  # 24. Nov. / 24 lis / 24 nov.
    "weekday": "EEE",  # Di. / wt. / di
    "numeric": "Md",  # 24.11. / 24.11 / 24-11
    "dayyear": "yMMMEd",  # Di., 24. Nov. 2026
}


@lru_cache(maxsize=16)
def _parse(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (ValueError, LookupError):
        return Locale.parse("en")


def locale(language: str | None = None) -> Locale:
    """The babel locale of `language`, or of the page's language (never cached as such)."""
    return _parse((language or get_language() or "en").replace("-", "_"))


def date(value: dt.date | None, style: str = "medium", language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _date(value, DATE_STYLES.get(style, style), locale(language))


# A grid writes the same few dates and prices hundreds of times: each is formatted once.
@lru_cache(maxsize=4096)
def _date(value: dt.date, pattern: str, where: Locale) -> str:
    if pattern in ("full", "long", "medium", "short"):
        return babel_dates.format_date(value, format=pattern, locale=where)
    return babel_dates.format_skeleton(pattern, value, locale=where)


@lru_cache(maxsize=4096)
def _amount(rounded: Decimal, currency: str, where: Locale) -> str:
    return babel_numbers.format_currency(rounded, currency, locale=where)


def datetime(value: dt.datetime | None, language: str | None = None) -> str:
    """In the current time zone (the establishment's on its pages)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    where = locale(language)
    day = babel_dates.format_skeleton("yMMMd", value, locale=where)  # 24. Nov. 2026
    hour = babel_dates.format_time(value, format="short", locale=where)  # 14:05
    return str(where.datetime_formats["medium"]).replace("{1}", day).replace("{0}", hour)


def time(value: dt.datetime | dt.time | None, language: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return babel_dates.format_time(value, format="short", locale=locale(language))


def amount(value: Decimal | int | str | None, currency: str, language: str | None = None) -> str:
    """With the currency's sign and decimals: 238,00 € / € 238,00 / ¥238 / 1.250,000 KWD."""
    if value is None or value == "":
        return ""
    return _amount(money.quantize(value, currency), currency, locale(language))


def plain_amount(
    value: Decimal | int | str | None, currency: str, language: str | None = None
) -> str:
    """The currency's decimals, the language's separators, no sign (for columns)."""
    if value is None or value == "":
        return ""
    rounded = money.quantize(value, currency)
    digits = money.precision(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(
        rounded, format=pattern, locale=locale(language), decimal_quantization=False
    )


def number(value: int | Decimal | None, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    return babel_numbers.format_decimal(value, locale=locale(language))


def percent(value: int | Decimal | None, language: str | None = None) -> str:
    """value in percent (87 → 87 % / 87%)."""
    if value is None or value == "":
        return ""
    return babel_numbers.format_percent(Decimal(value) / 100, locale=locale(language))


def language_name(code: str, language: str | None = None) -> str:
    """nl → Niederländisch on a German page."""
    if not code:
        return ""
    return locale(language).languages.get(code, code)


def yes_no(value: bool) -> str:
    from django.utils.translation import gettext

    return gettext("yes") if value else gettext("no")
