"""Template filters: phone numbers and countries as people read them."""

from __future__ import annotations

import phonenumbers
from django import template

from frontoffice.core import countries

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
