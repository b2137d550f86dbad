"""Reservations: book, import, modify, cancel, no-show.

Each function is one transaction, scoped to the reservation's establishment. A booking
takes its nights with one conditional UPDATE on the per-night inventory rows (see
`inventory`), so a room type is never sold beyond its rooms, whatever the number of
concurrent clients or server processes. Changes to an existing reservation lock its row
first, so two changes of one reservation run one after the other.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from frontoffice.billing.services.folios import folio_build_for_guest, folio_insert
from frontoffice.core import dates as dates_mod
from frontoffice.core import db, tenancy
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition, NotAvailable
from frontoffice.core.models import Establishment
from frontoffice.core.services.history import insert_with_history
from frontoffice.customers.models import Customer
from frontoffice.customers.services import customer_build, customer_for_booking

from .. import extensions
from ..limits import MAX_DAYS_AHEAD, MAX_NIGHTS
from ..models import (
    TRANSITIONS,
    Guarantee,
    RatePlan,
    Reservation,
    ReservationNight,
    ReservationStatus,
    RoomOutOfOrder,
    RoomType,
    Source,
)
from ..rates import check_change_rules, night_prices, night_rates
from ..rules import check_dates as _check_dates
from ..rules import check_party as _check_party
from ..rules import check_plan as _check_plan
from ..rules import check_stay as _check_stay
from . import block_nights, inventory
from .rooms import RoomUnavailable
from .setup import find_rate_plan, find_room_type

CONFIRMATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CONFIRMATION_LENGTH = 8
HOLDING = (
    ReservationStatus.CONFIRMED,
    ReservationStatus.CHECKED_IN,
    ReservationStatus.CHECKED_OUT,
)


def _retry_on_deadlock(fn, attempts: int = 4):
    """PostgreSQL may abort one of two transactions that wait on each other; the work is
    then simply done again. SQLite never reports this (one writer at a time)."""
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if not db.is_deadlock(exc) or attempt == attempts - 1:
                raise


def new_confirmation() -> str:
    return "".join(secrets.choice(CONFIRMATION_ALPHABET) for _ in range(CONFIRMATION_LENGTH))


def _room_type(establishment: Establishment, code: str) -> RoomType:
    room_type = find_room_type(establishment, code)
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_type")
    return room_type


def _rate_plan(establishment: Establishment, code: str | None) -> RatePlan | None:
    if not code:
        return None
    plan = find_rate_plan(establishment, code)
    if plan is None or not plan.active:
        raise Invalid(_("Unknown rate plan."), code="unknown_rate_plan", field="rate_plan")
    return plan


def _ensure_inventory(establishment: Establishment, departure: dt.date) -> None:
    """Nights exist up to the stay's last; the horizon grows a month at a time."""
    last_night = departure - dt.timedelta(days=1)
    if establishment.inventory_horizon is None or establishment.inventory_horizon < last_night:
        inventory.ensure(establishment, last_night + dt.timedelta(days=30))


def _not_available() -> NotAvailable:
    return NotAvailable(_("No room of this type is free on every night of the stay."))


def _check_details(source: str, guarantee: str, notes: str) -> None:
    if source not in Source.values:
        raise Invalid(_("Unknown source."), code="invalid", field="source")
    if guarantee not in Guarantee.values:
        raise Invalid(_("Unknown guarantee."), code="invalid", field="guarantee")
    if len(notes) > 4000:
        raise Invalid(_("The notes are too long."), field="notes")


def _holder(
    establishment: Establishment, customer_id: int | None, guest: dict | None
) -> tuple[Customer | None, Customer | None]:
    """(existing customer, unsaved candidate): one of them."""
    if customer_id is not None:
        customer = Customer.objects.filter(establishment=establishment, pk=customer_id).first()
        if customer is None:
            raise Invalid(_("Unknown guest."), code="unknown_guest", field="guest_id")
        return customer, None
    if not guest:
        raise Invalid(_("Give a guest or a guest id."), code="guest_required", field="guest")
    return None, customer_build(establishment=establishment, **guest)


def _book(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    room_type: RoomType,
    plan: RatePlan | None,
    arrival: dt.date,
    departure: dt.date,
    prices: list[Decimal],
    customer: Customer | None,
    candidate: Customer | None,
    status: str = ReservationStatus.CONFIRMED,
    block: Any = None,
    **details: Any,
) -> Reservation:
    """Take the nights (if the status holds them) and insert the reservation, its nights
    and their history, in one transaction. A confirmation code collision (one in ~10^11)
    draws again; any other integrity error is not retried."""
    stay = dates_mod.nights(arrival, departure)
    held = status in HOLDING

    def attempt() -> Reservation:
        with transaction.atomic():
            if block is not None:
                # From a group's block: its nights, never the general inventory's.
                if held and not block_nights.take(block.pk, room_type.pk, stay):
                    raise block_nights.block_full()
                details["block"] = block
            elif held and not inventory.take(room_type.pk, stay):
                raise _not_available()
            holder = customer or customer_for_booking(candidate, actor)
            confirmation = new_confirmation()
            folio = folio_insert(
                folio_build_for_guest(
                    establishment=establishment,
                    customer=holder,
                    name=holder.full_name,
                    reference=confirmation,
                ),
                actor,
            )
            reservation = Reservation(
                establishment=establishment,
                confirmation=confirmation,
                customer=holder,
                folio=folio,
                room_type=room_type,
                rate_plan=plan,
                arrival=arrival,
                departure=departure,
                status=status,
                total_price=sum(prices, Decimal(0)),
                created_by=actor if actor is not None and actor.is_authenticated else None,
                **details,
            )
            nights = [
                ReservationNight(
                    establishment=establishment,
                    room_type=room_type,
                    date=day,
                    price=price,
                    held=held,
                )
                for day, price in zip(stay, prices, strict=True)
            ]
            insert_with_history(reservation, actor, children=nights)
            reservation._created_nights = nights
            # The apps above lodging (procedures: the confirmation message), in this
            # transaction: what they queue is committed with the booking or not at all.
            for hook in extensions.after_booking:
                hook(reservation, actor)
            return reservation

    for _attempt in range(3):
        try:
            return _retry_on_deadlock(attempt)
        except IntegrityError as exc:
            if not db.violates(exc, Reservation, "reservation_confirmation_uniq"):
                raise
    raise Conflict(_("Please try again."), code="retry")


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
    block: Any = None,
) -> Reservation:
    """Book a room type for a stay. Raises Invalid (422) for bad input and NotAvailable
    (409) when some night has no free room of the type; then nothing is written. With a
    `block` (an open RoomBlock, see `blocks.block_book`) the nights come from the block."""
    with tenancy.scope(establishment):
        room_type = _room_type(establishment, room_type_code)
        _check_stay(establishment, arrival, departure)
        _check_party(room_type, adults, children)
        plan = _rate_plan(establishment, rate_plan_code)
        # Priced and checked from one reading of the rates: the rules of the arrival night
        # (minimum stay, closed to arrival) and the price of each night.
        rates = night_rates(
            room_type, plan, dates_mod.nights(arrival, departure), establishment.currency
        )
        _check_plan(plan, len(rates), rates[0])
        _check_details(source, guarantee, notes)
        customer, candidate = _holder(establishment, customer_id, guest)
        prices = [night.price for night in rates]
        _ensure_inventory(establishment, departure)
        return _book(
            establishment=establishment,
            actor=actor,
            room_type=room_type,
            plan=plan,
            arrival=arrival,
            departure=departure,
            prices=prices,
            customer=customer,
            candidate=candidate,
            adults=adults,
            children=children,
            source=source,
            guarantee=guarantee,
            notes=notes,
            block=block,
        )


def reservation_import(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    room_type_code: str,
    arrival: dt.date,
    departure: dt.date,
    status: str,
    adults: int = 1,
    children: int = 0,
    customer_id: int | None = None,
    guest: dict[str, Any] | None = None,
    rate_plan_code: str | None = None,
    source: str = Source.DIRECT,
    guarantee: str = Guarantee.NONE,
    notes: str = "",
    cancel_reason: str = "",
) -> Reservation:
    """A reservation taken over from another system (or the demo): past stays too, in the
    status it has there. Stays that hold rooms take their nights through the same
    conditional UPDATE as a booking, so an import can never oversell either."""
    with tenancy.scope(establishment):
        today = establishment.today()
        room_type = _room_type(establishment, room_type_code)
        _check_dates(arrival, departure)
        _check_party(room_type, adults, children)
        plan = _rate_plan(establishment, rate_plan_code)
        _check_details(source, guarantee, notes)
        allowed_status = {
            ReservationStatus.CONFIRMED: today <= arrival,
            ReservationStatus.CHECKED_IN: arrival <= today <= departure,
            ReservationStatus.CHECKED_OUT: departure <= today,
            ReservationStatus.NO_SHOW: arrival <= today,
            ReservationStatus.CANCELLED: True,
        }
        if not allowed_status.get(status, False):
            raise Invalid(
                _("This status does not fit the stay's dates."), code="invalid", field="status"
            )
        if status == ReservationStatus.CANCELLED and not cancel_reason.strip():
            raise Invalid(_("Give a reason for the cancellation."), code="reason_required")
        customer, candidate = _holder(establishment, customer_id, guest)
        prices = night_prices(
            room_type, plan, dates_mod.nights(arrival, departure), establishment.currency
        )
        if status in HOLDING:
            _ensure_inventory(establishment, departure)
            if arrival < today - dt.timedelta(days=1):
                # Past nights: their rows may predate the inventory's first night.
                inventory.ensure_nights(room_type, arrival, departure)
        return _book(
            establishment=establishment,
            actor=actor,
            room_type=room_type,
            plan=plan,
            arrival=arrival,
            departure=departure,
            prices=prices,
            customer=customer,
            candidate=candidate,
            status=status,
            adults=adults,
            children=children,
            source=source,
            guarantee=guarantee,
            notes=notes,
            cancel_reason=cancel_reason.strip(),
        )


def _locked(reservation: Reservation) -> Reservation:
    """The reservation's row, locked for the rest of the transaction (PostgreSQL; SQLite
    already runs one writer at a time), read afresh."""
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
            if current.status == ReservationStatus.CHECKED_IN:
                _change_in_house(current, changes)
                current._history_user = actor
                current.save()
                return current
            if current.status != ReservationStatus.CONFIRMED:
                raise InvalidTransition(
                    _("Only confirmed reservations can be changed."), code="invalid_status"
                )
            arrival = changes.get("arrival", current.arrival)
            departure = changes.get("departure", current.departure)
            room_type = current.room_type
            code = changes.get("room_type_code")
            if code is not None and code.lower() != room_type.code.lower():
                room_type = _room_type(establishment, code)
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
            if stay_changed and current.block_id and block_nights.is_open(current.block_id):
                raise block_nights.block_open_only()
            if stay_changed:
                _check_stay(establishment, arrival, departure)
                check_change_rules(current, room_type, arrival, departure)
            _check_party(room_type, adults, children)
            if stay_changed:
                _move_stay(current, room_type, arrival, departure)
            current.arrival, current.departure = arrival, departure
            current.room_type = room_type
            current.adults, current.children, current.notes = adults, children, notes
            current._history_user = actor
            current.save()
            return current

    with tenancy.scope(establishment):
        departure = changes.get("departure")
        latest = establishment.today() + dt.timedelta(days=MAX_DAYS_AHEAD + MAX_NIGHTS)
        if isinstance(departure, dt.date) and departure <= latest:
            # Beyond that the stay is refused inside the transaction; never grow the
            # inventory for a date nobody can book.
            _ensure_inventory(establishment, departure)
        return _retry_on_deadlock(modify)


def _change_in_house(current: Reservation, changes: dict[str, Any]) -> None:
    """A stay in house: its departure moves (an extension or an early departure), the party
    and the notes may change; the arrival and the room type may not (a move changes rooms).
    Nights before the business date are never touched; the guest keeps the room, or the
    change is refused (409 `room_unavailable`) rather than leave them without one."""
    today = current.establishment.business_day()
    if changes.get("arrival", current.arrival) != current.arrival:
        raise Invalid(
            _("The arrival cannot change once the guest has checked in."),
            code="arrival_fixed",
            field="arrival",
        )
    code = changes.get("room_type_code")
    if code is not None and code.lower() != current.room_type.code.lower():
        raise Invalid(
            _("A guest in house changes room type with a room move."),
            code="use_room_move",
            field="room_type",
        )
    departure = changes.get("departure", current.departure)
    adults = changes.get("adults", current.adults)
    children = changes.get("children", current.children)
    notes = changes.get("notes", current.notes)
    if len(notes) > 4000:
        raise Invalid(_("The notes are too long."), field="notes")
    _check_dates(current.arrival, departure)
    if departure != current.departure and departure < today:
        raise Invalid(
            _("The departure cannot be before the business date."),
            code="departure_in_past",
            field="departure",
        )
    _check_party(current.room_type, adults, children)
    if departure > current.departure:
        if current.block_id and block_nights.is_open(current.block_id):
            raise block_nights.block_open_only()
        extend_stay(current, departure)
    elif departure < current.departure:
        shorten_stay(current, departure)
    current.departure = departure
    current.adults, current.children, current.notes = adults, children, notes


def extend_stay(current: Reservation, departure: dt.date) -> None:
    """Add the nights up to `departure` in the stay's room type and room, priced now."""
    added = dates_mod.nights(current.departure, departure)
    if current.room_id:
        taken = (
            ReservationNight.objects.filter(room_id=current.room_id, held=True, date__in=added)
            .exclude(reservation_id=current.pk)
            .exists()
        )
        closed = RoomOutOfOrder.objects.filter(
            room_id=current.room_id, start__lt=departure, end__gt=current.departure
        ).exists()
        if taken or closed:
            raise RoomUnavailable(
                _("Room %(number)s is not free for the added nights.")
                % {"number": current.room.number}
            )
    inventory.lock([(current.room_type_id, day) for day in added])
    if not inventory.take(current.room_type_id, added):
        raise _not_available()
    prices = night_prices(
        current.room_type, current.rate_plan, added, current.establishment.currency
    )
    rows = [
        ReservationNight(
            establishment_id=current.establishment_id,
            reservation=current,
            room_type_id=current.room_type_id,
            date=day,
            price=price,
            room_id=current.room_id,
        )
        for day, price in zip(added, prices, strict=True)
    ]
    try:
        with transaction.atomic():  # a savepoint: the room's unique index has the last word
            ReservationNight.objects.bulk_create(rows)
    except IntegrityError as error:
        if not db.violates(error, ReservationNight, "room_night_uniq"):
            raise
        raise RoomUnavailable(
            _("Room %(number)s is not free for the added nights.") % {"number": current.room.number}
        ) from None
    current.total_price += sum(prices, Decimal(0))


def shorten_stay(current: Reservation, departure: dt.date) -> None:
    """Give back the nights from `departure` on (an early departure): their rooms go back
    on sale and they leave the stay and its total."""
    gone = current.nights.filter(date__gte=departure)
    _release_from(current, departure)
    gone.delete()
    current.total_price = sum(current.nights.values_list("price", flat=True), Decimal(0))


def _room_keeps(
    current: Reservation, room_type: RoomType, arrival: dt.date, departure: dt.date
) -> bool:
    if current.room is None or current.room.room_type_id != room_type.pk:
        return False
    taken = (
        ReservationNight.objects.filter(
            room_id=current.room_id, held=True, date__gte=arrival, date__lt=departure
        )
        .exclude(reservation_id=current.pk)
        .exists()
    )
    closed = RoomOutOfOrder.objects.filter(
        room_id=current.room_id, start__lt=departure, end__gt=arrival
    ).exists()
    return not taken and not closed


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
    # The room given to the stay stays with it when it is still the type and free on every
    # new night; otherwise the stay waits for a room again (the desk assigns one).
    room_id = current.room_id
    if room_id and not _room_keeps(current, room_type, arrival, departure):
        room_id = current.room = None
    rows = [
        ReservationNight(
            establishment_id=current.establishment_id,
            reservation=current,
            room_type=room_type,
            date=day,
            price=kept.get(day, fresh_prices.get(day)),
            room_id=room_id,
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

    with tenancy.scope(reservation.establishment_id):
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
            current.no_show_date = today
            current._history_user = actor
            current.save()
            return current

    with tenancy.scope(reservation.establishment_id):
        return _retry_on_deadlock(no_show)


def reservation_reinstate(
    *, reservation: Reservation, actor: AbstractBaseUser | None
) -> Reservation:
    """Undo a no-show recorded today (the guest arrived late after all): the nights from
    today on are taken again, with the same conditional UPDATE as a booking, if they are
    still free; the reservation is confirmed again. Refused on a later business date."""

    def reinstate() -> Reservation:
        with transaction.atomic():
            current = _locked(reservation)
            _require_transition(current, ReservationStatus.CONFIRMED)
            today = current.establishment.today()
            if current.no_show_date != today:
                raise Conflict(
                    _("Only a no-show recorded today can be reinstated."), code="too_late"
                )
            nights = current.nights.filter(held=False, date__gte=today)
            rows = list(nights.values_list("room_type_id", "date"))
            by_type: dict[int, list[dt.date]] = {}
            for room_type_id, day in rows:
                by_type.setdefault(room_type_id, []).append(day)
            if current.block_id and block_nights.open_block(current.block_id):
                for room_type_id, days in sorted(by_type.items()):
                    if not block_nights.take(current.block_id, room_type_id, days):
                        raise block_nights.block_full()
                by_type = {}
            inventory.lock(rows if by_type else [])
            for room_type_id, days in sorted(by_type.items()):
                if not inventory.take(room_type_id, days):
                    raise _not_available()
            nights.update(held=True)
            current.status = ReservationStatus.CONFIRMED
            current.no_show_date = None
            current._history_user = actor
            current.save()
            return current

    with tenancy.scope(reservation.establishment_id):
        return _retry_on_deadlock(reinstate)


def _release_from(reservation: Reservation, first_day: dt.date | None) -> None:
    """Give back the held nights from `first_day` on (all of them when None)."""
    nights = reservation.nights.filter(held=True)
    if first_day is not None:
        nights = nights.filter(date__gte=first_day)
    rows = list(nights.values_list("room_type_id", "date"))
    if reservation.block_id and block_nights.open_block(reservation.block_id):
        # Booked from a block still open: the rooms go back to the block.
        block_nights.give_back(reservation.block_id, rows)
        nights.update(held=False)
        return
    inventory.lock(rows)
    by_type: dict[int, list[dt.date]] = {}
    for rt, day in rows:
        by_type.setdefault(rt, []).append(day)
    for rt, days in by_type.items():
        inventory.release(rt, days)
    nights.update(held=False)
