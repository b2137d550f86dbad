"""Staff pages of groups: room blocks (list, new, the pick-up grid, booking from a block,
the release) and group events (list, new, detail with attendees). The same services and
selectors as the API."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.lodging import selectors as lodging_sel
from frontoffice.lodging import selectors_blocks as blocks_sel
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import BlockStatus

from . import selectors_events as events_sel
from .forms_groups import AttendeeForm, BlockBookingForm, BlockEditForm, BlockForm, EventForm
from .services import events as event_services

NAV = "groups"


def _block(access, block_id: int):
    try:
        return blocks_sel.block_get(access.establishment, block_id)
    except NotFound:
        raise Http404 from None


def _event(access, event_id: int):
    try:
        return events_sel.event_get(access.establishment, event_id, access=access)
    except NotFound:
        raise Http404 from None


@establishment_page("block.view")
def block_list(request, access):
    est = access.establishment
    status = request.GET.get("status") or ""
    if status not in BlockStatus.values:
        status = ""
    blocks = list(blocks_sel.block_list(est, status or None)[:300])
    events = events_sel.events_by_block(est)
    for block in blocks:
        block.total_held = (block.rooms_held or 0) + (block.rooms_released or 0)
        block.pickup_percent = (
            round(100 * (block.rooms_picked_up or 0) / block.total_held) if block.total_held else 0
        )
        block.event_id = events.get(block.pk)
    return page(
        request,
        access,
        "guestservice/block_list.html",
        {"blocks": blocks, "status": status, "statuses": BlockStatus.choices},
        nav=NAV,
    )


@establishment_page("block.manage")
def block_new(request, access):
    est = access.establishment
    form = BlockForm(
        request.POST or None,
        room_types=lodging_sel.room_types(est),
        events=events_sel.event_list(est, upcoming=True, access=access).filter(block__isnull=True),
        initial={"first_night": est.business_day(), "cutoff": est.business_day()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = None
        if data.get("event"):
            event = events_sel.event_get(est, int(data["event"]), access=access)
        try:
            block = event_services.event_block_create(
                establishment=est,
                actor=request.user,
                event=event,
                name=data["name"],
                cutoff=data["cutoff"],
                rooms=form.rooms(),
            )
        except DomainError as error:
            form_error(form, error, {"rooms": None})
        else:
            messages.success(request, _("The rooms are held for the group."))
            return redirect("block_detail", code=est.code, block_id=block.pk)
    return page(
        request,
        access,
        "guestservice/block_form.html",
        {"form": form},
        nav=NAV,
        status=422 if request.method == "POST" else 200,
    )


@establishment_page("block.manage")
def block_edit(request, access, block_id: int):
    """Rename the block, move its cut-off, change its event; a released block is shown
    with why it cannot change (block_update answers 409 then)."""
    est = access.establishment
    block = _block(access, block_id)
    event_id = events_sel.event_of_block(block)
    events = events_sel.event_list(est, access=access).filter(
        Q(block__isnull=True, ends_at__gte=timezone.now()) | Q(block=block)
    )
    form = BlockEditForm(
        request.POST or None,
        events=events,
        initial={"name": block.name, "cutoff": block.cutoff, "event": str(event_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = None
        if data.get("event"):
            event = events.filter(pk=int(data["event"])).first()
        try:
            event_services.event_block_update(
                block=block,
                actor=request.user,
                name=data["name"],
                cutoff=data["cutoff"],
                event=event,
            )
        except DomainError as error:
            form_error(form, error)
            if error.code == "block_released":  # released since the page was read
                block = _block(access, block_id)
        else:
            messages.success(request, _("The block was changed."))
            return redirect("block_detail", code=est.code, block_id=block.pk)
    is_open = block.status == BlockStatus.OPEN
    return page(
        request,
        access,
        "guestservice/block_edit.html",
        {"form": form, "rb": block, "is_open": is_open},
        nav=NAV,
        status=(422 if is_open else 409) if request.method == "POST" else 200,
    )


@establishment_page("block.view")
def block_detail(request, access, block_id: int):
    block = _block(access, block_id)
    event_id = events_sel.event_of_block(block)
    return page(
        request,
        access,
        "guestservice/block_detail.html",
        {
            "rb": block,
            "pickup": blocks_sel.block_pickup(block),
            "event": _event(access, event_id) if event_id else None,
            "reservations": list(events_sel.block_reservations(block, access=access)[:500]),
            "is_open": block.status == BlockStatus.OPEN,
            "history": sorted(
                blocks_sel.block_history(block) + events_sel.block_event_history(block),
                key=lambda entry: entry["at"],
                reverse=True,
            ),
        },
        nav=NAV,
    )


@establishment_page("reservation.manage")
def block_book(request, access, block_id: int):
    block = _block(access, block_id)
    pickup = blocks_sel.block_pickup(block)
    types = {rt.code: rt.label for rt in lodging_sel.room_types(access.establishment)}
    form = BlockBookingForm(
        request.POST or None,
        room_types=[
            (row.room_type, types.get(row.room_type, row.room_type)) for row in pickup.rows
        ],
        initial={
            "arrival": block.first_night,
            "departure": block.last_night + dt.timedelta(days=1) if block.last_night else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reservation = lodging.block_book(
                block=block,
                actor=request.user,
                room_type_code=data["room_type"],
                arrival=data["arrival"],
                departure=data["departure"],
                adults=data["adults"],
                guest={"last_name": data["last_name"], "first_name": data["first_name"]},
            )
        except DomainError as error:
            form_error(form, error, {"room_type_code": "room_type", "guest": "last_name"})
        else:
            messages.success(
                request,
                _("Booked from the block: %(confirmation)s.")
                % {"confirmation": reservation.confirmation},
            )
            return redirect("block_detail", code=access.establishment.code, block_id=block.pk)
    return page(
        request,
        access,
        "guestservice/block_book.html",
        {"form": form, "rb": block, "is_open": block.status == BlockStatus.OPEN},
        nav=NAV,
        status=422 if request.method == "POST" else 200,
    )


@establishment_page("block.manage")
def block_release(request, access, block_id: int):
    """Asks once (the unsold rooms go back on sale), then releases."""
    block = _block(access, block_id)
    if request.method == "POST":
        try:
            lodging.block_release(block=block, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.detail))
        else:
            messages.success(request, _("The unsold rooms are back on sale."))
        return redirect("block_detail", code=access.establishment.code, block_id=block.pk)
    return page(
        request,
        access,
        "guestservice/block_release.html",
        {"rb": block, "pickup": blocks_sel.block_pickup(block)},
        nav=NAV,
    )


# --- events ---------------------------------------------------------------------------------


@establishment_page("concierge.view")
def event_list(request, access):
    upcoming = request.GET.get("all") != "1"
    events = list(events_sel.event_list(access.establishment, upcoming, access=access)[:300])
    return page(
        request,
        access,
        "guestservice/event_list.html",
        {"events": events, "upcoming": upcoming},
        nav=NAV,
    )


def _event_fields(data: dict) -> dict:
    """The event form's answers as event_create and event_update take them."""
    return {
        "name": data["name"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "venue_room": data["venue_room"] or None,
        "venue_attraction": int(data["venue_attraction"]) if data["venue_attraction"] else None,
        "venue_text": data["venue_text"],
        "organiser_name": data["organiser_name"],
        "notes": data["notes"],
    }


@establishment_page("event.manage")
def event_new(request, access):
    est = access.establishment
    form = EventForm(
        request.POST or None,
        rooms=lodging_sel.rooms(est),
        attractions=events_sel.attractions(est),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = event_services.event_create(
                establishment=est, actor=request.user, access=access, **_event_fields(data)
            )
        except DomainError as error:
            form_error(form, error, {"venue": "venue_room"})
        else:
            messages.success(request, _("The event was added."))
            return redirect("event_detail", code=est.code, event_id=event.pk)
    return page(
        request,
        access,
        "guestservice/event_form.html",
        {"form": form},
        nav=NAV,
        status=422 if request.method == "POST" else 200,
    )


@establishment_page("event.manage")
def event_edit(request, access, event_id: int):
    """Change the event's name, times, venue, organiser's name and notes (event_update)."""
    est = access.establishment
    event = _event(access, event_id)
    form = EventForm(
        request.POST or None,
        rooms=lodging_sel.rooms(est),
        attractions=events_sel.attractions(est, keep=event.venue_attraction_id),
        initial={
            "name": event.name,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "venue_room": event.venue_room.number if event.venue_room_id else "",
            "venue_attraction": str(event.venue_attraction_id or ""),
            "venue_text": event.venue_text,
            "organiser_name": event.organiser_name,
            "notes": event.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event_services.event_update(
                event=event, actor=request.user, access=access, **_event_fields(data)
            )
        except DomainError as error:
            form_error(form, error, {"venue": "venue_room"})
        else:
            messages.success(request, _("The event was changed."))
            return redirect("event_detail", code=est.code, event_id=event.pk)
    return page(
        request,
        access,
        "guestservice/event_form.html",
        {"form": form, "event": event},
        nav=NAV,
        status=422 if request.method == "POST" else 200,
    )


@establishment_page("concierge.view")
def event_detail(request, access, event_id: int):
    event = _event(access, event_id)
    form = None
    if access.can("event.manage"):
        form = AttendeeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                event_services.event_attendee_add(
                    event=event,
                    actor=request.user,
                    customer_id=form.cleaned_data["customer"],
                    reservation=form.cleaned_data["reservation"] or None,
                    access=access,
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The guest was added to the event."))
                return redirect("event_detail", code=access.establishment.code, event_id=event.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return page(
        request,
        access,
        "guestservice/event_detail.html",
        {
            "event": event,
            "venue": events_sel.venue(event),
            "organiser": events_sel.organiser(event, access=access),
            "attendees": list(events_sel.attendees(event, access=access)),
            "form": form,
            "history": events_sel.event_history(event, access=access),
        },
        nav=NAV,
        status=422 if request.method == "POST" else 200,
    )
