"""Pages of customer records: list and search, detail with history, add and edit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from frontoffice.core import countries
from frontoffice.core.errors import DomainError
from frontoffice.core.history import HIDDEN_FIELDS, changes, for_people
from frontoffice.core.views import establishment_page, form_error, page

from . import extensions, privacy, selectors, services
from .forms import GuestForm
from .models import Customer
from .privacy import PRIVATE_ACTION


def _query(request) -> str:
    return (request.GET.get("q") or "")[:200].replace("\x00", "")


@establishment_page("guest.view")
def guest_list(request, access):
    q = _query(request)
    rows = selectors.customer_search(access.establishment, q, access=access)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return page(
        request,
        access,
        "customers/guest_list.html",
        {"q": q, "page_obj": page_obj, "query": urlencode({"q": q})},
        nav="guests",
    )


@establishment_page("guest.view")
def guest_search(request, access):
    """Search results to pick a guest from (htmx, the booking form)."""
    q = _query(request)
    shown = 8
    found = (
        list(selectors.customer_search(access.establishment, q, access=access)[: shown + 1])
        if len(q.strip()) >= 2
        else []
    )
    return page(
        request,
        access,
        "customers/_guest_results.html",
        {"found": found[:shown], "more": len(found) > shown, "q": q},
    )


def _guest(access, guest_id) -> Customer:
    """404 as for an unknown guest when private and the person may not see private guests."""
    customer = selectors.customer_get(access.establishment, guest_id, access=access)
    if customer is None:
        raise Http404
    return customer


@establishment_page("guest.view")
def guest_detail(request, access, guest_id):
    customer = _guest(access, guest_id)
    services.private_look_record(customer=customer, actor=request.user, what="guest page")
    panels = []
    for panel in extensions.detail_panels:
        found = panel(request, access, customer)
        if found is not None:
            panels.append(found)
    return page(
        request,
        access,
        "customers/guest_detail.html",
        {
            "g": customer,
            "panels": panels,
            "private_accesses": (
                selectors.private_accesses(customer)
                if customer.private and access.can("manager.desk")
                else []
            ),
            "history": for_people(
                Customer,
                changes(customer, hidden=HIDDEN_FIELDS),
                related={"nationality": dict(countries.choices())},
            ),
        },
        nav="guests",
    )


@establishment_page("guest.manage")
def guest_edit(request, access, guest_id=None):
    est = access.establishment
    customer = _guest(access, guest_id) if guest_id else None
    may_declare_private = access.can(PRIVATE_ACTION)
    look_alikes = []
    if request.method == "POST":
        form = GuestForm(request.POST, may_declare_private=may_declare_private)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.CUSTOMER_FIELDS if k in form.fields}
            try:
                if customer is None:
                    candidate = services.customer_build(establishment=est, **data)
                    look_alikes = selectors.customer_look_alikes(
                        est,
                        first_name=candidate.first_name,
                        last_name=candidate.last_name,
                        email=candidate.email,
                        phone=candidate.phone,
                        access=access,
                    )
                    if look_alikes and not form.cleaned_data.get("confirm_duplicate"):
                        form.data = form.data.copy()
                        form.data["confirm_duplicate"] = "on"
                        return page(
                            request,
                            access,
                            "customers/guest_form.html",
                            {"form": form, "g": None, "look_alikes": look_alikes},
                            nav="guests",
                        )
                    customer = services.customer_create(
                        establishment=est, actor=request.user, **data
                    )
                    messages.success(request, _("The guest was added."))
                else:
                    services.customer_update(customer=customer, actor=request.user, **data)
                    messages.success(request, _("The guest was saved."))
            except DomainError as error:
                form_error(form, privacy.masked(error, access))
            else:
                return redirect("guest_detail", code=est.code, guest_id=customer.pk)
    else:
        initial = {k: getattr(customer, k) for k in services.CUSTOMER_FIELDS} if customer else {}
        form = GuestForm(initial=initial, may_declare_private=may_declare_private)
    return page(
        request,
        access,
        "customers/guest_form.html",
        {"form": form, "g": customer, "look_alikes": look_alikes},
        nav="guests",
    )
