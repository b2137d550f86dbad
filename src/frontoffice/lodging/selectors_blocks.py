"""Reads of room blocks: the list, one block, its pick-up per type and night."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.utils.translation import gettext as _

from frontoffice.core.errors import NotFound
from frontoffice.core.models import Establishment

from .models import BlockNight, BlockStatus, RoomBlock


def block_list(establishment: Establishment, status: str | None = None) -> QuerySet[RoomBlock]:
    rows = RoomBlock.objects.filter(establishment=establishment).annotate(
        rooms_held=Sum("nights__held"),
        rooms_picked_up=Sum("nights__picked_up"),
        rooms_released=Sum("nights__released"),
        first_night=Min("nights__date"),
        last_night=Max("nights__date"),
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("cutoff", "id")


def block_get(establishment: Establishment, block_id: int) -> RoomBlock:
    block = block_list(establishment).filter(pk=block_id).first()
    if block is None:
        raise NotFound(_("No such room block."))
    return block


@dataclass
class PickUpRow:
    room_type: str
    # Per night of the block's range: (held at the start, picked up, released) or None.
    cells: list[tuple[int, int, int] | None] = field(default_factory=list)
    held: int = 0
    picked_up: int = 0


@dataclass
class PickUp:
    dates: list[dt.date]
    rows: list[PickUpRow]
    nights: list[dict]
    held: int
    picked_up: int

    @property
    def percent(self) -> int:
        return round(100 * self.picked_up / self.held) if self.held else 0


def block_pickup(block: RoomBlock) -> PickUp:
    """Held (before any release: `held + released`), picked up and released, per room type
    and night, and in all."""
    nights = list(
        BlockNight.objects.filter(block=block)
        .select_related("room_type")
        .order_by("room_type__sort_order", "room_type__code", "date")
    )
    if not nights:
        return PickUp([], [], [], 0, 0)
    first, last = min(n.date for n in nights), max(n.date for n in nights)
    dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    by_type: dict[str, PickUpRow] = {}
    cells: dict[tuple[str, dt.date], tuple[int, int, int]] = {}
    out = []
    for n in nights:
        code = n.room_type.code
        row = by_type.setdefault(code, PickUpRow(room_type=code))
        held = n.held + n.released
        cells[(code, n.date)] = (held, n.picked_up, n.released)
        row.held += held
        row.picked_up += n.picked_up
        out.append(
            {
                "room_type": code,
                "date": n.date,
                "held": held,
                "picked_up": n.picked_up,
                "released": n.released,
            }
        )
    for code, row in by_type.items():
        row.cells = [cells.get((code, day)) for day in dates]
    rows = list(by_type.values())
    return PickUp(
        dates=dates,
        rows=rows,
        nights=out,
        held=sum(r.held for r in rows),
        picked_up=sum(r.picked_up for r in rows),
    )


def blocks_near_cutoff(establishment: Establishment, days: int = 7) -> QuerySet[RoomBlock]:
    """Open blocks whose cut-off is within `days` of the business date."""
    today = establishment.business_day()
    return block_list(establishment, BlockStatus.OPEN).filter(
        cutoff__lte=today + dt.timedelta(days=days)
    )


def block_reservation_count(block: RoomBlock) -> int:
    return block.reservations.aggregate(n=Count("id"))["n"]


def block_history(block: RoomBlock) -> list[dict]:
    """The block's history for its page, newest first (core.history's entries): who made
    it, renamed it, moved its cut-off or released it (by hand or the night audit), and
    when, in the page's language. The link to an event is on the event (guestservice)."""
    from frontoffice.core.history import HIDDEN_FIELDS, changes, for_people

    return for_people(RoomBlock, changes(block, hidden=HIDDEN_FIELDS))
