"""Model validation for services: Django's checks, raised as the domain's `Invalid`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .errors import Invalid

# Ids a database row can have: a number beyond them (…?department=99999999999999999999)
# would overflow the database's integer (SQLite takes 64 bits) and is simply not found.
MAX_ID = 2**62


def is_row_id(value) -> bool:
    """Whether `value` is an id a database can be asked for."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < MAX_ID


def row_id(text) -> int | None:
    """The id a query parameter or form field names, or None: ASCII digits only ("²" and
    "١٢" are digits to `str.isdigit()` but no id) and within `is_row_id`."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if is_row_id(text) else None
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if is_row_id(number) else None


def full_clean(obj, exclude: list[str] | None = None) -> None:
    """Field validators and `clean()` (which refuses relations across establishments);
    the first message only, with its field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(" ".join(messages), field=None if field == "__all__" else field) from None
