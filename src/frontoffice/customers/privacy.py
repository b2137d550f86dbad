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


def masked(error, access):
    """A refusal as this person may hear it: a duplicate of a private guest they may not
    see names neither the guest nor the record."""
    from django.utils.translation import gettext as _

    from frontoffice.core.errors import Conflict

    from .models import Customer

    existing_id = getattr(error, "extra", {}).get("existing_id")
    if (
        getattr(error, "code", None) == "duplicate"
        and existing_id
        and hides_private(access)
        and Customer.objects.filter(pk=existing_id, private=True).exists()
    ):
        return Conflict(_("Another record has this email and name."), code="duplicate")
    return error
