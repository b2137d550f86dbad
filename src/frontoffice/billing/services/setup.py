"""Setting up billing: tax rates by date and an establishment's own charge categories
(through the admin; postings read them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from frontoffice.core import names as names_mod
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..models import Category, ChargeCategory, Entry, TaxRate


def _categories(establishment: Establishment) -> set[str]:
    own = ChargeCategory.objects.filter(establishment=establishment).values_list("code", flat=True)
    return set(Category.values) | {code.lower() for code in own}


def tax_rate_save(
    *,
    establishment: Establishment,
    tax_rate: TaxRate | None = None,
    category: str,
    rate,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    name: str = "",
) -> TaxRate:
    """A category's tax rate (percent, included in prices) from a date on, or `tax_rate`
    changed. Two rates of one category never overlap: the Dutch accommodation rate of 9 %
    ends on 2025-12-31 before 21 % starts on 2026-01-01."""
    try:
        percent = Decimal(str(rate))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter a rate between 0 and 100."), field="rate") from None
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise Invalid(_("Enter a rate between 0 and 100."), field="rate")
    if valid_until is not None and valid_until < valid_from:
        raise Invalid(_("The last day comes before the first."), field="valid_until")
    with tenancy.scope(establishment), transaction.atomic():
        if category not in _categories(establishment):
            raise Invalid(_("Unknown category."), code="unknown_category", field="category")
        if tax_rate is not None:
            row = TaxRate.objects.select_for_update().get(pk=tax_rate.pk)
            if row.establishment_id != establishment.pk:
                raise Invalid(_("A tax rate stays in its establishment."), field="establishment")
        else:
            row = TaxRate(establishment=establishment)
        row.category, row.rate, row.name = category, percent, name
        row.valid_from, row.valid_until = valid_from, valid_until
        full_clean(row, exclude=["establishment"])
        overlapping = TaxRate.objects.filter(establishment=establishment, category=category)
        overlapping = overlapping.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
        )
        if valid_until is not None:
            overlapping = overlapping.filter(valid_from__lte=valid_until)
        if row.pk:
            overlapping = overlapping.exclude(pk=row.pk)
        if overlapping.exists():
            raise Conflict(
                _("Another rate of this category is valid on some of these days."),
                code="overlapping_rate",
            )
        row.save()
    return row


def tax_rate_delete(*, tax_rate: TaxRate) -> None:
    """Remove a rate set up by mistake. Postings keep the rate they were made with."""
    with tenancy.scope(tax_rate.establishment_id), transaction.atomic():
        TaxRate.objects.filter(pk=tax_rate.pk).delete()


def charge_category_save(
    *,
    establishment: Establishment,
    category: ChargeCategory | None = None,
    code: str,
    name: str,
    names: dict[str, str] | None = None,
) -> ChargeCategory:
    """An establishment's own category of charges (spa, bicycle hire), or one renamed. Its
    code never changes once charges use it."""
    code = (code or "").strip().lower()
    if code in Category.values:
        raise Conflict(_("This is a built-in category."), code="duplicate")
    with tenancy.scope(establishment), transaction.atomic():
        if category is not None:
            row = ChargeCategory.objects.select_for_update().get(pk=category.pk)
            if row.establishment_id != establishment.pk:
                raise Invalid(_("A category stays in its establishment."), field="establishment")
            if (
                row.code.lower() != code
                and Entry.objects.filter(
                    establishment=establishment, category=row.code.lower()
                ).exists()
            ):
                raise Conflict(
                    _("Charges use this category: its code cannot change."), code="in_use"
                )
        else:
            row = ChargeCategory(establishment=establishment)
        row.code, row.name = code, name
        row.names = names_mod.clean(names or {}, 100)
        full_clean(row, exclude=["establishment"])
        clash = ChargeCategory.objects.filter(establishment=establishment, code__iexact=code)
        if row.pk:
            clash = clash.exclude(pk=row.pk)
        if clash.exists():
            raise Conflict(_("This category exists already."), code="duplicate")
        row.save()
    return row


def charge_category_delete(*, category: ChargeCategory) -> None:
    """Remove a category no charge uses (one that charges use stays: their history)."""
    with tenancy.scope(category.establishment_id), transaction.atomic():
        if Entry.objects.filter(
            establishment_id=category.establishment_id, category=category.code.lower()
        ).exists():
            raise Conflict(_("Charges use this category: it cannot be removed."), code="in_use")
        ChargeCategory.objects.filter(pk=category.pk).delete()
