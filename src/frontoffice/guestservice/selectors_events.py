"""Reads of group events: the list, one event, its attendees, the event of a block.

Who reads them passes their `access`: private guests (organisers, attendees, the guests of
a block's reservations) are left out for a person who may not know of them (see
customers.privacy; `access=None` is the system)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.models import Establishment
from frontoffice.customers import privacy
from frontoffice.lodging.models import RoomBlock

from .models import Event, EventAttendee


def event_list(establishment: Establishment, upcoming: bool = False, *, access) -> QuerySet[Event]:
    """The events by start; `attendee_count` counts the attendees this person may know of."""
    rows = (
        Event.objects.filter(establishment=establishment)
        .select_related("venue_room", "venue_attraction", "organiser")
        .annotate(
            attendee_count=Count(
                "attendees", filter=privacy.visible(access, "attendees__customer__")
            )
        )
        .order_by("starts_at", "id")
    )
    if upcoming:
        rows = rows.filter(ends_at__gte=timezone.now())
    return rows


def event_get(
    establishment: Establishment, event_id: int, field: str | None = None, *, access
) -> Event:
    """The event; NotFound (or, naming `field`, Invalid: a reference in a body) if none."""
    event = event_list(establishment, access=access).filter(pk=event_id).first()
    if event is None:
        if field:
            raise Invalid(_("No such event."), field=field)
        raise NotFound(_("No such event."))
    return event


def attendees(event: Event, *, access) -> QuerySet[EventAttendee]:
    """The attendees this person may know of, by name."""
    return (
        EventAttendee.objects.filter(event=event)
        .filter(privacy.visible(access, "customer__"))
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


def organiser_shown(event: Event, *, access) -> bool:
    """Whether this person may know of the event's organiser (a guest; no guest: False)."""
    return bool(event.organiser_id) and not (
        event.organiser.private and privacy.hides_private(access)
    )


def organiser(event: Event, *, access) -> str:
    """The organiser's name as given, else their guest's name if this person may know of
    them (a private guest they may not see is left out)."""
    if event.organiser_name:
        return event.organiser_name
    return event.organiser.full_name if organiser_shown(event, access=access) else ""


def events_of_guest(establishment: Establishment, customer_id: int) -> QuerySet[Event]:
    """The events a guest attends or organises, the latest start first; `organises` says
    which. (Whoever sees the guest's page may know of the guest.)"""
    from django.db.models import Exists, OuterRef, Q

    attends = EventAttendee.objects.filter(event=OuterRef("pk"), customer_id=customer_id)
    return (
        Event.objects.filter(establishment=establishment)
        .filter(Q(organiser_id=customer_id) | Exists(attends))
        .select_related("venue_room", "venue_attraction")
        .order_by("-starts_at", "-id")
    )


def event_of_block(block: RoomBlock) -> int | None:
    return Event.objects.filter(block=block).values_list("pk", flat=True).first()


def events_by_block(establishment: Establishment) -> dict[int, int]:
    return dict(
        Event.objects.filter(establishment=establishment, block__isnull=False).values_list(
            "block_id", "pk"
        )
    )


def attractions(establishment: Establishment, keep: int | None = None):
    """The active attractions (and `keep`, an event's venue that may no longer be)."""
    from django.db.models import Q

    from .models import Attraction

    shown = Q(active=True) | Q(pk=keep) if keep else Q(active=True)
    return Attraction.objects.filter(shown, establishment=establishment).order_by("name")


def block_reservations(block: RoomBlock, *, access):
    """The block's reservations whose guests this person may know of."""
    return (
        block.reservations.filter(privacy.visible(access, "customer__"))
        .select_related("customer", "room_type")
        .order_by("arrival", "id")
    )


def event_history(event: Event, *, access) -> list[dict]:
    """The event's history for its page, newest first (core.history's entries): who made
    and changed it and when, the venue, organiser and room block by name. An organiser
    this person may not know of (a private guest) is shown as no one."""
    from frontoffice.core.history import HIDDEN_FIELDS, changes, for_people
    from frontoffice.customers.models import Customer
    from frontoffice.lodging.models import Room

    from .models import Attraction

    entries = changes(event, hidden=HIDDEN_FIELDS)
    ids: dict[str, set] = {}
    for entry in entries:
        for change in entry["changes"]:
            ids[change["field"]] = ids.get(change["field"], set()) | {
                v for v in (change["old"], change["new"]) if v is not None
            }
    est = event.establishment_id
    related: dict[str, dict] = {"organiser": dict.fromkeys(ids.get("organiser", ()), "")}
    if ids.get("organiser"):
        related["organiser"] |= {
            c.pk: c.full_name
            for c in Customer.objects.filter(
                privacy.visible(access), establishment_id=est, pk__in=ids["organiser"]
            )
        }
    for field_name, model, name in (
        ("venue_room", Room, "number"),
        ("venue_attraction", Attraction, "name"),
        ("block", RoomBlock, "name"),
    ):
        related[field_name] = (
            dict(
                model.objects.filter(establishment_id=est, pk__in=ids[field_name]).values_list(
                    "pk", name
                )
            )
            if ids.get(field_name)
            else {}
        )
    return for_people(Event, entries, related=related)


def block_event_history(block: RoomBlock) -> list[dict]:
    """The entries of the events' histories that linked an event to the block or unlinked
    it (who, when, which event), as the block's history panel shows them."""
    from frontoffice.core.history import changes

    linked = set(
        Event.history.filter(block_id=block.pk, establishment_id=block.establishment_id)
        .values_list("id", flat=True)
        .distinct()
    )
    label = str(Event._meta.verbose_name)
    entries = []
    for event in Event.objects.filter(establishment_id=block.establishment_id, pk__in=linked):
        for entry in changes(event):
            for change in entry["changes"]:
                if change["field"] == "block" and block.pk in (change["old"], change["new"]):
                    shown = {
                        "field": "event",
                        "label": label,
                        "old": event.name if change["old"] == block.pk else "",
                        "new": event.name if change["new"] == block.pk else "",
                    }
                    entries.append({**entry, "changes": [shown]})
    return entries
