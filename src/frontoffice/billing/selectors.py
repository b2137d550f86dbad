"""Reading accounts: balances and entries. Selectors never write."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from frontoffice.core.errors import NotFound

from .models import BillingSettings, Entry, Folio, Invoice


def folio_balance(folio: Folio | int) -> Decimal:
    """What the account owes: the sum of its entries (charges and refunds up, payments and
    allowances down), exact in Decimal."""
    folio_id = folio if isinstance(folio, int) else folio.pk
    total = Entry.objects.filter(folio_id=folio_id).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else Decimal(0)


def folio_get(establishment, folio_id) -> Folio:
    """One folio of the establishment, or 404."""
    try:
        folio_id = int(folio_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such account.")) from None
    if not 0 < folio_id < 2**62:
        raise NotFound(_("No such account."))
    folio = (
        Folio.objects.filter(establishment=establishment, pk=folio_id)
        .select_related("establishment", "customer")
        .first()
    )
    if folio is None:
        raise NotFound(_("No such account."))
    return folio


def folio_list(establishment, *, kind: str | None = None, status: str | None = None):
    """Folios with their balance, newest first."""
    rows = Folio.objects.filter(establishment=establishment)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(balance=Coalesce(Sum("entries__amount"), Decimal(0))).order_by(
        "-created_at", "-id"
    )


@dataclass
class Line:
    entry: Entry
    running: Decimal


def folio_entries(folio: Folio) -> list[Entry]:
    return list(
        Entry.objects.filter(folio_id=folio.pk)
        .select_related("created_by", "receipt")
        .order_by("id")
    )


def folio_lines(folio: Folio) -> list[Line]:
    """The entries in posting order with the balance after each."""
    running = Decimal(0)
    lines = []
    for entry in folio_entries(folio):
        running += entry.amount
        lines.append(Line(entry, running))
    return lines


def reversed_ids(folio: Folio) -> set[int]:
    return set(
        Entry.objects.filter(folio_id=folio.pk, reverses__isnull=False).values_list(
            "reverses_id", flat=True
        )
    )


def company_folios(establishment, *, exclude: int | None = None):
    """Open company accounts a balance may be transferred to."""
    rows = Folio.objects.filter(
        establishment=establishment, kind=Folio.Kind.COMPANY, status=Folio.Status.OPEN
    ).order_by("name", "id")
    if exclude:
        rows = rows.exclude(pk=exclude)
    return rows


def allowance_limit(establishment) -> Decimal:
    found = (
        BillingSettings.objects.filter(establishment=establishment)
        .values_list("allowance_limit", flat=True)
        .first()
    )
    return found if found is not None else Decimal(0)


def entry_get(folio: Folio, entry_id) -> Entry:
    entry = Entry.objects.filter(folio_id=folio.pk, pk=entry_id).select_related("folio").first()
    if entry is None:
        raise NotFound(_("No such entry."))
    return entry


def folio_invoices(folio: Folio) -> list:
    """The invoices and cancellation invoices issued for this folio, oldest first."""
    return list(
        Invoice.objects.filter(folio_id=folio.pk).only("number", "kind").order_by("issued_at", "id")
    )
