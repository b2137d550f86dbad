"""Model validation for services: Django's checks, raised as the domain's `Invalid`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .errors import Invalid


def full_clean(obj, exclude: list[str] | None = None) -> None:
    """Field validators and `clean()` (which refuses relations across establishments);
    the first message only, with its field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(" ".join(messages), field=None if field == "__all__" else field) from None
