"""The JSON API of guest services: group events and room blocks (the blocks themselves are
lodging's; see lodging.services.blocks)."""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import policy
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, ShortCode, Text
from frontoffice.lodging import selectors_blocks as blocks_sel
from frontoffice.lodging import services as lodging
from frontoffice.lodging.api import (
    ReservationIn,
    ReservationOut,
    book_once,
    booking_arguments,
)
from frontoffice.lodging.models import BlockStatus, RoomBlock

from . import selectors_events as events_sel
from .models import Event
from .services import events as event_services

router = Router(tags=["groups"])


# --- room blocks ----------------------------------------------------------------------------


class BlockRoomIn(Schema):
    room_type: ShortCode
    date: dt.date
    count: int = Field(..., ge=1, le=500)


class BlockIn(Schema):
    name: Text(200, 1)
    event: int | None = Field(None, ge=1, le=2**62)
    cutoff: dt.date
    rooms: list[BlockRoomIn] = Field(..., min_length=1, max_length=1000)


class BlockPatch(Schema):
    """What is given changes; `event: null` unlinks the block from its event (a name and a
    cut-off cannot be cleared)."""

    name: Text(200, 1) = None
    cutoff: dt.date = None
    event: int | None = Field(None, ge=1, le=2**62)


class BlockNightOut(Schema):
    room_type: str
    date: dt.date
    held: int
    picked_up: int
    released: int


class BlockOut(Schema):
    id: int
    name: str
    cutoff: dt.date
    status: BlockStatus
    first_night: dt.date | None
    last_night: dt.date | None
    rooms_held: int
    rooms_picked_up: int
    released_at: dt.datetime | None
    event: int | None
    created_at: dt.datetime


class BlockDetailOut(BlockOut):
    nights: list[BlockNightOut]


def block_out(block: RoomBlock, event_id: int | None) -> dict:
    return {
        "id": block.pk,
        "name": block.name,
        "cutoff": block.cutoff.isoformat(),
        "status": block.status,
        "first_night": block.first_night.isoformat() if block.first_night else None,
        "last_night": block.last_night.isoformat() if block.last_night else None,
        "rooms_held": (block.rooms_held or 0) + (block.rooms_released or 0),
        "rooms_picked_up": block.rooms_picked_up or 0,
        "released_at": block.released_at.isoformat() if block.released_at else None,
        "event": event_id,
        "created_at": block.created_at.isoformat(),
    }


def block_detail(establishment, block_id: int) -> dict:
    block = blocks_sel.block_get(establishment, block_id)
    out = block_out(block, events_sel.event_of_block(block))
    out["nights"] = [
        dict(n, date=n["date"].isoformat()) for n in blocks_sel.block_pickup(block).nights
    ]
    return out


@router.get("/establishments/{code}/blocks", response=list[BlockOut])
@paginate(Pagination)
def block_list(request, code: str, status: BlockStatus | None = None):
    """Room blocks by cut-off date, with the room-nights held and picked up."""
    access = policy.access(request.auth, code, "block.view")
    rows = blocks_sel.block_list(access.establishment, status)
    events = events_sel.events_by_block(access.establishment)
    return SerialisedPage(rows, lambda b: block_out(b, events.get(b.pk)))


@router.post(
    "/establishments/{code}/blocks",
    response={201: BlockDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def block_create(request, code: str, payload: BlockIn):
    """Hold rooms per type and night for a group until the cut-off: 409 `not_available`
    (with the `room_type` and `date` short) when a night has not that many rooms free.
    `event` links the block to that event in the same transaction."""
    access = policy.access(request.auth, code, "block.manage")
    est = access.establishment
    event = None
    if payload.event is not None:
        event = events_sel.event_get(est, payload.event, field="event", access=access)
    block = event_services.event_block_create(
        establishment=est,
        actor=request.auth,
        event=event,
        name=payload.name,
        cutoff=payload.cutoff,
        rooms=[r.dict() for r in payload.rooms],
    )
    return 201, block_detail(est, block.pk)


@router.get(
    "/establishments/{code}/blocks/{block_id}",
    response={200: BlockDetailOut, 404: ErrorOut},
)
def block_get(request, code: str, block_id: int):
    """The block and its pick-up per room type and night (held counts what the block held
    before its release; `released` what went back on sale then)."""
    access = policy.access(request.auth, code, "block.view")
    return block_detail(access.establishment, block_id)


@router.patch(
    "/establishments/{code}/blocks/{block_id}",
    response={200: BlockDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def block_update(request, code: str, block_id: int, payload: BlockPatch):
    """Rename the block, move its cut-off (the rules of POST …/blocks: 422 `invalid_cutoff`
    before the business date or after the last night) or change its event (409
    `event_has_block` when that event has another). 409 `block_released` once released.
    The rooms held are not changed here."""
    access = policy.access(request.auth, code, "block.manage")
    est = access.establishment
    block = blocks_sel.block_get(est, block_id)
    data = payload.dict(exclude_unset=True)
    if "event" in data and data["event"] is not None:
        data["event"] = events_sel.event_get(est, data["event"], field="event", access=access)
    event_services.event_block_update(block=block, actor=request.auth, **data)
    return block_detail(est, block_id)


@router.post(
    "/establishments/{code}/blocks/{block_id}/reservations",
    response={201: ReservationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
)
def block_book(request, code: str, block_id: int, payload: ReservationIn):
    """Book from the block (the body of a reservation): every night of the stay must be in
    the block with a room of the type left (409 `not_available`); 409 `block_released` once
    released. An `Idempotency-Key` header makes retries safe, as on POST …/reservations."""
    access = policy.access(request.auth, code, "reservation.manage")
    block = blocks_sel.block_get(access.establishment, block_id)
    return book_once(
        request,
        payload,
        access,
        lambda: lodging.block_book(block=block, actor=request.auth, **booking_arguments(payload)),
    )


@router.post(
    "/establishments/{code}/blocks/{block_id}/release",
    response={200: BlockDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def block_release(request, code: str, block_id: int):
    """Give the block's unsold rooms back to general availability now (409
    `block_released` when it was released before)."""
    access = policy.access(request.auth, code, "block.manage")
    block = blocks_sel.block_get(access.establishment, block_id)
    lodging.block_release(block=block, actor=request.auth)
    return block_detail(access.establishment, block_id)


# --- events ---------------------------------------------------------------------------------


class EventIn(Schema):
    name: Text(200, 1)
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue_room: Text(20) | None = None
    venue_attraction: int | None = Field(None, ge=1, le=2**62)
    venue_text: Text(200) = ""
    organiser: int | None = Field(None, ge=1, le=2**62)
    organiser_name: Text(200) = ""
    notes: Text(4000) = ""


class EventPatch(Schema):
    """What is given changes; `null` clears the venue's room or attraction, the organiser,
    the words (a name and the times cannot be cleared: 422)."""

    name: Text(200) | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    venue_room: Text(20) | None = None
    venue_attraction: int | None = Field(None, ge=1, le=2**62)
    venue_text: Text(200) | None = None
    organiser: int | None = Field(None, ge=1, le=2**62)
    organiser_name: Text(200) | None = None
    notes: Text(4000) | None = None


class AttendeeIn(Schema):
    customer: int | None = Field(None, ge=1, le=2**62)
    reservation: Text(12) | None = None


class AttendeeOut(Schema):
    customer: int
    name: str
    reservation: str | None


class EventOut(Schema):
    id: int
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    venue_room: str | None
    venue_attraction: int | None
    organiser: int | None
    organiser_name: str
    notes: str
    block: int | None
    attendees: int


class EventDetailOut(EventOut):
    attendee_list: list[AttendeeOut]


def event_out(event: Event, access) -> dict:
    """The event as this person may know it: a private guest they may not see is neither
    its organiser nor among its attendees (nor counted)."""
    return {
        "id": event.pk,
        "name": event.name,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "venue": events_sel.venue(event),
        "venue_room": event.venue_room.number if event.venue_room_id else None,
        "venue_attraction": event.venue_attraction_id,
        "organiser": event.organiser_id
        if events_sel.organiser_shown(event, access=access)
        else None,
        "organiser_name": events_sel.organiser(event, access=access),
        "notes": event.notes,
        "block": event.block_id,
        "attendees": event.attendee_count,
    }


def event_detail(event: Event, access) -> dict:
    out = event_out(event, access)
    out["attendee_list"] = [
        {
            "customer": a.customer_id,
            "name": a.customer.full_name,
            "reservation": a.reservation.confirmation if a.reservation_id else None,
        }
        for a in events_sel.attendees(event, access=access)
    ]
    return out


@router.get("/establishments/{code}/events", response=list[EventOut])
@paginate(Pagination)
def event_list(request, code: str, upcoming: bool = False):
    """Group events by start (`upcoming=true`: those not ended yet)."""
    access = policy.access(request.auth, code, "concierge.view")
    return SerialisedPage(
        events_sel.event_list(access.establishment, upcoming, access=access),
        lambda event: event_out(event, access),
    )


@router.post(
    "/establishments/{code}/events",
    response={201: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def event_create(request, code: str, payload: EventIn):
    """A group event; the venue is a room (`venue_room`, its number), an attraction
    (`venue_attraction`) or words (`venue_text`); the organiser a guest or a name."""
    access = policy.access(request.auth, code, "event.manage")
    data = payload.dict()
    event = event_services.event_create(
        establishment=access.establishment,
        actor=request.auth,
        organiser_id=data.pop("organiser"),
        access=access,
        **data,
    )
    return 201, event_detail(
        events_sel.event_get(access.establishment, event.pk, access=access), access
    )


@router.get(
    "/establishments/{code}/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}
)
def event_get(request, code: str, event_id: int):
    access = policy.access(request.auth, code, "concierge.view")
    return event_detail(events_sel.event_get(access.establishment, event_id, access=access), access)


@router.patch(
    "/establishments/{code}/events/{event_id}",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def event_update(request, code: str, event_id: int, payload: EventPatch):
    """Change an event's name, times, venue, organiser or notes (the fields given; the
    rules of POST …/events, checked against what the event keeps)."""
    access = policy.access(request.auth, code, "event.manage")
    event = events_sel.event_get(access.establishment, event_id, access=access)
    data = payload.dict(exclude_unset=True)
    if "organiser" in data:
        data["organiser_id"] = data.pop("organiser")
    event_services.event_update(event=event, actor=request.auth, access=access, **data)
    return event_detail(events_sel.event_get(access.establishment, event_id, access=access), access)


@router.post(
    "/establishments/{code}/events/{event_id}/attendees",
    response={201: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def event_attendee_add(request, code: str, event_id: int, payload: AttendeeIn):
    """Add a guest (`customer`) or a reservation's guest (`reservation`, its confirmation);
    409 `already_attending` when they are on the list already."""
    access = policy.access(request.auth, code, "event.manage")
    event = events_sel.event_get(access.establishment, event_id, access=access)
    event_services.event_attendee_add(
        event=event,
        actor=request.auth,
        customer_id=payload.customer,
        reservation=payload.reservation,
        access=access,
    )
    return 201, event_detail(
        events_sel.event_get(access.establishment, event_id, access=access), access
    )
