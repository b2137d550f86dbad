"""API of lodging: room types, rooms, availability, rates, reservations."""

import datetime as dt
import json
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import money, policy
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, HistoryEntry, ShortCode, Text
from frontoffice.core.services import idempotency
from frontoffice.customers import privacy
from frontoffice.customers import services as customer_services
from frontoffice.customers.api import GuestIn

from . import audit_report, selectors, services
from .models import (
    Guarantee,
    RatePlan,
    Reservation,
    ReservationStatus,
    Room,
    RoomType,
    Source,
    StayGroup,
)

router = Router()


def _money(amount: Decimal, currency: str) -> str:
    return str(money.quantize(amount, currency))


# --- room types and rooms -----------------------------------------------------------------


# The name per language: {"nl": "Tweepersoonskamer", "de": "Doppelzimmer"}. The service
# checks the keys (en, nl, de, pl, es) and the lengths, so the API, the admin and the demo
# refuse the same things with the same words.
def Names():  # noqa: N802 - reads like the field it makes
    return Field(
        None,
        description=(
            "The name per language, keyed by language code (en, nl, de, pl, es); pages in a "
            "language without one show `name`. On PATCH it replaces every name given before; "
            "send {} to remove them."
        ),
        examples=[{"nl": "Tweepersoonskamer", "de": "Doppelzimmer"}],
    )


class RoomTypeIn(Schema):
    code: ShortCode
    name: Text(100, 1)
    names: dict[str, str] | None = Names()
    capacity: int = Field(..., ge=1, le=50)
    base_rate: Decimal = Field(..., ge=0, le=Decimal("9999999999"), max_digits=13, decimal_places=3)
    overbooking_allowance: int = Field(0, ge=0, le=1000)
    description: Text(2000) = ""


class RoomTypePatch(Schema):
    name: Text(100, 1) | None = None
    names: dict[str, str] | None = Names()
    capacity: int | None = Field(None, ge=1, le=50)
    base_rate: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999999"), max_digits=13, decimal_places=3
    )
    overbooking_allowance: int | None = Field(None, ge=0, le=1000)
    description: Text(2000) | None = None


class RoomTypeOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    capacity: int
    base_rate: str
    overbooking_allowance: int
    rooms: int


def room_type_out(room_type: RoomType, rooms: int, currency: str) -> dict:
    return {
        "code": room_type.code,
        "name": room_type.name,
        "names": room_type.names,
        "capacity": room_type.capacity,
        "base_rate": _money(room_type.base_rate, currency),
        "overbooking_allowance": room_type.overbooking_allowance,
        "rooms": rooms,
    }


def _changes(payload: Schema) -> dict:
    """The fields a PATCH sends; null means "not sent" (every field here is required)."""
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "names" in payload.model_fields_set and payload.names is None:
        raise Invalid(_("Send an empty object to remove the names."), field="names")
    if not changes:
        raise Invalid(_("Nothing to change."), code="empty_change")
    return changes


@router.get("/establishments/{code}/room-types", response=list[RoomTypeOut], tags=["setup"])
@paginate(Pagination)
def room_type_list(request, code: str):
    access = policy.access(request.auth, code, "inventory.view")
    est = access.establishment
    counts = selectors.rooms_in_service(est)
    return [
        room_type_out(rt, counts.get(rt.pk, 0), est.currency) for rt in selectors.room_types(est)
    ]


@router.post(
    "/establishments/{code}/room-types",
    response={201: RoomTypeOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["setup"],
)
def room_type_create(request, code: str, payload: RoomTypeIn):
    access = policy.access(request.auth, code, "setup.manage")
    room_type = services.room_type_create(establishment=access.establishment, **payload.dict())
    return 201, room_type_out(room_type, 0, access.establishment.currency)


@router.patch(
    "/establishments/{code}/room-types/{room_type}",
    response={200: RoomTypeOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["setup"],
)
def room_type_update(request, code: str, room_type: str, payload: RoomTypePatch):
    access = policy.access(request.auth, code, "setup.manage")
    est = access.establishment
    current = selectors.room_type_get(est, room_type)
    updated = services.room_type_update(room_type=current, **_changes(payload))
    rooms = selectors.rooms_in_service(est).get(updated.pk, 0)
    return 200, room_type_out(updated, rooms, est.currency)


# --- rate plans ------------------------------------------------------------------------


class RatePlanIn(Schema):
    code: ShortCode
    name: Text(100, 1)
    names: dict[str, str] | None = Names()
    min_stay: int = Field(1, ge=1, le=365)
    active: bool = True
    prices: dict[str, Decimal] = Field(
        default_factory=dict,
        max_length=200,
        description="Price per night by room type code; other room types sell at their base rate.",
    )


class RatePlanPatch(Schema):
    name: Text(100, 1) | None = None
    names: dict[str, str] | None = Names()
    min_stay: int | None = Field(None, ge=1, le=365)
    active: bool | None = None


class RatePlanOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    min_stay: int
    active: bool
    prices: dict[str, str]


def rate_plan_out(plan: RatePlan, currency: str) -> dict:
    return {
        "code": plan.code,
        "name": plan.name,
        "names": plan.names,
        "min_stay": plan.min_stay,
        "active": plan.active,
        "prices": {p.room_type.code: _money(p.price, currency) for p in plan.prices.all()},
    }


@router.get("/establishments/{code}/rate-plans", response=list[RatePlanOut], tags=["setup"])
@paginate(Pagination)
def rate_plan_list(request, code: str):
    """Every rate plan, inactive ones too, with its prices per room type: the rates, so for
    those who may see the Rates page (the desk and its managers)."""
    access = policy.access(request.auth, code, "rates.view")
    est = access.establishment
    plans = selectors.rate_plans(est, active_only=False).prefetch_related("prices__room_type")
    return [rate_plan_out(plan, est.currency) for plan in plans]


@router.post(
    "/establishments/{code}/rate-plans",
    response={201: RatePlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["setup"],
)
def rate_plan_create(request, code: str, payload: RatePlanIn):
    access = policy.access(request.auth, code, "setup.manage")
    est = access.establishment
    plan = services.rate_plan_create(establishment=est, **payload.dict())
    return 201, rate_plan_out(selectors.rate_plan_get(est, plan.code), est.currency)


@router.patch(
    "/establishments/{code}/rate-plans/{rate_plan}",
    response={200: RatePlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["setup"],
)
def rate_plan_update(request, code: str, rate_plan: str, payload: RatePlanPatch):
    access = policy.access(request.auth, code, "setup.manage")
    est = access.establishment
    plan = services.rate_plan_update(
        plan=selectors.rate_plan_get(est, rate_plan), **_changes(payload)
    )
    return 200, rate_plan_out(selectors.rate_plan_get(est, plan.code), est.currency)


class RoomIn(Schema):
    number: Text(10, 1)
    room_type: ShortCode
    floor: int = Field(0, ge=-10, le=300)
    features: list[Text(50, 1)] = Field(default_factory=list, max_length=30)


class CurrentStayOut(Schema):
    confirmation: str
    guest_name: str
    departure: dt.date


class RoomOut(Schema):
    number: str
    room_type: str
    floor: int
    features: list[str]
    active: bool
    housekeeping: Literal["clean", "dirty", "inspected"]
    out_of_order: bool  # on the business date
    # A checked-in stay is in the room (until it checks out, its departure day included).
    occupied: bool = False
    current: CurrentStayOut | None = None


class RoomPatchIn(Schema):
    housekeeping: str


def room_out(
    room: Room, out_of_order: set[int] = frozenset(), current: Reservation | None = None
) -> dict:
    return {
        "number": room.number,
        "room_type": room.room_type.code,
        "floor": room.floor,
        "features": room.features,
        "active": room.active,
        "housekeeping": room.housekeeping,
        "out_of_order": room.pk in out_of_order,
        "occupied": current is not None,
        "current": {
            "confirmation": current.confirmation,
            "guest_name": current.customer.full_name,
            "departure": current.departure,
        }
        if current is not None
        else None,
    }


@router.get("/establishments/{code}/rooms", response=list[RoomOut], tags=["setup"])
@paginate(Pagination)
def room_list(request, code: str):
    """Every room with its housekeeping status, whether it is out of order and occupied on
    the business date, and the stay in it (`current`: for roles that see reservations)."""
    access = policy.access(request.auth, code, "inventory.view")
    est = access.establishment
    closed = selectors.rooms_out_of_order_on(est, est.business_day())
    in_house = selectors.rooms_in_house(est)
    show_guests = access.can("reservation.view")
    hidden = privacy.hides_private(access)
    rows = []
    for room in selectors.rooms(est):
        current = in_house.get(room.pk) if show_guests else None
        if current is not None and hidden and current.customer.private:
            current = None  # occupied, by nobody this person may know of
        row = room_out(room, closed, current)
        row["occupied"] = room.pk in in_house
        rows.append(row)
    return rows


@router.patch(
    "/establishments/{code}/rooms/{number}",
    response={200: RoomOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["rooms"],
)
def room_patch(request, code: str, number: str, payload: RoomPatchIn):
    """The room's housekeeping status: `clean`, `dirty` or `inspected`."""
    access = policy.access(request.auth, code, "room.housekeeping")
    est = access.establishment
    room = services.room_set_housekeeping(
        room=selectors.room_get(est, number), status=payload.housekeeping, actor=request.auth
    )
    current = selectors.rooms_in_house(est).get(room.pk)
    row = room_out(room, selectors.rooms_out_of_order_on(est, est.business_day()), current)
    if not access.can("reservation.view") or (
        current is not None and current.customer.private and privacy.hides_private(access)
    ):
        row["current"] = None
    return 200, row


@router.post(
    "/establishments/{code}/rooms",
    response={201: RoomOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["setup"],
)
def room_create(request, code: str, payload: RoomIn):
    access = policy.access(request.auth, code, "setup.manage")
    room = services.room_create(
        establishment=access.establishment,
        number=payload.number,
        room_type_code=payload.room_type,
        floor=payload.floor,
        features=payload.features,
    )
    return 201, room_out(room)


# --- availability ----------------------------------------------------------------------


class NightOut(Schema):
    date: dt.date
    available: int
    price: str


class TypeAvailabilityOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    available: int
    total_price: str
    nights: list[NightOut]


class AvailabilityOut(Schema):
    currency: str
    room_types: list[TypeAvailabilityOut]


@router.get(
    "/establishments/{code}/availability",
    response={200: AvailabilityOut, 404: ErrorOut, 422: ErrorOut},
    tags=["reservations"],
)
def availability(
    request,
    code: str,
    arrival: dt.date,
    departure: dt.date,
    room_type: ShortCode | None = None,
    rate_plan: ShortCode | None = None,
):
    access = policy.access(request.auth, code, "inventory.view")
    est = access.establishment
    result = selectors.availability(est, arrival, departure, room_type, rate_plan)
    # Serialised directly: this is the hottest read of the API, and the shape is the
    # documented AvailabilityOut (the schema test in test_reservations_api checks it).
    return _json_response(
        200,
        {
            "currency": est.currency,
            "room_types": [
                {
                    "code": t.code,
                    "name": t.room_type.name,
                    "names": t.room_type.names,
                    "available": t.available,
                    "total_price": _money(t.total_price, est.currency),
                    "nights": [
                        {
                            "date": n.date.isoformat(),
                            "available": n.available,
                            "price": _money(n.price, est.currency),
                        }
                        for n in t.nights
                    ],
                }
                for t in result
            ],
        },
    )


# --- rates -------------------------------------------------------------------------------

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class RateNightOut(Schema):
    date: dt.date
    price: str
    min_stay: int
    closed_to_arrival: bool
    # The price was set for this date (not the plan's own).
    dated_price: bool


class RateRowOut(Schema):
    code: str
    name: str
    nights: list[RateNightOut]


class RatesOut(Schema):
    currency: str
    rate_plan: str | None
    start: dt.date
    room_types: list[RateRowOut]


@router.get(
    "/establishments/{code}/rates",
    response={200: RatesOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["rates"],
)
def rates(
    request,
    code: str,
    rate_plan: ShortCode | None = None,
    start: dt.date | None = None,
    days: int = 14,
):
    """Each night's price, minimum stay (for arrivals that night) and closed-to-arrival,
    per room type, for a rate plan (or the base rates without one), as a booking meets
    them. At most 62 nights from `start` (default today)."""
    access = policy.access(request.auth, code, "rates.view")
    est = access.establishment
    today = est.today()
    plan = selectors.rate_plan_by_code(est, rate_plan)
    if rate_plan and plan is None:
        raise Invalid(_("Unknown rate plan."), code="unknown_rate_plan", field="rate_plan")
    start = start or today
    if abs((start - today).days) > 5 * 366:
        raise Invalid(_("Choose a start within five years of today."), field="start")
    if not 1 <= days <= 62:
        raise Invalid(_("Ask for 1 to 62 nights."), field="days")
    rows = selectors.rate_grid(est, plan, start, days)
    return {
        "currency": est.currency,
        "rate_plan": plan.code if plan else None,
        "start": start,
        "room_types": [
            {
                "code": row.room_type.code,
                "name": row.room_type.name,
                "nights": [
                    {
                        "date": n.date,
                        "price": _money(n.price, est.currency),
                        "min_stay": n.min_stay,
                        "closed_to_arrival": n.closed_to_arrival,
                        "dated_price": n.dated_price,
                    }
                    for n in row.nights
                ],
            }
            for row in rows
        ],
    }


class RateChangeIn(Schema):
    """One change: the nights first_night <= date <= last_night on the given weekdays (all
    by default), for each room type; and any of a new price (or `price_reset`: back to the
    plan's), a minimum stay for arrivals on those nights (or `min_stay_reset`), closed to
    arrival (true) or open (false)."""

    rate_plan: ShortCode
    room_types: list[ShortCode] = Field(..., max_length=50)
    first_night: dt.date
    last_night: dt.date
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAY_NAMES), max_length=7)
    price: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999999"), max_digits=13, decimal_places=3
    )
    price_reset: bool = False
    min_stay: int | None = Field(None, ge=1, le=365)
    min_stay_reset: bool = False
    closed_to_arrival: bool | None = None


class RateChangeOut(Schema):
    rate_plan: str
    nights: int
    changed: int


@router.post(
    "/establishments/{code}/rates",
    response={200: RateChangeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["rates"],
)
def rates_change(request, code: str, payload: RateChangeIn):
    """Apply one change to every matching night in one transaction (front office manager,
    administrator), with a history row per night naming the caller. `nights` counts the
    room-type nights matched, `changed` those that did not already have these values.
    422 `empty_change` when nothing is asked, `nights_in_past`, `range_too_long` (over two
    years), `no_nights` when no night falls on the weekdays, `invalid_price` for more
    decimals than the currency has."""
    access = policy.access(request.auth, code, "rates.manage")
    result = services.rate_plan_days_change(
        establishment=access.establishment,
        actor=request.auth,
        rate_plan_code=payload.rate_plan,
        room_type_codes=payload.room_types,
        first_night=payload.first_night,
        last_night=payload.last_night,
        weekdays=[WEEKDAY_NAMES.index(day) for day in payload.weekdays],
        price=payload.price,
        price_reset=payload.price_reset,
        min_stay=payload.min_stay,
        min_stay_reset=payload.min_stay_reset,
        closed_to_arrival=payload.closed_to_arrival,
    )
    return {"rate_plan": payload.rate_plan, "nights": result.nights, "changed": result.changed}


# --- reservations ----------------------------------------------------------------------


class ReservationIn(Schema):
    guest: GuestIn | None = None
    guest_id: int | None = Field(None, ge=1, le=2**62)
    room_type: ShortCode
    arrival: dt.date
    departure: dt.date
    adults: int = Field(1, ge=1, le=50)
    children: int = Field(0, ge=0, le=50)
    rate_plan: ShortCode | None = None
    notes: Text(4000) = ""
    source: Source = Source.DIRECT
    guarantee: Guarantee = Guarantee.NONE


class ReservationPatch(Schema):
    arrival: dt.date | None = None
    departure: dt.date | None = None
    room_type: ShortCode | None = None
    adults: int | None = Field(None, ge=1, le=50)
    children: int | None = Field(None, ge=0, le=50)
    notes: Text(4000) | None = None


class CancelIn(Schema):
    reason: Text(500, 1)


class ReservationGuest(Schema):
    """Contact details (email, phone, language) only for roles that may see guests."""

    id: int
    first_name: str
    last_name: str
    email: str | None = None
    phone: str | None = None
    language: str | None = None


class ReservationNightOut(Schema):
    date: dt.date
    price: str | None = None


class ReservationOut(Schema):
    confirmation: str
    status: ReservationStatus
    arrival: dt.date
    departure: dt.date
    room_type: str
    adults: int
    children: int
    guest: ReservationGuest
    rate_plan: str | None
    room: str | None
    folio: int | None = None
    total_price: str | None = None
    currency: str
    nights: list[ReservationNightOut]
    source: str
    guarantee: str
    notes: str
    cancel_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime


def reservation_out(r: Reservation, access, nights=None) -> dict:
    """The documented reservation shape. `nights` defaults to the reservation's own
    (prefetched where the caller prefetched them). A role that may not see guests gets
    their name, not their contact details; a role that sees no money (porter, concierge,
    file clerk) gets no prices and no folio: those keys are not sent at all."""
    c = r.customer
    currency = access.establishment.currency
    nights = r.nights.all() if nights is None else nights
    guest = {"id": c.pk, "first_name": c.first_name, "last_name": c.last_name}
    if access.can("guest.view"):
        guest.update(email=c.email, phone=c.phone, language=c.language)
    money = access.can("folio.view")
    out = {
        "confirmation": r.confirmation,
        "status": r.status,
        "arrival": r.arrival.isoformat(),
        "departure": r.departure.isoformat(),
        "room_type": r.room_type.code,
        "adults": r.adults,
        "children": r.children,
        "guest": guest,
        "rate_plan": r.rate_plan.code if r.rate_plan_id else None,
        "room": r.room.number if r.room_id else None,
        "currency": currency,
        "nights": [
            {"date": n.date.isoformat(), "price": _money(n.price, currency)}
            if money
            else {"date": n.date.isoformat()}
            for n in nights
        ],
        "source": r.source,
        "guarantee": r.guarantee,
        "notes": r.notes,
        "cancel_reason": r.cancel_reason,
        "created_at": r.created_at.isoformat(),
        "updated_at": r.updated_at.isoformat(),
    }
    if money:
        out.update(folio=r.folio_id, total_price=_money(r.total_price, currency))
    return out


@router.get(
    "/establishments/{code}/reservations",
    response=list[ReservationOut],
    tags=["reservations"],
    # A role that may not see guests' contact details gets no such keys at all.
    exclude_unset=True,
)
@paginate(Pagination)
def reservation_list(
    request,
    code: str,
    arrival: dt.date | None = None,
    status: ReservationStatus | None = None,
    q: Text(200) = "",
    departure: dt.date | None = None,
    group: StayGroup | None = None,
    stay_from: dt.date | None = None,
    stay_to: dt.date | None = None,
    order: Literal["desk", "arrival"] = "desk",
    in_house: bool | None = None,
):
    """In house first, then upcoming, then past (`order=arrival`: by arrival date).
    `group`: in_house, arrivals (of `arrival`, default today), departures (of `departure`,
    default today), upcoming, past, cancelled (with no-shows). `stay_from`/`stay_to`: stays
    with a night in that range. `departure=DATE`: stays leaving that day; `in_house=true`:
    the guests checked in (false: everyone else). Filters combine."""
    access = policy.access(request.auth, code, "reservation.view")
    est = access.establishment
    rows = (
        selectors.reservation_list(
            est,
            access=access,
            arrival=arrival,
            departure=departure,
            status=status,
            group=group,
            stay_from=stay_from,
            stay_to=stay_to,
            q=q,
            by_email=access.can("guest.view"),
            order=order,
            in_house=in_house,
        )
        .select_related("rate_plan")
        .prefetch_related("nights")
    )

    return SerialisedPage(rows, lambda r: reservation_out(r, access))


def _json_response(status: int, body) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, default=str), status=status, content_type="application/json"
    )


@router.post(
    "/establishments/{code}/reservations",
    response={201: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["reservations"],
)
def reservation_create(request, code: str, payload: ReservationIn):
    """Book a room type. Send an `Idempotency-Key` header to make retries safe: a retry
    returns the first response and books nothing more."""
    access = policy.access(request.auth, code, "reservation.manage")
    est = access.establishment

    return book_once(
        request,
        payload,
        access,
        lambda: services.reservation_create(
            establishment=est, actor=request.auth, **booking_arguments(payload)
        ),
    )


def booking_arguments(payload: ReservationIn) -> dict:
    """The booking services' arguments from a reservation's body (here and from a block)."""
    return {
        "room_type_code": payload.room_type,
        "arrival": payload.arrival,
        "departure": payload.departure,
        "adults": payload.adults,
        "children": payload.children,
        "customer_id": payload.guest_id,
        "guest": payload.guest.dict(exclude_unset=True) if payload.guest else None,
        "rate_plan_code": payload.rate_plan,
        "source": payload.source,
        "guarantee": payload.guarantee,
        "notes": payload.notes,
    }


def book_once(request, payload: ReservationIn, access, book) -> HttpResponse:
    """201 with the reservation `book()` made. With an `Idempotency-Key` header the key is
    written in the booking's own transaction: a retry returns the first answer and books
    nothing more."""

    def call():
        reservation = book()
        return 201, reservation_out(reservation, access, reservation._created_nights)

    key = request.headers.get("Idempotency-Key")
    if key is None:
        status, body = call()
    else:
        fp = idempotency.fingerprint("POST", request.path, payload.dict())
        status, body = idempotency.run_once(user=request.auth, key=key, fp=fp, call=call)
    return _json_response(status, body)


@router.get(
    "/establishments/{code}/reservations/{confirmation}",
    response={200: ReservationOut, 404: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_get(request, code: str, confirmation: str):
    access = policy.access(request.auth, code, "reservation.view")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    customer_services.private_look_record(
        customer=r.customer, actor=request.auth, what=f"api reservation {r.confirmation}"
    )
    return reservation_out(r, access)


@router.patch(
    "/establishments/{code}/reservations/{confirmation}",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_modify(request, code: str, confirmation: str, payload: ReservationPatch):
    access = policy.access(request.auth, code, "reservation.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    changes = payload.dict(exclude_unset=True)
    if "room_type" in changes:
        changes["room_type_code"] = changes.pop("room_type")
    if not changes:
        raise Invalid(_("Nothing to change."), code="empty_change")
    r = services.reservation_modify(reservation=r, actor=request.auth, **changes)
    return reservation_out(r, access)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/cancel",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_cancel(request, code: str, confirmation: str, payload: CancelIn):
    access = policy.access(request.auth, code, "reservation.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_cancel(reservation=r, actor=request.auth, reason=payload.reason)
    return reservation_out(r, access)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/no-show",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_no_show(request, code: str, confirmation: str):
    access = policy.access(request.auth, code, "reservation.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_no_show(reservation=r, actor=request.auth)
    return reservation_out(r, access)


class AssignIn(Schema):
    room: str | None = None


@router.post(
    "/establishments/{code}/reservations/{confirmation}/assign",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_assign(request, code: str, confirmation: str, payload: AssignIn):
    """Give the stay a room: `{"room": "101"}`, or `{}` for the best free one of its type
    (inspected, then clean rooms first; never one out of order). 409 `room_unavailable`."""
    access = policy.access(request.auth, code, "reservation.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_assign_room(
        reservation=r, actor=request.auth, room_number=payload.room
    )
    return reservation_out(r, access)


# --- stays: check-in, walk-in, room move, check-out --------------------------------------


class RegistrationIn(Schema):
    """The registration card: required before check-in where the establishment says so."""

    nationality: Text(2) | None = Field(None, description="ISO 3166 country code: NL, DE")
    document_type: Literal["passport", "id_card", "driving_licence", "other"] | None = None
    document_number: Text(50) | None = None
    address: Text(500) | None = None


class CheckInIn(Schema):
    room: Text(10) | None = Field(
        None, description="A room number; without one the stay keeps its room or gets the best"
    )
    allow_dirty: bool = False
    registration: RegistrationIn | None = None
    keys: int | None = Field(None, ge=0, le=20)
    luggage_help: bool = Field(False, description="A porter takes the bags to the room")


class CheckOutIn(Schema):
    luggage_help: bool = Field(False, description="A porter takes the bags to the car")


def _registration(payload) -> dict | None:
    if payload.registration is None:
        return None
    return payload.registration.dict(exclude_none=True)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/check-in",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["stays"],
    exclude_unset=True,
)
def reservation_check_in(request, code: str, confirmation: str, payload: CheckInIn):
    """Check the guest in, from the business date of arrival on (409 `too_early`; a stay
    not confirmed: 409 `invalid_status`). Without `room` the stay keeps the room it was
    given, or gets the best free one of its type; a room not free is 409
    `room_unavailable`, a dirty one 409 `room_dirty` unless `allow_dirty`. Where the
    establishment requires registration, the missing details are 422
    `registration_required` with `fields`."""
    access = policy.access(request.auth, code, "stay.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_check_in(
        reservation=r,
        actor=request.auth,
        room_number=payload.room or None,
        allow_dirty=payload.allow_dirty,
        registration=_registration(payload),
        keys=payload.keys,
        luggage_help=payload.luggage_help,
    )
    return reservation_out(r, access)


class WalkInIn(ReservationIn):
    """A new reservation arriving on the business date (`arrival`, if sent, is ignored),
    plus the check-in's own fields."""

    arrival: dt.date | None = None
    source: Source = Source.WALK_IN
    room: Text(10) | None = None
    allow_dirty: bool = False
    registration: RegistrationIn | None = None
    keys: int | None = Field(None, ge=0, le=20)
    luggage_help: bool = Field(False, description="A porter takes the bags to the room")


@router.post(
    "/establishments/{code}/walk-ins",
    response={201: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["stays"],
)
def walk_in(request, code: str, payload: WalkInIn):
    """Book, give a room and check in a guest without a reservation, in one transaction:
    any refusal (`not_available`, `room_unavailable`, `room_dirty`,
    `registration_required`) writes nothing. Send an `Idempotency-Key` to make retries
    safe."""
    access = policy.access(request.auth, code, "stay.manage")
    est = access.establishment

    def call():
        reservation = services.reservation_walk_in(
            establishment=est,
            actor=request.auth,
            room_type_code=payload.room_type,
            departure=payload.departure,
            adults=payload.adults,
            children=payload.children,
            customer_id=payload.guest_id,
            guest=payload.guest.dict(exclude_unset=True) if payload.guest else None,
            rate_plan_code=payload.rate_plan,
            guarantee=payload.guarantee,
            notes=payload.notes,
            room_number=payload.room or None,
            allow_dirty=payload.allow_dirty,
            registration=_registration(payload),
            keys=payload.keys,
            luggage_help=payload.luggage_help,
        )
        return 201, reservation_out(reservation, access, list(reservation.nights.all()))

    key = request.headers.get("Idempotency-Key")
    if key is None:
        status, body = call()
    else:
        fp = idempotency.fingerprint("POST", request.path, payload.dict())
        status, body = idempotency.run_once(user=request.auth, key=key, fp=fp, call=call)
    return _json_response(status, body)


class MoveIn(Schema):
    room: Text(10, 1)
    reason: Text(200, 1)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/move",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["stays"],
    exclude_unset=True,
)
def reservation_move(request, code: str, confirmation: str, payload: MoveIn):
    """Move an in-house (or a confirmed, assigned) stay to another room for its nights from
    the business date on; the reason goes into its history. A room of another type takes
    that type's inventory (409 `not_available`); a room not free is 409 `room_unavailable`.
    The room left becomes dirty when the guest was in it."""
    access = policy.access(request.auth, code, "stay.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_move(
        reservation=r, actor=request.auth, room_number=payload.room, reason=payload.reason
    )
    return reservation_out(r, access)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/check-out",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["stays"],
    exclude_unset=True,
)
def reservation_check_out(request, code: str, confirmation: str, payload: CheckOutIn | None = None):
    """Check the guest out; the room becomes dirty. Before the planned departure the nights
    from the business date on are given back (early departure). 409 `balance_due` while
    the guest's account is not settled; 409 `invalid_status` unless checked in.
    `luggage_help`: a porter takes the bags from the room to the car."""
    access = policy.access(request.auth, code, "stay.manage")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_check_out(
        reservation=r, actor=request.auth, luggage_help=bool(payload and payload.luggage_help)
    )
    return reservation_out(r, access)


@router.post(
    "/establishments/{code}/reservations/{confirmation}/reinstate",
    response={200: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["reservations"],
    exclude_unset=True,
)
def reservation_reinstate(request, code: str, confirmation: str):
    """Undo a no-show recorded today (front office manager, administrator): the nights from
    today on are taken again if they are still free (409 `not_available`); on a later
    business date 409 `too_late`."""
    access = policy.access(request.auth, code, "reservation.reinstate")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    r = services.reservation_reinstate(reservation=r, actor=request.auth)
    return reservation_out(r, access)


@router.get(
    "/establishments/{code}/reservations/{confirmation}/history",
    response={200: list[HistoryEntry], 404: ErrorOut},
    tags=["reservations"],
)
def reservation_history(request, code: str, confirmation: str):
    access = policy.access(request.auth, code, "reservation.view")
    r = selectors.reservation_get(access.establishment, confirmation, access=access)
    return selectors.reservation_history(r, money_visible=access.can("folio.view"))


# --- the night audit (day close) and the daily report -------------------------------------


class NightAuditIn(Schema):
    business_date: dt.date
    mark_no_shows: bool = False


class DailyReportOut(Schema):
    business_date: dt.date
    closed_at: dt.datetime
    closed_by: str | None
    figures: dict = Field(
        ...,
        description=(
            "rooms_available, rooms_sold, occupancy_percent, room_revenue (tax included), "
            "room_revenue_net, adr and revpar (net of tax), city_tax, revenue_by_category, "
            "revenue_by_tax_rate, revenue_total, payments_by_method, payments_total, refunds, "
            "open_balances (what the in-house accounts owe), in_house, arrivals, departures, "
            "no_shows; amounts as strings in the currency's minor unit"
        ),
    )


def daily_report_out(report) -> dict:
    return {
        "business_date": report.business_date,
        "closed_at": report.created_at,
        "closed_by": report.created_by.get_username() if report.created_by_id else None,
        "figures": report.figures,
    }


@router.post(
    "/establishments/{code}/night-audit",
    response={200: DailyReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["night audit"],
)
def night_audit(request, code: str, payload: NightAuditIn):
    """Close the open business date: post every in-house stay's room and city tax for that
    night, make the occupied rooms dirty, store the daily report and roll the date. A date
    already closed answers its report and posts nothing (so does a second audit started at
    the same time). 409 `arrivals_pending` (with `arrivals`) while stays due have neither
    checked in nor, with `mark_no_shows`, been marked no-shows; 422 `future_date`,
    `not_open`."""
    access = policy.access(request.auth, code, "audit.run")
    report = services.night_audit(
        establishment=access.establishment,
        actor=request.auth,
        business_date=payload.business_date,
        mark_no_shows=payload.mark_no_shows,
    )
    return daily_report_out(report)


@router.get(
    "/establishments/{code}/reports/daily",
    response={200: DailyReportOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["night audit"],
)
def daily_report(request, code: str, date: dt.date):
    """The report the night audit stored for a closed business date (404 if none)."""
    access = policy.access(request.auth, code, "report.view")
    report = audit_report.report_get(access.establishment, date)
    if report is None:
        raise NotFound(_("No daily report for this date: it was not closed."))
    return daily_report_out(report)
