"""Change history of records kept by django-simple-history: who, when, what changed, told in
the page's language (choice labels, dates and amounts as the language writes them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from frontoffice.core import formats

# Bookkeeping fields that a person reading a record's history does not need to see.
HIDDEN_FIELDS = frozenset({"id", "establishment", "created_at"})


def display(field: models.Field, value: Any, currency: str = "") -> str:
    """A stored value as the page shows it: "confirmed" → "bevestigd", 476 → "€ 476,00"."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return formats.yes_no(value)
    if isinstance(value, Decimal):
        return formats.amount(value, currency) if currency else formats.number(value)
    if isinstance(value, dt.datetime):
        return formats.datetime(value)
    if isinstance(value, dt.date):
        return formats.date(value, "medium")
    if isinstance(value, int):
        return formats.number(value)
    return str(value)


def changes(instance, hidden: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Newest first: [{at, user, action, changes: [{field, label, old, new}]}], old and new
    as stored (the API's form; `for_people` turns them into the page's)."""
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        diff = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                field = instance._meta.get_field(change.field)
                diff.append(
                    {
                        "field": change.field,
                        "label": str(field.verbose_name),
                        "old": change.old,
                        "new": change.new,
                    }
                )
        entries.append(
            {
                "at": record.history_date,
                "user": record.history_user.get_username() if record.history_user else None,
                "action": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "changes": diff,
                # Why, where the service said (a room move's reason).
                "reason": record.history_change_reason or "",
            }
        )
        previous = record
    entries.reverse()
    return entries


def for_people(
    model: type[models.Model],
    entries: list[dict[str, Any]],
    currency: str = "",
    related: dict[str, dict[Any, str]] | None = None,
) -> list[dict[str, Any]]:
    """The same entries told in the page's language; `related` names foreign keys
    ({"room_type": {pk: "Tweepersoonskamer"}})."""
    related = related or {}
    for entry in entries:
        for change in entry["changes"]:
            names = related.get(change["field"])
            for key in ("old", "new"):
                value = change[key]
                if names is not None:
                    change[key] = str(names.get(value, value if value is not None else ""))
                else:
                    change[key] = display(model._meta.get_field(change["field"]), value, currency)
    return entries
