"""What procedures add to the apps below it (see customers.extensions and lodging.extensions)."""

from __future__ import annotations


def guest_messages(request, access, customer):
    """The guest's page shows their messages (the outbox) to those who may send them."""
    if not access.can("message.send"):
        return None
    from . import selectors

    rows = list(
        selectors.message_list(access.establishment, access=access, customer_id=customer.pk)[:50]
    )
    return "procedures/_guest_messages.html", {"messages": rows, "customer": customer}


def register() -> None:
    from frontoffice.customers import extensions as customer_extensions
    from frontoffice.lodging import extensions as lodging_extensions

    from .demo import load_procedures
    from .services.messages import queue_confirmation

    if queue_confirmation not in lodging_extensions.after_booking:
        lodging_extensions.after_booking.append(queue_confirmation)
    if load_procedures not in lodging_extensions.demo_steps:
        lodging_extensions.demo_steps.append(load_procedures)
    if guest_messages not in customer_extensions.detail_panels:
        customer_extensions.detail_panels.append(guest_messages)
