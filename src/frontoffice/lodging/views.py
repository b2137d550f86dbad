"""Staff pages for the desk: the same services and selectors as the API."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontoffice.core import selectors as core_selectors
from frontoffice.core import services as core_services
from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.history import HIDDEN_FIELDS, changes
from frontoffice.core.models import Customer
from frontoffice.core.views import establishment_page

from . import selectors, services
from .forms import CancelForm, GuestForm, ModifyForm, ReservationFilter, ReservationForm
from .models import RatePlan, ReservationStatus, RoomType

ACTIONS = (
    "dashboard.view",
    "inventory.view",
    "setup.manage",
    "reservation.view",
    "reservation.manage",
    "guest.view",
    "guest.manage",
)


def page(request, access, template: str, context: dict, nav: str = "", status: int = 200):
    can = {action.replace(".", "_"): access.can(action) for action in ACTIONS}
    return render(
        request,
        template,
        {
            "access": access,
            "can": can,
            "nav": nav,
            "currency": access.establishment.currency,
            **context,
        },
        status=status,
    )


def _form_error(form, error: DomainError) -> None:
    field = error.field
    aliases = {"guest": "last_name", "guest_id": "last_name", "room_type_code": "room_type"}
    field = aliases.get(field, field)
    form.add_error(field if field in form.fields else None, str(error.detail))


def _date_param(value: str | None, default: dt.date) -> dt.date:
    """A date from the query string, or the default when it is missing, malformed or
    outside the years anyone could book."""
    try:
        parsed = dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default
    if abs((parsed - default).days) > 5 * 366:
        return default
    return parsed


@establishment_page("dashboard.view")
def dashboard(request, access):
    data = selectors.dashboard(access.establishment)
    peak = max((d.percent for d in data.forecast), default=0)
    return page(
        request,
        access,
        "lodging/dashboard.html",
        {"d": data, "chart": _chart(data.forecast), "peak": peak},
        nav="dashboard",
    )


def _chart(days):
    width, height, gap = 40, 160, 8
    bars = []
    for i, day in enumerate(days):
        h = round(height * min(day.percent, 100) / 100)
        bars.append(
            {
                "x": i * (width + gap),
                "y": height - h,
                "h": h,
                "w": width,
                "label": day.date,
                "percent": day.percent,
                "sold": day.sold,
                "rooms": day.rooms,
            }
        )
    return {"bars": bars, "width": len(days) * (width + gap), "height": height}


@establishment_page("inventory.view")
def availability(request, access):
    est = access.establishment
    today = est.today()
    start = _date_param(request.GET.get("start"), today)
    start = max(min(start, today + dt.timedelta(days=730)), today - dt.timedelta(days=365))
    try:
        days = int(request.GET.get("days", 14))
    except ValueError:
        days = 14
    days = min(max(days, 7), 31)
    result = selectors.availability(est, start, start + dt.timedelta(days=days))
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    rooms_by_type = selectors.rooms_in_service(est)
    rows = []
    for t in result:
        rooms = rooms_by_type.get(t.room_type.pk, 0)
        cells = []
        for n in t.nights:
            level = (
                "full"
                if n.available <= 0
                else ("low" if n.available <= max(1, rooms // 5) else "free")
            )
            cells.append(
                {
                    "night": n,
                    "level": level,
                    "bookable": n.available > 0 and n.date >= today,
                    "departure": n.date + dt.timedelta(days=1),
                }
            )
        rows.append({"type": t.room_type, "rooms": rooms, "cells": cells})
    return page(
        request,
        access,
        "lodging/availability.html",
        {
            "rows": rows,
            "dates": dates,
            "start": start,
            "days": days,
            "today": today,
            "prev": start - dt.timedelta(days=days),
            "next": start + dt.timedelta(days=days),
        },
        nav="availability",
    )


def _reservation_form_context(est):
    return {
        "room_types": list(RoomType.objects.filter(establishment=est)),
        "rate_plans": list(RatePlan.objects.filter(establishment=est, active=True)),
    }


@establishment_page("reservation.manage")
def reservation_new(request, access):
    est = access.establishment
    choices = _reservation_form_context(est)
    today = est.today()
    if request.method == "POST":
        form = ReservationForm(request.POST, **choices)
        if form.is_valid():
            d = form.cleaned_data
            guest = None
            if not d.get("guest_id"):
                guest = {
                    k: d[k]
                    for k in ("first_name", "last_name", "email", "phone", "language")
                    if d.get(k)
                }
            try:
                reservation = services.reservation_create(
                    establishment=est,
                    actor=request.user,
                    room_type_code=d["room_type"],
                    arrival=d["arrival"],
                    departure=d["departure"],
                    adults=d["adults"],
                    children=d["children"] or 0,
                    customer_id=d.get("guest_id"),
                    guest=guest,
                    rate_plan_code=d.get("rate_plan") or None,
                    source=d["source"],
                    guarantee=d["guarantee"],
                    notes=d.get("notes") or "",
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Reservation %(code)s is confirmed.") % {"code": reservation.confirmation},
                )
                return redirect(
                    "reservation_detail", code=est.code, confirmation=reservation.confirmation
                )
    else:
        arrival = _date_param(request.GET.get("arrival"), today)
        departure = _date_param(request.GET.get("departure"), arrival + dt.timedelta(days=1))
        initial = {"arrival": arrival, "departure": departure, "adults": 1, "children": 0}
        if request.GET.get("room_type"):
            initial["room_type"] = request.GET["room_type"]
        guest_id = request.GET.get("guest")
        if guest_id and guest_id.isdigit():
            customer = core_selectors.customer_get(est, int(guest_id))
            if customer:
                initial.update(
                    guest_id=customer.pk,
                    last_name=customer.last_name,
                    first_name=customer.first_name,
                )
        form = ReservationForm(initial=initial, **choices)
    selected_guest = None
    gid = form["guest_id"].value()
    if gid and str(gid).isdigit():
        selected_guest = core_selectors.customer_get(est, int(gid))
    return page(
        request,
        access,
        "lodging/reservation_form.html",
        {"form": form, "selected_guest": selected_guest},
        nav="new",
    )


@establishment_page("inventory.view")
def quote(request, access):
    """The live price quote beside the reservation form (htmx)."""
    est = access.establishment
    context = {"error": None, "result": None}
    try:
        arrival = dt.date.fromisoformat(request.GET.get("arrival", ""))
        departure = dt.date.fromisoformat(request.GET.get("departure", ""))
        code = request.GET.get("room_type") or None
        if not code:
            raise ValueError
        result = selectors.availability(
            est, arrival, departure, code, request.GET.get("rate_plan") or None
        )
        context["result"] = result[0]
        context["nights"] = (departure - arrival).days
    except ValueError:
        context["error"] = _("Choose a room type and valid dates to see the price.")
    except DomainError as error:
        context["error"] = str(error.detail)
    return page(request, access, "lodging/_quote.html", context)


@establishment_page("reservation.view")
def reservation_list(request, access):
    est = access.establishment
    form = ReservationFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.reservation_list(
        est,
        arrival=filters.get("arrival"),
        status=filters.get("status") or None,
        q=filters.get("q") or None,
    )
    paginator = Paginator(rows, 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page(
        request,
        access,
        "lodging/reservation_list.html",
        {"form": form, "page_obj": page_obj, "query": query.urlencode()},
        nav="reservations",
    )


def _reservation(access, confirmation):
    try:
        return services.reservation_get(access.establishment, confirmation)
    except NotFound:
        raise Http404 from None


@establishment_page("reservation.view")
def reservation_detail(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    cancel_form = CancelForm()
    return page(
        request,
        access,
        "lodging/reservation_detail.html",
        {
            "r": reservation,
            "nights": list(reservation.nights.all()),
            "history": selectors.reservation_history(reservation),
            "cancel_form": cancel_form,
            "can_change": reservation.status == ReservationStatus.CONFIRMED,
            "can_no_show": reservation.status == ReservationStatus.CONFIRMED
            and access.establishment.today() >= reservation.arrival,
        },
        nav="reservations",
    )


@establishment_page("reservation.manage")
def reservation_edit(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    room_types = list(RoomType.objects.filter(establishment=access.establishment))
    if request.method == "POST":
        form = ModifyForm(request.POST, room_types=room_types)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.reservation_modify(
                    reservation=reservation,
                    actor=request.user,
                    arrival=d["arrival"],
                    departure=d["departure"],
                    room_type_code=d["room_type"],
                    adults=d["adults"],
                    children=d["children"],
                    notes=d["notes"],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The reservation was changed."))
                return redirect(
                    "reservation_detail",
                    code=access.establishment.code,
                    confirmation=reservation.confirmation,
                )
    else:
        form = ModifyForm(
            room_types=room_types,
            initial={
                "room_type": reservation.room_type.code,
                "arrival": reservation.arrival,
                "departure": reservation.departure,
                "adults": reservation.adults,
                "children": reservation.children,
                "notes": reservation.notes,
            },
        )
    return page(
        request,
        access,
        "lodging/reservation_edit.html",
        {"form": form, "r": reservation},
        nav="reservations",
    )


@establishment_page("reservation.manage")
def reservation_cancel(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reservation_cancel(
                reservation=reservation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, str(error.detail))
        else:
            messages.success(request, _("The reservation was cancelled."))
        return redirect(
            "reservation_detail",
            code=access.establishment.code,
            confirmation=reservation.confirmation,
        )
    return page(
        request,
        access,
        "lodging/reservation_cancel.html",
        {"form": form, "r": reservation},
        nav="reservations",
        status=200 if request.method == "GET" else 422,
    )


@establishment_page("reservation.manage")
def reservation_no_show(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    if request.method == "POST":
        try:
            services.reservation_no_show(reservation=reservation, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.detail))
        else:
            messages.success(request, _("Recorded as a no-show."))
    return redirect(
        "reservation_detail", code=access.establishment.code, confirmation=reservation.confirmation
    )


# --- guests -----------------------------------------------------------------------------


@establishment_page("guest.view")
def guest_list(request, access):
    q = (request.GET.get("q") or "")[:200].replace("\x00", "")
    rows = core_selectors.customer_search(access.establishment, q)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return page(
        request, access, "lodging/guest_list.html", {"q": q, "page_obj": page_obj}, nav="guests"
    )


@establishment_page("guest.view")
def guest_search(request, access):
    """Search results for the reservation form (htmx)."""
    q = (request.GET.get("q") or "")[:200].replace("\x00", "")
    found = (
        list(core_selectors.customer_search(access.establishment, q)[:8])
        if len(q.strip()) >= 2
        else []
    )
    return page(request, access, "lodging/_guest_results.html", {"found": found, "q": q})


def _guest(access, guest_id) -> Customer:
    customer = core_selectors.customer_get(access.establishment, guest_id)
    if customer is None:
        raise Http404
    return customer


@establishment_page("guest.view")
def guest_detail(request, access, guest_id):
    customer = _guest(access, guest_id)
    return page(
        request,
        access,
        "lodging/guest_detail.html",
        {
            "g": customer,
            "reservations": selectors.reservation_list(
                access.establishment, customer_id=customer.pk
            )[:100],
            "history": changes(customer, hidden=HIDDEN_FIELDS),
        },
        nav="guests",
    )


@establishment_page("guest.manage")
def guest_edit(request, access, guest_id=None):
    est = access.establishment
    customer = _guest(access, guest_id) if guest_id else None
    look_alikes = []
    if request.method == "POST":
        form = GuestForm(request.POST)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in core_services.CUSTOMER_FIELDS}
            try:
                if customer is None:
                    candidate = core_services.customer_build(establishment=est, **data)
                    look_alikes = core_selectors.customer_look_alikes(
                        est,
                        first_name=candidate.first_name,
                        last_name=candidate.last_name,
                        email=candidate.email,
                        phone=candidate.phone,
                    )
                    if look_alikes and not form.cleaned_data.get("confirm_duplicate"):
                        form.data = form.data.copy()
                        form.data["confirm_duplicate"] = "on"
                        return page(
                            request,
                            access,
                            "lodging/guest_form.html",
                            {"form": form, "g": None, "look_alikes": look_alikes},
                            nav="guests",
                        )
                    customer = core_services.customer_create(
                        establishment=est, actor=request.user, **data
                    )
                    messages.success(request, _("The guest was added."))
                else:
                    core_services.customer_update(customer=customer, actor=request.user, **data)
                    messages.success(request, _("The guest was saved."))
            except DomainError as error:
                _form_error(form, error)
            else:
                return redirect("guest_detail", code=est.code, guest_id=customer.pk)
    else:
        initial = (
            {k: getattr(customer, k) for k in core_services.CUSTOMER_FIELDS} if customer else {}
        )
        form = GuestForm(initial=initial)
    return page(
        request,
        access,
        "lodging/guest_form.html",
        {"form": form, "g": customer, "look_alikes": look_alikes},
        nav="guests",
    )
