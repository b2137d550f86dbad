"""Reading invoices and receipts. Selectors never write."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from frontoffice.core.errors import NotFound
from frontoffice.core.models import Establishment

from .models import Folio, Invoice, Receipt


def invoices(establishment: Establishment) -> QuerySet[Invoice]:
    """The establishment's invoices and cancellation invoices, the latest first, each with
    the cancellation that cancelled it (if any) in the same query."""
    return (
        Invoice.objects.filter(establishment=establishment)
        .select_related("cancels", "cancelled_by")
        .order_by("-sequence", "-id")
    )


def invoice_get(establishment: Establishment, number: str) -> Invoice:
    invoice = (
        invoices(establishment)
        .select_related("establishment", "folio")
        .filter(number__iexact=number)
        .first()
    )
    if invoice is None:
        raise NotFound(_("No such invoice."))
    return invoice


def receipt_get(establishment: Establishment, number: str) -> Receipt:
    receipt = (
        Receipt.objects.filter(establishment=establishment, number__iexact=number)
        .select_related("establishment", "entry__folio__customer")
        .first()
    )
    if receipt is None:
        raise NotFound(_("No such receipt."))
    return receipt


def folio_last_invoice(folio: Folio) -> Invoice | None:
    return (
        Invoice.objects.filter(folio=folio, kind=Invoice.Kind.INVOICE).order_by("-sequence").first()
    )
