"""What the complaints area adds to the apps below: the guest page's complaints panel, a
desk dashboard panel (open complaints, unread shift notes), and the demo's complaints."""

from __future__ import annotations

from .selectors import complaints as selectors


def guest_complaints(request, access, customer):
    """The guest's page: their complaints and compliments, and a link to take one."""
    if not access.can("complaint.view"):
        return None
    rows = list(
        selectors.complaint_list(access.establishment, access=access, customer_id=customer.pk)[:50]
    )
    return "guestservice/_guest_complaints.html", {"rows": rows, "guest": customer}


def desk_dashboard(request, access):
    """The dashboard: open complaints and unread shift notes, with links."""
    if not access.can("shiftlog.use") and not access.can("complaint.view"):
        return None
    est = access.establishment
    return "guestservice/_dashboard_complaints.html", {
        "open": (
            selectors.complaint_list(est, access=access, status="open").count()
            if access.can("complaint.view")
            else None
        ),
        "unread": (
            selectors.unread_count(est, user=request.user) if access.can("shiftlog.use") else None
        ),
    }


def register() -> None:
    from frontoffice.customers import extensions as customer_extensions
    from frontoffice.lodging import extensions as lodging_extensions

    from .demo_complaints import demo_complaints

    if guest_complaints not in customer_extensions.detail_panels:
        customer_extensions.detail_panels.append(guest_complaints)
    if desk_dashboard not in lodging_extensions.dashboard_panels:
        lodging_extensions.dashboard_panels.append(desk_dashboard)
    if demo_complaints not in lodging_extensions.demo_steps:
        lodging_extensions.demo_steps.append(demo_complaints)
