"""Establishments (the tenants), departments, staff roles and the shared plumbing (API
tokens, login throttling, idempotency keys).

Every model that belongs to one establishment derives from `EstablishmentOwned`: its
default manager is scoped (see `tenancy`), so a query outside an establishment scope raises
instead of returning every establishment's rows, and `clean()` refuses a relation to a row
of another establishment.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from . import dates, money

CODE_RE = r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
code_validator = RegexValidator(
    CODE_RE, _("Use lowercase letters, digits and hyphens (not at the start or end).")
)
# Room type, rate plan and similar codes: written as hotels write them (DBL, NONREF, bb-2),
# matched case-insensitively.
SHORT_CODE_RE = r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,18}[A-Za-z0-9])?$"
short_code_validator = RegexValidator(
    SHORT_CODE_RE, _("Use letters, digits, hyphens and underscores (up to 20).")
)


def validate_timezone(value: str) -> None:
    if value not in dates.timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


def validate_country(value: str) -> None:
    from .countries import is_country

    if value and not is_country(value):
        raise ValidationError(_("Unknown country: %(value)s"), params={"value": value})


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
    # Phone numbers dialled locally ("06 12345678") are read as this country's.
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country]
    )
    # Last night for which per-night inventory rows exist for every room type.
    inventory_horizon = models.DateField(null=True, blank=True, editable=False)
    # The day the desk is working in: postings are dated with it; the night audit (day
    # close) rolls it. None until the first close: then it is the local today.
    business_date = models.DateField(_("business date"), null=True, blank=True, editable=False)
    # Guests' nationality and identity document are recorded before check-in (the law of
    # many countries asks it of hotels).
    registration_required = models.BooleanField(
        _("registration required at check-in"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Scoped like the rows it owns: inside a scope only the scope's establishments exist
    # (admin choices and filters included). `unscoped` is for the few places that must
    # look across tenants: finding an establishment by code before access is checked.
    unscoped = models.Manager()
    objects = ScopedManager(establishment="pk")

    class Meta:
        ordering = ["name"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        default_manager_name = "objects"
        base_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.name

    def today(self) -> dt.date:
        return dates.today_in(self.timezone)

    def business_day(self) -> dt.date:
        """The open business date: the last closed day's next, or the local today."""
        return self.business_date or self.today()


class EstablishmentOwned(models.Model):
    """Rows of one establishment. Subclasses declare their `establishment` foreign key."""

    objects = ScopedManager(establishment="establishment")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_same_establishment(self)


def owned_relations(model) -> list:
    """The foreign keys of `model` that point at other establishment-owned rows."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.name != "establishment"
        and isinstance(f.related_model, type)
        and issubclass(f.related_model, EstablishmentOwned)
    ]


def check_same_establishment(obj) -> None:
    """Related rows always share the establishment: a room's type, a reservation's guest."""
    errors = {}
    for field in owned_relations(type(obj)):
        if getattr(obj, field.attname) is None:
            continue
        related = getattr(obj, field.name)
        if related.establishment_id != obj.establishment_id:
            errors[field.name] = _("This belongs to another establishment.")
    if errors:
        raise ValidationError(errors)


class Department(EstablishmentOwned):
    class Kind(models.TextChoices):
        FRONT_DESK = "front_desk", _("Front desk")
        CONCIERGE = "concierge", _("Concierge")
        BELL_DESK = "bell_desk", _("Bell desk")
        HOUSEKEEPING = "housekeeping", _("Housekeeping")
        MAINTENANCE = "maintenance", _("Maintenance")
        ACCOUNTING = "accounting", _("Accounting")
        HR = "hr", _("Human resources")
        MANAGEMENT = "management", _("Management")
        RECEPTION = "reception", _("Reception")
        OTHER = "other", _("Other")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("establishment"),
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


class StaffRole(EstablishmentOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("user"),
    )
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("establishment"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    # The policy reads a person's roles before any establishment is in scope.
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "establishment", "role"], name="staffrole_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.establishment}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored.

    It expires `FRONTOFFICE_TOKEN_TTL_DAYS` after its last use (sliding) and a year after
    it was made at the latest. `auth_hash` ties it to the user's password: a password
    change, through any path, makes every older token fail.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    auth_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"))
    expires_at = models.DateTimeField(_("expires"))
    # However often it is used, it expires by then (a year after it was made).
    expires_at_latest = models.DateTimeField()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["expires_at"], name="apitoken_expires_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.name or f'{self.created_at:%Y-%m-%d}'}"


class LoginAttempts(models.Model):
    """Login attempts counted per key ("user|address" and "address"), shared by every
    server process through the database. An attempt is reserved (counted) before the
    password is checked; a success gives it back."""

    key = models.CharField(max_length=250, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    # The count lapses at this moment; a locked key opens again then.
    window_end = models.DateTimeField()

    class Meta:
        verbose_name = _("login lock-out")
        verbose_name_plural = _("login lock-outs")

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
