"""Staff pages of stays at the desk: arrivals, departures and the guests in house of the
business date; check-in with a room picker and the registration card; walk-in; room
move; check-out; the room rack. The same services and selectors as the API."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from frontoffice.billing.selectors import folio_balance
from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.services import idempotency
from frontoffice.core.views import establishment_page, form_error, page

from . import selectors, services
from .forms import CheckInForm, MoveForm, RackFilter, WalkInForm
from .models import Housekeeping, ReservationStatus, StayGroup
from .views import _reservation

LIST_ROWS = 300
STAY_FIELD_ALIASES = {
    "room_number": "room",
    "room_type_code": "room_type",
    "guest": "last_name",
    "guest_id": "last_name",
}
RACK_PARAMS = ("floor", "room_type", "status")


def _detail(access, reservation):
    return redirect(
        "reservation_detail", code=access.establishment.code, confirmation=reservation.confirmation
    )


def _stay_error(form, error: DomainError) -> None:
    """A refusal on the form: a missing registration detail at each field it names."""
    fields = error.extra.get("fields") if error.code == "registration_required" else None
    if fields:
        form.add_error(None, str(error.detail))
        for name in fields:
            if name in form.fields:
                form.add_error(name, _("Required for the registration."))
        return
    form_error(form, error, STAY_FIELD_ALIASES)


# --- arrivals, departures, in house ---------------------------------------------------------


def _stays(request, access, kind: str):
    est = access.establishment
    today = est.business_day()
    if kind == "arrivals":
        rows = selectors.reservation_list(
            est, access=access, group=StayGroup.ARRIVALS, arrival=today
        )
        title, empty = _("Arrivals"), _("No arrivals on this day.")
    elif kind == "departures":
        rows = selectors.reservation_list(
            est, access=access, group=StayGroup.DEPARTURES, departure=today
        )
        title, empty = _("Departures"), _("No departures on this day.")
    else:
        rows = selectors.reservation_list(est, access=access, in_house=True)
        title, empty = _("In house"), _("No guests in house.")
    rows = list(rows[:LIST_ROWS])
    return page(
        request,
        access,
        "lodging/stays.html",
        {"rows": rows, "kind": kind, "title": title, "empty_text": empty, "today": today},
        nav=kind,
    )


@establishment_page("reservation.view")
def arrivals(request, access):
    return _stays(request, access, "arrivals")


@establishment_page("reservation.view")
def departures(request, access):
    return _stays(request, access, "departures")


@establishment_page("reservation.view")
def in_house(request, access):
    return _stays(request, access, "in_house")


# --- check-in -------------------------------------------------------------------------------


@establishment_page("stay.manage")
def check_in(request, access, confirmation):
    """The room (free rooms of the stay's type, ready ones first, dirty ones marked and
    needing a tick), the registration card and the keys; then Check in."""
    est = access.establishment
    reservation = _reservation(access, confirmation)
    rooms = selectors.free_rooms(reservation) if reservation.status == "confirmed" else []
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST, rooms=rooms)
        if form.is_valid() and reservation.status == ReservationStatus.CONFIRMED:
            d = form.cleaned_data
            try:
                done = services.reservation_check_in(
                    reservation=reservation,
                    actor=request.user,
                    room_number=d["room"],
                    allow_dirty=d["allow_dirty"],
                    registration=form.registration(),
                    keys=d["keys"],
                    luggage_help=d["luggage_help"],
                )
            except DomainError as error:
                _stay_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is checked in to room %(room)s.")
                    % {"name": reservation.customer.full_name, "room": done.room.number},
                )
                return redirect("arrivals", code=est.code)
        status = 422
    else:
        card = getattr(reservation, "registration", None) if reservation.pk else None
        chosen = reservation.room.number if reservation.room_id else None
        numbers = [room.number for room in rooms]
        if chosen not in numbers:
            chosen = numbers[0] if numbers else None
        initial = {"room": chosen, "keys": card.keys if card and card.keys else 1}
        if card:
            initial.update(
                nationality=card.nationality,
                document_type=card.document_type,
                document_number=card.document_number,
                address=card.address,
            )
        elif reservation.customer.nationality:
            initial["nationality"] = reservation.customer.nationality
        form = CheckInForm(initial=initial, rooms=rooms)
    return page(
        request,
        access,
        "lodging/check_in.html",
        {
            "r": reservation,
            "form": form,
            "rooms": rooms,
            "today": est.business_day(),
            "can_check_in": reservation.status == ReservationStatus.CONFIRMED
            and reservation.arrival <= est.business_day() < reservation.departure,
            "required": est.registration_required,
        },
        nav="arrivals",
        status=status,
    )


# --- check-out ------------------------------------------------------------------------------


@establishment_page("stay.manage")
def check_out(request, access, confirmation):
    """Asks once (the room goes to housekeeping, unused nights go back on sale), then
    checks the guest out."""
    est = access.establishment
    reservation = _reservation(access, confirmation)
    if request.method == "POST":
        try:
            services.reservation_check_out(
                reservation=reservation,
                actor=request.user,
                luggage_help=bool(request.POST.get("luggage_help")),
            )
        except DomainError as error:
            messages.error(request, str(error.detail))
            return redirect("check_out", code=est.code, confirmation=reservation.confirmation)
        messages.success(
            request,
            _("%(name)s is checked out.") % {"name": reservation.customer.full_name},
        )
        return redirect("departures", code=est.code)
    # The first night stays with a guest who leaves on the day they came.
    leaving = max(est.business_day(), reservation.arrival + dt.timedelta(days=1))
    return page(
        request,
        access,
        "lodging/check_out.html",
        {
            "r": reservation,
            "today": leaving,
            "early": reservation.departure > leaving,
            "can_check_out": reservation.status == ReservationStatus.CHECKED_IN,
            "balance": folio_balance(reservation.folio_id) if reservation.folio_id else None,
        },
        nav="departures",
    )


# --- room move ------------------------------------------------------------------------------


def _vacant(establishment, exclude_pk=None):
    return [
        tile
        for tile in selectors.room_rack(establishment, access=None)
        if not tile.occupied and not tile.out_of_order and tile.room.pk != exclude_pk
    ]


@establishment_page("stay.manage")
def move(request, access, confirmation):
    reservation = _reservation(access, confirmation)
    rooms = _vacant(access.establishment, reservation.room_id)
    status = 200
    if request.method == "POST":
        form = MoveForm(request.POST, rooms=rooms)
        if form.is_valid():
            try:
                done = services.reservation_move(
                    reservation=reservation,
                    actor=request.user,
                    room_number=form.cleaned_data["room"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form_error(form, error, STAY_FIELD_ALIASES)
            else:
                messages.success(
                    request, _("The stay moved to room %(room)s.") % {"room": done.room.number}
                )
                return _detail(access, reservation)
        status = 422
    else:
        form = MoveForm(rooms=rooms)
    return page(
        request,
        access,
        "lodging/move.html",
        {
            "r": reservation,
            "form": form,
            "can_move": reservation.status
            in (ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN),
        },
        nav="in_house",
        status=status,
    )


# --- walk-in --------------------------------------------------------------------------------


def _walk_in_once(request, access, form) -> tuple[int, dict]:
    """The walk-in behind the form, once per form token (a double click books once)."""
    est = access.establishment
    d = form.cleaned_data
    guest = {k: d[k] for k in ("first_name", "last_name", "email", "phone", "language") if d.get(k)}

    def call():
        reservation = services.reservation_walk_in(
            establishment=est,
            actor=request.user,
            room_type_code=d["room_type"],
            departure=d["departure"],
            adults=d["adults"],
            children=d["children"] or 0,
            guest=guest,
            rate_plan_code=d.get("rate_plan") or None,
            guarantee=d["guarantee"],
            notes=d.get("notes") or "",
            room_number=d.get("room") or None,
            allow_dirty=d["allow_dirty"],
            luggage_help=d["luggage_help"],
            registration=form.registration(),
            keys=d["keys"],
        )
        return 201, {"confirmation": reservation.confirmation, "room": reservation.room.number}

    body = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "form_token")}
    fp = idempotency.fingerprint("POST", request.path, body)
    return idempotency.run_once(user=request.user, key=f"form:{d['form_token']}", fp=fp, call=call)


@establishment_page("stay.manage")
def walk_in(request, access):
    est = access.establishment
    today = est.business_day()
    choices = {
        "room_types": list(selectors.room_types(est)),
        "rate_plans": list(selectors.rate_plans(est)),
        "rooms": _vacant(est),
    }
    status = 200
    if request.method == "POST":
        form = WalkInForm(request.POST, **choices)
        if form.is_valid():
            try:
                code, body = _walk_in_once(request, access, form)
            except DomainError as error:
                _stay_error(form, error)
            else:
                if code == 201:
                    messages.success(
                        request,
                        _("Walk-in %(code)s is checked in to room %(room)s.")
                        % {"code": body["confirmation"], "room": body["room"]},
                    )
                    return redirect(
                        "reservation_detail", code=est.code, confirmation=body["confirmation"]
                    )
                form.add_error(None, body.get("detail") or _("The walk-in was refused."))
        form.data = form.data.copy()
        form.data["form_token"] = secrets.token_urlsafe(16)
        status = 422
    else:
        form = WalkInForm(
            initial={
                "departure": today + dt.timedelta(days=1),
                "adults": 1,
                "children": 0,
                "keys": 1,
                "form_token": secrets.token_urlsafe(16),
            },
            **choices,
        )
    return page(
        request,
        access,
        "lodging/walk_in.html",
        {"form": form, "today": today, "required": est.registration_required},
        nav="walk_in",
        status=status,
    )


# --- the room rack --------------------------------------------------------------------------


def _rack_query(data) -> str:
    kept = QueryDict(mutable=True)
    for name in RACK_PARAMS:
        value = (data.get(name) or "")[:20]
        if value:
            kept[name] = value
    return kept.urlencode()


@establishment_page("rooms.rack")
def room_rack(request, access):
    """Every room as a tile: number, type, housekeeping, occupied or vacant, out of order,
    the guest in it and their departure, the next arrival; filtered by floor, type and
    status. The desk sets the housekeeping status from here."""
    est = access.establishment
    all_rooms = list(selectors.rooms(est).filter(active=True))
    form = RackFilter(
        request.GET or None,
        floors=sorted({room.floor for room in all_rooms}),
        room_types=list(selectors.room_types(est)),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    tiles = selectors.room_rack(
        est,
        access=access,
        floor=filters.get("floor"),
        room_type_code=filters.get("room_type") or None,
        status=filters.get("status") or None,
    )
    return page(
        request,
        access,
        "lodging/rooms.html",
        {
            "form": form,
            "tiles": tiles,
            "today": est.business_day(),
            "statuses": Housekeeping.choices,
            "back": _rack_query(request.GET),
        },
        nav="rooms",
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@establishment_page("room.housekeeping")
def room_housekeeping(request, access, number):
    """The small form on each tile of the rack (a GET goes back to the rack)."""
    url = reverse("room_rack", args=[access.establishment.code])
    if request.method != "POST":
        return redirect(url)
    try:
        room = selectors.room_get(access.establishment, number)
    except NotFound:
        raise Http404 from None
    try:
        services.room_set_housekeeping(
            room=room, status=request.POST.get("housekeeping", ""), actor=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(
            request,
            _("Room %(number)s: %(status)s.")
            % {"number": room.number, "status": Housekeeping(request.POST["housekeeping"]).label},
        )
    back = _rack_query(request.POST)
    return redirect(f"{url}?{back}#room-{room.number}" if back else f"{url}#room-{room.number}")
