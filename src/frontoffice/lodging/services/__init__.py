"""Every write of lodging: `setup` (room types, rooms, out-of-order periods, rate plans),
`blocks` (group room blocks), `rates` (prices and rules by date, the rates page), `rooms` (housekeeping status), `stays` (check-in, walk-in, room move,
check-out), `reservations` (book, import, modify,
cancel, no-show) and `inventory` (the per-night counters they keep right). The names below
are the public ones."""

from .audit import ArrivalsPending, night_audit, night_audit_step
from .blocks import block_book, block_create, block_release
from .city_tax import city_tax_delete, city_tax_save
from .rates import RatesChanged, rate_plan_days_change, rate_plan_override
from .reservations import (
    reservation_cancel,
    reservation_create,
    reservation_import,
    reservation_modify,
    reservation_no_show,
    reservation_reinstate,
)
from .rooms import (
    RoomUnavailable,
    reservation_assign_room,
    room_set_housekeeping,
    rooms_mark_dirty,
)
from .setup import (
    find_rate_plan,
    find_room_type,
    rate_plan_create,
    rate_plan_delete,
    rate_plan_price_delete,
    rate_plan_set_price,
    rate_plan_update,
    room_back_in_order,
    room_create,
    room_delete,
    room_out_of_order,
    room_out_of_order_update,
    room_type_create,
    room_type_delete,
    room_type_update,
    room_update,
)
from .stays import (
    RoomDirty,
    reservation_check_in,
    reservation_check_out,
    reservation_move,
    reservation_walk_in,
)

__all__ = [
    "ArrivalsPending",
    "block_book",
    "block_create",
    "block_release",
    "city_tax_delete",
    "city_tax_save",
    "night_audit",
    "night_audit_step",
    "rooms_mark_dirty",
    "find_rate_plan",
    "find_room_type",
    "rate_plan_create",
    "rate_plan_delete",
    "RatesChanged",
    "RoomUnavailable",
    "rate_plan_days_change",
    "rate_plan_override",
    "rate_plan_price_delete",
    "rate_plan_set_price",
    "rate_plan_update",
    "reservation_assign_room",
    "reservation_cancel",
    "reservation_check_in",
    "reservation_check_out",
    "reservation_move",
    "reservation_walk_in",
    "RoomDirty",
    "reservation_create",
    "reservation_import",
    "reservation_modify",
    "reservation_no_show",
    "reservation_reinstate",
    "room_back_in_order",
    "room_create",
    "room_delete",
    "room_out_of_order",
    "room_out_of_order_update",
    "room_set_housekeeping",
    "room_type_create",
    "room_type_delete",
    "room_type_update",
    "room_update",
]
