"""Writes of the core: one function per operation, one transaction each."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy, refcache
from .errors import Conflict, Invalid, Throttled
from .history import insert_with_history
from .models import (
    ApiToken,
    Customer,
    Department,
    Establishment,
    Language,
    LoginThrottle,
    Role,
    StaffRole,
)


def full_clean(obj, exclude: list[str] | None = None) -> None:
    """Django model validation, raised as the domain's Invalid (first field only)."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(" ".join(messages), field=field) from None


def establishment_create(
    *,
    actor: AbstractBaseUser,
    code: str,
    name: str,
    kind: str = "hotel",
    timezone_name: str = "UTC",
    currency: str = "EUR",
    language: str = "en",
) -> Establishment:
    establishment = Establishment(
        code=code,
        name=name,
        kind=kind,
        timezone=timezone_name,
        currency=currency,
        language=language,
    )
    full_clean(establishment, exclude=["inventory_horizon"])
    with transaction.atomic():
        if Establishment.objects.filter(code=code).exists():
            raise Conflict(_("An establishment with this code already exists."), code="duplicate")
        establishment.save()
        refcache.clear()
        if not actor.is_superuser:
            staff_role_grant(establishment=establishment, user=actor, role=Role.ADMINISTRATOR)
        for kind_value, label in (
            (Department.Kind.FRONT_DESK, Department.Kind.FRONT_DESK.label),
            (Department.Kind.MANAGEMENT, Department.Kind.MANAGEMENT.label),
        ):
            Department.objects.create(establishment=establishment, kind=kind_value, name=str(label))
    return establishment


def staff_role_grant(*, establishment: Establishment, user: AbstractBaseUser, role: str) -> None:
    if role not in Role.values:
        raise Invalid(_("Unknown role."), field="role")
    StaffRole.objects.get_or_create(user=user, establishment=establishment, role=role)
    if role in policy.PERMISSIONS["setup.manage"] and not user.is_staff:
        # Setup happens in the Django admin, which admits staff users only.
        user.is_staff = True
        user.save(update_fields=["is_staff"])


# --- customers -------------------------------------------------------------------------


def normalize_phone(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        raise Invalid(
            _("Enter the phone number in international format, e.g. +31 20 123 4567."),
            field="phone",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid(_("This phone number is not valid."), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


CUSTOMER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "nationality",
    "vip_level",
    "notes",
)


def _customer_prepare(customer: Customer, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name not in CUSTOMER_FIELDS:
            raise Invalid(_("Unknown field: %(name)s") % {"name": name}, field=name)
        if value is None:
            value = 0 if name == "vip_level" else ""
        if isinstance(value, str):
            value = value.strip()
        if name == "phone":
            value = normalize_phone(value)
        elif name == "email":
            value = value.lower()
        elif name == "nationality":
            value = value.upper()
            if value and not (len(value) == 2 and value.isalpha() and value.isascii()):
                raise Invalid(_("Use a two-letter country code, e.g. NL."), field="nationality")
        elif name == "language" and value and value not in Language.values:
            raise Invalid(_("Unknown language."), field="language")
        setattr(customer, name, value)
    if not customer.last_name:
        raise Invalid(_("The last name is required."), field="last_name")
    full_clean(customer, exclude=["establishment"])


def customer_build(*, establishment: Establishment, **data: Any) -> Customer:
    """A validated, unsaved customer (so callers can check input before a transaction)."""
    customer = Customer(establishment=establishment)
    _customer_prepare(customer, data)
    return customer


def customer_save_new(customer: Customer, actor: AbstractBaseUser | None) -> Customer:
    insert_with_history(customer, actor)
    return customer


def customer_create(
    *, establishment: Establishment, actor: AbstractBaseUser | None, **data: Any
) -> Customer:
    customer = customer_build(establishment=establishment, **data)
    with transaction.atomic():
        customer_save_new(customer, actor)
    return customer


def customer_update(*, customer: Customer, actor: AbstractBaseUser | None, **data: Any) -> Customer:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        _customer_prepare(customer, data)
        customer._history_user = actor
        customer.save()
    return customer


# --- authentication ----------------------------------------------------------------------


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_user(key: str) -> AbstractBaseUser | None:
    """The active user a bearer token belongs to. Runs on every API request, so it is one
    hand-written indexed query rather than a compiled ORM join."""
    if not key or len(key) > 200:
        return None
    User = get_user_model()
    prepared = _TOKEN_SQL.get(User)
    if prepared is None:
        fields = [f for f in User._meta.concrete_fields]
        quote = connection.ops.quote_name
        columns = ", ".join(f"u.{quote(f.column)}" for f in fields)
        sql = (
            f"SELECT {columns} FROM {quote(User._meta.db_table)} u "
            f"JOIN {quote(ApiToken._meta.db_table)} t ON t.user_id = u.{quote(User._meta.pk.column)} "
            f"WHERE t.key_hash = %s AND u.is_active"
        )
        prepared = _TOKEN_SQL[User] = (sql, [f.attname for f in fields], fields)
    sql, names, fields = prepared
    with connection.cursor() as cursor:
        cursor.execute(sql, [_hash_token(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for field, value in zip(fields, row, strict=True):
        column = field.get_col("u")
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        for converter in converters:
            value = converter(value, column, connection)
        values.append(value)
    return User.from_db(connection.alias, names, values)


_TOKEN_SQL: dict = {}


def token_create(*, user: AbstractBaseUser) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash_token(key))
    return key


def _throttle_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_check_throttle(username: str) -> None:
    row = LoginThrottle.objects.filter(key=_throttle_key(username)).first()
    now = timezone.now()
    if row and row.locked_until and row.locked_until > now:
        seconds = int((row.locked_until - now).total_seconds()) + 1
        raise Throttled(
            _("Too many failed attempts. Try again in %(seconds)s seconds.") % {"seconds": seconds},
            retry_after=seconds,
        )


def login_record_failure(username: str) -> None:
    key = _throttle_key(username)
    maximum = settings.FRONTOFFICE_LOGIN_MAX_FAILURES
    with transaction.atomic():
        try:
            with transaction.atomic():
                LoginThrottle.objects.get_or_create(key=key)
        except IntegrityError:
            pass  # created by a concurrent request in another process
        LoginThrottle.objects.filter(key=key).update(failures=F("failures") + 1)
        lock_until = timezone.now() + dt.timedelta(
            seconds=settings.FRONTOFFICE_LOGIN_LOCKOUT_SECONDS
        )
        LoginThrottle.objects.filter(key=key, failures__gte=maximum).update(
            failures=0, locked_until=lock_until
        )


def login_record_success(username: str) -> None:
    LoginThrottle.objects.filter(key=_throttle_key(username)).delete()


def login(*, request, username: str, password: str) -> AbstractBaseUser | None:
    """Check a user name and password, throttled across all server processes."""
    login_check_throttle(username)
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_record_failure(username)
        return None
    login_record_success(username)
    return user
