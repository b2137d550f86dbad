"""Room blocks: make one (it takes its rooms from the inventory), book from it, release it.

`block_create` adds each (room type, night)'s rooms to `InventoryNight.sold` with one
conditional UPDATE per night (`sold + count WHERE sold + count <= capacity`), after locking
the nights in the fixed order bookings lock them: all the nights or none, 409
`not_available` naming the first night short. Bookings from the block take the block's
nights (`block_nights.take`), never the inventory's again; a stay's nights must all be in
the block (the rest is refused with 409 `not_available`: book a second stay for them).
`block_release` (by hand) and `release_due` (the night audit of the cut-off date, inside its
transaction) lock the block's row, give what is unsold back to the inventory, record it
per night (`released`) and set `held` to what was picked up; a released block is never
released again, so a second audit run or a retry after a crash releases nothing twice.
The block's row is locked FOR NO KEY UPDATE (here, in `block_update` and in
`block_nights.open_block`): a booking from the block references the row (its foreign key
takes KEY SHARE), which that lock lets through, so a booking that has taken the block's
nights finishes and the release waits for it on the nights; FOR UPDATE made the two wait for each other (a deadlock on
PostgreSQL, broken after a second by aborting one). An edit (name, cut-off) does not hold up
a booking from the block; it and a release wait for each other. tests/test_block_locks.py
pins each lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core import formats, tenancy
from frontoffice.core.errors import Conflict, Invalid, NotAvailable
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..limits import LAST_BOOKABLE_NIGHT_DAYS
from ..models import BlockNight, BlockStatus, InventoryNight, Reservation, RoomBlock
from . import inventory
from .reservations import _ensure_inventory, _retry_on_deadlock, reservation_create
from .setup import find_room_type

MAX_BLOCK_ROWS = 1000
MAX_ROOMS_PER_NIGHT = 500


def _user(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def _nights(establishment: Establishment, rooms: list[dict[str, Any]]) -> list[tuple]:
    """[(room type, night, count)] checked, in the order they are locked."""
    if not rooms:
        raise Invalid(_("Give at least one night of rooms."), code="rooms_required", field="rooms")
    if len(rooms) > MAX_BLOCK_ROWS:
        raise Invalid(_("Too many nights in one block."), field="rooms")
    today = establishment.business_day()
    last = today + dt.timedelta(days=LAST_BOOKABLE_NIGHT_DAYS)
    types: dict[str, Any] = {}
    seen = set()
    rows = []
    for row in rooms:
        code = str(row.get("room_type") or "")
        day, count = row.get("date"), row.get("count")
        if code.lower() not in types:
            types[code.lower()] = find_room_type(establishment, code)
        room_type = types[code.lower()]
        if room_type is None:
            raise Invalid(_("Unknown room type."), code="unknown_room_type", field="rooms")
        if not isinstance(day, dt.date) or not today <= day <= last:
            raise Invalid(
                _("The block's nights must be from the business date on, and bookable."),
                code="invalid_date",
                field="rooms",
            )
        if not isinstance(count, int) or not 1 <= count <= MAX_ROOMS_PER_NIGHT:
            raise Invalid(_("Give a number of rooms from 1 to 500."), field="rooms")
        if (room_type.pk, day) in seen:
            raise Invalid(
                _("A room type and night appear twice."), code="duplicate_night", field="rooms"
            )
        seen.add((room_type.pk, day))
        rows.append((room_type, day, count))
    return sorted(rows, key=lambda r: (r[0].pk, r[1]))


def block_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    name: str,
    cutoff: dt.date,
    rooms: list[dict[str, Any]],
) -> RoomBlock:
    """Hold rooms per type per night for a group until `cutoff` (a date from the business
    date on, not after the block's last night). 409 `not_available` when a night has not
    that many rooms free; then nothing is held."""
    with tenancy.scope(establishment):
        name = _name_checked(name)
        rows = _nights(establishment, rooms)
        _cutoff_checked(establishment, cutoff, max(day for _t, day, _c in rows))
        _ensure_inventory(establishment, max(day for _t, day, _c in rows) + dt.timedelta(days=1))

        def create() -> RoomBlock:
            with transaction.atomic():
                inventory.lock([(room_type.pk, day) for room_type, day, _c in rows])
                for room_type, day, count in rows:
                    taken = InventoryNight.objects.filter(
                        room_type=room_type, date=day, sold__lte=F("capacity") - count
                    ).update(sold=F("sold") + count)
                    if taken != 1:
                        raise NotAvailable(
                            _("Not enough rooms of type %(type)s are free on %(date)s.")
                            % {"type": room_type.code, "date": formats.date(day)},
                            extra={"room_type": room_type.code, "date": day.isoformat()},
                        )
                block = RoomBlock(
                    establishment=establishment, name=name, cutoff=cutoff, created_by=_user(actor)
                )
                full_clean(block, exclude=["establishment"])
                block._history_user = _user(actor)
                block.save()
                BlockNight.objects.bulk_create(
                    BlockNight(
                        establishment=establishment,
                        block=block,
                        room_type=room_type,
                        date=day,
                        held=count,
                    )
                    for room_type, day, count in rows
                )
                return block

        return _retry_on_deadlock(create)


def _name_checked(name) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 200:
        raise Invalid(_("Give the block a name (200 characters at most)."), field="name")
    return name


def _cutoff_checked(establishment: Establishment, cutoff, last_night: dt.date | None) -> dt.date:
    """The rules of a cut-off: from the business date on, not after the last night held."""
    if not isinstance(cutoff, dt.date) or cutoff < establishment.business_day():
        raise Invalid(
            _("The cut-off cannot be before the business date."),
            code="invalid_cutoff",
            field="cutoff",
        )
    if last_night is not None and cutoff > last_night:
        raise Invalid(
            _("The cut-off cannot be after the block's last night."),
            code="invalid_cutoff",
            field="cutoff",
        )
    return cutoff


def block_update(
    *,
    block: RoomBlock,
    actor: AbstractBaseUser | None,
    name: str | None = None,
    cutoff: dt.date | None = None,
) -> RoomBlock:
    """Rename the block or move its cut-off (None: as it is), under the block's row lock:
    409 `block_released` once released (the night audit or a release may have run since the
    block was read); the cut-off by the rules of `block_create` (422 `invalid_cutoff`: before
    the business date, or after the block's last night). The rooms held do not change here."""
    with tenancy.scope(block.establishment_id), transaction.atomic():
        current = (
            RoomBlock.objects.select_for_update(no_key=True, of=("self",))
            .select_related("establishment")
            .get(pk=block.pk, establishment_id=block.establishment_id)
        )
        if current.status != BlockStatus.OPEN:
            raise _released()
        fields = []
        if name is not None:
            current.name = _name_checked(name)
            fields.append("name")
        if cutoff is not None:
            last = (
                BlockNight.objects.filter(block=current)
                .order_by("-date")
                .values_list("date", flat=True)
                .first()
            )
            current.cutoff = _cutoff_checked(current.establishment, cutoff, last)
            fields.append("cutoff")
        if fields:
            full_clean(current, exclude=["establishment"])
            current._history_user = _user(actor)
            current.save(update_fields=fields)
    return current


def block_book(*, block: RoomBlock, actor: AbstractBaseUser | None, **booking: Any) -> Reservation:
    """A reservation picked up from the block (the arguments of `reservation_create`):
    409 `block_released` once released, 409 `not_available` when the block has no room of
    the type left on some night of the stay, or does not hold that night."""
    if block.status != BlockStatus.OPEN:
        raise _released()
    return reservation_create(
        establishment=block.establishment, actor=actor, block=block, **booking
    )


def _released() -> Conflict:
    return Conflict(_("This block has been released."), code="block_released")


def _release(block: RoomBlock, actor: AbstractBaseUser | None) -> RoomBlock:
    """Release a block whose row the caller has locked and found open."""
    nights = list(
        BlockNight.objects.select_for_update()
        .filter(block=block)
        .order_by("room_type_id", "date")
        .values_list("room_type_id", "date", "held", "picked_up")
    )
    unsold = [(rt, day, held - picked) for rt, day, held, picked in nights if held > picked]
    inventory.lock([(rt, day) for rt, day, _n in unsold])
    for rt, day, count in unsold:
        InventoryNight.objects.filter(room_type_id=rt, date=day).update(sold=F("sold") - count)
    BlockNight.objects.filter(block=block).update(
        released=F("held") - F("picked_up"), held=F("picked_up")
    )
    block.status = BlockStatus.RELEASED
    block.released_at = timezone.now()
    block.released_by = _user(actor)
    block._history_user = _user(actor)
    block.save(update_fields=["status", "released_at", "released_by"])
    return block


def block_release(*, block: RoomBlock, actor: AbstractBaseUser | None) -> RoomBlock:
    """Give what is unsold back to general availability now. 409 `block_released` when
    it was released before."""

    def release() -> RoomBlock:
        with transaction.atomic():
            current = RoomBlock.objects.select_for_update(no_key=True).get(pk=block.pk)
            if current.status != BlockStatus.OPEN:
                raise _released()
            return _release(current, actor)

    with tenancy.scope(block.establishment_id):
        return _retry_on_deadlock(release)


def release_due(
    *, establishment_id: int, actor: AbstractBaseUser | None, business_date: dt.date
) -> int:
    """The night audit's step: release every open block whose cut-off is `business_date`
    (or earlier). Call inside the audit's transaction; answers how many were released."""
    due = list(
        RoomBlock.objects.select_for_update(no_key=True)
        .filter(
            establishment_id=establishment_id, status=BlockStatus.OPEN, cutoff__lte=business_date
        )
        .order_by("pk")
    )
    for block in due:
        _release(block, actor)
    return len(due)
