"""Stays at the desk: check-in, walk-in, room move, check-out.

Each is one transaction that locks the reservation's row first (as every change of a
reservation does), reads the business date from that transaction, and writes history rows
naming the person. A room is never held by two stays on one night: the unique index on held
nights refuses it on every engine, and the checks here only say why beforehand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from frontoffice.billing.selectors import folio_balance
from frontoffice.core import db, formats, money, tenancy
from frontoffice.core.countries import is_country
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition, NotFound
from frontoffice.core.models import Establishment

from .. import extensions
from ..models import (
    DocumentType,
    Housekeeping,
    Registration,
    Reservation,
    ReservationNight,
    ReservationStatus,
    Room,
    Source,
)
from . import block_nights, inventory
from .audit import stay_post_night
from .reservations import (
    _locked,
    _not_available,
    _require_transition,
    _retry_on_deadlock,
    reservation_create,
    shorten_stay,
)
from .rooms import (
    RoomUnavailable,
    free_rooms,
    give_room,
    pick_room,
    room_set_housekeeping,
    with_room_retries,
)

REGISTRATION_FIELDS = ("nationality", "document_type", "document_number", "address")
MAX_KEYS = 20


class RoomDirty(Conflict):
    code = "room_dirty"


# --- registration card ---------------------------------------------------------------------


def _registration_details(details: dict[str, Any] | None) -> dict[str, str]:
    """The registration details given, trimmed and checked (422 at the field)."""
    details = dict(details or {})
    unknown = set(details) - set(REGISTRATION_FIELDS)
    if unknown:
        raise Invalid(
            _("Unknown field: %(name)s") % {"name": sorted(unknown)[0]}, field=sorted(unknown)[0]
        )
    clean = {}
    for name in REGISTRATION_FIELDS:
        value = details.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise Invalid(_("Enter text."), field=name)
        clean[name] = value.strip()
    if clean.get("nationality"):
        clean["nationality"] = clean["nationality"].upper()
        if not is_country(clean["nationality"]):
            raise Invalid(_("Unknown country."), code="invalid", field="nationality")
    if clean.get("document_type") and clean["document_type"] not in DocumentType.values:
        raise Invalid(_("Unknown identity document."), code="invalid", field="document_type")
    if len(clean.get("document_number", "")) > 50:
        raise Invalid(_("The document number is too long."), field="document_number")
    if len(clean.get("address", "")) > 500:
        raise Invalid(_("The address is too long."), field="address")
    return clean


def _check_keys(keys: int | None) -> None:
    if keys is not None and (
        isinstance(keys, bool) or not isinstance(keys, int) or not 0 <= keys <= MAX_KEYS
    ):
        raise Invalid(
            _("Give between 0 and %(n)s keys.") % {"n": MAX_KEYS}, code="invalid", field="keys"
        )


def _record_registration(
    current: Reservation, details: dict[str, str], keys: int | None, actor
) -> Registration | None:
    """Fill in the stay's registration card; refuse the check-in (422
    `registration_required`, naming the missing fields) when the establishment requires it
    and a detail is still missing."""
    card = Registration.objects.select_for_update().filter(reservation=current).first()
    values = {name: getattr(card, name) if card else "" for name in REGISTRATION_FIELDS}
    values.update(details)
    if current.establishment.registration_required:
        missing = [name for name in REGISTRATION_FIELDS if not values[name]]
        if missing:
            raise Invalid(
                _("Fill in the guest's registration before check-in."),
                code="registration_required",
                field=missing[0],
                extra={"fields": missing},
            )
    if card is None and not details and keys is None:
        return None
    if card is None:
        card = Registration(establishment_id=current.establishment_id, reservation=current)
    changed = card.pk is None
    for name, value in values.items():
        if getattr(card, name) != value:
            setattr(card, name, value)
            changed = True
    if keys is not None and card.keys != keys:
        card.keys = keys
        changed = True
    if changed:
        card._history_user = actor
        card.save()
    return card


# --- check-in -------------------------------------------------------------------------------


def reservation_check_in(
    *,
    reservation: Reservation,
    actor: AbstractBaseUser | None,
    room_number: str | None = None,
    allow_dirty: bool = False,
    registration: dict[str, Any] | None = None,
    keys: int | None = None,
    luggage_help: bool = False,
) -> Reservation:
    """The guest arrives: from the business date of arrival on (409 `too_early`), a
    confirmed stay only (409 `invalid_status`). A stay without a room gets the best free
    one of its type; a room asked for is given if free (409 `room_unavailable`). A dirty
    room is refused (409 `room_dirty`) unless `allow_dirty`. The registration card is
    filled in (required details: 422 `registration_required`) and the keys counted. The
    apps above run their `after_check_in` hooks in the same transaction, with what the
    desk asked for (`luggage_help`: a porter takes the bags from the car to the room)."""
    details = _registration_details(registration)
    _check_keys(keys)
    options = {"luggage_help": bool(luggage_help)}
    with tenancy.scope(reservation.establishment_id):
        return with_room_retries(
            lambda: _retry_on_deadlock(
                lambda: _check_in_atomic(
                    reservation, actor, room_number, allow_dirty, details, keys, options
                )
            ),
            room_number,
        )


def _check_in_atomic(reservation, actor, room_number, allow_dirty, details, keys, options):
    with transaction.atomic():
        return _check_in(
            _locked(reservation), actor, room_number, allow_dirty, details, keys, options
        )


def _check_in(
    current: Reservation,
    actor: AbstractBaseUser | None,
    room_number: str | None,
    allow_dirty: bool,
    details: dict[str, str],
    keys: int | None,
    options: dict | None = None,
) -> Reservation:
    """Check in `current`, whose row the caller holds locked."""
    if current.status != ReservationStatus.CONFIRMED:
        raise InvalidTransition(
            _("Only a confirmed reservation can be checked in."), code="invalid_status"
        )
    today = current.establishment.business_day()
    if today < current.arrival:
        raise Conflict(
            _("This guest can be checked in from the arrival date on."), code="too_early"
        )
    if today >= current.departure:
        raise Conflict(_("The stay is already over."), code="too_late")
    if room_number or current.room_id is None:
        room = pick_room(current, room_number)
    else:
        # The room given earlier: still free, in service and not out of order now?
        room = Room.objects.select_related("room_type").get(pk=current.room_id)
        if not free_rooms(current).filter(pk=room.pk).exists():
            raise RoomUnavailable(
                _("Room %(number)s is no longer free for this stay: choose another.")
                % {"number": room.number}
            )
    if room.housekeeping == Housekeeping.DIRTY and not allow_dirty:
        raise RoomDirty(
            _("Room %(number)s is not clean yet. Choose another or confirm the dirty room.")
            % {"number": room.number}
        )
    _record_registration(current, details, keys, actor)
    give_room(current, room, actor)
    current.status = ReservationStatus.CHECKED_IN
    current._history_user = actor
    current.save()
    for hook in extensions.after_check_in:
        hook(current, actor, dict(options or {}))
    return current


# --- walk-in --------------------------------------------------------------------------------


def reservation_walk_in(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    departure: dt.date,
    room_number: str | None = None,
    allow_dirty: bool = False,
    registration: dict[str, Any] | None = None,
    keys: int | None = None,
    luggage_help: bool = False,
    **booking: Any,
) -> Reservation:
    """A guest without a reservation: booked from the business date (source walk-in),
    given a room and checked in, all in one transaction, so a refusal of any step (no room
    of the type, the room dirty, the registration missing) leaves nothing written."""
    details = _registration_details(registration)
    _check_keys(keys)
    booking.pop("source", None)
    booking.pop("arrival", None)

    def work() -> Reservation:
        with transaction.atomic():
            fresh = Establishment.objects.get(pk=establishment.pk)
            reservation = reservation_create(
                establishment=fresh,
                actor=actor,
                arrival=fresh.business_day(),
                departure=departure,
                source=Source.WALK_IN,
                **booking,
            )
            return _check_in(
                _locked(reservation),
                actor,
                room_number,
                allow_dirty,
                details,
                keys,
                {"luggage_help": bool(luggage_help)},
            )

    with tenancy.scope(establishment):
        return with_room_retries(lambda: _retry_on_deadlock(work), room_number)


# --- room move ------------------------------------------------------------------------------


def reservation_move(
    *, reservation: Reservation, actor: AbstractBaseUser | None, room_number: str, reason: str
) -> Reservation:
    """Move a stay (in house, or confirmed with a room) to another room for its remaining
    nights, from the business date on (409 `room_unavailable` when the room is not free for
    all of them). A room of another type takes that type's inventory for those nights
    (409 `not_available`) and gives back the old type's; the nights keep the price agreed.
    The reason is kept in the history; the room left becomes dirty if the guest was in it."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason for the move."), code="reason_required", field="reason")
    if len(reason) > 200:
        raise Invalid(_("The reason is too long."), field="reason")
    number = (room_number or "").strip()[:10]
    if not number:
        raise Invalid(_("Choose a room."), code="room_required", field="room")

    def work() -> Reservation:
        with transaction.atomic():
            return _move(_locked(reservation), actor, number, reason)

    with tenancy.scope(reservation.establishment_id):
        try:
            return _retry_on_deadlock(work)
        except IntegrityError as error:
            if not db.violates(error, ReservationNight, "room_night_uniq"):
                raise
            raise RoomUnavailable(
                _("Room %(number)s is taken on a night of this stay.") % {"number": number}
            ) from None


def _move(current: Reservation, actor, number: str, reason: str) -> Reservation:
    if current.status not in (ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN):
        raise InvalidTransition(
            _("Only a confirmed or checked-in stay can move rooms."), code="invalid_status"
        )
    start = max(current.establishment.business_day(), current.arrival)
    if start >= current.departure:
        raise Conflict(_("The stay has no nights left to move."), code="no_nights_left")
    room = (
        Room.objects.filter(establishment_id=current.establishment_id, number__iexact=number)
        .select_related("room_type")
        .first()
    )
    if room is None:
        raise NotFound(_("No such room."))
    if room.pk == current.room_id:
        raise Invalid(
            _("The stay is already in room %(number)s.") % {"number": room.number},
            code="same_room",
            field="room",
        )
    free = free_rooms(current, start, current.departure, room_type_id=room.room_type_id)
    if not free.filter(pk=room.pk).exists():
        raise RoomUnavailable(
            _("Room %(number)s is not free for the rest of this stay.") % {"number": room.number}
        )
    remaining = current.nights.filter(held=True, date__gte=start)
    if room.room_type_id != current.room_type_id:
        if current.block_id and block_nights.is_open(current.block_id):
            raise block_nights.block_open_only()
        old = list(remaining.values_list("room_type_id", "date"))
        days = [day for _type, day in old]
        inventory.lock(old + [(room.room_type_id, day) for day in days])
        by_type: dict[int, list[dt.date]] = {}
        for type_id, day in old:
            by_type.setdefault(type_id, []).append(day)
        for type_id, type_days in sorted(by_type.items()):
            inventory.release(type_id, type_days)
        if not inventory.take(room.room_type_id, days):
            raise _not_available()
    left = current.room if current.room_id else None
    with transaction.atomic():  # a savepoint: the unique index may refuse the nights
        remaining.update(room=room, room_type=room.room_type)
    current.room = room
    current.room_type = room.room_type
    current._history_user = actor
    current._change_reason = reason
    current.save()
    if left is not None and current.status == ReservationStatus.CHECKED_IN:
        room_set_housekeeping(room=left, status=Housekeeping.DIRTY, actor=actor)
    return current


# --- check-out ------------------------------------------------------------------------------


def _balance_due(reservation: Reservation) -> Decimal | None:
    """What the guest still owes on their folio (None for a stay without one). Check-out
    is refused (409 `balance_due`) while this is not zero: a credit owed back to the guest
    must be refunded first, too."""
    if reservation.folio_id is None:
        return None
    return folio_balance(reservation.folio_id)


def _post_kept_nights(reservation: Reservation, actor: AbstractBaseUser | None) -> None:
    """A guest in house leaving before the night audit of a night they keep (the one who
    leaves on the day they came keeps the first night) is charged for it now."""
    if reservation.status != ReservationStatus.CHECKED_IN:
        return
    today = Establishment.objects.get(pk=reservation.establishment_id).business_day()
    leaving = max(today, reservation.arrival + dt.timedelta(days=1))
    day = today
    while day < min(leaving, reservation.departure):
        stay_post_night(reservation=reservation, actor=actor, day=day)
        day += dt.timedelta(days=1)


def reservation_check_out(
    *, reservation: Reservation, actor: AbstractBaseUser | None, luggage_help: bool = False
) -> Reservation:
    """The guest leaves: checked in → checked out, the room becomes dirty. Before the
    planned departure it is an early departure: the nights from the business date on go
    back on sale and leave the stay (the first night stays, for a guest who leaves on the
    day they came). Refused (409 `balance_due`) while the folio is not settled. The apps
    above run their `after_check_out` hooks in the same transaction (`luggage_help`: a
    porter takes the bags from the room to the car)."""
    options = {"luggage_help": bool(luggage_help)}

    def work() -> Reservation:
        with transaction.atomic():
            current = _locked(reservation)
            _require_transition(current, ReservationStatus.CHECKED_OUT)
            due = _balance_due(current)
            if due:
                raise Conflict(
                    _("The guest's account is not settled: %(amount)s still open.")
                    % {"amount": formats.amount(due, current.establishment.currency)},
                    code="balance_due",
                    extra={"balance": str(money.quantize(due, current.establishment.currency))},
                )
            today = current.establishment.business_day()
            leaving = max(today, current.arrival + dt.timedelta(days=1))
            if leaving < current.departure:
                shorten_stay(current, leaving)
                current.departure = leaving
            current.status = ReservationStatus.CHECKED_OUT
            current._history_user = actor
            current.save()
            if current.room_id:
                room_set_housekeeping(room=current.room, status=Housekeeping.DIRTY, actor=actor)
            for hook in extensions.after_check_out:
                hook(current, actor, dict(options))
            return current

    with tenancy.scope(reservation.establishment_id):
        _post_kept_nights(reservation, actor)
        return _retry_on_deadlock(work)
