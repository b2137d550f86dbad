"""Group events: make one, add attendees (guests, or the guests of reservations), and make
the group's room block for it (lodging's `block_create`, linked in the same transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from frontoffice.core import db, tenancy
from frontoffice.core.errors import Conflict, Invalid, NotFound
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean
from frontoffice.customers import selectors as customer_selectors
from frontoffice.lodging import selectors as lodging_selectors
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import Room, RoomBlock

from .. import moments
from ..models import Attraction, Event, EventAttendee


def _user(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


MAX_EVENT_DAYS = 31


def event_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue_room: str | None = None,
    venue_attraction: int | None = None,
    venue_text: str = "",
    organiser_id: int | None = None,
    organiser_name: str = "",
    notes: str = "",
    access=None,
) -> Event:
    """A group event. `venue_room` is a room number, `venue_attraction` an attraction's id
    (one of the two at most); `organiser_id` a guest, as `access` may know of them (a
    private guest they may not see is an unknown guest; `access=None`: the system). It
    starts and ends in the years 2000 to 2100 and lasts at most MAX_EVENT_DAYS."""
    with tenancy.scope(establishment), transaction.atomic():
        name = _name(name)
        starts_at, ends_at = _times(starts_at, ends_at)
        room, attraction = _venue(establishment, venue_room, venue_attraction)
        organiser = _organiser(establishment, organiser_id, access)
        event = Event(
            establishment=establishment,
            name=name,
            starts_at=starts_at,
            ends_at=ends_at,
            venue_room=room,
            venue_attraction=attraction,
            venue_text=(venue_text or "").strip(),
            organiser=organiser,
            organiser_name=(organiser_name or "").strip(),
            notes=(notes or "").strip(),
            created_by=_user(actor),
        )
        full_clean(event, exclude=["establishment"])
        event._history_user = _user(actor)
        event.save()
        return event


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""An argument of `event_update` not given: that field stays as it is."""


def event_update(
    *,
    event: Event,
    actor: AbstractBaseUser | None,
    name: Any = UNSET,
    starts_at: Any = UNSET,
    ends_at: Any = UNSET,
    venue_room: Any = UNSET,
    venue_attraction: Any = UNSET,
    venue_text: Any = UNSET,
    organiser_id: Any = UNSET,
    organiser_name: Any = UNSET,
    notes: Any = UNSET,
    access=None,
) -> Event:
    """Change what is given of the event (the rest stays), under the event's row lock, by
    the rules of `event_create`: a name, times in the years 2000 to 2100 that end after
    they start and last at most MAX_EVENT_DAYS (checked with the times it keeps), one venue
    of room and attraction at most (`None` or "" clears either), an organiser `access` may
    know of. A private organiser the editor may not see stays unless they name another."""
    establishment = event.establishment
    with tenancy.scope(establishment), transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk, establishment=establishment)
        if name is not UNSET:
            current.name = _name(name)
        if starts_at is not UNSET or ends_at is not UNSET:
            current.starts_at, current.ends_at = _times(
                current.starts_at if starts_at is UNSET else starts_at,
                current.ends_at if ends_at is UNSET else ends_at,
                given=(starts_at is not UNSET, ends_at is not UNSET),
            )
        if venue_room is not UNSET or venue_attraction is not UNSET:
            room, attraction = _venue(
                establishment,
                current.venue_room if venue_room is UNSET else venue_room,
                current.venue_attraction_id if venue_attraction is UNSET else venue_attraction,
            )
            current.venue_room, current.venue_attraction = room, attraction
        if venue_text is not UNSET:
            current.venue_text = (venue_text or "").strip()
        if organiser_id is not UNSET:
            current.organiser = _organiser(establishment, organiser_id, access)
        if organiser_name is not UNSET:
            current.organiser_name = (organiser_name or "").strip()
        if notes is not UNSET:
            current.notes = (notes or "").strip()
        full_clean(current, exclude=["establishment"])
        current._history_user = _user(actor)
        current.save()
    return current


def _name(name) -> str:
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Give the event a name."), field="name")
    return name


def _times(starts_at, ends_at, given=(True, True)) -> tuple[dt.datetime, dt.datetime]:
    """Both bounded (those `given`; kept ones were checked when they were given)."""
    if given[0]:
        starts_at = moments.bounded(starts_at, "starts_at")
    if given[1]:
        ends_at = moments.bounded(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise Invalid(_("The event must end after it starts."), field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=MAX_EVENT_DAYS):
        raise Invalid(_("An event lasts 31 days at most."), field="ends_at")
    return starts_at, ends_at


def _venue(establishment, venue_room, venue_attraction) -> tuple[Room | None, Any]:
    """(room, attraction) of the house; `venue_room` a number (or a Room kept as it is)."""
    if venue_room and venue_attraction:
        raise Invalid(_("Give a room or an attraction as the venue, not both."), field="venue")
    room = attraction = None
    if isinstance(venue_room, Room):
        room = venue_room
    elif venue_room:
        room = Room.objects.filter(
            establishment=establishment, number__iexact=str(venue_room)
        ).first()
        if room is None:
            raise Invalid(_("No such room."), field="venue_room")
    if venue_attraction:
        attraction = Attraction.objects.filter(
            establishment=establishment, pk=venue_attraction
        ).first()
        if attraction is None:
            raise Invalid(_("No such attraction."), field="venue_attraction")
    return room, attraction


def _organiser(establishment, organiser_id, access):
    if not organiser_id:
        return None
    organiser = customer_selectors.customer_get(establishment, organiser_id, access=access)
    if organiser is None:
        raise Invalid(_("Unknown guest."), code="unknown_guest", field="organiser")
    return organiser


def event_attendee_add(
    *,
    event: Event,
    actor: AbstractBaseUser | None,
    customer_id: int | None = None,
    reservation: str | None = None,
    access=None,
) -> EventAttendee:
    """Add a guest (or a reservation's guest, by confirmation) to the event. 409
    `already_attending` when the guest is on the list already. A private guest (or their
    reservation) is unknown to an `access` that may not see private guests (None: the
    system sees all)."""
    establishment = event.establishment
    with tenancy.scope(establishment):
        stay = None
        if reservation:
            try:
                stay = lodging_selectors.reservation_get(establishment, reservation, access=access)
            except NotFound:
                raise Invalid(_("No such reservation."), field="reservation") from None
            if customer_id and customer_id != stay.customer_id:
                raise Invalid(_("The reservation is another guest's."), field="reservation")
            customer_id = stay.customer_id
        if not customer_id:
            raise Invalid(_("Give a guest or a reservation."), field="customer")
        customer = customer_selectors.customer_get(establishment, customer_id, access=access)
        if customer is None:
            raise Invalid(_("Unknown guest."), code="unknown_guest", field="customer")
        attendee = EventAttendee(
            establishment_id=event.establishment_id,
            event=event,
            customer=customer,
            reservation=stay,
        )
        full_clean(attendee, exclude=["establishment"])
        try:
            with transaction.atomic():
                attendee.save()
        except IntegrityError as error:
            if not db.violates(error, EventAttendee, "eventattendee_uniq"):
                raise
            raise Conflict(
                _("This guest is on the event's list already."), code="already_attending"
            ) from None
        return attendee


def event_block_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    event: Event | None = None,
    **block: Any,
) -> RoomBlock:
    """Lodging's `block_create` (name, cutoff, rooms), linked to `event` in the same
    transaction: 409 `event_has_block` when the event has one already."""
    with tenancy.scope(establishment), transaction.atomic():
        if event is not None:
            event = Event.objects.select_for_update().get(pk=event.pk)
            if event.block_id:
                raise Conflict(_("This event has a room block already."), code="event_has_block")
        room_block = lodging.block_create(establishment=establishment, actor=actor, **block)
        if event is not None:
            _link(event, room_block, actor)
        return room_block


def _link(event: Event, block: RoomBlock | None, actor: AbstractBaseUser | None) -> None:
    """Point the (locked) event at the block (None: no block), with a history row: who
    linked or unlinked it, and when."""
    event.block = block
    event._history_user = _user(actor)
    event.save(update_fields=["block"])


def event_block_update(
    *,
    block: RoomBlock,
    actor: AbstractBaseUser | None,
    name: str | None = None,
    cutoff: dt.date | None = None,
    event: Any = UNSET,
) -> RoomBlock:
    """Lodging's `block_update` (name, cut-off; under the block's row lock, 409
    `block_released` once released) and, when `event` is given, the event the block is for
    (None: no event), in one transaction: 409 `event_has_block` when that event has
    another block. The block's row is locked first, then the event's."""
    with tenancy.scope(block.establishment_id), transaction.atomic():
        room_block = lodging.block_update(block=block, actor=actor, name=name, cutoff=cutoff)
        if event is not UNSET:
            if event is not None:
                event = Event.objects.select_for_update().get(
                    pk=event.pk, establishment_id=block.establishment_id
                )
                if event.block_id and event.block_id != room_block.pk:
                    raise Conflict(
                        _("This event has a room block already."), code="event_has_block"
                    )
            others = Event.objects.select_for_update().filter(block=room_block).order_by("pk")
            if event is not None:
                others = others.exclude(pk=event.pk)
            for other in others:
                _link(other, None, actor)
            if event is not None and event.block_id != room_block.pk:
                _link(event, room_block, actor)
        return room_block
