"""A panel for the manager's desk: the requests past their due time, every department."""

from __future__ import annotations

from frontoffice.customers.privacy import hides_private

from . import selectors_requests as selectors


def overdue_requests_panel(request, access):
    """(template, context) with the overdue requests, or None for who may not see queues.
    The template shows them as `panel.rows`."""
    if not access.can("request.view"):
        return None
    return "guestservice/_overdue_requests_panel.html", {
        "rows": selectors.overdue(access.establishment),
        "hide_private": hides_private(access),
    }
