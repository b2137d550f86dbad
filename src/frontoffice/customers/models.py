"""Customers: the guests, patients, clients and visitors of one establishment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontoffice.core.models import Establishment, EstablishmentOwned, Language


class Customer(EstablishmentOwned):
    """A guest, patient, client or visitor of one establishment."""

    class Vip(models.IntegerChoices):
        NONE = 0, _("None")
        VIP1 = 1, _("VIP 1")
        VIP2 = 2, _("VIP 2")
        VIP3 = 3, _("VIP 3")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="customers",
        verbose_name=_("establishment"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, blank=True
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    vip_level = models.PositiveSmallIntegerField(_("VIP level"), choices=Vip.choices, default=0)
    # How to look after this guest: shown wherever the guest appears (arrivals, check-in,
    # the room rack, the reservation, complaints).
    vip_instructions = models.TextField(_("handling instructions"), blank=True, max_length=2000)
    # A celebrity or an executive whose presence is not disclosed: to roles without
    # "guest.private" the record does not exist, and every look at it is logged.
    private = models.BooleanField(
        _("presence not disclosed"),
        default=False,
        help_text=_("Only staff allowed to see private guests find this guest."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    # The name folded (text.fold) for searching without case or accents.
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_key"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        indexes = [
            models.Index(Lower("last_name"), "establishment", name="customer_last_name_idx"),
            models.Index(fields=["establishment", "email"], name="customer_email_idx"),
            models.Index(fields=["establishment", "phone"], name="customer_phone_idx"),
        ]
        constraints = [
            # The same email and name is the same person: one record, whoever books first.
            models.UniqueConstraint(
                "establishment",
                "email",
                Lower("last_name"),
                Lower("first_name"),
                condition=~Q(email=""),
                name="customer_email_name_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PrivateGuestAccess(EstablishmentOwned):
    """One look at a private guest's record: who, when, what (the guest page, the API, a
    reservation)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("establishment"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="private_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(_("what"), max_length=100)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("look at a private guest")
        verbose_name_plural = _("looks at a private guest")
        indexes = [models.Index(fields=["customer", "-at"], name="private_access_idx")]
