"""Invoices and receipts as documents: every text on them in the document's own language
(the guest's, kept on the invoice or receipt), every date and amount formatted by babel as
that language writes it. The print page and the PDF both show what these functions return,
so the two never disagree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import numbers as babel_numbers
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontoffice.core import dates, formats
from frontoffice.core.countries import name as country_name

from .models import Entry, Invoice, Method, Receipt


def _rate(rate: str | None, language: str) -> str:
    if rate is None:
        return _("not taxed")
    return babel_numbers.format_percent(
        Decimal(rate) / 100, locale=formats.locale(language), decimal_quantization=False
    )


def _quantity(value: str, language: str) -> str:
    return formats.number(Decimal(value), language)


def _method(method: str, brand: str, last4: str) -> str:
    label = str(Method(method).label) if method in Method.values else method
    card = " ".join(part for part in (brand, f"•••• {last4}" if last4 else "") if part)
    return f"{label} ({card})" if card else label


def _issued_at(value: dt.datetime, zone: str, language: str) -> str:
    with timezone.override(dates.zone(zone)):
        return formats.datetime(value, language)


def debtor_lines(debtor: dict, language: str) -> list[str]:
    city = " ".join(p for p in (debtor.get("postal_code"), debtor.get("city")) if p)
    lines = [debtor.get("name", ""), *(debtor.get("address") or "").splitlines(), city]
    if debtor.get("country"):
        lines.append(country_name(debtor["country"], language))
    return [line for line in lines if line]


def invoice_document(invoice: Invoice) -> dict:
    """What an invoice says, in its language."""
    language = invoice.language
    currency = invoice.currency
    establishment = invoice.establishment
    with translation.override(language):

        def money(value) -> str:
            return formats.amount(Decimal(value), currency, language)

        cancellation = invoice.kind == Invoice.Kind.CANCELLATION
        paid = sum((Decimal(p["amount"]) for p in invoice.payments), Decimal(0))
        cancels = invoice.cancels if cancellation else None
        cancelled_by = None
        if not cancellation:
            cancelled_by = Invoice.objects.filter(cancels=invoice).first()
        return {
            "language": language,
            "kind": invoice.kind,
            "title": _("Cancellation invoice") if cancellation else _("Invoice"),
            "establishment": establishment.name,
            "number": invoice.number,
            "labels": {
                "number": _("Invoice number"),
                "date": _("Invoice date"),
                "issued_at": _("Issued"),
                "debtor": _("Bill to"),
                "vat_id": _("VAT number"),
                "line_date": _("Date"),
                "description": _("Description"),
                "quantity": _("Quantity"),
                "unit_price": _("Unit price"),
                "amount": _("Amount"),
                "tax_rate": _("VAT rate"),
                "taxes": _("VAT"),
                "base": _("Net amount"),
                "tax": _("VAT amount"),
                "gross": _("Gross amount"),
                "total": _("Total"),
                "payments": _("Payments"),
                "method": _("Payment method"),
                "receipt": _("Receipt"),
                "paid": _("Paid"),
                "balance": _("Balance due"),
                "cancels": _("Cancellation invoice"),
                "prices": _("All prices include VAT."),
            },
            "date": formats.date(invoice.business_date, "long", language),
            "issued_at": _issued_at(invoice.issued_at, establishment.timezone, language),
            "debtor": debtor_lines(invoice.debtor, language),
            "vat_id": invoice.debtor.get("vat_id", ""),
            "lines": [
                {
                    "date": formats.date(dt.date.fromisoformat(line["date"]), "short", language),
                    "description": line["description"],
                    "quantity": _quantity(line["quantity"], language),
                    "unit_price": money(line["unit_price"]),
                    "amount": money(line["amount"]),
                    "tax_rate": _rate(line["tax_rate"], language),
                }
                for line in invoice.lines
            ],
            "taxes": [
                {
                    "rate": _rate(row["rate"], language),
                    "base": money(row["base"]),
                    "amount": money(row["amount"]),
                    "gross": money(Decimal(row["base"]) + Decimal(row["amount"])),
                }
                for row in invoice.tax
            ],
            "total": money(invoice.total),
            "payments": [
                {
                    "date": formats.date(dt.date.fromisoformat(p["date"]), "short", language),
                    "method": _method(p["method"], p["card_brand"], p["card_last4"]),
                    "receipt": p.get("receipt") or "",
                    "amount": money(p["amount"]),
                }
                for p in invoice.payments
            ],
            "paid": money(paid),
            "balance": money(invoice.total - paid),
            "cancellation_note": (
                _("This invoice cancels invoice %(number)s of %(date)s.")
                % {
                    "number": cancels.number,
                    "date": formats.date(cancels.business_date, "long", language),
                }
                if cancels
                else ""
            ),
            "reason": (_("Reason: %(reason)s") % {"reason": invoice.reason})
            if invoice.reason
            else "",
            "cancelled_note": (
                _("Cancelled by cancellation invoice %(number)s.") % {"number": cancelled_by.number}
                if cancelled_by
                else ""
            ),
        }


def receipt_document(receipt: Receipt) -> dict:
    """What a receipt says, in its language."""
    language = receipt.language
    entry = receipt.entry
    folio = entry.folio
    establishment = receipt.establishment
    refund = entry.kind == Entry.Kind.REFUND
    with translation.override(language):
        customer = folio.customer.full_name if folio.customer_id else ""
        return {
            "language": language,
            "title": _("Refund receipt") if refund else _("Payment receipt"),
            "establishment": establishment.name,
            "number": receipt.number,
            "labels": {
                "number": _("Receipt number"),
                "date": _("Date"),
                "issued_at": _("Issued"),
                "received_from": _("Refunded to") if refund else _("Received from"),
                "reference": _("Reference"),
                "method": _("Payment method"),
                "amount": _("Amount refunded") if refund else _("Amount received"),
            },
            "date": formats.date(entry.business_date, "long", language),
            "issued_at": _issued_at(receipt.issued_at, establishment.timezone, language),
            "received_from": customer or folio.name,
            "reference": folio.reference or str(folio.pk),
            "method": _method(entry.method, entry.card_brand, entry.card_last4),
            # A payment lowers the balance (negative), a refund raises it: shown as paid.
            "amount": formats.amount(abs(entry.amount), folio.currency, language),
        }
