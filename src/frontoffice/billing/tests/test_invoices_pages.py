"""The invoice pages: issue form (debtor prefilled, VAT number refused at its field), print
page in the invoice's language, PDF, cancellation, list, receipts; who sees what."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontoffice.billing.models import Folio, Invoice
from frontoffice.billing.services import invoices, receipts
from frontoffice.core.models import Role

from .invoicing import charge, pay, pdf_text, tax_rates

P = "/e/hotel"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


@pytest.fixture
def folio(hotel, reservation, root):
    tax_rates(hotel, room=9, breakfast=21)
    charge(reservation.folio, root, "room", "109.00")
    charge(reservation.folio, root, "breakfast", "21.00")
    pay(reservation.folio, "100.00", last4="0005")
    return reservation.folio


def test_the_issue_form_is_prefilled_and_issues(folio, desk):
    client = logged_in(desk)
    form = client.get(f"{P}/folios/{folio.pk}/invoice/")
    assert form.status_code == 200
    html = text(form)
    assert 'value="Pia Pagetest"' in html and "data-enter-safe" in html
    issued = client.post(
        f"{P}/folios/{folio.pk}/invoice/",
        {"name": "Pia Pagetest", "city": "Utrecht", "country": "NL", "language": "en"},
    )
    assert issued.status_code == 302
    assert issued["Location"] == f"{P}/invoices/INV-000001/"
    page = text(client.get(issued["Location"]))
    assert "INV-000001" in page and "Invoice INV-000001 was issued." in page
    assert "Utrecht" in page and "Netherlands" in page
    assert "•••• 0005" in page and "€30.00" in page  # balance due: 130 − 100
    # Submitted again (a double click, the back button): the same invoice, no second one.
    again = client.post(f"{P}/folios/{folio.pk}/invoice/", {"name": "X", "language": "en"})
    assert again["Location"] == f"{P}/invoices/INV-000001/"
    assert Invoice.objects.count() == 1


def test_a_bad_vat_number_is_a_form_error_at_its_field(folio, desk):
    client = logged_in(desk)
    response = client.post(
        f"{P}/folios/{folio.pk}/invoice/",
        {"name": "Acme GmbH", "vat_id": "DE136695977", "language": "de"},
    )
    assert response.status_code == 422
    html = text(response)
    assert 'id="id_vat_id-error"' in html and "This is not a valid VAT number." in html
    folio.refresh_from_db()
    assert folio.status == Folio.Status.OPEN and not Invoice.objects.exists()


def test_the_print_page_is_in_the_invoices_language(folio, desk, root):
    invoice = invoices.invoice_issue(folio=folio, actor=root, language="de")
    html = text(logged_in(desk).get(f"{P}/invoices/{invoice.number}/"))
    assert 'lang="de"' in html and "Rechnung" in html and "Zimmer" in html
    assert "130,00 €" in html.replace("\xa0", " ")
    assert "Dashboard" in html  # the page around it stays in the person's language
    pdf = logged_in(desk).get(f"{P}/invoices/{invoice.number}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Rechnung" in pdf_text(pdf.content)


def test_a_manager_cancels_from_the_page(folio, desk, manager, root):
    invoice = invoices.invoice_issue(folio=folio, actor=root)
    assert "Cancel invoice" not in text(logged_in(desk).get(f"{P}/invoices/{invoice.number}/"))
    assert logged_in(desk).get(f"{P}/invoices/{invoice.number}/cancel/").status_code == 403
    client = logged_in(manager)
    assert "Cancel invoice" in text(client.get(f"{P}/invoices/{invoice.number}/"))
    empty = client.post(f"{P}/invoices/{invoice.number}/cancel/", {"reason": ""})
    assert empty.status_code == 422
    done = client.post(f"{P}/invoices/{invoice.number}/cancel/", {"reason": "Wrong name"})
    assert done["Location"] == f"{P}/invoices/INV-000002/"
    page = text(client.get(done["Location"]))
    assert "This invoice cancels invoice INV-000001" in page and "Wrong name" in page
    original = text(client.get(f"{P}/invoices/INV-000001/"))
    assert "Cancelled by cancellation invoice INV-000002." in original
    assert "Cancel invoice" not in original
    listing = text(client.get(f"{P}/invoices/"))
    assert "Cancels INV-000001" in listing and "Cancelled by INV-000002" in listing
    folio.refresh_from_db()
    assert folio.status == Folio.Status.OPEN


def test_receipt_pages(folio, desk):
    receipt = receipts.receipt_issue(entry=folio.entries.get(kind="payment"), language="pl")
    html = text(logged_in(desk).get(f"{P}/receipts/{receipt.number}/"))
    assert "R-000001" in html and "•••• 0005" in html and 'lang="pl"' in html
    assert "100,00" in html
    pdf = logged_in(desk).get(f"{P}/receipts/{receipt.number}.pdf")
    assert pdf.content.startswith(b"%PDF") and "R-000001" in pdf_text(pdf.content)


@pytest.mark.parametrize(
    "role, lists, issues",
    [
        (Role.FRONT_DESK_AGENT, 200, 200),
        (Role.CASHIER, 200, 200),
        (Role.BACK_OFFICE_FINANCE, 200, 403),
        (Role.PORTER, 403, 403),
        (Role.CONCIERGE, 403, 403),
        (Role.FILE_CLERK, 403, 403),
        (Role.BACK_OFFICE_HR, 403, 403),
    ],
)
def test_who_sees_the_pages(folio, root, make_user, hotel, role, lists, issues):
    invoice = invoices.invoice_issue(folio=folio, actor=root)
    client = logged_in(make_user(role, hotel))
    assert client.get(f"{P}/invoices/").status_code == lists
    assert client.get(f"{P}/invoices/{invoice.number}/").status_code == lists
    assert client.get(f"{P}/invoices/{invoice.number}.pdf").status_code == lists
    assert client.get(f"{P}/folios/{folio.pk}/invoice/").status_code == issues


def test_another_establishments_staff_get_404(folio, root, make_user, other_hotel):
    invoice = invoices.invoice_issue(folio=folio, actor=root)
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    assert client.get(f"{P}/invoices/{invoice.number}/").status_code == 404
    assert client.get(f"/e/other/invoices/{invoice.number}/").status_code == 404
    assert client.get(f"/e/other/folios/{folio.pk}/invoice/").status_code == 404
