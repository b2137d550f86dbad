"""Private guests (celebrities, executives): whose presence is not disclosed.

To a person without "guest.private" a private guest does not exist: every selector that
finds guests takes the person's `access` (required, so a new page cannot forget it) and
leaves private guests out for them; the apps above use `hides_private(access)` to do the
same with the lists that name guests (reservations, arrivals, the room rack). `access=None`
is the system itself (a service, the night audit, the demo): it sees every guest.
"""

from __future__ import annotations

from django.db.models import Q

PRIVATE_ACTION = "guest.private"


def hides_private(access) -> bool:
    """Whether private guests are hidden from this person (None: the system sees all)."""
    return access is not None and not access.can(PRIVATE_ACTION)


def visible(access, prefix: str = "") -> Q:
    """The condition keeping only the guests this person may know of; `prefix` is the path
    to the guest ("customer__" on a reservation)."""
    if hides_private(access):
        return Q(**{f"{prefix}private": False})
    return Q()
