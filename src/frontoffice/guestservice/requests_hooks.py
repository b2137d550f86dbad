"""What requests add to lodging: the porter's job when a check-in or check-out asks for
luggage help, the wake-up calls of the next hour on the desk's dashboard."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from . import selectors_requests as selectors
from .models import RequestKind
from .services import requests as request_services


def _luggage_job(reservation, actor, description: str) -> None:
    request_services.request_create(
        establishment=reservation.establishment,
        actor=actor,
        kind=RequestKind.LUGGAGE,
        reservation=reservation,
        description=description,
    )


def luggage_on_arrival(reservation, actor, options: dict) -> None:
    """Check-in with luggage help: the bell desk's job, from the car to the room."""
    if not options.get("luggage_help"):
        return
    with translation.override(reservation.establishment.language or "en"):
        text = _("Luggage from the car to room %(room)s") % {"room": reservation.room.number}
    _luggage_job(reservation, actor, text)


def luggage_on_departure(reservation, actor, options: dict) -> None:
    """Check-out with luggage help: the bell desk's job, from the room to the car."""
    if not options.get("luggage_help"):
        return
    with translation.override(reservation.establishment.language or "en"):
        room = reservation.room.number if reservation.room_id else "—"
        text = _("Luggage from room %(room)s to the car") % {"room": room}
    _luggage_job(reservation, actor, text)


def wake_up_panel(request, access):
    """Wake-up calls due in the next hour (or late), for those who see the queues."""
    if not access.can("request.view"):
        return None
    calls = selectors.wake_ups_soon(access.establishment)
    if not calls:
        return None
    return "guestservice/_wake_up_panel.html", {"calls": calls}
