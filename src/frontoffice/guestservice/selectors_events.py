"""Reads of group events: the list, one event, its attendees, the event of a block."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.models import Establishment
from frontoffice.lodging.models import RoomBlock

from .models import Event, EventAttendee


def event_list(establishment: Establishment, upcoming: bool = False) -> QuerySet[Event]:
    rows = (
        Event.objects.filter(establishment=establishment)
        .select_related("venue_room", "venue_attraction", "organiser")
        .annotate(attendee_count=Count("attendees"))
        .order_by("starts_at", "id")
    )
    if upcoming:
        rows = rows.filter(ends_at__gte=timezone.now())
    return rows


def event_get(establishment: Establishment, event_id: int, field: str | None = None) -> Event:
    """The event; NotFound (or, naming `field`, Invalid: a reference in a body) if none."""
    event = event_list(establishment).filter(pk=event_id).first()
    if event is None:
        if field:
            raise Invalid(_("No such event."), field=field)
        raise NotFound(_("No such event."))
    return event


def attendees(event: Event) -> QuerySet[EventAttendee]:
    return (
        EventAttendee.objects.filter(event=event)
        .select_related("customer", "reservation")
        .order_by("customer__last_name", "customer__first_name", "id")
    )


def venue(event: Event) -> str:
    parts = []
    if event.venue_room_id:
        parts.append(_("Room %(number)s") % {"number": event.venue_room.number})
    if event.venue_attraction_id:
        parts.append(event.venue_attraction.name)
    if event.venue_text:
        parts.append(event.venue_text)
    return " · ".join(parts)


def organiser(event: Event) -> str:
    if event.organiser_name:
        return event.organiser_name
    return event.organiser.full_name if event.organiser_id else ""


def event_of_block(block: RoomBlock) -> int | None:
    return Event.objects.filter(block=block).values_list("pk", flat=True).first()


def events_by_block(establishment: Establishment) -> dict[int, int]:
    return dict(
        Event.objects.filter(establishment=establishment, block__isnull=False).values_list(
            "block_id", "pk"
        )
    )


def attractions(establishment: Establishment):
    from .models import Attraction

    return Attraction.objects.filter(establishment=establishment, active=True).order_by("name")


def block_reservations(block: RoomBlock):
    return block.reservations.select_related("customer", "room_type").order_by("arrival", "id")
