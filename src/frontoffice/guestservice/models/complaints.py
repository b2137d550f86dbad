"""Guest services: complaints and compliments, and the shift log the manager's desk keeps."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontoffice.billing.models import Entry
from frontoffice.core.models import Department, Establishment, EstablishmentOwned
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

__all__ = ["Complaint", "ShiftNote", "ShiftNoteRead"]


class Complaint(EstablishmentOwned):
    """What a guest complained about (or praised), who took it and when, and how it was
    resolved. High and critical complaints, and every complaint of a VIP, are escalated to
    the front office manager when taken; only the manager resolves those."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        COMPLIMENT = "compliment", _("Compliment")

    class Category(models.TextChoices):
        ROOM = "room", _("Room")
        NOISE = "noise", _("Noise")
        CLEANLINESS = "cleanliness", _("Cleanliness")
        SERVICE = "service", _("Service")
        BILLING = "billing", _("Billing")
        FOOD = "food", _("Food and drink")
        STAFF = "staff", _("Staff")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="+", verbose_name=_("establishment")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("guest")
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("stay"),
    )
    description = models.TextField(_("what happened"), max_length=4000)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    taken_at = models.DateTimeField(_("taken at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    escalated = models.BooleanField(_("escalated"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), max_length=4000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    compensation = models.DecimalField(
        _("compensation"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The allowance that carried the compensation onto the stay's folio.
    allowance = models.ForeignKey(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up = models.DateField(_("follow-up"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction afterwards"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(
                fields=["establishment", "status", "-taken_at"], name="complaint_open_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="complaint_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_at__isnull=False),
                name="complaint_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class ShiftNote(EstablishmentOwned):
    """A note handed from one shift to the next: "room 204's guest expects a call at 7"."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="+", verbose_name=_("establishment")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=4000)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    important = models.BooleanField(_("important"), default=False)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shift note")
        verbose_name_plural = _("shift notes")
        indexes = [models.Index(fields=["establishment", "-created_at"], name="shiftnote_idx")]

    def __str__(self) -> str:
        return self.text[:50]


class ShiftNoteRead(EstablishmentOwned):
    """A read receipt: who read a note, when (once per person)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="+", verbose_name=_("establishment")
    )
    note = models.ForeignKey(ShiftNote, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        ordering = ["read_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="shiftnote_read_once"),
        ]
