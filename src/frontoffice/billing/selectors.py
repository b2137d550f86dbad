"""Reading accounts: balances and entries. Selectors never write."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from .models import Entry, Folio


def folio_balance(folio: Folio | int) -> Decimal:
    """What the account owes: the sum of its entries (charges and refunds up, payments and
    allowances down), exact in Decimal."""
    folio_id = folio if isinstance(folio, int) else folio.pk
    total = Entry.objects.filter(folio_id=folio_id).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else Decimal(0)
