"""A room block's nights as inventory: the pick-up of reservations booked from a block and
what they give back while the block is open (see `models_blocks`).

A booking from a block takes one room of its type on each night of the stay with one
conditional UPDATE (`picked_up + 1 WHERE picked_up < held`), all or nothing, as `inventory.take`
does with the general inventory; the CHECK `picked_up <= held` has the last word. Whoever
gives rooms back first locks the block's row (`open_block`), as the release does, so a room is
given back to the block while it is open and to the general inventory after, never to both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import F
from django.utils.translation import gettext as _

from frontoffice.core.errors import Conflict, NotAvailable

from ..models import BlockNight, BlockStatus, RoomBlock


def block_full() -> NotAvailable:
    return NotAvailable(_("The block has no room of this type left on every night of the stay."))


def block_open_only() -> Conflict:
    return Conflict(
        _("A stay booked from an open room block keeps its dates and room type."),
        code="in_block",
    )


def take(block_id: int, room_type_id: int, dates: Iterable[dt.date]) -> bool:
    """One room of the type from the block on each night, or nothing (False: the caller's
    transaction must roll back). Nights the block does not hold are refused too."""
    dates = list(dates)
    if not dates:
        return True
    taken = BlockNight.objects.filter(
        block_id=block_id, room_type_id=room_type_id, date__in=dates, picked_up__lt=F("held")
    ).update(picked_up=F("picked_up") + 1)
    return taken == len(dates)


def open_block(block_id: int) -> RoomBlock | None:
    """The block's row, locked for the transaction (FOR NO KEY UPDATE, as the release
    locks it: bookings referencing the block are not held up), when it is still open."""
    block = RoomBlock.objects.select_for_update(no_key=True).filter(pk=block_id).first()
    return block if block is not None and block.status == BlockStatus.OPEN else None


def is_open(block_id: int | None) -> bool:
    return bool(block_id) and (
        RoomBlock.objects.filter(pk=block_id, status=BlockStatus.OPEN).exists()
    )


def give_back(block_id: int, pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Rooms (room type, night) of stays booked from the open, locked block go back to it."""
    counts = Counter(pairs)
    by_amount: dict[tuple[int, int], list[dt.date]] = {}
    for (room_type_id, day), amount in counts.items():
        by_amount.setdefault((room_type_id, amount), []).append(day)
    for (room_type_id, amount), days in sorted(by_amount.items()):
        BlockNight.objects.filter(
            block_id=block_id, room_type_id=room_type_id, date__in=days
        ).update(picked_up=F("picked_up") - amount)
