"""What guest services add to the apps below it (see customers.extensions and
lodging.extensions): each area appends its callables in `register`."""

from __future__ import annotations


def _add(hooks: list, fn) -> None:
    if fn not in hooks:
        hooks.append(fn)


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


def guest_events(request, access, customer):
    """The guest's page lists the group events they attend or organise."""
    if not access.can("concierge.view"):
        return None
    from . import selectors_events

    rows = list(selectors_events.events_of_guest(access.establishment, customer.pk)[:50])
    for event in rows:
        event.organises = event.organiser_id == customer.pk
        event.venue_words = selectors_events.venue(event)
    return "guestservice/_guest_events.html", {"rows": rows}


def register() -> None:
    from frontoffice.customers import extensions as customers
    from frontoffice.lodging import extensions as lodging

    # --- requests, porters, luggage ---
    from . import demo_requests, requests_hooks

    _add(lodging.after_check_in, requests_hooks.luggage_on_arrival)
    _add(lodging.after_check_out, requests_hooks.luggage_on_departure)
    _add(lodging.dashboard_panels, requests_hooks.wake_up_panel)
    _add(lodging.demo_steps, demo_requests.demo_requests)

    # --- concierge ---
    from .demo_concierge import concierge_demo

    _add(customers.detail_panels, guest_recommendations)
    _add(lodging.demo_steps, concierge_demo)

    # --- groups ---
    from .demo_groups import demo_groups

    _add(lodging.demo_steps, demo_groups)
    _add(customers.detail_panels, guest_events)

    # --- complaints, VIPs, the manager's desk ---
    from . import hooks_complaints

    hooks_complaints.register()

    # The manager's desk: overdue requests, then blocks near their cut-off.
    from .desk_panels import manager_panels
    from .groups_panels import blocks_near_cutoff_panel
    from .requests_panels import overdue_requests_panel

    _add(manager_panels, overdue_requests_panel)
    _add(manager_panels, blocks_near_cutoff_panel)
