"""Guest services: requests as department queues (amenities, services, wake-up calls,
maintenance, housekeeping, concierge bookings, luggage), their service levels, and luggage
stored with claim tags."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontoffice.billing.models import Entry
from frontoffice.core.models import Department, Establishment, EstablishmentOwned
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation, Room

__all__ = [
    "Luggage",
    "Priority",
    "RequestKind",
    "RequestStatus",
    "ServiceLevel",
    "ServiceRequest",
]


class RequestKind(models.TextChoices):
    AMENITY = "amenity", _("Amenity")
    SERVICE = "service", _("Service")
    WAKE_UP = "wake_up", _("Wake-up call")
    MAINTENANCE = "maintenance", _("Maintenance")
    HOUSEKEEPING = "housekeeping", _("Housekeeping")
    CONCIERGE_BOOKING = "concierge_booking", _("Concierge booking")
    LUGGAGE = "luggage", _("Luggage")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceLevel(EstablishmentOwned):
    """How many minutes a department has for a kind of request at a priority. A row names
    a department, or a department kind (every department of that kind); without a row the
    defaults of `services.requests.DEFAULT_MINUTES` apply."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="service_levels",
        verbose_name=_("establishment"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_levels",
        verbose_name=_("department"),
    )
    department_kind = models.CharField(
        _("department kind"), max_length=20, choices=Department.Kind.choices, blank=True
    )
    kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False) | ~models.Q(department_kind=""),
                name="servicelevel_names_department",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1), name="servicelevel_minutes_positive"
            ),
            # One value per cell: a department's own, and a department kind's.
            models.UniqueConstraint(
                fields=["establishment", "department", "kind", "priority"],
                condition=models.Q(department__isnull=False),
                name="servicelevel_one_per_department_cell",
            ),
            models.UniqueConstraint(
                fields=["establishment", "department_kind", "kind", "priority"],
                condition=models.Q(department__isnull=True),
                name="servicelevel_one_per_department_kind_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.priority}: {self.minutes}"


class ServiceRequest(EstablishmentOwned):
    """One thing a guest (with their stay and room) or a walk-up customer asked for, in
    one department's queue: new → assigned → in_progress → done, or cancelled."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="service_requests",
        verbose_name=_("establishment"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="requests", verbose_name=_("department")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("stay"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("guest"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("room"),
    )
    due_at = models.DateTimeField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("assignee"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    escalation = models.PositiveSmallIntegerField(_("times escalated"), default=0)
    created_at = models.DateTimeField(_("taken"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    completion_note = models.CharField(_("note"), max_length=500, blank=True)
    charge_entry = models.ForeignKey(
        Entry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charge"),
    )

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["establishment", "status", "due_at"], name="request_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reservation__isnull=False) | models.Q(customer__isnull=False),
                name="request_has_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def open(self) -> bool:
        return self.status not in (RequestStatus.DONE, RequestStatus.CANCELLED)


class Luggage(EstablishmentOwned):
    """Pieces of luggage kept for a guest under a numbered claim tag (L-0042), handed back
    only against the tag and the guest's last name."""

    class Status(models.TextChoices):
        STORED = "stored", _("Stored")
        RELEASED = "released", _("Handed back")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="luggage",
        verbose_name=_("establishment"),
    )
    number = models.PositiveIntegerField(_("claim tag number"))
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="luggage",
        verbose_name=_("stay"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="luggage",
        verbose_name=_("guest"),
    )
    pieces = models.PositiveSmallIntegerField(_("pieces"))
    location = models.CharField(_("location"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.STORED
    )
    stored_at = models.DateTimeField(_("stored"))
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stored by"),
    )
    released_at = models.DateTimeField(_("handed back"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed back by"),
    )

    class Meta:
        ordering = ["-stored_at", "-id"]
        verbose_name = _("luggage")
        verbose_name_plural = _("luggage")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "number"], name="luggage_tag_uniq"),
            models.CheckConstraint(
                condition=models.Q(pieces__gte=1) & models.Q(pieces__lte=50),
                name="luggage_pieces_range",
            ),
        ]

    def __str__(self) -> str:
        return self.tag

    @property
    def tag(self) -> str:
        return tag_of(self.number)


def tag_of(number: int) -> str:
    return f"L-{number:04d}"
