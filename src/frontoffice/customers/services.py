"""Writes of customer records: one function per change, one transaction each.

Matching lives here too, in one place: a booking that sends a guest with the same email and
name as an existing record joins that record (filling its blank contact fields) instead of
making a copy. The database backs it with a unique index, so two bookings for the same new
guest at the same moment still make one record.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from frontoffice.core import countries, db, tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment, Language
from frontoffice.core.services.history import insert_with_history
from frontoffice.core.text import fold
from frontoffice.core.validation import full_clean

from .models import Customer, PrivateGuestAccess

CUSTOMER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "nationality",
    "vip_level",
    "vip_instructions",
    "private",
    "notes",
)
# What a booking may add to an existing record where the record has nothing.
FILLABLE_FROM_BOOKING = ("phone", "language", "nationality")
UNIQUE_EMAIL_NAME = "customer_email_name_uniq"


def normalize_phone(raw: str, country: str = "") -> str:
    """E.164. A number dialled locally ("06 12345678") is read as `country`'s, the
    establishment's own; one with a + as dialled abroad."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, country or None)
    except phonenumbers.NumberParseException:
        if country:
            message = _("Enter the phone number as dialled here or with its country code.")
        else:
            message = _("Enter the phone number in international format, e.g. +31 20 123 4567.")
        raise Invalid(message, field="phone") from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid(_("This phone number is not valid."), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _prepare(customer: Customer, data: dict[str, Any]) -> None:
    country = customer.establishment.country  # the caller's row: no query on the hot path
    for name, value in data.items():
        if name not in CUSTOMER_FIELDS:
            raise Invalid(_("Unknown field: %(name)s") % {"name": name}, field=name)
        if value is None:
            value = {"vip_level": 0, "private": False}.get(name, "")
        if isinstance(value, str):
            value = value.strip()
        if name == "phone":
            value = normalize_phone(value, country)
        elif name == "email":
            value = value.lower()
        elif name == "nationality":
            value = value.upper()
            if value and not countries.is_country(value):
                raise Invalid(_("Choose a country from the list."), field="nationality")
        elif name == "language" and value and value not in Language.values:
            raise Invalid(_("Unknown language."), field="language")
        setattr(customer, name, value)
    if not customer.last_name:
        raise Invalid(_("The last name is required."), field="last_name")
    customer.search_key = search_key(customer)
    full_clean(customer, exclude=["establishment"])


def search_key(customer: Customer) -> str:
    return fold(f"{customer.first_name} {customer.last_name}")[:500]


def customer_build(*, establishment: Establishment, **data: Any) -> Customer:
    """A validated, unsaved customer (so callers can check input before a transaction)."""
    customer = Customer(establishment=establishment)
    _prepare(customer, data)
    return customer


def _same_person(candidate: Customer) -> Customer | None:
    if not candidate.email:
        return None
    return (
        Customer.objects.filter(
            establishment_id=candidate.establishment_id,
            email=candidate.email,
            last_name__iexact=candidate.last_name,
            first_name__iexact=candidate.first_name,
        )
        .order_by("pk")
        .first()
    )


def _duplicate(existing: Customer) -> Conflict:
    return Conflict(
        _("%(name)s with this email is already a guest.") % {"name": existing.full_name},
        code="duplicate",
        extra={"existing_id": existing.pk},
    )


def customer_create(
    *, establishment: Establishment, actor: AbstractBaseUser | None, **data: Any
) -> Customer:
    """A new record. The same email and name as an existing record is refused (409
    `duplicate`, naming it); a mere look-alike (same name, same phone) is the caller's to
    warn about."""
    customer = customer_build(establishment=establishment, **data)
    with tenancy.scope(establishment):
        try:
            with transaction.atomic():
                existing = _same_person(customer)
                if existing is not None:
                    raise _duplicate(existing)
                insert_with_history(customer, actor)
        except IntegrityError as exc:
            if not db.violates(exc, Customer, UNIQUE_EMAIL_NAME):
                raise
            raise _duplicate(_same_person(customer)) from None
    return customer


def customer_update(*, customer: Customer, actor: AbstractBaseUser | None, **data: Any) -> Customer:
    with tenancy.scope(customer.establishment_id):
        try:
            with transaction.atomic():
                current = Customer.objects.select_for_update().get(pk=customer.pk)
                _prepare(current, data)
                other = _same_person(current)
                if other is not None and other.pk != current.pk:
                    raise _duplicate(other)
                current._history_user = actor
                current.save()
        except IntegrityError as exc:
            if not db.violates(exc, Customer, UNIQUE_EMAIL_NAME):
                raise
            raise _duplicate(_same_person(current)) from None
    return current


def customer_for_booking(candidate: Customer, actor: AbstractBaseUser | None) -> Customer:
    """The record a booking's guest belongs to. Call inside the booking's transaction with
    a `customer_build` result: the existing record with the same email and name (its blank
    contact fields filled from the booking), or the candidate, inserted."""
    existing = _same_person(candidate)
    if existing is None and candidate.email:
        try:
            # A savepoint: a concurrent booking may insert the same person first
            # (PostgreSQL then waits for it and reports the unique index).
            with transaction.atomic():
                insert_with_history(candidate, actor)
            return candidate
        except IntegrityError as exc:
            if not db.violates(exc, Customer, UNIQUE_EMAIL_NAME):
                raise
            existing = _same_person(candidate)
    if existing is None:
        insert_with_history(candidate, actor)
        return candidate
    filled = [
        name
        for name in FILLABLE_FROM_BOOKING
        if getattr(candidate, name) and not getattr(existing, name)
    ]
    if filled:
        existing = Customer.objects.select_for_update().get(pk=existing.pk)
        for name in filled:
            if not getattr(existing, name):
                setattr(existing, name, getattr(candidate, name))
        existing._history_user = actor
        existing.save()
    return existing


def private_look_record(*, customer: Customer, actor: AbstractBaseUser | None, what: str) -> None:
    """Log a look at a private guest's record (nothing for other guests): who, when, what
    (the guest page, the API, a reservation of theirs)."""
    if not customer.private:
        return
    with tenancy.scope(customer.establishment_id), transaction.atomic():
        entry = PrivateGuestAccess(
            establishment_id=customer.establishment_id,
            customer=customer,
            user=actor if actor is not None and actor.is_authenticated else None,
            what=what[:100],
        )
        full_clean(entry, exclude=["establishment"])
        entry.save()
