"""Guest services: the concierge's catalogue of local attractions (recommendations, bookings
and group events build on it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontoffice.billing.models import Entry
from frontoffice.core.models import Establishment, EstablishmentOwned
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

__all__ = ["Attraction", "Recommendation"]


class Attraction(EstablishmentOwned):
    """A place or service the concierge recommends: a museum, a restaurant, a show, a taxi.

    `opening_hours` holds per weekday (0 = Monday … 6 = Sunday, as strings) a list of
    [opens, closes] pairs in the establishment's local time, "HH:MM"; a closing time before
    the opening time runs past midnight. `notes` holds the notes per language ({"nl": "…"});
    `languages` the languages spoken there (ISO 639-1 codes)."""

    class Category(models.TextChoices):
        ATTRACTION = "attraction", _("Attraction")
        MUSEUM = "museum", _("Museum")
        RESTAURANT = "restaurant", _("Restaurant")
        BAR = "bar", _("Bar")
        ENTERTAINMENT = "entertainment", _("Entertainment")
        TOUR = "tour", _("Tour")
        SHOPPING = "shopping", _("Shopping")
        WELLNESS = "wellness", _("Wellness")
        TRANSPORT = "transport", _("Transport")
        SERVICE = "service", _("Service")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="attractions",
        verbose_name=_("establishment"),
    )
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    price_level = models.PositiveSmallIntegerField(
        _("price level"), default=0, help_text=_("0 free, 1 to 4 from cheap to expensive")
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    notes = models.JSONField(_("notes per language"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Name, address and notes folded (core.text.fold) for searching without case or accents.
    search_key = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["establishment_id", "name", "id"]
        verbose_name = _("attraction")
        verbose_name_plural = _("attractions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_level__lte=4), name="attraction_price_level_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(EstablishmentOwned):
    """An attraction recommended to a guest, or booked for them, kept on their profile.

    A booking has its time (`at`, aware) and may have a confirmation from the place, a cost
    and, when the cost went on the guest's folio, the charge (`charge`) posted there."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        BOOKING = "booking", _("Booking")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("establishment"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("guest"),
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("reservation"),
    )
    attraction = models.ForeignKey(
        Attraction,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("attraction"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The day it is meant for (a recommendation's, optional; a booking's local date).
    for_date = models.DateField(_("date"), null=True, blank=True)
    at = models.DateTimeField(_("time"), null=True, blank=True)
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    confirmation = models.CharField(_("confirmation"), max_length=100, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=13, decimal_places=3, null=True, blank=True)
    charge = models.ForeignKey(
        Entry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charge on the folio"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["establishment", "customer"], name="recommendation_guest_idx"),
            models.Index(
                fields=["establishment", "kind", "created_at"], name="recommendation_kind_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="booking") | models.Q(at__isnull=False),
                name="recommendation_booking_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(party_size__gte=1), name="recommendation_party_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attraction} · {self.customer}"
