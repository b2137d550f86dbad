"""API of invoices and receipts: issue an invoice of a folio, read it (JSON or PDF), cancel
it with a cancellation invoice; read a receipt (JSON or PDF)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from frontoffice.core import money, policy
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, Text

from . import invoice_selectors as selectors
from . import selectors as folio_selectors
from .models import Invoice, Receipt
from .pdf import invoice_pdf, receipt_pdf
from .services import invoices as services

router = Router(tags=["invoices"])

E = "/establishments/{code}"


class DebtorIn(Schema):
    name: Text(200) = ""
    address: Text(200) = ""
    postal_code: Text(20) = ""
    city: Text(100) = ""
    country: Text(2) = ""
    vat_id: Text(30) = ""


class InvoiceIn(Schema):
    debtor: DebtorIn | None = None
    language: Text(5) | None = None


class CancelIn(Schema):
    reason: Text(500, 1)


class TaxOut(Schema):
    rate: str | None
    base: str
    amount: str


class LineOut(Schema):
    date: dt.date
    kind: str
    category: str
    description: str
    quantity: str
    unit_price: str
    amount: str
    tax_rate: str | None
    tax_amount: str


class PaymentOut(Schema):
    date: dt.date
    kind: str
    method: str
    amount: str
    card_brand: str
    card_last4: str
    receipt: str | None


class DebtorOut(Schema):
    name: str
    address: str
    postal_code: str
    city: str
    country: str
    vat_id: str


class InvoiceOut(Schema):
    number: str
    kind: str
    date: dt.date
    issued_at: dt.datetime
    folio: int
    debtor: DebtorOut
    language: str
    currency: str
    total: str
    tax: list[TaxOut]
    lines: list[LineOut]
    payments: list[PaymentOut]
    balance_due: str | None
    cancels: str | None
    cancelled_by: str | None
    reason: str
    pdf: str


class ReceiptOut(Schema):
    number: str
    kind: str
    date: dt.date
    issued_at: dt.datetime
    folio: int
    language: str
    currency: str
    amount: str
    method: str
    card_brand: str
    card_last4: str
    pdf: str


def _cancelled_by(invoice: Invoice) -> str | None:
    try:
        return invoice.cancelled_by.number
    except Invoice.DoesNotExist:
        return None


def invoice_out(invoice: Invoice, code: str) -> dict:
    paid = sum((Decimal(p["amount"]) for p in invoice.payments), Decimal(0))
    return {
        "number": invoice.number,
        "kind": invoice.kind,
        "date": invoice.business_date,
        "issued_at": invoice.issued_at,
        "folio": invoice.folio_id,
        "debtor": {key: invoice.debtor.get(key, "") for key in DebtorOut.model_fields},
        "language": invoice.language,
        "currency": invoice.currency,
        "total": str(money.quantize(invoice.total, invoice.currency)),
        "tax": invoice.tax,
        "lines": invoice.lines,
        "payments": invoice.payments,
        "balance_due": str(money.quantize(invoice.total - paid, invoice.currency))
        if invoice.kind == Invoice.Kind.INVOICE
        else None,
        "cancels": invoice.cancels.number if invoice.cancels_id else None,
        "cancelled_by": _cancelled_by(invoice),
        "reason": invoice.reason,
        "pdf": f"/api/v1/establishments/{code}/invoices/{invoice.number}.pdf",
    }


def receipt_out(receipt: Receipt, code: str) -> dict:
    entry = receipt.entry
    return {
        "number": receipt.number,
        "kind": entry.kind,
        "date": entry.business_date,
        "issued_at": receipt.issued_at,
        "folio": entry.folio_id,
        "language": receipt.language,
        "currency": entry.folio.currency,
        "amount": str(money.quantize(abs(entry.amount), entry.folio.currency)),
        "method": entry.method,
        "card_brand": entry.card_brand,
        "card_last4": entry.card_last4,
        "pdf": f"/api/v1/establishments/{code}/receipts/{receipt.number}.pdf",
    }


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@router.post(
    E + "/folios/{folio_id}/invoices",
    response={201: InvoiceOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def invoice_issue(request, code: str, folio_id: int, payload: InvoiceIn | None = None):
    """Issue the invoice of an open folio (which closes it). The debtor defaults to the
    folio's name and address; a VAT number must be a valid European one (422, field
    vat_id). 409 folio_closed, nothing_to_invoice."""
    access = policy.access(request.auth, code, "invoice.issue")
    folio = folio_selectors.folio_get(access.establishment, folio_id)
    debtor = payload.debtor.dict(exclude_unset=True) if payload and payload.debtor else None
    invoice = services.invoice_issue(
        folio=folio,
        actor=request.auth,
        debtor=debtor,
        language=payload.language if payload else None,
    )
    return 201, invoice_out(invoice, code)


@router.get(E + "/invoices", response=list[InvoiceOut])
@paginate(Pagination)
def invoice_list(request, code: str):
    """Invoices and cancellation invoices, the latest first."""
    access = policy.access(request.auth, code, "folio.view")
    return SerialisedPage(selectors.invoices(access.establishment), lambda i: invoice_out(i, code))


@router.get(
    E + "/invoices/{number}.pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {"description": "The invoice as PDF", "content": {"application/pdf": {}}}
        }
    },
)
def invoice_get_pdf(request, code: str, number: str):
    access = policy.access(request.auth, code, "folio.view")
    invoice = selectors.invoice_get(access.establishment, number)
    return _pdf(invoice_pdf(invoice), invoice.number)


@router.get(E + "/invoices/{number}", response={200: InvoiceOut, 404: ErrorOut})
def invoice_get(request, code: str, number: str):
    access = policy.access(request.auth, code, "folio.view")
    return invoice_out(selectors.invoice_get(access.establishment, number), code)


@router.post(
    E + "/invoices/{number}/cancel",
    response={201: InvoiceOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def invoice_cancel(request, code: str, number: str, payload: CancelIn):
    """Cancel an invoice with a cancellation invoice (its own number, every amount negated,
    referring to it); the folio opens again. 409 already_cancelled, not_cancellable."""
    access = policy.access(request.auth, code, "invoice.cancel")
    invoice = selectors.invoice_get(access.establishment, number)
    cancellation = services.invoice_cancel(
        invoice=invoice, actor=request.auth, reason=payload.reason
    )
    return 201, invoice_out(cancellation, code)


@router.get(
    E + "/receipts/{number}.pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {"description": "The receipt as PDF", "content": {"application/pdf": {}}}
        }
    },
)
def receipt_get_pdf(request, code: str, number: str):
    access = policy.access(request.auth, code, "folio.view")
    receipt = selectors.receipt_get(access.establishment, number)
    return _pdf(receipt_pdf(receipt), receipt.number)


@router.get(E + "/receipts/{number}", response={200: ReceiptOut, 404: ErrorOut})
def receipt_get(request, code: str, number: str):
    access = policy.access(request.auth, code, "folio.view")
    return receipt_out(selectors.receipt_get(access.establishment, number), code)
