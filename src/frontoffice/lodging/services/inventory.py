"""Per-night inventory: rows per room type and night, capacity kept in step with the rooms.

Everything that changes what can be sold (rooms added, moved to another type, taken out of
service or deleted, out-of-order periods, the overbooking allowance) recomputes `capacity`
for the nights from yesterday on, in the same transaction. The CHECK `sold <= capacity`
makes the database refuse a change that would leave a night oversold; that surfaces here as
`Conflict(code="would_oversell")`.

Capacity is counted from the rooms, so two changes at once must not count around each
other: every capacity-changing service first takes the establishment's row
(`lock_establishment`), on PostgreSQL with FOR UPDATE; SQLite runs one writer at a time.
Bookings do not take that lock: they change `sold` with one conditional UPDATE, which the
database re-checks against the capacity committed before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from frontoffice.core import refcache
from frontoffice.core.errors import Conflict
from frontoffice.core.models import Establishment

from ..limits import HORIZON_DAYS
from ..models import InventoryNight, Room, RoomOutOfOrder, RoomType


def lock_establishment(establishment_id: int) -> Establishment:
    """Serialise capacity changes in one establishment. Call first in the transaction."""
    return Establishment.unscoped.select_for_update().get(pk=establishment_id)


def base_capacity(room_type: RoomType) -> int:
    rooms = Room.objects.filter(room_type=room_type, active=True).count()
    allowance = (
        RoomType.objects.filter(pk=room_type.pk)
        .values_list("overbooking_allowance", flat=True)
        .get()
    )
    return rooms + allowance


def recompute(room_type: RoomType, start: dt.date, end: dt.date) -> None:
    """Set capacity for the nights start <= date < end. Call inside a transaction that
    holds `lock_establishment`."""
    if end <= start:
        return
    nights = InventoryNight.objects.filter(room_type=room_type, date__gte=start, date__lt=end)
    try:
        with transaction.atomic():
            nights.update(capacity=base_capacity(room_type))
            periods = RoomOutOfOrder.objects.filter(
                room__room_type=room_type, room__active=True, start__lt=end, end__gt=start
            ).values_list("start", "end")
            for period_start, period_end in periods:
                nights.filter(date__gte=period_start, date__lt=period_end).update(
                    capacity=F("capacity") - 1
                )
    except IntegrityError:
        raise Conflict(
            _("This change would leave more rooms sold than there are rooms on some nights."),
            code="would_oversell",
        ) from None


def recompute_future(room_type: RoomType) -> None:
    establishment = Establishment.unscoped.get(pk=room_type.establishment_id)
    if establishment.inventory_horizon is None:
        return
    # Rows start the day before "today" (see ensure); yesterday's night may still be open.
    recompute(
        room_type,
        establishment.today() - dt.timedelta(days=1),
        establishment.inventory_horizon + dt.timedelta(days=1),
    )


def fill(room_type: RoomType, start: dt.date, end: dt.date) -> None:
    """Create the missing rows for start <= date < end and give them their capacity."""
    if end <= start:
        return
    existing = set(
        InventoryNight.objects.filter(
            room_type=room_type, date__gte=start, date__lt=end
        ).values_list("date", flat=True)
    )
    missing = []
    day = start
    while day < end:
        if day not in existing:
            missing.append(
                InventoryNight(
                    establishment_id=room_type.establishment_id, room_type=room_type, date=day
                )
            )
        day += dt.timedelta(days=1)
    if not missing:
        return
    InventoryNight.objects.bulk_create(missing, ignore_conflicts=True, batch_size=500)
    recompute(
        room_type, min(n.date for n in missing), max(n.date for n in missing) + dt.timedelta(days=1)
    )


def ensure(establishment: Establishment, until: dt.date, start: dt.date | None = None) -> None:
    """Make rows exist for every room type up to `until` (inclusive). Idempotent."""
    with transaction.atomic():
        est = lock_establishment(establishment.pk)
        horizon = est.inventory_horizon
        if start is None and horizon is not None and horizon >= until:
            establishment.inventory_horizon = horizon
            return
        first = start or (
            horizon + dt.timedelta(days=1) if horizon else est.today() - dt.timedelta(days=1)
        )
        last = max(until, horizon or until)
        for room_type in RoomType.objects.filter(establishment=est):
            fill(room_type, first, last + dt.timedelta(days=1))
        if horizon is None or last > horizon:
            Establishment.unscoped.filter(pk=est.pk).update(inventory_horizon=last)
            refcache.clear()
        establishment.inventory_horizon = last


def ensure_nights(room_type: RoomType, start: dt.date, end: dt.date) -> None:
    """Rows for one room type's nights start <= date < end (past nights of an import)."""
    with transaction.atomic():
        lock_establishment(room_type.establishment_id)
        fill(room_type, start, end)


def ensure_default_horizon(establishment: Establishment) -> None:
    """The daily job: rows for every night anyone can book from today on."""
    ensure(establishment, establishment.today() + dt.timedelta(days=HORIZON_DAYS))


def add_room_type(room_type: RoomType, locked: Establishment) -> None:
    """Give a new room type its nights up to the establishment's horizon (or open the
    horizon if this is the first type). Call inside the transaction that created it, with
    the establishment row `locked`."""
    if locked.inventory_horizon is None:
        ensure_default_horizon(locked)
    else:
        fill(
            room_type,
            locked.today() - dt.timedelta(days=1),
            locked.inventory_horizon + dt.timedelta(days=1),
        )
    room_type.establishment.inventory_horizon = locked.inventory_horizon


def take(room_type_id: int, dates: Iterable[dt.date]) -> bool:
    """Sell one room of the type on each night, or nothing at all.

    A conditional UPDATE: a night is only incremented while sold < capacity, so concurrent
    bookings of the last room cannot both succeed. Returns False when some night was full;
    the caller's transaction must then roll back.
    """
    dates = sorted(dates)
    if not dates:
        return True
    if dates[-1] - dates[0] != dt.timedelta(days=len(dates) - 1):
        query = InventoryNight.objects.filter(
            room_type_id=room_type_id, sold__lt=F("capacity"), date__in=dates
        )
        return query.update(sold=F("sold") + 1) == len(dates)
    # The hot path of every booking: one statement, written out to spare the ORM's
    # compilation on each request. The room type id was read inside the caller's scope.
    connection = transaction.get_connection()
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_SQL, [room_type_id, adapt(dates[0]), adapt(dates[-1])])
        return cursor.rowcount == len(dates)


_TAKE_SQL = (
    f"UPDATE {InventoryNight._meta.db_table} SET sold = sold + 1 "
    "WHERE room_type_id = %s AND date >= %s AND date <= %s AND sold < capacity"
)


def release(room_type_id: int, dates: Iterable[dt.date]) -> None:
    dates = list(dates)
    if dates:
        InventoryNight.objects.filter(room_type_id=room_type_id, date__in=dates).update(
            sold=F("sold") - 1
        )


def lock(pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Lock inventory rows in one fixed order (room type, date), so that two transactions
    touching the same nights cannot deadlock on PostgreSQL. SQLite needs none: IMMEDIATE
    transactions already hold the database's write lock."""
    pairs = sorted(set(pairs))
    if not pairs or not transaction.get_connection().features.has_select_for_update:
        return
    by_type: dict[int, list[dt.date]] = {}
    for room_type_id, day in pairs:
        by_type.setdefault(room_type_id, []).append(day)
    for room_type_id in sorted(by_type):
        list(
            InventoryNight.objects.select_for_update()
            .filter(room_type_id=room_type_id, date__in=by_type[room_type_id])
            .order_by("date")
            .values_list("id", flat=True)
        )
