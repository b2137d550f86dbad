"""Writes of a room's day-to-day state: its housekeeping status (clean, dirty, inspected),
with the person who set it in the room's history; and which room a stay gets.

A room is never held by two stays on one night: the nights of a stay carry its room, and a
unique index on (room, night) among held nights refuses the second, on every engine. The
checks here only choose a good room and say why one cannot be had."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core import db, tenancy
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition, NotFound
from frontoffice.core.services.history import HISTORY_FIELDS

from ..models import (
    Housekeeping,
    Reservation,
    ReservationNight,
    ReservationStatus,
    Room,
)
from ..selectors import free_rooms

ASSIGNABLE = {ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN}


def room_set_housekeeping(*, room: Room, status: str, actor: AbstractBaseUser | None) -> Room:
    """Set the status; the same status again writes nothing (no history row)."""
    if status not in Housekeeping.values:
        raise Invalid(
            _("Unknown housekeeping status: %(value)s") % {"value": str(status)[:20]},
            code="invalid_housekeeping",
            field="housekeeping",
        )
    with tenancy.scope(room.establishment_id), transaction.atomic():
        current = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
        if current.housekeeping != status:
            current.housekeeping = status
            current._history_user = actor
            current.save(update_fields=["housekeeping"])
    return current


class RoomUnavailable(Conflict):
    code = "room_unavailable"


def reservation_assign_room(
    *, reservation: Reservation, actor: AbstractBaseUser | None, room_number: str | None = None
) -> Reservation:
    """Give the stay a room: the one asked for, or the best free one of its type. Refused
    (409 `room_unavailable`) when the room is of another type, out of service or out of
    order then, or held by another stay on one of its nights."""
    with tenancy.scope(reservation.establishment_id):
        return with_room_retries(lambda: _assign(reservation, actor, room_number), room_number)


def with_room_retries(work, room_number: str | None):
    """Run `work`; when the room index refuses the room chosen automatically (another stay
    took it between the check and the write), choose again. A room asked for by number is
    refused (409 `room_unavailable`)."""
    for _attempt in range(5):
        try:
            return work()
        except IntegrityError as error:
            if not db.violates(error, ReservationNight, "room_night_uniq"):
                raise
            if room_number:
                raise RoomUnavailable(
                    _("Room %(number)s is taken on a night of this stay.")
                    % {"number": room_number.strip()[:10]}
                ) from None
    raise RoomUnavailable(_("No free room of this type for the whole stay."))


def _assign(
    reservation: Reservation, actor: AbstractBaseUser | None, room_number: str | None
) -> Reservation:
    with transaction.atomic():
        current = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related("room_type", "room", "establishment", "customer", "rate_plan")
            .get(pk=reservation.pk)
        )
        if current.status not in ASSIGNABLE:
            raise InvalidTransition(
                _("A room can only be given to a confirmed or checked-in stay."),
                code="invalid_status",
            )
        room = pick_room(current, room_number)
        give_room(current, room, actor)
        return current


def pick_room(current: Reservation, room_number: str | None) -> Room:
    """The room asked for, checked free for the whole stay, or the best free one of the
    stay's type. Call inside the transaction that holds the reservation's row."""
    free = free_rooms(current)
    if room_number:
        room = (
            Room.objects.filter(
                establishment_id=current.establishment_id,
                number__iexact=room_number.strip()[:10],
            )
            .select_related("room_type")
            .first()
        )
        if room is None:
            raise NotFound(_("No such room."))
        if room.room_type_id != current.room_type_id:
            raise RoomUnavailable(
                _("Room %(number)s is not of this stay's room type (%(type)s).")
                % {"number": room.number, "type": current.room_type.label}
            )
        if not free.filter(pk=room.pk).exists():
            raise RoomUnavailable(
                _("Room %(number)s is not free for the whole stay.") % {"number": room.number}
            )
        return room
    room = free.first()
    if room is None:
        raise RoomUnavailable(_("No free room of this type for the whole stay."))
    return room


def give_room(current: Reservation, room: Room, actor: AbstractBaseUser | None) -> None:
    """Put the stay's held nights in `room` (the unique index on held nights refuses a room
    another stay holds: IntegrityError, for the caller to tell) and record it."""
    if current.room_id == room.pk:
        return
    with transaction.atomic():  # a savepoint: the unique index may refuse the nights
        ReservationNight.objects.filter(reservation=current, held=True).update(room=room)
    current.room = room
    current._history_user = actor
    current.save(update_fields=["room", "updated_at"])


def rooms_mark_dirty(*, establishment_id: int, rooms, actor: AbstractBaseUser | None) -> int:
    """Make these rooms dirty (the night audit: every occupied room is cleaned the next
    day). `rooms` is a queryset of room ids (a subquery) or a list. One INSERT … SELECT of
    the history rows (the person, the new status) of the rooms that change, then one UPDATE:
    a hotel of a thousand rooms is not a thousand saves. Rooms already dirty write nothing."""
    with tenancy.scope(establishment_id), transaction.atomic():
        changing = Room.objects.filter(establishment_id=establishment_id, pk__in=rooms).exclude(
            housekeeping=Housekeeping.DIRTY
        )
        # Locked (PostgreSQL; SQLite has one writer): the two statements see the same rows.
        count = len(list(changing.select_for_update().order_by("pk").values_list("pk")))
        if not count:
            return 0
        connection = transaction.get_connection()
        quote = connection.ops.quote_name
        history = Room.history.model
        tracked = [
            f.column
            for f in history._meta.concrete_fields
            if f.name not in HISTORY_FIELDS and f.attname != "history_user_id"
        ]
        selected = ", ".join(
            "%s" if column == "housekeeping" else f"r.{quote(column)}" for column in tracked
        )
        where, params = changing.values("pk").query.sql_with_params()
        user = actor if actor is not None and actor.is_authenticated else None
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} "
            f"({', '.join(quote(c) for c in tracked)}, history_date, history_change_reason, "
            f"history_type, history_user_id) "
            f"SELECT {selected}, %s, NULL, '~', %s FROM {quote(Room._meta.db_table)} r "
            f"WHERE r.id IN ({where})"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    Housekeeping.DIRTY,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                    user.pk if user else None,
                    *params,
                ],
            )
        changing.update(housekeeping=Housekeeping.DIRTY)
        return count
