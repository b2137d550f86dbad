"""What lodging adds to the apps below it (see customers.extensions), and what the apps
above lodging (guestservice, procedures) hook into, without lodging importing them:

- `after_check_in`, `after_check_out`: callables `(reservation, actor, options: dict)` run
  inside the check-in's / check-out's transaction (a failure rolls the stay back);
  `options` carries what the desk asked for besides the stay (e.g. luggage help).
- `after_booking`: callables `(reservation, actor)` run inside a new reservation's
  transaction (e.g. queue its confirmation message).
- `demo_steps`: callables `(establishment, rng, root, today, stdout)` run, in order, at the
  end of loading the demo hotel (inside its transaction and scope), through services only.
- `dashboard_panels`: callables `(request, access) -> (template, context) | None` adding a
  panel to the desk's dashboard.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from .models import Reservation

after_check_in: list[Callable] = []
after_check_out: list[Callable] = []
after_booking: list[Callable] = []
dashboard_panels: list[Callable] = []
demo_steps: list[Callable] = []


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

    rows = selectors.reservation_list(access.establishment, access=access, customer_id=customer.pk)[
        :100
    ]
    return "lodging/_guest_reservations.html", {"reservations": rows}


def register() -> None:
    from frontoffice.customers import extensions

    if guest_by_confirmation not in extensions.search_conditions:
        extensions.search_conditions.append(guest_by_confirmation)
    if guest_reservations not in extensions.detail_panels:
        extensions.detail_panels.append(guest_reservations)
