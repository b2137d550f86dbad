"""What lodging adds to the apps below it (see customers.extensions)."""

from __future__ import annotations

from django.db.models import Q

from .models import Reservation


def guest_by_confirmation(establishment, q: str) -> Q | None:
    """A guest search for "K7M2PQ9X" finds the guest of that reservation."""
    code = q.strip().upper()
    if not (6 <= len(code) <= 12 and code.isascii() and code.isalnum()):
        return None
    return Q(
        pk__in=Reservation.objects.filter(establishment=establishment, confirmation=code).values(
            "customer_id"
        )
    )


def guest_reservations(request, access, customer):
    """The guest's page shows their reservations to those who may see reservations."""
    if not access.can("reservation.view"):
        return None
    from . import selectors

    rows = selectors.reservation_list(access.establishment, customer_id=customer.pk)[:100]
    return "lodging/_guest_reservations.html", {"reservations": rows}


def register() -> None:
    from frontoffice.customers import extensions

    if guest_by_confirmation not in extensions.search_conditions:
        extensions.search_conditions.append(guest_by_confirmation)
    if guest_reservations not in extensions.detail_panels:
        extensions.detail_panels.append(guest_reservations)
