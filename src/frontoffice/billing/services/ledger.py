"""Posting to accounts. Each function is one transaction that locks the folio's row first,
so postings to one folio run one after another (its balance and limits are read under the
lock) and postings to different folios run side by side. Entries are only ever inserted."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontoffice.core import money
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment

from .. import taxes
from ..models import Category, ChargeCategory, Entry, Folio

MAX_AMOUNT = Decimal("9999999999")
MAX_QUANTITY = Decimal("9999999")


def _actor(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def locked(folio: Folio) -> Folio:
    """The folio's row, locked until the transaction ends (FOR NO KEY UPDATE on PostgreSQL:
    entries referencing it may still be inserted by nobody else meanwhile, as they wait
    for this lock in the same function)."""
    return (
        Folio.objects.select_for_update(no_key=True)
        .select_related("establishment")
        .get(pk=folio.pk)
    )


def require_open(folio: Folio) -> None:
    if folio.status != Folio.Status.OPEN:
        raise Conflict(
            _("This account is closed: an invoice was issued for it."), code="folio_closed"
        )


def amount_of(value, currency: str, *, field: str = "amount") -> Decimal:
    """A positive amount in the currency's minor unit, or a clear error."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter an amount."), field=field) from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise Invalid(_("Enter an amount greater than zero."), field=field)
    if amount != money.quantize(amount, currency):
        places = money.precision(currency)
        raise Invalid(
            ngettext(
                "This currency has %(places)d decimal place.",
                "This currency has %(places)d decimal places.",
                places,
            )
            % {"places": places},
            field=field,
        )
    return amount


def check_category(establishment: Establishment, category: str) -> str:
    if category in Category.values:
        return category
    if ChargeCategory.objects.filter(establishment=establishment, code__iexact=category).exists():
        return category.lower()
    raise Invalid(_("Unknown category."), code="unknown_category", field="category")


def charge_post(
    *,
    folio: Folio,
    actor: AbstractBaseUser | None,
    category: str,
    unit_price,
    quantity=1,
    description: str = "",
) -> Entry:
    """Post a charge (tax included in the price) on the open business date."""
    with transaction.atomic():
        folio = locked(folio)
        require_open(folio)
        establishment = folio.establishment
        currency = folio.currency
        category = check_category(establishment, category)
        price = amount_of(unit_price, currency, field="unit_price")
        try:
            qty = Decimal(str(quantity))
        except (InvalidOperation, ValueError):
            raise Invalid(_("Enter a quantity."), field="quantity") from None
        if (
            not qty.is_finite()
            or qty <= 0
            or qty > MAX_QUANTITY
            or qty != qty.quantize(Decimal("0.001"))
        ):
            raise Invalid(_("Enter a quantity greater than zero."), field="quantity")
        if len(description) > 200:
            raise Invalid(_("The description is too long."), field="description")
        amount = money.quantize(price * qty, currency)
        day = establishment.business_day()
        rate = taxes.rate_on(establishment.pk, category, day)
        entry = Entry(
            establishment=establishment,
            folio=folio,
            kind=Entry.Kind.CHARGE,
            category=category,
            description=description,
            quantity=qty,
            unit_price=price,
            amount=amount,
            tax_rate=rate,
            tax_amount=taxes.included(amount, rate, currency),
            business_date=day,
            created_by=_actor(actor),
        )
        entry.save()
        return entry
