"""Staff pages for the desk: the same services and selectors as the API."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from frontoffice.billing import selectors as billing_selectors
from frontoffice.billing.models import Category, Method
from frontoffice.core import formats
from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.services import idempotency
from frontoffice.core.validation import row_id
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.customers import selectors as customer_selectors
from frontoffice.customers import services as customer_services

from . import audit_report, rules, selectors, services
from .forms import CancelForm, ModifyForm, RateChangeForm, ReservationFilter, ReservationForm
from .limits import RATE_GRID_NIGHTS
from .models import ReservationStatus

FIELD_ALIASES = {"guest": "last_name", "guest_id": "last_name", "room_type_code": "room_type"}
RATE_FIELD_ALIASES = {
    "closed_to_arrival": "arrival",
    "price_reset": "price",
    "min_stay_reset": "min_stay",
}


def _form_error(form, error: DomainError) -> None:
    form_error(form, error, FIELD_ALIASES)


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


# How often the dashboard reads its figures again, in seconds; a wall display may ask for
# another interval with ?refresh=.
REFRESH_SECONDS, REFRESH_RANGE = 60, (2, 3600)


def _refresh_seconds(value: str | None) -> int:
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 4:
        return REFRESH_SECONDS
    return min(max(int(value), REFRESH_RANGE[0]), REFRESH_RANGE[1])


def _dashboard_context(access) -> dict:
    data = selectors.dashboard(access.establishment, access=access)
    return {"d": data, "chart": _chart(data.forecast)}


@establishment_page("dashboard.view")
def dashboard(request, access):
    return page(
        request,
        access,
        "lodging/dashboard.html",
        {
            **_dashboard_context(access),
            "panels": _panels(request, access),
            "refresh": _refresh_seconds(request.GET.get("refresh")),
        },
        nav="dashboard",
    )


def _panels(request, access) -> list:
    """What the apps above add to the dashboard (lodging.extensions.dashboard_panels):
    (template, context) pairs, each shown with its context as `panel`."""
    from .extensions import dashboard_panels

    return [shown for hook in dashboard_panels if (shown := hook(request, access))]


@never_cache
@establishment_page("dashboard.view")
def dashboard_figures(request, access):
    """The dashboard's figures and tables again (htmx, every minute): the same template
    part and the same permissions as the page."""
    return page(
        request,
        access,
        "lodging/_dashboard.html",
        {**_dashboard_context(access), "panels": _panels(request, access)},
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
    """Free rooms per type and night, with each night's price (the base rate the booking
    form quotes by default) and the occupancy per night."""
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
            "occupancy": selectors.occupancy(est, start, days),
            "start": start,
            "days": days,
            "today": today,
            "prev": start - dt.timedelta(days=days),
            "next": start + dt.timedelta(days=days),
            # The button of a stay chosen on the grid says how long it is; the script
            # takes the words from here, in the page's language and plural forms.
            "book_labels": [
                (n, ngettext("Book %(n)s night", "Book %(n)s nights", n) % {"n": n})
                for n in range(1, days + 1)
            ],
        },
        nav="availability",
    )


def _reservation_form_context(est):
    return {
        "room_types": list(selectors.room_types(est)),
        "rate_plans": list(selectors.rate_plans(est)),
    }


def _look_alikes(establishment, form, access) -> list:
    """For a new guest not yet confirmed as new: existing records with the same name, email
    or phone. The same email and name is left out: the booking joins that record anyway."""
    d = form.cleaned_data
    if d.get("guest_id") or d.get("confirm_new_guest"):
        return []
    found = customer_selectors.customer_look_alikes(
        establishment,
        first_name=d.get("first_name") or "",
        last_name=d.get("last_name") or "",
        email=d.get("email") or "",
        phone=_phone_or_blank(d.get("phone") or "", establishment.country),
        access=access,
    )
    email = (d.get("email") or "").lower()
    return [
        c
        for c in found
        if not (
            email
            and c.email == email
            and c.first_name.lower() == (d.get("first_name") or "").lower()
            and c.last_name.lower() == (d.get("last_name") or "").lower()
        )
    ]


def _phone_or_blank(raw: str, country: str) -> str:
    from frontoffice.core.errors import Invalid
    from frontoffice.customers.services import normalize_phone

    try:
        return normalize_phone(raw, country)
    except Invalid:
        return ""  # the booking itself says what is wrong with it


def _book_once(request, access, form) -> tuple[int, dict]:
    """The booking behind the form, once per form token: a double click or a resent form
    gets the first answer (the same reservation, or the same refusal), through the same
    Idempotency-Key mechanism as the API."""
    est = access.establishment
    d = form.cleaned_data
    guest = None
    if not d.get("guest_id"):
        guest = {
            k: d[k] for k in ("first_name", "last_name", "email", "phone", "language") if d.get(k)
        }

    def call():
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
        return 201, {"confirmation": reservation.confirmation}

    body = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "form_token")}
    fp = idempotency.fingerprint("POST", request.path, body)
    return idempotency.run_once(user=request.user, key=f"form:{d['form_token']}", fp=fp, call=call)


@establishment_page("reservation.manage")
def reservation_new(request, access):
    est = access.establishment
    choices = _reservation_form_context(est)
    today = est.today()
    look_alikes = []
    if request.method == "POST":
        form = ReservationForm(request.POST, **choices)
        if form.is_valid():
            look_alikes = _look_alikes(est, form, access)
        if form.is_valid() and look_alikes:
            # Existing guests who look like the new one: offered first; Book again (the
            # confirmation is now set) makes a new record anyway.
            form.data = form.data.copy()
            form.data["confirm_new_guest"] = "on"
            form.data["form_token"] = secrets.token_urlsafe(16)
        elif form.is_valid():
            try:
                status, body = _book_once(request, access, form)
            except DomainError as error:
                if error.code == "idempotency_mismatch":
                    error = DomainError(
                        _(
                            "This form was already sent with other details. Check the "
                            "reservations before booking again."
                        )
                    )
                _form_error(form, error)
            else:
                if status == 201:
                    messages.success(
                        request,
                        _("Reservation %(code)s is confirmed.") % {"code": body["confirmation"]},
                    )
                    return redirect(
                        "reservation_detail", code=est.code, confirmation=body["confirmation"]
                    )
                form.add_error(None, body.get("detail") or _("The booking was refused."))
            # Whatever happened, the form shown again is a new one with a new token.
            form.data = form.data.copy()
            form.data["form_token"] = secrets.token_urlsafe(16)
        else:
            form.data = form.data.copy()
            form.data["form_token"] = secrets.token_urlsafe(16)
    else:
        arrival = _date_param(request.GET.get("arrival"), today)
        departure = _date_param(request.GET.get("departure"), arrival + dt.timedelta(days=1))
        initial = {"arrival": arrival, "departure": departure, "adults": 1, "children": 0}
        if request.GET.get("room_type"):
            initial["room_type"] = request.GET["room_type"]
        guest_id = request.GET.get("guest")
        if row_id(guest_id) is not None:
            customer = customer_selectors.customer_get(est, row_id(guest_id), access=access)
            if customer:
                initial.update(
                    guest_id=customer.pk,
                    last_name=customer.last_name,
                    first_name=customer.first_name,
                )
        initial["form_token"] = secrets.token_urlsafe(16)
        form = ReservationForm(initial=initial, **choices)
    selected_guest = None
    gid = form["guest_id"].value()
    if row_id(str(gid or "")) is not None:
        selected_guest = customer_selectors.customer_get(est, row_id(str(gid)), access=access)
    return page(
        request,
        access,
        "lodging/reservation_form.html",
        {"form": form, "selected_guest": selected_guest, "look_alikes": look_alikes},
        nav="new",
    )


def _count(request, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 3:
        raise ValueError(name)
    return int(value)


@establishment_page("inventory.view")
def quote(request, access):
    """The live price quote beside the reservation form (htmx). It asks the booking's own
    rules (dates, party, minimum stay), so it says what Book would say, once; when the type
    is sold out it offers the types that are free on every night of the stay."""
    est = access.establishment
    context = {"error": None, "result": None, "alternatives": []}
    try:
        arrival = dt.date.fromisoformat(request.GET.get("arrival", ""))
        departure = dt.date.fromisoformat(request.GET.get("departure", ""))
        code = request.GET.get("room_type") or None
        if not code:
            raise ValueError("room_type")
        adults, children = _count(request, "adults", 1), _count(request, "children", 0)
        plan_code = request.GET.get("rate_plan") or None
        rules.check_stay(est, arrival, departure)
        everything = selectors.availability(est, arrival, departure, None, plan_code)
        chosen = next((t for t in everything if t.code.lower() == code.lower()), None)
        if chosen is None:
            raise DomainError(_("Unknown room type."))
        rules.check_party(chosen.room_type, adults, children)
        plan = (
            selectors.rate_plans(est).filter(code__iexact=plan_code).first() if plan_code else None
        )
        if plan_code and plan is None:
            raise DomainError(_("Unknown rate plan."))
        nights = (departure - arrival).days
        # The rate's rules for this arrival night (minimum stay, closed to arrival), from
        # the same reading of the rates as the price beside them and as the booking.
        rules.check_plan(plan, nights, chosen.nights[0])
        context["result"] = chosen
        context["nights"] = nights
        if chosen.available <= 0:
            context["alternatives"] = [
                t
                for t in everything
                if t.available > 0
                and t.room_type.capacity >= adults + children
                and _rate_allows(plan, nights, t.nights[0])
            ]
    except ValueError:
        context["error"] = _("Choose a room type and valid dates to see the price.")
    except DomainError as error:
        context["error"] = str(error.detail)
    return page(request, access, "lodging/_quote.html", context)


def _rate_allows(plan, nights: int, arrival) -> bool:
    try:
        rules.check_plan(plan, nights, arrival)
    except DomainError:
        return False
    return True


def _described(changes, room_types):
    """The log's room types by name and weekdays in the page's language."""
    names = {rt.code.lower(): rt.label for rt in room_types}
    days = formats.locale().days["stand-alone"]["abbreviated"]
    for change in changes:
        change.type_names = ", ".join(names.get(c.lower(), c) for c in change.room_types)
        change.weekday_names = (
            _("every day")
            if len(change.weekdays) == 7
            else ", ".join(days[d] for d in change.weekdays)
        )
    return changes


def _rates_url(code: str, plan: str, start: dt.date) -> str:
    return reverse("rates", args=[code]) + "?" + urlencode({"plan": plan, "start": start})


@establishment_page("rates.view")
def rates(request, access):
    """Room types × nights of a rate plan (or the base rates), as the booking charges and
    allows them; for those who set rates, the change form: a price, a minimum stay or
    arrivals for a range of nights on chosen weekdays, applied at once."""
    est = access.establishment
    today = est.today()
    start = _date_param(request.GET.get("start"), today)
    start = max(min(start, today + dt.timedelta(days=1095)), today - dt.timedelta(days=365))
    plans = list(selectors.rate_plans(est, active_only=False))
    room_types = list(selectors.room_types(est))
    requested = request.GET.get("plan")
    if requested is None:  # first visit: the first plan sold, else the base rates
        requested = next((p.code for p in plans if p.active), "")
    plan = next((p for p in plans if p.code.lower() == requested.lower()), None)
    manage = access.can("rates.manage")
    form, status = None, 200
    choices = {"rate_plans": plans, "room_types": room_types, "currency": est.currency}
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        form = RateChangeForm(request.POST, **choices)
        if form.is_valid():
            try:
                result = services.rate_plan_days_change(
                    establishment=est, actor=request.user, **form.service_arguments()
                )
            except DomainError as error:
                form_error(form, error, RATE_FIELD_ALIASES)
            else:
                if result.changed:
                    messages.success(
                        request,
                        ngettext(
                            "Changed: %(n)s night.",
                            "Changed: %(n)s nights.",
                            result.changed,
                        )
                        % {"n": result.changed},
                    )
                else:
                    messages.info(
                        request, _("Nothing changed: these nights already had these values.")
                    )
                first = form.cleaned_data["first_night"]
                end = start + dt.timedelta(days=RATE_GRID_NIGHTS)
                shown = start if start <= first < end else first
                return redirect(_rates_url(est.code, form.cleaned_data["rate_plan"], shown))
        form.focus_first_error()
        status = 422
    elif manage and plans:
        form = RateChangeForm(
            initial={
                "rate_plan": (plan or next((p for p in plans if p.active), plans[0])).code,
                "first_night": max(start, today),
                "last_night": max(start, today) + dt.timedelta(days=RATE_GRID_NIGHTS - 1),
                "weekdays": list(range(7)),
            },
            **choices,
        )
    return page(
        request,
        access,
        "lodging/rates.html",
        {
            "plans": plans,
            "plan": plan,
            "plan_code": plan.code if plan else "",
            "rows": selectors.rate_grid(est, plan, start, RATE_GRID_NIGHTS),
            "dates": [start + dt.timedelta(days=i) for i in range(RATE_GRID_NIGHTS)],
            "start": start,
            "today": today,
            "prev": start - dt.timedelta(days=RATE_GRID_NIGHTS),
            "next": start + dt.timedelta(days=RATE_GRID_NIGHTS),
            "form": form,
            "changes": _described(selectors.rate_changes(est), room_types) if manage else [],
        },
        nav="rates",
        status=status,
    )


@establishment_page("reservation.view")
def reservation_list(request, access):
    """The list and the name search: in house first, then what is to come, then the past.
    Filters that do not parse are shown as errors on the form, with no list."""
    est = access.establishment
    form = ReservationFilter(request.GET or None, today=est.today())
    page_obj = None
    if form.is_bound and not form.is_valid():
        status = 422
    else:
        status = 200
        filters = form.cleaned_data if form.is_bound else {}
        rows = selectors.reservation_list(
            est,
            access=access,
            arrival=filters.get("arrival"),
            departure=filters.get("departure"),
            status=filters.get("status") or None,
            group=filters.get("group") or None,
            stay_from=filters.get("stay_from"),
            stay_to=filters.get("stay_to"),
            q=filters.get("q") or None,
            by_email=access.can("guest.view"),
        )
        page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page(
        request,
        access,
        "lodging/reservation_list.html",
        {"form": form, "page_obj": page_obj, "query": query.urlencode()},
        nav="reservations",
        status=status,
    )


def _reservation(access, confirmation):
    try:
        return selectors.reservation_get(access.establishment, confirmation, access=access)
    except NotFound:
        raise Http404 from None


FIND_LIMIT = 20


@establishment_page("reservation.view")
def find(request, access):
    """The header's search box: a confirmation code opens its reservation; anything else
    lists the matching stays (in-house and upcoming first) and, for those who may see
    guests, the matching guest records."""
    est = access.establishment
    q = (request.GET.get("q") or "").strip()[:200]
    if q and " " not in q:
        try:
            reservation = selectors.reservation_get(est, q, access=access)
        except NotFound:
            pass
        else:
            return redirect(
                "reservation_detail", code=est.code, confirmation=reservation.confirmation
            )
    reservations, guests = [], []
    more_reservations = more_guests = False
    if q:
        found = list(
            selectors.reservation_list(est, access=access, q=q, by_email=access.can("guest.view"))[
                : FIND_LIMIT + 1
            ]
        )
        reservations, more_reservations = found[:FIND_LIMIT], len(found) > FIND_LIMIT
        if access.can("guest.view"):
            found = list(
                customer_selectors.customer_search(est, q, access=access)[: FIND_LIMIT + 1]
            )
            guests, more_guests = found[:FIND_LIMIT], len(found) > FIND_LIMIT
    return page(
        request,
        access,
        "lodging/find.html",
        {
            "q": q,
            "reservations": reservations,
            "guests": guests,
            "more_reservations": more_reservations,
            "more_guests": more_guests,
        },
        nav="find",
    )


@establishment_page("reservation.view")
def reservation_detail(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    customer_services.private_look_record(
        customer=reservation.customer,
        actor=request.user,
        what=f"reservation {reservation.confirmation}",
    )
    cancel_form = CancelForm()
    return page(
        request,
        access,
        "lodging/reservation_detail.html",
        {
            "r": reservation,
            "nights": list(reservation.nights.all()),
            "history": selectors.reservation_history_for_people(
                reservation, money_visible=access.can("folio.view")
            ),
            "cancel_form": cancel_form,
            "can_change": reservation.status
            in (ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN),
            "can_check_in": reservation.status == ReservationStatus.CONFIRMED
            and reservation.arrival <= access.establishment.business_day() < reservation.departure,
            "can_no_show": reservation.status == ReservationStatus.CONFIRMED
            and access.establishment.today() >= reservation.arrival,
            "can_reinstate": reservation.status == ReservationStatus.NO_SHOW
            and reservation.no_show_date == access.establishment.today(),
            # Only for those who may see money.
            "folio_balance": billing_selectors.folio_balance(reservation.folio_id)
            if reservation.folio_id and access.can("folio.view")
            else None,
        },
        nav="reservations",
    )


@establishment_page("reservation.manage")
def reservation_edit(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    room_types = list(selectors.room_types(access.establishment))
    initial = {
        "room_type": reservation.room_type.code,
        "arrival": reservation.arrival,
        "departure": reservation.departure,
        "adults": reservation.adults,
        "children": reservation.children,
        "notes": reservation.notes,
    }
    # A guest in house changes the departure (and party, notes); the arrival and the room
    # type are fixed (a move changes rooms).
    in_house = reservation.status == ReservationStatus.CHECKED_IN
    if request.method == "POST":
        form = ModifyForm(request.POST, room_types=room_types, initial=initial, in_house=in_house)
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
        form = ModifyForm(room_types=room_types, initial=initial, in_house=in_house)
    return page(
        request,
        access,
        "lodging/reservation_edit.html",
        {"form": form, "r": reservation},
        nav="reservations",
    )


@establishment_page("reservation.manage")
def reservation_edit_preview(request, access, confirmation):
    """Beside the change form (htmx): the new price against the old, or what Save would
    refuse, in the same words."""
    reservation = _reservation(access, confirmation)
    form = ModifyForm(
        request.GET,
        room_types=selectors.room_types(access.establishment),
        initial={"room_type": reservation.room_type.code, "arrival": reservation.arrival},
        in_house=reservation.status == ReservationStatus.CHECKED_IN,
    )
    context = {"r": reservation, "error": None, "preview": None}
    if not form.is_valid():
        context["error"] = _("Choose a room type and valid dates to see the price.")
    else:
        d = form.cleaned_data
        try:
            context["preview"] = selectors.modification_preview(
                reservation,
                arrival=d["arrival"],
                departure=d["departure"],
                room_type_code=d["room_type"],
                adults=d["adults"],
                children=d["children"],
            )
        except DomainError as error:
            context["error"] = str(error.detail)
    return page(request, access, "lodging/_modify_preview.html", context)


def _act_then_back(request, access, reservation, act, done: str):
    """Run a service on the reservation, say how it went, and go back to its page."""
    try:
        act()
    except DomainError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, done)
    return redirect(
        "reservation_detail", code=access.establishment.code, confirmation=reservation.confirmation
    )


@establishment_page("reservation.manage")
def reservation_cancel(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    form = CancelForm(request.POST or None, language=access.establishment.language)
    if request.method == "POST" and form.is_valid():
        return _act_then_back(
            request,
            access,
            reservation,
            lambda: services.reservation_cancel(
                reservation=reservation, actor=request.user, reason=form.cleaned_data["text"]
            ),
            _("The reservation was cancelled."),
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
    """Asks once (a no-show gives the nights away), then records it."""
    reservation = _reservation(access, confirmation)
    if request.method == "POST":
        return _act_then_back(
            request,
            access,
            reservation,
            lambda: services.reservation_no_show(reservation=reservation, actor=request.user),
            _("Recorded as a no-show."),
        )
    return page(
        request,
        access,
        "lodging/reservation_no_show.html",
        {"r": reservation, "today": access.establishment.today()},
        nav="reservations",
    )


@establishment_page("reservation.reinstate")
def reservation_reinstate(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    if request.method != "POST":  # a link followed by mistake: back to the reservation
        return redirect(
            "reservation_detail",
            code=access.establishment.code,
            confirmation=reservation.confirmation,
        )
    return _act_then_back(
        request,
        access,
        reservation,
        lambda: services.reservation_reinstate(reservation=reservation, actor=request.user),
        _("The no-show was taken back: the reservation stands."),
    )


# --- the night audit and the daily report ---------------------------------------------------

AUDIT_STEP_LABELS = {
    "no_shows": _lazy("Arrivals not checked in"),
    "charges": _lazy("Room charges and city tax"),
    "housekeeping": _lazy("Occupied rooms to be cleaned"),
    "close": _lazy("Daily report and next business date"),
}
CHART_DAYS = 30


def _report_view(report) -> dict | None:
    """A stored report's figures for the page: amounts back to Decimal, codes to labels."""
    if report is None:
        return None
    f = dict(report.figures)
    categories = dict(Category.choices)
    methods = dict(Method.choices)
    for key in AMOUNT_FIGURES:
        f[key] = Decimal(f[key])
    f["revenue_by_category"] = [
        {**row, "label": categories.get(row["category"], row["category"])}
        for row in f["revenue_by_category"]
    ]
    f["payments_by_method"] = [
        {**row, "label": methods.get(row["method"], row["method"])}
        for row in f["payments_by_method"]
    ]
    f["revenue_by_tax_rate"] = [
        {**row, "rate": None if row["rate"] is None else Decimal(row["rate"])}
        for row in f["revenue_by_tax_rate"]
    ]
    return {"report": report, "f": f}


AMOUNT_FIGURES = (
    "occupancy_percent",
    "room_revenue",
    "room_revenue_net",
    "adr",
    "revpar",
    "city_tax",
    "payments_total",
    "refunds",
    "open_balances",
)


def _history_chart(est, last_day: dt.date) -> dict:
    """Occupancy and room revenue of the last 30 closed days, as SVG bars (as the
    dashboard's chart): a day not closed has no bar."""
    first = last_day - dt.timedelta(days=CHART_DAYS - 1)
    stored = {
        r.business_date: r.figures for r in audit_report.reports_between(est, first, last_day)
    }
    width, height, gap = 16, 120, 4
    revenues = [Decimal(f["room_revenue"]) for f in stored.values()]
    top = max(revenues, default=Decimal(0)) or Decimal(1)
    bars = []
    for i in range(CHART_DAYS):
        day = first + dt.timedelta(days=i)
        figures = stored.get(day)
        percent = Decimal(figures["occupancy_percent"]) if figures else Decimal(0)
        revenue = Decimal(figures["room_revenue"]) if figures else Decimal(0)
        occupancy_h = round(height * min(percent, 100) / 100)
        revenue_h = round(height * revenue / top)
        bars.append(
            {
                "x": i * (width + gap),
                "w": width,
                "day": day,
                "closed": figures is not None,
                "percent": percent,
                "revenue": revenue,
                "occupancy_y": height - occupancy_h,
                "occupancy_h": occupancy_h,
                "revenue_y": height - revenue_h,
                "revenue_h": revenue_h,
                "label": i % 5 == 0 or i == CHART_DAYS - 1,
            }
        )
    return {
        "bars": bars,
        "width": CHART_DAYS * (width + gap),
        "height": height,
        "closed": len(stored),
    }


def _audit_context(access) -> dict:
    est = access.establishment
    est.refresh_from_db(fields=["business_date"])
    day = est.business_day()
    return {
        "business_date": day,
        "pending": list(audit_report.pending_arrivals(est, day)),
        "chart": _history_chart(est, day - dt.timedelta(days=1)),
        "last": _report_view(audit_report.report_get(est, day - dt.timedelta(days=1))),
    }


@establishment_page("audit.run")
def night_audit(request, access):
    """The business date, the arrivals still due, the last 30 days; Run asks once, then
    the steps run one request each (htmx) with their progress."""
    context = _audit_context(access)
    context["asking"] = request.method == "POST"
    context["mark_no_shows"] = request.POST.get("mark_no_shows") == "on"
    return page(request, access, "lodging/night_audit.html", context, nav="night_audit")


def _audit_progress(access, day, step_index, result=None, error=None, mark=False) -> dict:
    steps = services.audit.STEPS
    return {
        "business_date": day,
        "mark_no_shows": mark,
        "steps": [
            {
                "code": code,
                "label": AUDIT_STEP_LABELS[code],
                "state": "done" if i < step_index else ("failed" if error else "pending"),
            }
            for i, code in enumerate(steps)
        ],
        "done": step_index,
        "total": len(steps),
        "next": steps[step_index] if step_index < len(steps) and not error else None,
        "error": error,
        "result": result,
    }


@never_cache
@establishment_page("audit.run")
def night_audit_run(request, access):
    """One step of the audit (htmx): runs it, answers the progress and the next step's
    request, which htmx sends as soon as it is shown. Without htmx (no script) the whole
    audit runs at once and the daily report opens."""
    code = access.establishment.code
    if request.method != "POST":
        return redirect("night_audit", code=code)
    try:
        day = dt.date.fromisoformat(request.POST.get("business_date", ""))
    except ValueError:
        messages.error(request, _("Enter a valid date."))
        return redirect("night_audit", code=code)
    mark = request.POST.get("mark_no_shows") == "on"
    steps = services.audit.STEPS
    step = request.POST.get("step") if request.htmx else "close"
    if step not in steps:
        step = steps[0]
    index = steps.index(step)
    try:
        result = services.night_audit_step(
            establishment=access.establishment,
            actor=request.user,
            business_date=day,
            step=step,
            mark_no_shows=mark,
        )
    except DomainError as error:
        if not request.htmx:
            messages.error(request, str(error.detail))
            return redirect("night_audit", code=code)
        context = _audit_progress(access, day, index, error=error, mark=mark)
        context["arrivals"] = error.extra.get("arrivals", [])
        return page(request, access, "lodging/_audit_progress.html", context, status=200)
    if not request.htmx:
        messages.success(request, _("The business date is closed."))
        return redirect(f"{reverse('daily_report', args=[code])}?date={day.isoformat()}")
    done = len(steps) if result["closed"] else index + 1
    context = _audit_progress(access, day, done, result=result, mark=mark)
    if result["closed"]:
        context = {
            **context,
            **(_report_view(result["report"]) or {}),
            "chart": _history_chart(access.establishment, day),
        }
    return page(request, access, "lodging/_audit_progress.html", context)


@establishment_page("report.view")
def daily_report(request, access):
    """The daily report of a closed business date (by default the last one closed)."""
    est = access.establishment
    est.refresh_from_db(fields=["business_date"])
    last_closed = est.business_day() - dt.timedelta(days=1)
    day = _date_param(request.GET.get("date"), last_closed)
    context = {
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1) if day < last_closed else None,
        "chart": _history_chart(est, day),
        **(_report_view(audit_report.report_get(est, day)) or {}),
    }
    return page(request, access, "lodging/daily_report.html", context, nav="daily_report")
