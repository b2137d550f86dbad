"""Invoices and cancellation invoices (issue 7 §4): the snapshot, the tax per rate, the
numbers, the folio closed and reopened, the debtor's VAT number, the documents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from frontoffice.billing.models import Folio, Invoice, NumberSeries
from frontoffice.billing.pdf import invoice_pdf, receipt_pdf
from frontoffice.billing.services import invoices, ledger, receipts
from frontoffice.core.errors import Conflict, Invalid

from .invoicing import charge, pay, pdf_text, tax_rates

D = Decimal


@pytest.fixture
def folio(hotel, reservation):
    tax_rates(hotel, room=9, breakfast=21)
    return reservation.folio


@pytest.fixture
def charged(folio, root):
    """A room at 109.00 (9 %) and a breakfast at 21.00 (21 %), paid 50.00 by card."""
    charge(folio, root, "room", "109.00")
    charge(folio, root, "breakfast", "21.00")
    pay(folio, "50.00", last4="4242")
    return folio


def test_an_invoice_snapshots_lines_tax_per_rate_payments_and_total(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    assert invoice.number == "INV-000001" and invoice.sequence == 1
    assert invoice.kind == "invoice" and invoice.series == "INV"
    assert invoice.total == D("130.00")
    # Worked out by hand: 109.00 incl. 9 % = 100.00 + 9.00; 21.00 incl. 21 % = 17.36 + 3.64.
    assert invoice.tax == [
        {"rate": "9", "base": "100.00", "amount": "9.00"},
        {"rate": "21", "base": "17.36", "amount": "3.64"},
    ]
    assert [(line["description"], line["amount"], line["tax_rate"]) for line in invoice.lines] == [
        ("Room", "109.00", "9"),
        ("Breakfast", "21.00", "21"),
    ]
    assert invoice.lines[0]["quantity"] == "1" and invoice.lines[0]["unit_price"] == "109.00"
    assert [(p["method"], p["amount"], p["card_last4"]) for p in invoice.payments] == [
        ("card", "50.00", "4242")
    ]
    assert invoice.debtor["name"] == "Pia Pagetest"
    assert invoice.language == "en"  # the establishment's: the guest has none
    charged.refresh_from_db()
    assert charged.status == Folio.Status.CLOSED
    # The folio's history says who closed it.
    last = charged.history.order_by("-history_id").first()
    assert last.status == "closed" and last.history_user == root


def test_quantities_allowances_and_untaxed_lines(folio, root):
    tax_rates(folio.establishment, parking=21)
    charge(folio, root, "room", "109.00", quantity=2)
    charge(folio, root, "city_tax", "3.50", quantity=2, description="City tax 2 × 1 night")
    invoice = invoices.invoice_issue(folio=folio, actor=root)
    assert invoice.lines[0]["quantity"] == "2" and invoice.lines[0]["amount"] == "218.00"
    assert invoice.total == D("225.00")
    assert invoice.tax == [
        {"rate": "9", "base": "200.00", "amount": "18.00"},
        {"rate": None, "base": "7.00", "amount": "0.00"},
    ]


def test_a_closed_folio_takes_no_second_invoice_and_no_charge(charged, root):
    invoices.invoice_issue(folio=charged, actor=root)
    with pytest.raises(Conflict) as caught:
        invoices.invoice_issue(folio=charged, actor=root)
    assert caught.value.code == "folio_closed"
    with pytest.raises(Conflict):
        charge(charged, root)


def test_nothing_to_invoice(folio, root):
    with pytest.raises(Conflict) as caught:
        invoices.invoice_issue(folio=folio, actor=root)
    assert caught.value.code == "nothing_to_invoice"
    pay(folio, "10.00")  # a deposit alone is not something sold
    with pytest.raises(Conflict) as caught:
        invoices.invoice_issue(folio=folio, actor=root)
    assert caught.value.code == "nothing_to_invoice"
    assert not Invoice.objects.exists()


def test_the_debtor_given_is_printed_and_its_vat_number_checked(charged, root):
    company = {
        "name": "Acme B.V.",
        "address": "Damrak 1",
        "postal_code": "1012 LG",
        "city": "Amsterdam",
        "country": "nl",
        "vat_id": "nl 0044.95.445 B01",
    }
    invoice = invoices.invoice_issue(folio=charged, actor=root, debtor=company)
    assert invoice.debtor == {
        "name": "Acme B.V.",
        "address": "Damrak 1",
        "postal_code": "1012 LG",
        "city": "Amsterdam",
        "country": "NL",
        "vat_id": "NL004495445B01",
    }


@pytest.mark.parametrize("vat_id", ["DE136695976", "NL004495445B01", "PL 8567346215"])
def test_valid_vat_numbers(vat_id):
    assert invoices.vat_id_check(vat_id)


@pytest.mark.parametrize("vat_id", ["DE136695977", "NL004495446B01", "XX123", "12345"])
def test_a_bad_vat_number_is_refused_and_nothing_is_issued(charged, root, vat_id):
    with pytest.raises(Invalid) as caught:
        invoices.invoice_issue(folio=charged, actor=root, debtor={"vat_id": vat_id})
    assert (caught.value.field, caught.value.status) == ("vat_id", 422)
    assert not Invoice.objects.exists()
    charged.refresh_from_db()
    assert charged.status == Folio.Status.OPEN


def test_debtor_needs_a_name_and_a_known_country(charged, root):
    with pytest.raises(Invalid) as caught:
        invoices.invoice_issue(folio=charged, actor=root, debtor={"name": "  "})
    assert caught.value.field == "name"
    with pytest.raises(Invalid) as caught:
        invoices.invoice_issue(folio=charged, actor=root, debtor={"country": "QQ"})
    assert caught.value.field == "country"


def test_a_rolled_back_issue_leaves_no_gap(charged, reservation, root, hotel):
    with pytest.raises(RuntimeError), transaction.atomic():
        invoices.invoice_issue(folio=charged, actor=root)
        raise RuntimeError("the caller's transaction fails after the issue")
    assert not Invoice.objects.exists()
    assert NumberSeries.objects.filter(series="INV").values_list("last", flat=True).first() in (
        None,
        0,
    )
    charged.refresh_from_db()
    assert charged.status == Folio.Status.OPEN
    assert invoices.invoice_issue(folio=charged, actor=root).number == "INV-000001"


def test_an_issued_invoice_row_cannot_be_updated(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(total=D("1.00"))
    invoice.refresh_from_db()
    assert invoice.total == D("130.00")


def test_cancellation_negates_refers_and_reopens(charged, root, manager):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    cancellation = invoices.invoice_cancel(invoice=invoice, actor=manager, reason="Wrong address")
    assert cancellation.kind == "cancellation" and cancellation.number == "INV-000002"
    assert cancellation.cancels == invoice and invoice.cancelled_by == cancellation
    assert cancellation.total == D("-130.00")
    assert cancellation.tax == [
        {"rate": "9", "base": "-100.00", "amount": "-9.00"},
        {"rate": "21", "base": "-17.36", "amount": "-3.64"},
    ]
    assert [line["amount"] for line in cancellation.lines] == ["-109.00", "-21.00"]
    assert cancellation.reason == "Wrong address" and cancellation.payments == []
    charged.refresh_from_db()
    assert charged.status == Folio.Status.OPEN
    assert charged.history.order_by("-history_id").first().history_user == manager
    # Reopened: a charge is posted again and the new invoice covers everything.
    charge(charged, root, "breakfast", "21.00")
    again = invoices.invoice_issue(folio=charged, actor=root)
    assert again.number == "INV-000003" and again.total == D("151.00")


def test_an_invoice_is_cancelled_once(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    invoices.invoice_cancel(invoice=invoice, actor=root, reason="Wrong name")
    with pytest.raises(Conflict) as caught:
        invoices.invoice_cancel(invoice=invoice, actor=root, reason="Again")
    assert caught.value.code == "already_cancelled"
    # Refused without a number taken: the next document is INV-000003.
    assert Invoice.objects.count() == 2
    assert NumberSeries.objects.get(series="INV").last == 2


def test_a_cancellation_is_not_cancelled_and_needs_a_reason(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    with pytest.raises(Invalid) as caught:
        invoices.invoice_cancel(invoice=invoice, actor=root, reason="  ")
    assert caught.value.field == "reason"
    cancellation = invoices.invoice_cancel(invoice=invoice, actor=root, reason="Wrong")
    with pytest.raises(Conflict) as caught:
        invoices.invoice_cancel(invoice=cancellation, actor=root, reason="x")
    assert caught.value.code == "not_cancellable"


def test_the_guests_language_makes_a_german_invoice(charged, root):
    customer = charged.customer
    customer.language = "de"
    customer.save(update_fields=["language"])
    charged.refresh_from_db()
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    assert invoice.language == "de"
    assert invoice.lines[0]["description"] == "Zimmer"
    text = pdf_text(invoice_pdf(invoice))
    assert "Rechnung" in text and invoice.number in text
    assert "130,00\xa0€" in text  # babel: German amounts
    assert "•••• 4242" in text


def test_the_pdf_is_a_pdf_with_the_number_and_polish_letters(charged, root):
    invoice = invoices.invoice_issue(
        folio=charged, actor=root, debtor={"name": "Łukasz Żółć"}, language="pl"
    )
    data = invoice_pdf(invoice)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Faktura" in text and "INV-000001" in text and "Łukasz Żółć" in text


def test_a_cancellation_pdf_says_what_it_cancels_and_why(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root, language="es")
    cancellation = invoices.invoice_cancel(invoice=invoice, actor=root, reason="Dirección errónea")
    text = pdf_text(invoice_pdf(cancellation))
    assert "Factura rectificativa" in text
    assert "INV-000001" in text and "Dirección errónea" in text


def test_receipts_are_numbered_and_rendered_in_the_guests_language(charged, root):
    customer = charged.customer
    customer.language = "nl"
    customer.save(update_fields=["language"])
    payment = charged.entries.get(kind="payment")
    receipt = receipts.receipt_issue(entry=payment)
    assert (receipt.number, receipt.language) == ("R-000001", "nl")
    text = pdf_text(receipt_pdf(receipt))
    assert "R-000001" in text and "•••• 4242" in text and "€\xa050,00" in text
    with pytest.raises(Conflict):
        receipts.receipt_issue(entry=payment)
    with pytest.raises(Invalid):
        receipts.receipt_issue(entry=charged.entries.filter(kind="charge").first())
    refund = pay(charged, "5.00", kind="refund")
    assert receipts.receipt_issue(entry=refund).number == "R-000002"


def test_ledger_refuses_a_charge_on_an_invoiced_folio_until_cancelled(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root)
    with pytest.raises(Conflict):
        ledger.charge_post(folio=charged, actor=root, category="room", unit_price="1")
    invoices.invoice_cancel(invoice=invoice, actor=root, reason="Reopen")
    ledger.charge_post(folio=charged, actor=root, category="room", unit_price="1")


def test_letters_the_font_lacks_do_not_break_the_pdf(charged, root):
    invoice = invoices.invoice_issue(folio=charged, actor=root, debtor={"name": "王小明 Zoë"})
    text = pdf_text(invoice_pdf(invoice))
    assert "Zoë" in text and invoice.number in text
