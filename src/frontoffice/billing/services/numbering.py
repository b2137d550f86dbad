"""Gap-free document numbers (invoices, cancellation invoices, receipts), per establishment
and series.

`take` runs inside the transaction that issues the document: the series row is incremented
with an UPDATE, which holds the row's lock until that transaction ends, so concurrent issues
of one series queue on it (PostgreSQL) or on the write lock (SQLite) and each gets the next
number. A transaction that rolls back gives its number back with it: no gaps."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from frontoffice.core import db

from ..models import NumberSeries


def take(establishment_id: int, series: str) -> int:
    """The next number of `series` (1, 2, 3, …), taken in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that issues the document")
    rows = NumberSeries.objects.filter(establishment_id=establishment_id, series=series)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                NumberSeries.objects.create(establishment_id=establishment_id, series=series)
        except IntegrityError as exc:
            # Another transaction made the series first; ours waits for it in the UPDATE.
            if not db.violates(exc, NumberSeries, "numberseries_uniq"):
                raise
        rows.update(last=F("last") + 1)
    return rows.values_list("last", flat=True).get()
