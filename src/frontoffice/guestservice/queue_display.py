"""The live queue's rows made ready for the page in Python (labels looked up once, times
formatted through a cache), so the page with hundreds of open requests stays fast: the
benchmark holds it to p99 <= 50 ms with 500 open requests."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from frontoffice.core import formats

from .models import Priority, RequestKind, RequestStatus

# The rows shown at once; the rest are counted (a department's filter narrows them).
QUEUE_ROWS = 50


@lru_cache(maxsize=8192)
def _clock(hour: int, minute: int, language: str) -> str:
    return formats.time(dt.time(hour, minute), language)


@lru_cache(maxsize=2048)
def _day(day: dt.date, language: str) -> str:
    return formats.date(day, "medium", language)


def due_text(value: dt.datetime, today: dt.date, language: str) -> str:
    """14:05 for today, 25 Nov 2026, 07:00 for another day (the page's time zone)."""
    local = timezone.localtime(value)
    clock = _clock(local.hour, local.minute, language)
    if local.date() == today:
        return clock
    return f"{_day(local.date(), language)}, {clock}"


def _staff_name(person) -> str:
    name = person.get_full_name() or person.get_username()
    if getattr(person, "bell_only", False):
        return _("%(name)s (bell desk only)") % {"name": name}
    return name


def staff_options(staff) -> str:
    """The people to give a request to, as <option>s rendered once for every row."""
    return mark_safe(
        "".join(
            f'<option value="{person.pk}">{escape(_staff_name(person))}</option>'
            for person in staff
        )
    )


def guest_shown(customer, hide_private: bool) -> str:
    """The requester's name, or "Private guest" to a person who may not know of them (the
    job is still theirs to do: the room is shown)."""
    if customer is None:
        return ""
    if hide_private and customer.private:
        return str(_("Private guest"))
    return customer.full_name


def shown_customer(customer, hide_private: bool):
    """The requester for the VIP badge, or None when they are not to be known of."""
    if customer is None or (hide_private and customer.private):
        return None
    return customer


def rows(current, user_id: int, now: dt.datetime, hide_private: bool = True) -> list[dict]:
    language = translation.get_language() or "en"
    kinds, priorities = dict(RequestKind.choices), dict(Priority.choices)
    statuses = dict(RequestStatus.choices)
    today = timezone.localtime(now).date()
    shown = []
    for row in current[:QUEUE_ROWS]:
        assignee = row.assignee
        shown.append(
            {
                "pk": str(row.pk),  # a string: no number formatting per use
                "due": due_text(row.due_at, today, language),
                "overdue": row.due_at < now,
                "kind": kinds[row.kind],
                "department": row.department.name,
                "description": row.description,
                "room": row.room.number if row.room_id else "",
                "guest": guest_shown(row.customer, hide_private),
                "customer": shown_customer(row.customer, hide_private),
                "priority": row.priority,
                "priority_label": priorities[row.priority],
                "escalation": row.escalation,
                "status": row.status,
                "status_label": statuses[row.status],
                "mine": row.assignee_id == user_id,
                "assigned": row.assignee_id is not None,
                "assignee": (assignee.get_full_name() or assignee.get_username())
                if assignee
                else "",
            }
        )
    return shown
