"""Guest services: the concierge's catalogue of local attractions (recommendations, bookings
and group events build on it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontoffice.core.models import Establishment, EstablishmentOwned

__all__ = ["Attraction"]


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
