"""Template filters: phone numbers and countries as people read them."""

from __future__ import annotations

import phonenumbers
from django import template
from django.utils.translation import gettext

from frontoffice.core import countries, formats, navigation

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+31612345678 → +31 6 12345678."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def country(code: str) -> str:
    """NL → Nederland on a Dutch page."""
    return countries.name(code) if code else ""


# Dates, amounts and numbers in the page's language (core/formats.py, babel).


@register.filter
def day(value, style: str = "medium") -> str:
    """{{ r.arrival|day:"full" }} → Dienstag, 24. November 2026; styles in formats.DATE_STYLES."""
    return formats.date(value, style)


@register.filter
def when(value) -> str:
    """A moment in the page's time zone: 24. Nov. 2026, 14:05."""
    return formats.datetime(value)


@register.filter
def money(value, currency: str) -> str:
    """{{ r.total_price|money:currency }} → 238,00 € (the currency's decimals and sign)."""
    return formats.amount(value, currency)


@register.filter
def amount(value, currency: str) -> str:
    """Without the sign, for columns headed with the currency: 1.238,00."""
    return formats.plain_amount(value, currency)


@register.filter
def number(value) -> str:
    return formats.number(value)


@register.filter
def percent(value) -> str:
    """87 → 87 % in German."""
    return formats.percent(value)


@register.filter
def language_name(code: str) -> str:
    return formats.language_name(code)


@register.filter
def guest_name(customer, hide_private) -> str:
    """{{ row.customer|guest_name:hide_private }}: the guest's name, or "Private guest" to a
    person who may not know of a private guest (the job is still theirs: the room shows)."""
    if customer is None:
        return ""
    if hide_private and getattr(customer, "private", False):
        return gettext("Private guest")
    return customer.full_name


@register.inclusion_tag("_main_nav.html")
def main_nav(access, current: str = ""):
    """The main navigation in its groups (core.navigation)."""
    return {"groups": navigation.main_nav(access, current or "")}
