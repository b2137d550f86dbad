"""Guest services: group events (a wedding, a congress) with their venue, organiser,
attendees and, optionally, the group's room block (lodging's `RoomBlock`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontoffice.core.models import Establishment, EstablishmentOwned
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation, Room, RoomBlock

from .concierge import Attraction

__all__ = ["Event", "EventAttendee"]


class Event(EstablishmentOwned):
    """A group event. The venue is a room of the house, an attraction of the catalogue or
    a place named in words (at most one of the first two; the words may add to them)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("establishment"),
    )
    name = models.CharField(_("name"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    venue_attraction = models.ForeignKey(
        Attraction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("attraction"),
    )
    venue_text = models.CharField(_("venue"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    organiser_name = models.CharField(_("organiser"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    block = models.ForeignKey(
        RoomBlock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("room block"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who made and changed the event (its block link too), and when.
    history = HistoricalRecords(excluded_fields=["created_at", "created_by"])

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(venue_room__isnull=True) | Q(venue_attraction__isnull=True),
                name="event_one_venue",
            ),
        ]
        indexes = [models.Index(fields=["establishment", "starts_at"], name="event_starts_idx")]

    def __str__(self) -> str:
        return self.name


class EventAttendee(EstablishmentOwned):
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees")
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("guest")
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reservation"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "customer"], name="eventattendee_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.customer_id}"
