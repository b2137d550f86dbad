"""Names given per language (data, not code): a room type is "Double room" by default and
"Tweepersoonskamer" on a Dutch page.

A row keeps its default `name` and a `names` map {"nl": "Tweepersoonskamer", ...} in the same
row, so showing a name in the page's language costs no join and no query. `label()` picks the
page's language and falls back to the default name; `clean()` is the one check every writer
goes through (the services call it).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .errors import Invalid
from .models import Language

LANGUAGES: tuple[str, ...] = tuple(Language.values)


def current_language() -> str:
    """The page's language as a key of `names` ("nl" for "nl" or "nl-be")."""
    return (get_language() or "en").split("-")[0].lower()


def label(name: str, names: dict | None, language: str | None = None) -> str:
    """The name in `language` (the page's when not given), else the default name."""
    if names:
        found = names.get(language or current_language())
        if found:
            return found
    return name


def clean(names, max_length: int, field: str = "names") -> dict[str, str]:
    """Only the five languages' codes, strings of at most `max_length` characters, spaces
    at either end removed, empty ones left out; in the languages' order."""
    if names is None:
        return {}
    if not isinstance(names, dict):
        raise Invalid(_("Give the names as an object keyed by language code."), field=field)
    unknown = sorted(str(key) for key in names if key not in LANGUAGES)
    if unknown:
        raise Invalid(
            _("Unknown language: %(language)s. Use one of %(languages)s.")
            % {"language": unknown[0][:20], "languages": ", ".join(LANGUAGES)},
            code="unknown_language",
            field=field,
        )
    cleaned = {}
    for language in LANGUAGES:
        value = names.get(language)
        if value is None:
            continue
        if not isinstance(value, str) or "\x00" in value:
            raise Invalid(
                _("Name (%(language)s): enter text.") % {"language": Language(language).label},
                field=field,
            )
        value = value.strip()
        if len(value) > max_length:
            raise Invalid(
                _("Name (%(language)s): too long, at most %(max)s characters.")
                % {"language": Language(language).label, "max": max_length},
                code="name_too_long",
                field=field,
            )
        if value:
            cleaned[language] = value
    return cleaned
