"""Issuing an invoice from its page in Chromium: the debtor prefilled, Enter in a field
issues nothing, a bad VAT number is shown at its field, the button issues once; the print
page, its Print button and its PDF link (no script errors, no CSP violations)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontoffice.billing.models import Folio, Invoice
from frontoffice.lodging import services as lodging_services
from frontoffice.lodging.tests.test_browser import browser, log_in, page, staff  # noqa: F401

from .invoicing import charge, tax_rates

pytestmark = [pytest.mark.browser]


def test_issue_an_invoice_from_its_page(page, staff):  # noqa: F811
    hotel = staff
    tax_rates(hotel, room=9)
    reservation = lodging_services.reservation_create(
        establishment=hotel,
        actor=None,
        room_type_code="std",
        arrival=hotel.today(),
        departure=hotel.today() + dt.timedelta(days=1),
        guest={"first_name": "Pia", "last_name": "Pagetest"},
    )
    charge(reservation.folio, None, "room", "109.00")
    log_in(page)
    page.goto(f"{page.base}/e/hotel/folios/{reservation.folio_id}/invoice/")
    # The first field has the focus and holds the guest's name.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_name'")
    assert page.input_value("#id_name") == "Pia Pagetest"

    page.fill("#id_city", "Berlin")
    page.fill("#id_vat_id", "DE136695977")
    page.locator("#id_vat_id").press("Enter")  # Enter never issues
    page.wait_for_timeout(300)
    assert not Invoice.objects.exists()
    assert page.url.endswith(f"/folios/{reservation.folio_id}/invoice/")

    page.get_by_role("button", name="Issue invoice").click()
    page.wait_for_selector("#id_vat_id-error")
    assert "not a valid VAT number" in page.inner_text("#id_vat_id-error")
    assert not Invoice.objects.exists()

    page.fill("#id_vat_id", "DE136695976")
    page.get_by_role("button", name="Issue invoice").click()
    page.wait_for_selector("text=Invoice INV-000001 was issued.")
    assert page.inner_text(".doc-number") == "INV-000001"
    assert page.inner_text(".doc-total") == "€109.00"
    invoice = Invoice.objects.get()
    assert invoice.debtor["vat_id"] == "DE136695976" and invoice.debtor["city"] == "Berlin"
    assert Folio.objects.get(pk=reservation.folio_id).status == Folio.Status.CLOSED

    # Print: the button calls the browser's print (stubbed here), the menu is not printed.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    page.emulate_media(media="screen")
    pdf = page.request.get(page.base + page.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
