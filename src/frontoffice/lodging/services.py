"""Writes of lodging: setup (room types, rooms, rates) and reservations.

Each function is one transaction. Reservations take their nights with a conditional
UPDATE on the per-night inventory rows (see inventory.py), so a room type is never sold
beyond its rooms, whatever the number of concurrent clients or server processes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from frontoffice.core import dates as dates_mod
from frontoffice.core import money, refcache
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition, NotAvailable, NotFound
from frontoffice.core.history import insert_with_history
from frontoffice.core.models import Customer, Establishment
from frontoffice.core.services import customer_build, customer_save_new, full_clean

from . import inventory
from .models import (
    TRANSITIONS,
    Guarantee,
    RatePlan,
    RatePlanOverride,
    RatePlanPrice,
    Reservation,
    ReservationNight,
    ReservationStatus,
    Room,
    RoomOutOfOrder,
    RoomType,
    Source,
)
from .rates import night_prices

MAX_NIGHTS = 365
MAX_DAYS_AHEAD = 731  # "up to two years ahead"
MAX_PARTY = 50
CONFIRMATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CONFIRMATION_LENGTH = 8


def _retry_on_deadlock(fn, attempts: int = 4):
    """PostgreSQL may abort one of two transactions that wait on each other; the work is
    then simply done again. SQLite never reports this (one writer at a time)."""
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            sqlstate = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
            if sqlstate not in {"40P01", "40001"} or attempt == attempts - 1:
                raise


# --- setup -------------------------------------------------------------------------------


def room_type_create(
    *,
    establishment: Establishment,
    code: str,
    name: str,
    capacity: int,
    base_rate: Decimal,
    overbooking_allowance: int = 0,
    description: str = "",
    sort_order: int = 0,
) -> RoomType:
    room_type = RoomType(
        establishment=establishment,
        code=code,
        name=name,
        capacity=capacity,
        base_rate=money.quantize(base_rate, establishment.currency),
        overbooking_allowance=overbooking_allowance,
        description=description,
        sort_order=sort_order,
    )
    full_clean(room_type, exclude=["establishment"])
    with transaction.atomic():
        est = Establishment.objects.select_for_update().get(pk=establishment.pk)
        if RoomType.objects.filter(establishment=est, code=code).exists():
            raise Conflict(_("A room type with this code already exists."), code="duplicate")
        room_type.save()
        refcache.clear()
        inventory.add_room_type(room_type, locked=est)
    return room_type


def room_type_update(*, room_type: RoomType, **changes: Any) -> RoomType:
    allowed = {
        "name",
        "capacity",
        "base_rate",
        "overbooking_allowance",
        "description",
        "sort_order",
    }
    with transaction.atomic():
        room_type = (
            RoomType.objects.select_for_update()
            .select_related("establishment")
            .get(pk=room_type.pk)
        )
        for key, value in changes.items():
            if key not in allowed:
                raise Invalid(_("Unknown field: %(name)s") % {"name": key}, field=key)
            if key == "base_rate":
                value = money.quantize(value, room_type.establishment.currency)
            setattr(room_type, key, value)
        full_clean(room_type, exclude=["establishment"])
        room_type.save()
        refcache.clear()
        if "overbooking_allowance" in changes:
            inventory.recompute_future(room_type)
    return room_type


def room_create(
    *,
    establishment: Establishment,
    number: str,
    room_type_code: str,
    floor: int = 0,
    features: list[str] | None = None,
) -> Room:
    room_type = RoomType.objects.filter(establishment=establishment, code=room_type_code).first()
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_type")
    room = Room(
        establishment=establishment,
        room_type=room_type,
        number=number,
        floor=floor,
        features=list(features or []),
    )
    full_clean(room, exclude=["establishment", "room_type"])
    with transaction.atomic():
        if Room.objects.filter(establishment=establishment, number=number).exists():
            raise Conflict(_("A room with this number already exists."), code="duplicate")
        room.save()
        inventory.recompute_future(room_type)
    return room


def room_update(
    *,
    room: Room,
    room_type_code: str | None = None,
    active: bool | None = None,
    floor: int | None = None,
    features: list[str] | None = None,
) -> Room:
    with transaction.atomic():
        room = (
            Room.objects.select_for_update()
            .select_related("room_type__establishment")
            .get(pk=room.pk)
        )
        old_type = room.room_type
        if room_type_code is not None and room_type_code != old_type.code:
            new_type = RoomType.objects.filter(
                establishment_id=room.establishment_id, code=room_type_code
            ).first()
            if new_type is None:
                raise Invalid(_("Unknown room type."), code="unknown_room_type")
            room.room_type = new_type
        if active is not None:
            room.active = active
        if floor is not None:
            room.floor = floor
        if features is not None:
            room.features = list(features)
        full_clean(room, exclude=["establishment", "room_type"])
        room.save()
        inventory.recompute_future(old_type)
        if room.room_type_id != old_type.pk:
            inventory.recompute_future(room.room_type)
    return room


def room_out_of_order(
    *, room: Room, start: dt.date, end: dt.date, reason: str = ""
) -> RoomOutOfOrder:
    if end <= start:
        raise Invalid(_("The end must be after the start."), code="invalid_dates")
    with transaction.atomic():
        room = (
            Room.objects.select_for_update()
            .select_related("room_type__establishment")
            .get(pk=room.pk)
        )
        if RoomOutOfOrder.objects.filter(room=room, start__lt=end, end__gt=start).exists():
            raise Conflict(_("The room is already out of order then."), code="overlap")
        period = RoomOutOfOrder.objects.create(
            establishment_id=room.establishment_id,
            room=room,
            start=start,
            end=end,
            reason=reason,
        )
        inventory.recompute(room.room_type, start, end)
    return period


def room_back_in_order(*, period: RoomOutOfOrder) -> None:
    with transaction.atomic():
        room_type = period.room.room_type
        start, end = period.start, period.end
        period.delete()
        inventory.recompute(room_type, start, end)


def rate_plan_create(
    *,
    establishment: Establishment,
    code: str,
    name: str,
    min_stay: int = 1,
    prices: dict[str, Decimal] | None = None,
) -> RatePlan:
    plan = RatePlan(establishment=establishment, code=code, name=name, min_stay=min_stay)
    full_clean(plan, exclude=["establishment"])
    with transaction.atomic():
        if RatePlan.objects.filter(establishment=establishment, code=code).exists():
            raise Conflict(_("A rate plan with this code already exists."), code="duplicate")
        plan.save()
        for room_type_code, price in (prices or {}).items():
            rate_plan_set_price(plan=plan, room_type_code=room_type_code, price=price)
    return plan


def _plan_room_type(plan: RatePlan, code: str) -> RoomType:
    room_type = RoomType.objects.filter(establishment_id=plan.establishment_id, code=code).first()
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type")
    return room_type


def rate_plan_set_price(*, plan: RatePlan, room_type_code: str, price: Decimal) -> RatePlanPrice:
    room_type = _plan_room_type(plan, room_type_code)
    price = money.quantize(price, plan.establishment.currency)
    if price < 0:
        raise Invalid(_("A price cannot be negative."), field="price")
    row, _created = RatePlanPrice.objects.update_or_create(
        rate_plan=plan,
        room_type=room_type,
        defaults={"price": price, "establishment_id": plan.establishment_id},
    )
    return row


def rate_plan_override(
    *, plan: RatePlan, room_type_code: str, start: dt.date, end: dt.date, price: Decimal
) -> RatePlanOverride:
    if end <= start:
        raise Invalid(_("The end must be after the start."), code="invalid_dates")
    room_type = _plan_room_type(plan, room_type_code)
    price = money.quantize(price, plan.establishment.currency)
    if price < 0:
        raise Invalid(_("A price cannot be negative."), field="price")
    return RatePlanOverride.objects.create(
        establishment_id=plan.establishment_id,
        rate_plan=plan,
        room_type=room_type,
        start=start,
        end=end,
        price=price,
    )


# --- reservations -----------------------------------------------------------------------


def new_confirmation() -> str:
    return "".join(secrets.choice(CONFIRMATION_ALPHABET) for _ in range(CONFIRMATION_LENGTH))


def _check_stay(establishment: Establishment, arrival: dt.date, departure: dt.date) -> None:
    today = establishment.today()
    if departure <= arrival:
        raise Invalid(
            _("The departure must be after the arrival."), code="invalid_dates", field="departure"
        )
    if arrival < today:
        raise Invalid(
            _("The arrival cannot be in the past."), code="arrival_in_past", field="arrival"
        )
    if arrival > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise Invalid(
            _("Arrivals can be booked up to two years ahead."),
            code="too_far_ahead",
            field="arrival",
        )
    if (departure - arrival).days > MAX_NIGHTS:
        raise Invalid(
            _("A stay can be at most 365 nights."), code="stay_too_long", field="departure"
        )


def _check_party(room_type: RoomType, adults: int, children: int) -> None:
    if adults < 1:
        raise Invalid(_("At least one adult is required."), code="invalid_party", field="adults")
    if children < 0 or adults > MAX_PARTY or children > MAX_PARTY:
        raise Invalid(_("Invalid number of guests."), code="invalid_party", field="children")
    if adults + children > room_type.capacity:
        raise Invalid(
            _("This room type takes at most %(n)s persons.") % {"n": room_type.capacity},
            code="too_many_guests",
            field="adults",
        )


def _check_plan(plan: RatePlan | None, nights: int) -> None:
    if plan is not None and nights < plan.min_stay:
        raise Invalid(
            _("This rate requires a stay of at least %(n)s nights.") % {"n": plan.min_stay},
            code="min_stay",
            field="departure",
        )


def _room_type(establishment: Establishment, code: str) -> RoomType:
    room_type = refcache.get(
        ("room_type", establishment.pk, code),
        lambda: RoomType.objects.filter(establishment=establishment, code=code).first(),
    )
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_type")
    return room_type


def _rate_plan(establishment: Establishment, code: str | None) -> RatePlan | None:
    if not code:
        return None
    plan = RatePlan.objects.filter(establishment=establishment, code=code, active=True).first()
    if plan is None:
        raise Invalid(_("Unknown rate plan."), code="unknown_rate_plan", field="rate_plan")
    return plan


def _ensure_inventory(establishment: Establishment, departure: dt.date) -> None:
    last_night = departure - dt.timedelta(days=1)
    if establishment.inventory_horizon is None or establishment.inventory_horizon < last_night:
        inventory.ensure(establishment, last_night + dt.timedelta(days=30))


def _not_available() -> NotAvailable:
    return NotAvailable(_("No room of this type is free on every night of the stay."))


def reservation_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    room_type_code: str,
    arrival: dt.date,
    departure: dt.date,
    adults: int = 1,
    children: int = 0,
    customer_id: int | None = None,
    guest: dict[str, Any] | None = None,
    rate_plan_code: str | None = None,
    source: str = Source.DIRECT,
    guarantee: str = Guarantee.NONE,
    notes: str = "",
) -> Reservation:
    """Book a room type for a stay. Raises Invalid (422) for bad input and NotAvailable
    (409) when some night has no free room of the type; then nothing is written."""
    room_type = _room_type(establishment, room_type_code)
    _check_stay(establishment, arrival, departure)
    _check_party(room_type, adults, children)
    plan = _rate_plan(establishment, rate_plan_code)
    stay = dates_mod.nights(arrival, departure)
    _check_plan(plan, len(stay))
    if source not in Source.values:
        raise Invalid(_("Unknown source."), code="invalid", field="source")
    if guarantee not in Guarantee.values:
        raise Invalid(_("Unknown guarantee."), code="invalid", field="guarantee")
    if len(notes) > 4000:
        raise Invalid(_("The notes are too long."), field="notes")
    customer = new_customer = None
    if customer_id is not None:
        customer = Customer.objects.filter(establishment=establishment, pk=customer_id).first()
        if customer is None:
            raise Invalid(_("Unknown guest."), code="unknown_guest", field="guest_id")
    elif not guest:
        raise Invalid(_("Give a guest or a guest id."), code="guest_required", field="guest")
    else:
        new_customer = customer_build(establishment=establishment, **guest)
        # A channel sends the guest with every booking: the same email and name is the
        # same person, so the reservation joins the existing record instead of a copy.
        if new_customer.email:
            customer = (
                Customer.objects.filter(
                    establishment=establishment,
                    email=new_customer.email,
                    last_name__iexact=new_customer.last_name,
                    first_name__iexact=new_customer.first_name,
                )
                .order_by("pk")
                .first()
            )
    prices = night_prices(room_type, plan, stay, establishment.currency)
    _ensure_inventory(establishment, departure)

    def book() -> Reservation:
        with transaction.atomic():
            if not inventory.take(room_type.pk, stay):
                raise _not_available()
            holder = customer or customer_save_new(new_customer, actor)
            reservation = Reservation(
                establishment=establishment,
                confirmation=new_confirmation(),
                customer=holder,
                room_type=room_type,
                rate_plan=plan,
                arrival=arrival,
                departure=departure,
                adults=adults,
                children=children,
                source=source,
                guarantee=guarantee,
                notes=notes,
                total_price=sum(prices, Decimal(0)),
                created_by=actor if actor and actor.is_authenticated else None,
            )
            insert_with_history(reservation, actor)
            reservation._created_nights = ReservationNight.objects.bulk_create(
                [
                    ReservationNight(
                        establishment=establishment,
                        reservation=reservation,
                        room_type=room_type,
                        date=day,
                        price=price,
                    )
                    for day, price in zip(stay, prices, strict=True)
                ]
            )
            return reservation

    for _attempt in range(3):
        try:
            return _retry_on_deadlock(book)
        except IntegrityError:
            # A confirmation code collision (one in ~10^11): draw again.
            continue
    raise Conflict(_("Please try again."), code="retry")


def _locked(reservation: Reservation) -> Reservation:
    return (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("room_type", "rate_plan", "establishment", "customer")
        .get(pk=reservation.pk)
    )


def _require_transition(reservation: Reservation, target: str) -> None:
    if target not in TRANSITIONS[reservation.status]:
        raise InvalidTransition(
            _("A %(status)s reservation cannot become %(target)s.")
            % {
                "status": ReservationStatus(reservation.status).label,
                "target": ReservationStatus(target).label,
            }
        )


def reservation_modify(
    *, reservation: Reservation, actor: AbstractBaseUser | None, **changes: Any
) -> Reservation:
    """Change dates, room type, party or notes. Availability is re-checked in the same
    transaction; the stay's own nights are released first so they never conflict with it."""
    allowed = {"arrival", "departure", "room_type_code", "adults", "children", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise Invalid(_("Unknown field: %(name)s") % {"name": sorted(unknown)[0]})
    changes = {k: v for k, v in changes.items() if v is not None}
    establishment = reservation.establishment

    def modify() -> Reservation:
        with transaction.atomic():
            current = _locked(reservation)
            if current.status != ReservationStatus.CONFIRMED:
                raise InvalidTransition(
                    _("Only confirmed reservations can be changed."), code="invalid_status"
                )
            arrival = changes.get("arrival", current.arrival)
            departure = changes.get("departure", current.departure)
            room_type = current.room_type
            if "room_type_code" in changes and changes["room_type_code"] != room_type.code:
                room_type = _room_type(establishment, changes["room_type_code"])
            adults = changes.get("adults", current.adults)
            children = changes.get("children", current.children)
            notes = changes.get("notes", current.notes)
            if len(notes) > 4000:
                raise Invalid(_("The notes are too long."), field="notes")
            stay_changed = (
                arrival != current.arrival
                or departure != current.departure
                or room_type.pk != current.room_type_id
            )
            if stay_changed:
                _check_stay(establishment, arrival, departure)
                _check_plan(current.rate_plan, (departure - arrival).days)
            _check_party(room_type, adults, children)
            if stay_changed:
                _move_stay(current, room_type, arrival, departure)
            current.arrival, current.departure = arrival, departure
            current.room_type = room_type
            current.adults, current.children, current.notes = adults, children, notes
            current._history_user = actor
            current.save()
            return current

    departure = changes.get("departure")
    latest = establishment.today() + dt.timedelta(days=MAX_DAYS_AHEAD + MAX_NIGHTS)
    if departure is not None and departure <= latest:
        # Beyond that the stay is refused inside the transaction; never grow the
        # inventory for a date nobody can book.
        _ensure_inventory(establishment, departure)
    return _retry_on_deadlock(modify)


def _move_stay(
    current: Reservation, room_type: RoomType, arrival: dt.date, departure: dt.date
) -> None:
    old = list(current.nights.filter(held=True).values_list("room_type_id", "date", "price"))
    new_dates = dates_mod.nights(arrival, departure)
    inventory.lock([(rt, d) for rt, d, _p in old] + [(room_type.pk, d) for d in new_dates])
    by_type: dict[int, list[dt.date]] = {}
    for rt, day, _price in old:
        by_type.setdefault(rt, []).append(day)
    for rt, days in by_type.items():
        inventory.release(rt, days)
    if not inventory.take(room_type.pk, new_dates):
        raise _not_available()
    # Nights that stay the same keep the price agreed; new nights are priced now.
    kept = {day: price for rt, day, price in old if rt == room_type.pk}
    fresh = [d for d in new_dates if d not in kept]
    fresh_prices = dict(
        zip(
            fresh,
            night_prices(room_type, current.rate_plan, fresh, current.establishment.currency),
            strict=True,
        )
    )
    current.nights.all().delete()
    rows = [
        ReservationNight(
            establishment_id=current.establishment_id,
            reservation=current,
            room_type=room_type,
            date=day,
            price=kept.get(day, fresh_prices.get(day)),
        )
        for day in new_dates
    ]
    ReservationNight.objects.bulk_create(rows)
    current.total_price = sum((row.price for row in rows), Decimal(0))


def reservation_cancel(
    *, reservation: Reservation, actor: AbstractBaseUser | None, reason: str
) -> Reservation:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            _("Give a reason for the cancellation."), code="reason_required", field="reason"
        )
    if len(reason) > 500:
        raise Invalid(_("The reason is too long."), field="reason")

    def cancel() -> Reservation:
        with transaction.atomic():
            current = _locked(reservation)
            _require_transition(current, ReservationStatus.CANCELLED)
            _release_from(current, None)
            current.status = ReservationStatus.CANCELLED
            current.cancel_reason = reason
            current._history_user = actor
            current.save()
            return current

    return _retry_on_deadlock(cancel)


def reservation_no_show(*, reservation: Reservation, actor: AbstractBaseUser | None) -> Reservation:
    def no_show() -> Reservation:
        with transaction.atomic():
            current = _locked(reservation)
            _require_transition(current, ReservationStatus.NO_SHOW)
            today = current.establishment.today()
            if today < current.arrival:
                raise Conflict(
                    _("A no-show can only be recorded from the arrival date on."),
                    code="too_early",
                )
            _release_from(current, today)
            current.status = ReservationStatus.NO_SHOW
            current._history_user = actor
            current.save()
            return current

    return _retry_on_deadlock(no_show)


def _release_from(reservation: Reservation, first_day: dt.date | None) -> None:
    """Give back the held nights from `first_day` on (all of them when None)."""
    nights = reservation.nights.filter(held=True)
    if first_day is not None:
        nights = nights.filter(date__gte=first_day)
    rows = list(nights.values_list("room_type_id", "date"))
    inventory.lock(rows)
    by_type: dict[int, list[dt.date]] = {}
    for rt, day in rows:
        by_type.setdefault(rt, []).append(day)
    for rt, days in by_type.items():
        inventory.release(rt, days)
    nights.update(held=False)


def reservation_get(establishment: Establishment, confirmation: str) -> Reservation:
    confirmation = (confirmation or "").upper()
    if not (0 < len(confirmation) <= 12 and confirmation.isascii() and confirmation.isalnum()):
        raise NotFound(_("No such reservation."))
    reservation = (
        Reservation.objects.select_related("room_type", "customer", "rate_plan", "establishment")
        .filter(establishment=establishment, confirmation=(confirmation or "").upper())
        .first()
    )
    if reservation is None:
        raise NotFound(_("No such reservation."))
    return reservation
