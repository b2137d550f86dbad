"""Receipts of payments and refunds: one per entry, numbered gap-free in the series "R"
(R-000001, R-000002, … per establishment), in the guest's language.

The payment service calls `receipt_issue` in the transaction that posts the payment, so a
payment and its receipt are written together or not at all."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Language

from ..models import Entry, Receipt
from . import numbering
from .invoices import document_number

SERIES = "R"


def receipt_issue(*, entry: Entry, language: str | None = None) -> Receipt:
    """The receipt of a payment or refund entry (one per entry)."""
    if entry.kind not in (Entry.Kind.PAYMENT, Entry.Kind.REFUND):
        raise Invalid(_("Only payments and refunds have receipts."), code="not_a_payment")
    with tenancy.scope(entry.establishment_id), transaction.atomic():
        if Receipt.objects.filter(entry_id=entry.pk).exists():
            raise Conflict(_("This payment has a receipt already."), code="receipt_exists")
        folio = entry.folio
        if language not in Language.values:
            language = (
                folio.customer.language
                if folio.customer_id and folio.customer.language in Language.values
                else folio.establishment.language
            )
        sequence = numbering.take(entry.establishment_id, SERIES)
        receipt = Receipt(
            establishment_id=entry.establishment_id,
            entry=entry,
            series=SERIES,
            sequence=sequence,
            number=document_number(SERIES, sequence),
            language=language,
        )
        receipt.full_clean()
        receipt.save(force_insert=True)
        return receipt
