"""Reads of customer records: search, look-alikes, one record."""

from __future__ import annotations

import phonenumbers
from django.db.models import Q, QuerySet

from frontoffice.core.models import Establishment
from frontoffice.core.text import fold
from frontoffice.core.validation import is_row_id

from . import extensions, privacy
from .models import Customer, PrivateGuestAccess


def visible_customers(establishment: Establishment, *, access) -> QuerySet[Customer]:
    """The guests this person may know of: private guests only for those allowed
    "guest.private" (`access=None`: the system, every guest)."""
    return Customer.objects.filter(establishment=establishment).filter(privacy.visible(access))


def customer_search(establishment: Establishment, q: str = "", *, access) -> QuerySet[Customer]:
    """By name or email (any part, without case or accents), phone, and whatever the apps
    above add (a confirmation code). Private guests only for those who may see them."""
    customers = visible_customers(establishment, access=access)
    q = (q or "").strip()
    if not q:
        return customers
    condition = Q()
    for word in q.split()[:4]:
        condition &= Q(search_key__contains=fold(word)) | Q(email__icontains=word)
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 5:
        # Stored as E.164: the digits as typed, without a trunk prefix ("06…" is "+316…"),
        # and the whole number as dialled here.
        condition |= Q(phone__contains=digits)
        if digits.lstrip("0"):  # "00000" would otherwise match every number
            condition |= Q(phone__contains=digits.lstrip("0"))
        try:
            number = phonenumbers.parse(q, establishment.country or None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            condition |= Q(
                phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            )
    for extension in extensions.search_conditions:
        extra = extension(establishment, q)
        if extra is not None:
            condition |= extra
    return customers.filter(condition)


def customer_look_alikes(
    establishment: Establishment,
    *,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    exclude_id: int | None = None,
    access,
) -> list[Customer]:
    """Existing records that look like the same person: same email, same phone, or the
    same first and last name."""
    condition = Q()
    if email:
        condition |= Q(email__iexact=email.strip())
    if phone:
        condition |= Q(phone=phone)
    if last_name and first_name:
        # Without regard to case or accents, as the search: "Zielinski" is "Zieliński".
        condition |= Q(search_key=fold(f"{first_name.strip()} {last_name.strip()}")[:500])
    if not condition:
        return []
    found = visible_customers(establishment, access=access).filter(condition)
    if exclude_id:
        found = found.exclude(pk=exclude_id)
    return list(found[:10])


def customer_get(establishment: Establishment, customer_id: int, *, access) -> Customer | None:
    """One guest, or None: as for an unknown guest when the guest is private and the person
    may not see private guests."""
    if not is_row_id(customer_id):
        return None
    return visible_customers(establishment, access=access).filter(pk=customer_id).first()


def private_accesses(customer: Customer, limit: int = 50) -> list[PrivateGuestAccess]:
    """The latest looks at a private guest's record, the latest first."""
    return list(PrivateGuestAccess.objects.filter(customer=customer).select_related("user")[:limit])
