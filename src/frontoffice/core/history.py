"""Change history of records kept by django-simple-history: who, when, what changed."""

from __future__ import annotations

from typing import Any

# Bookkeeping fields that a person reading a record's history does not need to see.
HIDDEN_FIELDS = frozenset({"id", "establishment", "created_at"})


def changes(instance, hidden: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Newest first: [{at, user, action, changes: [{field, old, new}]}]."""
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
                diff.append(
                    {
                        "field": change.field,
                        "label": str(instance._meta.get_field(change.field).verbose_name),
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
            }
        )
        previous = record
    entries.reverse()
    return entries
