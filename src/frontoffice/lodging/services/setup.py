"""Setting up a hotel: room types, rooms, out-of-order periods, rate plans and their prices
per room type (prices and rules by date are `rates`).

One function per change, one transaction each, scoped to the establishment. Changes to
what can be sold take the establishment's lock first and recompute the per-night capacity
in the same transaction (see `inventory`); one that would leave a night oversold is refused
with 409 `would_oversell` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from frontoffice.core import money, refcache, tenancy
from frontoffice.core import names as names_mod
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..models import (
    NAME_LENGTH,
    RatePlan,
    RatePlanPrice,
    Room,
    RoomOutOfOrder,
    RoomType,
)
from . import inventory


def find_room_type(establishment: Establishment | int, code: str) -> RoomType | None:
    """A room type by its code, whatever the case (DBL, dbl)."""
    establishment_id = getattr(establishment, "pk", establishment)
    if not isinstance(code, str) or not code:
        return None
    return refcache.get(
        ("room_type", establishment_id, code.lower()),
        lambda: (
            RoomType.objects.filter(establishment_id=establishment_id, code__iexact=code)
            .select_related("establishment")
            .first()
        ),
    )


def find_rate_plan(establishment: Establishment | int, code: str) -> RatePlan | None:
    establishment_id = getattr(establishment, "pk", establishment)
    if not isinstance(code, str) or not code:
        return None
    return RatePlan.objects.filter(establishment_id=establishment_id, code__iexact=code).first()


def _room_type_or_invalid(establishment_id: int, code: str) -> RoomType:
    room_type = find_room_type(establishment_id, code)
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_type")
    return room_type


# --- room types ---------------------------------------------------------------------------

ROOM_TYPE_FIELDS = (
    "name",
    "names",
    "capacity",
    "base_rate",
    "overbooking_allowance",
    "description",
    "sort_order",
)


def room_type_create(
    *,
    establishment: Establishment,
    code: str,
    name: str,
    capacity: int,
    base_rate: Decimal,
    names: dict[str, str] | None = None,
    overbooking_allowance: int = 0,
    description: str = "",
    sort_order: int = 0,
) -> RoomType:
    """`names`: the name per language ({"nl": "Tweepersoonskamer"}); `name` is the default."""
    room_type = RoomType(
        establishment=establishment,
        code=(code or "").strip(),
        name=name,
        names=names_mod.clean(names, NAME_LENGTH),
        capacity=capacity,
        base_rate=money.quantize(base_rate, establishment.currency),
        overbooking_allowance=overbooking_allowance,
        description=description,
        sort_order=sort_order,
    )
    full_clean(room_type, exclude=["establishment"])
    with tenancy.scope(establishment), transaction.atomic():
        est = inventory.lock_establishment(establishment.pk)
        if RoomType.objects.filter(establishment=est, code__iexact=room_type.code).exists():
            raise Conflict(_("A room type with this code already exists."), code="duplicate")
        room_type.save()
        refcache.clear()
        inventory.add_room_type(room_type, locked=est)
    return room_type


def room_type_update(*, room_type: RoomType, **changes: Any) -> RoomType:
    unknown = set(changes) - set(ROOM_TYPE_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise Invalid(_("Unknown field: %(name)s") % {"name": name}, field=name)
    with tenancy.scope(room_type.establishment_id), transaction.atomic():
        est = inventory.lock_establishment(room_type.establishment_id)
        current = RoomType.objects.select_for_update().get(pk=room_type.pk)
        allowance_before = current.overbooking_allowance
        for key, value in changes.items():
            if key == "base_rate":
                value = money.quantize(value, est.currency)
            elif key == "names":
                value = names_mod.clean(value, NAME_LENGTH)
            setattr(current, key, value)
        full_clean(current, exclude=["establishment"])
        current.save()
        refcache.clear()
        if current.overbooking_allowance != allowance_before:
            inventory.recompute_future(current)
    return current


def room_type_delete(*, room_type: RoomType) -> None:
    """Only a room type nobody ever booked and no room uses; its nights go with it."""
    with tenancy.scope(room_type.establishment_id), transaction.atomic():
        inventory.lock_establishment(room_type.establishment_id)
        current = RoomType.objects.select_for_update().get(pk=room_type.pk)
        if current.rooms.exists():
            raise Conflict(
                _("Move or delete this room type's rooms first."), code="room_type_in_use"
            )
        try:
            with transaction.atomic():
                current.delete()
        except ProtectedError:
            raise Conflict(
                _("This room type has reservations; it cannot be deleted."),
                code="room_type_in_use",
            ) from None
        refcache.clear()


# --- rooms --------------------------------------------------------------------------------


def room_create(
    *,
    establishment: Establishment,
    number: str,
    room_type_code: str,
    floor: int = 0,
    features: list[str] | None = None,
    active: bool = True,
) -> Room:
    with tenancy.scope(establishment), transaction.atomic():
        inventory.lock_establishment(establishment.pk)
        room_type = _room_type_or_invalid(establishment.pk, room_type_code)
        room = Room(
            establishment=establishment,
            room_type=room_type,
            number=(number or "").strip(),
            floor=floor,
            features=list(features or []),
            active=active,
        )
        full_clean(room, exclude=["establishment"])
        if Room.objects.filter(establishment=establishment, number__iexact=room.number).exists():
            raise Conflict(_("A room with this number already exists."), code="duplicate")
        room.save()
        inventory.recompute_future(room_type)
    return room


def room_update(
    *,
    room: Room,
    number: str | None = None,
    room_type_code: str | None = None,
    active: bool | None = None,
    floor: int | None = None,
    features: list[str] | None = None,
) -> Room:
    with tenancy.scope(room.establishment_id), transaction.atomic():
        inventory.lock_establishment(room.establishment_id)
        current = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
        old_type = current.room_type
        if room_type_code is not None and room_type_code.lower() != old_type.code.lower():
            current.room_type = _room_type_or_invalid(current.establishment_id, room_type_code)
        if number is not None and number.strip() != current.number:
            number = number.strip()
            clash = Room.objects.filter(
                establishment_id=current.establishment_id, number__iexact=number
            ).exclude(pk=current.pk)
            if clash.exists():
                raise Conflict(_("A room with this number already exists."), code="duplicate")
            current.number = number
        if active is not None:
            current.active = active
        if floor is not None:
            current.floor = floor
        if features is not None:
            current.features = list(features)
        full_clean(current, exclude=["establishment"])
        current.save()
        inventory.recompute_future(old_type)
        if current.room_type_id != old_type.pk:
            inventory.recompute_future(current.room_type)
    return current


def room_delete(*, room: Room) -> None:
    """The room's capacity leaves sale with it; refused if the nights it covers are sold."""
    with tenancy.scope(room.establishment_id), transaction.atomic():
        inventory.lock_establishment(room.establishment_id)
        current = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
        room_type = current.room_type
        current.delete()
        inventory.recompute_future(room_type)


# --- out of order -------------------------------------------------------------------------


def _check_period(start: dt.date, end: dt.date) -> None:
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise Invalid(_("Give a start and an end date."), code="invalid_dates")
    if end <= start:
        raise Invalid(_("The end must be after the start."), code="invalid_dates", field="end")
    if (end - start).days > 3 * 366:
        raise Invalid(_("A period can be at most three years."), code="invalid_dates")


def room_out_of_order(
    *, room: Room, start: dt.date, end: dt.date, reason: str = ""
) -> RoomOutOfOrder:
    _check_period(start, end)
    with tenancy.scope(room.establishment_id), transaction.atomic():
        inventory.lock_establishment(room.establishment_id)
        current = Room.objects.select_related("room_type").get(pk=room.pk)
        if RoomOutOfOrder.objects.filter(room=current, start__lt=end, end__gt=start).exists():
            raise Conflict(_("The room is already out of order then."), code="overlap")
        period = RoomOutOfOrder(
            establishment_id=current.establishment_id,
            room=current,
            start=start,
            end=end,
            reason=(reason or "").strip(),
        )
        full_clean(period, exclude=["establishment"])
        period.save()
        inventory.recompute(current.room_type, start, end)
    return period


def room_out_of_order_update(
    *, period: RoomOutOfOrder, start: dt.date, end: dt.date, reason: str = ""
) -> RoomOutOfOrder:
    _check_period(start, end)
    with tenancy.scope(period.establishment_id), transaction.atomic():
        inventory.lock_establishment(period.establishment_id)
        current = (
            RoomOutOfOrder.objects.select_for_update()
            .select_related("room__room_type")
            .get(pk=period.pk)
        )
        overlapping = RoomOutOfOrder.objects.filter(
            room_id=current.room_id, start__lt=end, end__gt=start
        ).exclude(pk=current.pk)
        if overlapping.exists():
            raise Conflict(_("The room is already out of order then."), code="overlap")
        old_start, old_end = current.start, current.end
        current.start, current.end, current.reason = start, end, (reason or "").strip()
        full_clean(current, exclude=["establishment"])
        current.save()
        room_type = current.room.room_type
        inventory.recompute(room_type, min(old_start, start), max(old_end, end))
    return current


def room_back_in_order(*, period: RoomOutOfOrder) -> None:
    with tenancy.scope(period.establishment_id), transaction.atomic():
        inventory.lock_establishment(period.establishment_id)
        current = (
            RoomOutOfOrder.objects.select_for_update()
            .select_related("room__room_type")
            .get(pk=period.pk)
        )
        room_type, start, end = current.room.room_type, current.start, current.end
        current.delete()
        inventory.recompute(room_type, start, end)


# --- rate plans ---------------------------------------------------------------------------


def _price(value, currency: str) -> Decimal:
    try:
        price = money.quantize(value, currency)
    except (TypeError, ArithmeticError, ValueError):
        raise Invalid(_("Enter a price."), field="price") from None
    if price < 0:
        raise Invalid(_("A price cannot be negative."), field="price")
    if price > Decimal("9999999999"):
        raise Invalid(_("This price is too high."), field="price")
    return price


def rate_plan_create(
    *,
    establishment: Establishment,
    code: str,
    name: str,
    names: dict[str, str] | None = None,
    min_stay: int = 1,
    active: bool = True,
    prices: dict[str, Decimal] | None = None,
) -> RatePlan:
    plan = RatePlan(
        establishment=establishment,
        code=(code or "").strip(),
        name=name,
        names=names_mod.clean(names, NAME_LENGTH),
        min_stay=min_stay,
        active=active,
    )
    full_clean(plan, exclude=["establishment"])
    with tenancy.scope(establishment), transaction.atomic():
        if RatePlan.objects.filter(establishment=establishment, code__iexact=plan.code).exists():
            raise Conflict(_("A rate plan with this code already exists."), code="duplicate")
        plan.save()
        for room_type_code, price in (prices or {}).items():
            rate_plan_set_price(plan=plan, room_type_code=room_type_code, price=price)
    return plan


def rate_plan_update(*, plan: RatePlan, **changes: Any) -> RatePlan:
    allowed = {"name", "names", "min_stay", "active"}
    unknown = set(changes) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise Invalid(_("Unknown field: %(name)s") % {"name": name}, field=name)
    if "names" in changes:
        changes["names"] = names_mod.clean(changes["names"], NAME_LENGTH)
    with tenancy.scope(plan.establishment_id), transaction.atomic():
        current = RatePlan.objects.select_for_update().get(pk=plan.pk)
        for key, value in changes.items():
            setattr(current, key, value)
        full_clean(current, exclude=["establishment"])
        current.save()
    return current


def rate_plan_delete(*, plan: RatePlan) -> None:
    """A plan with reservations is kept (they name it); deactivate it instead."""
    with tenancy.scope(plan.establishment_id), transaction.atomic():
        try:
            with transaction.atomic():
                RatePlan.objects.filter(pk=plan.pk).delete()
        except ProtectedError:
            raise Conflict(
                _("This rate plan has reservations; make it inactive instead."),
                code="rate_plan_in_use",
            ) from None


def rate_plan_set_price(*, plan: RatePlan, room_type_code: str, price: Decimal) -> RatePlanPrice:
    with tenancy.scope(plan.establishment_id), transaction.atomic():
        room_type = _room_type_or_invalid(plan.establishment_id, room_type_code)
        price = _price(price, room_type.establishment.currency)
        row = RatePlanPrice.objects.filter(rate_plan=plan, room_type=room_type).first()
        if row is None:
            row = RatePlanPrice(
                establishment_id=plan.establishment_id, rate_plan=plan, room_type=room_type
            )
        row.price = price
        full_clean(row, exclude=["establishment"])
        row.save()
    return row


def rate_plan_price_delete(*, price: RatePlanPrice) -> None:
    """The room type goes back to its base rate under this plan."""
    with tenancy.scope(price.establishment_id), transaction.atomic():
        RatePlanPrice.objects.filter(pk=price.pk).delete()
