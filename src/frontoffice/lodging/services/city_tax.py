"""The city tax's rates by date (set up in the admin; the night audit posts it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..models import CityTax


def city_tax_save(
    *,
    establishment: Establishment,
    city_tax: CityTax | None = None,
    kind: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    amount: Decimal | None = None,
    percent: Decimal | None = None,
    children_exempt: bool = True,
) -> CityTax:
    """A new rate of the city tax from a date on, or `city_tax` changed. A fixed tax has an
    amount per person and night, a percentage one a percent of the room price; never both."""
    if kind == CityTax.Kind.FIXED_PER_PERSON:
        if amount is None:
            raise Invalid(_("Give the amount per person and night."), field="amount")
        percent = None
    elif kind == CityTax.Kind.PERCENT_OF_ROOM:
        if percent is None:
            raise Invalid(_("Give the percentage of the room price."), field="percent")
        amount = None
    else:
        raise Invalid(_("Unknown kind of city tax."), field="kind")
    if valid_until is not None and valid_until < valid_from:
        raise Invalid(_("The last day comes before the first."), field="valid_until")
    with tenancy.scope(establishment), transaction.atomic():
        if city_tax is not None:
            row = CityTax.objects.select_for_update().get(pk=city_tax.pk)
            if row.establishment_id != establishment.pk:
                raise Invalid(_("A city tax stays in its establishment."), field="establishment")
        else:
            row = CityTax(establishment=establishment)
        row.kind, row.valid_from, row.valid_until = kind, valid_from, valid_until
        row.amount, row.percent, row.children_exempt = amount, percent, children_exempt
        full_clean(row, exclude=["establishment"])
        clash = CityTax.objects.filter(establishment=establishment, valid_from=valid_from)
        if row.pk:
            clash = clash.exclude(pk=row.pk)
        if clash.exists():
            raise Conflict(_("A city tax from this date already exists."), code="duplicate")
        row.save()
    return row


def city_tax_delete(*, city_tax: CityTax) -> None:
    with tenancy.scope(city_tax.establishment_id), transaction.atomic():
        CityTax.objects.filter(pk=city_tax.pk).delete()
