"""Staff pages of invoices and receipts: the same services and selectors as the API."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.views import establishment_page, form_error, page

from . import invoice_selectors as selectors
from . import pdf
from . import selectors as folio_selectors
from .documents import invoice_document, receipt_document
from .invoice_forms import InvoiceCancelForm, InvoiceIssueForm
from .models import Invoice
from .selectors import folio_balance
from .services import invoices as services


def _found(get, *args):
    try:
        return get(*args)
    except NotFound:
        raise Http404 from None


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@establishment_page("folio.view")
def invoice_list(request, access):
    listing = Paginator(selectors.invoices(access.establishment), 50)
    return page(
        request,
        access,
        "billing/invoice_list.html",
        {"invoices": listing.get_page(request.GET.get("page"))},
        nav="invoices",
    )


@establishment_page("folio.view")
def invoice_detail(request, access, number):
    invoice = _found(selectors.invoice_get, access.establishment, number)
    cancellable = (
        invoice.kind == Invoice.Kind.INVOICE
        and not Invoice.objects.filter(cancels=invoice).exists()
        and access.can("invoice.cancel")
    )
    return page(
        request,
        access,
        "billing/invoice_detail.html",
        {"invoice": invoice, "doc": invoice_document(invoice), "cancellable": cancellable},
        nav="invoices",
    )


@establishment_page("folio.view")
def invoice_pdf(request, access, number):
    invoice = _found(selectors.invoice_get, access.establishment, number)
    return _pdf(pdf.invoice_pdf(invoice), invoice.number)


@establishment_page("invoice.issue")
def invoice_issue(request, access, folio_id):
    """The debtor prefilled from the folio; one button issues (Enter never does). A second
    submission finds the folio closed and shows the invoice the first one issued."""
    folio = _found(folio_selectors.folio_get, access.establishment, folio_id)
    initial = {**services.debtor_of(folio), "language": services.language_of(folio, None)}
    form = InvoiceIssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.invoice_issue(
                folio=folio,
                actor=request.user,
                debtor=form.debtor(),
                language=form.cleaned_data["language"],
            )
        except DomainError as error:
            last = selectors.folio_last_invoice(folio)
            if error.code == "folio_closed" and last is not None:
                messages.info(request, str(error.detail))
                return redirect(
                    "invoice_detail", code=access.establishment.code, number=last.number
                )
            form_error(form, error)
        else:
            messages.success(
                request, _("Invoice %(number)s was issued.") % {"number": invoice.number}
            )
            return redirect("invoice_detail", code=access.establishment.code, number=invoice.number)
    return page(
        request,
        access,
        "billing/invoice_issue.html",
        {
            "form": form,
            "folio": folio,
            "balance": folio_balance(folio),
            "last": selectors.folio_last_invoice(folio),
        },
        nav="invoices",
        status=200 if request.method == "GET" else 422,
    )


@establishment_page("invoice.cancel")
def invoice_cancel(request, access, number):
    invoice = _found(selectors.invoice_get, access.establishment, number)
    form = InvoiceCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancellation = services.invoice_cancel(
                invoice=invoice, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            if error.code != "already_cancelled":
                form_error(form, error)
            else:
                messages.error(request, str(error.detail))
                return redirect("invoice_detail", code=access.establishment.code, number=number)
        else:
            messages.success(
                request,
                _("Cancellation invoice %(number)s was issued; the account is open again.")
                % {"number": cancellation.number},
            )
            return redirect(
                "invoice_detail", code=access.establishment.code, number=cancellation.number
            )
    return page(
        request,
        access,
        "billing/invoice_cancel.html",
        {"form": form, "invoice": invoice},
        nav="invoices",
        status=200 if request.method == "GET" else 422,
    )


@establishment_page("folio.view")
def receipt_detail(request, access, number):
    receipt = _found(selectors.receipt_get, access.establishment, number)
    return page(
        request,
        access,
        "billing/receipt_detail.html",
        {"receipt": receipt, "doc": receipt_document(receipt)},
        nav="invoices",
    )


@establishment_page("folio.view")
def receipt_pdf(request, access, number):
    receipt = _found(selectors.receipt_get, access.establishment, number)
    return _pdf(pdf.receipt_pdf(receipt), receipt.number)
