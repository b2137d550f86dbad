"""Countries: the codes phone numbers and nationalities use, named in the page's language."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from babel import Locale
from django.utils.translation import get_language

CODES = frozenset(code for code in phonenumbers.SUPPORTED_REGIONS if len(code) == 2)


def is_country(code: str) -> bool:
    return code in CODES


@lru_cache(maxsize=16)
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse((language or "en").replace("-", "_")).territories
    return {code: territories.get(code, code) for code in CODES}


def name(code: str, language: str | None = None) -> str:
    return _names(language or get_language() or "en").get(code, code)


def choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by the name as the language sorts it (near enough: by letters)."""
    names = _names(language or get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1].casefold())
