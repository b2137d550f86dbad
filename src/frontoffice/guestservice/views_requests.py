"""Staff pages of requests: the live queue per department (its rows polled by htmx), taking
a request, the one-click moves, cancelling (asks once, with a reason); the porter's phone
view of their jobs and luggage; the claim tag's label."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from frontoffice.core import formats
from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.models import Department
from frontoffice.core.validation import row_id
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.customers import selectors as customer_selectors
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

from . import queue_display
from . import selectors_requests as selectors
from .forms_requests import (
    CancelForm,
    CompleteForm,
    ReleaseForm,
    RequestForm,
    ServiceLevelsForm,
    StoreForm,
    cell_field,
    seen_field,
)
from .labels import luggage_label_pdf
from .models import Luggage, Priority
from .services import luggage as luggage_services
from .services import requests as request_services

# The one-click moves of request_action ("complete" has its own page: request_complete).
ACTIONS = {"assign", "start", "escalate"}


def _department(request, access) -> int | None:
    """The department filter, or None (every department) for anything not an id."""
    value = request.GET.get("department") or request.POST.get("department") or ""
    return row_id(value)


def _queue_context(request, access) -> dict:
    department = _department(request, access)
    found = selectors.queue(access, department=department, limit=queue_display.QUEUE_ROWS)
    departments = selectors.departments(access)
    shown = next((d for d in departments if d.pk == department), None)
    manage = access.can("request.manage")
    staff = selectors.staff(access.establishment, department=shown) if manage else []
    hide_private = not access.can("guest.private")
    cancel_base = reverse("request_queue", args=[access.establishment.code])
    return {
        "rows": found["current"],
        "rows_html": queue_display.render_rows(
            found["current"],
            user_id=request.user.pk,
            now=found["now"],
            hide_private=hide_private,
            manage=manage,
            staff_options=queue_display.staff_options(staff) if staff else "",
            cancel_base=cancel_base,
            charge=access.can("folio.charge"),
            department=department,
        ),
        "hide_private": hide_private,
        "open_count": found["count"],
        "max_rows": queue_display.QUEUE_ROWS,
        "upcoming": found["upcoming"],
        "department": department,
        "departments": departments,
        "manage": manage,
    }


@establishment_page("request.work")
def queue(request, access):
    return page(
        request,
        access,
        "guestservice/request_queue.html",
        _queue_context(request, access),
        nav="requests",
    )


@establishment_page("request.work")
def queue_rows(request, access):
    """The queue's rows alone, fetched every few seconds by the page."""
    return page(request, access, "guestservice/_request_rows.html", _queue_context(request, access))


def _back(access, request):
    url = reverse("request_queue", args=[access.establishment.code])
    department = _department(request, access)
    return redirect(f"{url}?department={department}" if department else url)


@establishment_page("request.work")
def request_action(request, access, request_id: int, action: str):
    """One click: assign (to me, or to the person chosen), start, complete, escalate."""
    if request.method != "POST" or action not in ACTIONS:
        return _back(access, request)
    if action in ("assign", "escalate") and not access.can("request.manage"):
        raise PermissionDenied
    try:
        row = selectors.request_get(access, request_id)
    except NotFound:
        raise Http404 from None
    try:
        if action == "assign":
            user = request.POST.get("user") or ""
            request_services.request_assign(
                request=row,
                actor=request.user,
                user=row_id(user) or request.user.pk,
                reassign=bool(request.POST.get("reassign")),
            )
        elif action == "start":
            request_services.request_start(request=row, actor=request.user)
        else:
            request_services.request_escalate(request=row, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("Request %(id)s updated.") % {"id": row.pk})
    if request.POST.get("next") == "porter":
        return redirect("porter", code=access.establishment.code)
    return _back(access, request)


@establishment_page("request.work")
def queue_act(request, access):
    """The queue's one form: the button pressed names the request and the move
    (`act` = "<id>:take|assign|start|complete|escalate"); a reassignment reads the person
    chosen in that row's list (`user-<id>`)."""
    if request.method != "POST":
        return _back(access, request)
    request_id, _sep, action = request.POST.get("act", "").partition(":")
    request_id = row_id(request_id)
    if request_id is None:
        return _back(access, request)
    try:
        row = selectors.request_get(access, request_id)
    except NotFound:
        raise Http404 from None
    if action in ("take", "takeover", "assign", "escalate") and not access.can("request.manage"):
        raise PermissionDenied
    try:
        if action in ("take", "takeover"):
            # "take": nobody held it when the page was drawn; if someone took it since,
            # the second taker is told (409) rather than silently taking it over.
            request_services.request_assign(
                request=row, actor=request.user, user=request.user, reassign=action == "takeover"
            )
        elif action == "assign":
            user = request.POST.get(f"user-{row.pk}", "")
            request_services.request_assign(
                request=row,
                actor=request.user,
                user=row_id(user) or 0,
                reassign=True,
            )
        elif action == "start":
            request_services.request_start(request=row, actor=request.user)
        elif action == "complete":
            request_services.request_complete(request=row, actor=request.user)
        elif action == "escalate":
            request_services.request_escalate(request=row, actor=request.user)
        else:
            return _back(access, request)
    except DomainError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("Request %(id)s updated.") % {"id": row.pk})
    return _back(access, request)


@establishment_page("request.manage")
def request_cancel(request, access, request_id: int):
    """Asks once, with a reason."""
    try:
        row = selectors.request_get(access, request_id)
    except NotFound:
        raise Http404 from None
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_services.request_cancel(
                request=row, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Request %(id)s cancelled.") % {"id": row.pk})
            return _back(access, request)
    return page(
        request,
        access,
        "guestservice/request_cancel.html",
        {"row": row, "form": form, "department": _department(request, access)},
        nav="requests",
    )


def _charge_question(row, amount, currency: str, guest: str) -> str:
    return _("Complete request %(id)s and charge %(amount)s to the folio of %(guest)s?") % {
        "id": row.pk,
        "amount": formats.amount(amount, currency),
        "guest": guest,
    }


@establishment_page("request.work")
def request_complete(request, access, request_id: int):
    """Complete a request with a note and, for who may charge the guest, a charge on the
    stay's folio: asked once (the amount in the page's language) before it is posted.
    The porter's view posts here too (`next=porter`) and goes back there."""
    try:
        row = selectors.request_get(access, request_id)
    except NotFound:
        raise Http404 from None
    may_charge = access.can("folio.charge")
    porter_view = request.POST.get("next") == "porter"
    if request.method == "POST" and not may_charge:
        # Who may not charge the guest is not sent the fields, and may not post them.
        if any(request.POST.get(name) for name in ("category", "unit_price")):
            raise PermissionDenied
    form = CompleteForm(
        request.POST if request.method == "POST" else None,
        establishment=access.establishment,
        charge=may_charge,
    )
    hide_private = not access.can("guest.private")
    department = _department(request, access)
    guest = queue_display.guest_shown(row.customer if row.customer_id else None, hide_private)
    confirm = None
    if request.method == "POST" and form.is_valid():
        charge = form.charge()
        try:
            if charge and not form.cleaned_data["confirmed"]:
                amount = request_services.request_charge_check(request=row, charge=charge)
                confirm = _charge_question(row, amount, access.establishment.currency, guest)
            elif not form.errors:  # form.charge() names a half-filled charge's missing part
                request_services.request_complete(
                    request=row,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    charge=charge,
                )
                messages.success(request, _("Request %(id)s updated.") % {"id": row.pk})
                if porter_view:
                    return redirect("porter", code=access.establishment.code)
                return _back(access, request)
        except DomainError as error:
            form_error(form, error)
    if porter_view and request.method == "POST":
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("porter", code=access.establishment.code)
    return page(
        request,
        access,
        "guestservice/request_complete.html",
        {
            "row": row,
            "form": form,
            "guest": guest,
            "chargeable": may_charge and queue_display.chargeable(row),
            "confirm": confirm,
            "currency": access.establishment.currency,
            "department": department,
            "department_query": f"?department={department}" if department else "",
        },
        nav="requests",
    )


# --- service levels -----------------------------------------------------------------------


@establishment_page("service_level.manage")
def service_levels(request, access):
    """A department's minutes per kind of request and priority: its own values, the ones
    that apply without them shown as placeholders; saved all at once or not at all."""
    departments = selectors.departments(access)
    chosen = request.POST.get("department") or request.GET.get("department") or ""
    number = row_id(chosen)
    department = next((d for d in departments if d.pk == number), None)
    if department is None and request.method == "POST":
        # A save names its department: one not of this establishment writes nothing.
        raise Http404
    if department is None and departments:
        department = departments[0]
    form = None
    if department is not None:
        cells = selectors.service_level_grid(department, request_services.DEFAULT_MINUTES)
        form = ServiceLevelsForm(request.POST if request.method == "POST" else None, cells=cells)
        if request.method == "POST" and form.is_valid():
            try:
                request_services.service_levels_save(
                    establishment=access.establishment,
                    department=department,
                    minutes=form.minutes(),
                    seen=form.seen(),
                )
            except DomainError as error:
                kind, _dot, priority = (error.field or "").partition(".")
                form_error(form, error, {error.field: cell_field(kind, priority)})
                if error.code == "changed_meanwhile":
                    # Told the current value: saving again replaces it.
                    form.data = form.data.copy()
                    now = next(
                        (c["own"] for c in cells if (c["kind"], c["priority"]) == (kind, priority)),
                        None,
                    )
                    form.data[seen_field(kind, priority)] = "" if now is None else str(now)
            else:
                messages.success(
                    request,
                    _("The service levels of %(department)s were saved.")
                    % {"department": department.name},
                )
                url = reverse("service_levels", args=[access.establishment.code])
                return redirect(f"{url}?department={department.pk}")
    return page(
        request,
        access,
        "guestservice/service_levels.html",
        {
            "departments": departments,
            "department": department,
            "form": form,
            "priority_names": [Priority(p).label for p in Priority.values],
            "defaults": [
                (Priority(p).label, request_services.DEFAULT_MINUTES[p]) for p in Priority.values
            ],
        },
        nav="requests",
        # A save shown again was refused (as the block and event pages answer).
        status=422 if request.method == "POST" else 200,
    )


def _stay(access, confirmation: str) -> Reservation | None:
    if not confirmation:
        return None
    return (
        Reservation.objects.filter(establishment=access.establishment, confirmation=confirmation)
        .select_related("customer", "room")
        .first()
    )


def _customer(access, customer_id) -> Customer | None:
    if not customer_id:
        return None
    try:
        customer_id = int(customer_id)
    except (TypeError, ValueError):
        return None
    return customer_selectors.customer_get(access.establishment, customer_id, access=access)


@establishment_page("request.manage")
def request_new(request, access):
    est = access.establishment
    stays = selectors.in_house(est, access=access)
    departments = selectors.departments(access)
    form = RequestForm(request.POST or None, stays=stays, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        department = (
            Department.objects.filter(establishment=est, pk=data["department"]).first()
            if data["department"]
            else None
        )
        try:
            customer = _customer(access, data["customer"])
            if data["customer"] and customer is None:
                raise NotFound(_("No such guest."), field="customer")
            row = request_services.request_create(
                establishment=est,
                actor=request.user,
                kind=data["kind"],
                priority=data["priority"],
                description=data["description"],
                department=department,
                reservation=_stay(access, data["stay"]),
                customer=customer,
                due_at=data["due_at"],
            )
        except DomainError as error:
            form_error(form, error, {"guest": "stay", "due_at": "due_at"})
        else:
            messages.success(
                request,
                _("Request %(id)s is in the queue of %(department)s.")
                % {"id": row.pk, "department": row.department.name},
            )
            url = reverse("request_queue", args=[est.code])
            return redirect(f"{url}?department={row.department_id}")
    return page(request, access, "guestservice/request_new.html", {"form": form}, nav="requests")


# --- the porter's view --------------------------------------------------------------------


def _porter_context(request, access, store=None, release=None, stored=None) -> dict:
    est = access.establishment
    stays = selectors.in_house(est, access=access)
    bell = [d.pk for d in selectors.departments(access) if d.kind == Department.Kind.BELL_DESK]
    jobs = [
        row
        for row in selectors.queue(access, department=None)["current"]
        if row.department_id in bell
    ]
    return {
        "jobs": jobs,
        "luggage": list(selectors.luggage_list(est, status=Luggage.Status.STORED)[:100]),
        "store": store or StoreForm(stays=stays),
        "release": release or ReleaseForm(),
        "stored": stored,
        "hide_private": not access.can("guest.private"),
    }


@establishment_page("luggage.manage")
def porter(request, access):
    return page(
        request,
        access,
        "guestservice/porter.html",
        _porter_context(request, access),
        nav="porter",
    )


@establishment_page("luggage.manage")
def porter_store(request, access):
    if request.method != "POST":
        return redirect("porter", code=access.establishment.code)
    stays = selectors.in_house(access.establishment, access=access)
    form = StoreForm(request.POST, stays=stays)
    stored = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            stored = luggage_services.luggage_store(
                establishment=access.establishment,
                actor=request.user,
                reservation=_stay(access, data["stay"]),
                customer=_customer(access, data["customer"]),
                pieces=data["pieces"],
                location=data["location"],
            )
        except DomainError as error:
            form_error(form, error, {"guest": "stay"})
        else:
            form = None
    return page(
        request,
        access,
        "guestservice/porter.html",
        _porter_context(request, access, store=form, stored=stored),
        nav="porter",
    )


@establishment_page("luggage.manage")
def porter_release(request, access):
    if request.method != "POST":
        return redirect("porter", code=access.establishment.code)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            item = selectors.luggage_get(access.establishment, form.cleaned_data["tag"])
            luggage_services.luggage_release(
                luggage=item, actor=request.user, last_name=form.cleaned_data["last_name"]
            )
        except DomainError as error:
            form_error(form, error, {None: "tag"})
        else:
            messages.success(
                request,
                _("Tag %(tag)s: the luggage is handed back to %(name)s.")
                % {
                    "tag": item.tag,
                    "name": queue_display.guest_shown(
                        item.customer, not access.can("guest.private")
                    ),
                },
            )
            return redirect("porter", code=access.establishment.code)
    return page(
        request,
        access,
        "guestservice/porter.html",
        _porter_context(request, access, release=form),
        nav="porter",
    )


@establishment_page("luggage.manage")
def luggage_label(request, access, tag: str):
    try:
        item = selectors.luggage_get(access.establishment, tag)
    except NotFound:
        raise Http404 from None
    from django.utils import translation

    response = HttpResponse(
        luggage_label_pdf(
            item,
            translation.get_language() or access.establishment.language,
            hide_private=not access.can("guest.private"),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{item.tag}.pdf"'
    return response
