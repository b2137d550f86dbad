"""Establishments, departments, staff roles, customers and the shared plumbing
(API tokens, login throttling, idempotency keys)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import dates, money

CODE_RE = r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
code_validator = RegexValidator(
    CODE_RE, _("Use lowercase letters, digits and hyphens (not at the start or end).")
)


def validate_timezone(value: str) -> None:
    if value not in dates.timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


def validate_currency(value: str) -> None:
    if not money.is_currency(value):
        raise ValidationError(_("Unknown currency: %(value)s"), params={"value": value})


class Kind(models.TextChoices):
    HOTEL = "hotel", _("Hotel")
    MOTEL = "motel", _("Motel")
    CLINIC = "clinic", _("Clinic")
    LAW_OFFICE = "law_office", _("Law office")
    SCHOOL = "school", _("School")
    SHOP = "shop", _("Shop")
    OFFICE = "office", _("Office")


class Language(models.TextChoices):
    EN = "en", _("English")
    NL = "nl", _("Dutch")
    DE = "de", _("German")
    PL = "pl", _("Polish")
    ES = "es", _("Spanish")


class Establishment(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOTEL)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[validate_currency]
    )
    language = models.CharField(
        _("default language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    # Last night for which per-night inventory rows exist for every room type.
    inventory_horizon = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    def __str__(self) -> str:
        return self.name

    def today(self) -> dt.date:
        return dates.today_in(self.timezone)


class Department(models.Model):
    class Kind(models.TextChoices):
        FRONT_DESK = "front_desk", _("Front desk")
        CONCIERGE = "concierge", _("Concierge")
        BELL_DESK = "bell_desk", _("Bell desk")
        HOUSEKEEPING = "housekeeping", _("Housekeeping")
        ACCOUNTING = "accounting", _("Accounting")
        HR = "hr", _("Human resources")
        MANAGEMENT = "management", _("Management")
        RECEPTION = "reception", _("Reception")
        OTHER = "other", _("Other")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="departments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    extension = models.CharField(
        _("phone extension"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9*#]{1,10}$", _("Digits only."))],
    )

    class Meta:
        ordering = ["establishment_id", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "name"], name="department_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FRONT_DESK_AGENT = "front_desk_agent", _("Front desk agent")
    RECEPTIONIST = "receptionist", _("Receptionist")
    CONCIERGE = "concierge", _("Concierge")
    PORTER = "porter", _("Porter")
    CASHIER = "cashier", _("Cashier")
    FILE_CLERK = "file_clerk", _("File clerk")
    FRONT_OFFICE_MANAGER = "front_office_manager", _("Front office manager")
    BACK_OFFICE_FINANCE = "back_office_finance", _("Back office finance")
    BACK_OFFICE_HR = "back_office_hr", _("Back office HR")
    ADMINISTRATOR = "administrator", _("Administrator")


class StaffRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "establishment", "role"], name="staffrole_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.establishment}"


class Customer(models.Model):
    """A guest, patient, client or visitor of one establishment."""

    class Vip(models.IntegerChoices):
        NONE = 0, _("None")
        VIP1 = 1, _("VIP 1")
        VIP2 = 2, _("VIP 2")
        VIP3 = 3, _("VIP 3")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="customers"
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
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        indexes = [
            models.Index(Lower("last_name"), "establishment", name="customer_last_name_idx"),
            models.Index(fields=["establishment", "email"], name="customer_email_idx"),
            models.Index(fields=["establishment", "phone"], name="customer_phone_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class LoginThrottle(models.Model):
    """Failed logins per user name, shared by every server process through the database."""

    key = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class IdempotencyKey(models.Model):
    """The first response to a request with an Idempotency-Key, written in the same
    transaction as the request's effect."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_uniq"),
        ]

    def __str__(self) -> str:
        return self.key
