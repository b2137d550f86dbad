"""What guest services add to the apps below it (see customers.extensions and
lodging.extensions): each area appends its callables in `register`."""

from __future__ import annotations


def guest_recommendations(request, access, customer):
    """The guest's page lists what the concierge recommended and booked for them."""
    if not access.can("concierge.view"):
        return None
    from . import selectors_concierge

    rows = selectors_concierge.recommendations_of(access.establishment, customer)[:50]
    return "guestservice/_guest_recommendations.html", {
        "rows": rows,
        "guest_id": customer.pk,
        "can_book": access.can("recommendation.manage"),
        # Amounts for those who may see the guest's account only.
        "money_shown": access.can("folio.view"),
    }


def register() -> None:
    from frontoffice.customers import extensions as customer_extensions
    from frontoffice.lodging import extensions as lodging_extensions

    from .demo_concierge import concierge_demo

    if guest_recommendations not in customer_extensions.detail_panels:
        customer_extensions.detail_panels.append(guest_recommendations)
    if concierge_demo not in lodging_extensions.demo_steps:
        lodging_extensions.demo_steps.append(concierge_demo)
