"""The invoice and receipt API: issue, read (JSON and PDF), cancel, errors as {code, detail}."""

from __future__ import annotations

import pytest

from frontoffice.billing.services import receipts
from frontoffice.conftest import Api
from frontoffice.core.models import Role

from .invoicing import charge, pay, pdf_text, tax_rates

BASE = "/api/v1/establishments/hotel"


@pytest.fixture
def folio(hotel, reservation, root):
    tax_rates(hotel, room=9, breakfast=21)
    charge(reservation.folio, root, "room", "109.00")
    charge(reservation.folio, root, "breakfast", "21.00")
    pay(reservation.folio, "130.00", last4="1881")
    return reservation.folio


def test_issue_read_and_cancel_over_the_api(folio, desk_api, make_user, hotel):
    issued = desk_api.post(f"{BASE}/folios/{folio.pk}/invoices")
    assert issued.status_code == 201, issued.data
    body = issued.data
    assert body["number"] == "INV-000001" and body["kind"] == "invoice"
    assert body["total"] == "130.00" and body["balance_due"] == "0.00"
    assert body["tax"] == [
        {"rate": "9", "base": "100.00", "amount": "9.00"},
        {"rate": "21", "base": "17.36", "amount": "3.64"},
    ]
    assert body["payments"][0]["card_last4"] == "1881"
    assert body["pdf"] == f"{BASE}/invoices/INV-000001.pdf"
    assert body["cancels"] is None and body["debtor"]["name"] == "Pia Pagetest"

    again = desk_api.post(f"{BASE}/folios/{folio.pk}/invoices")
    assert (again.status_code, again.data["code"]) == (409, "folio_closed")

    read = desk_api.get(f"{BASE}/invoices/INV-000001")
    assert read.status_code == 200 and read.data["total"] == "130.00"
    pdf = desk_api.get(body["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "INV-000001" in pdf_text(pdf.content)

    # The desk issues; only a manager cancels.
    assert desk_api.post(f"{BASE}/invoices/INV-000001/cancel", {"reason": "x"}).status_code == 403
    manager = Api(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    assert manager.post(f"{BASE}/invoices/INV-000001/cancel", {}).status_code == 422
    cancelled = manager.post(f"{BASE}/invoices/INV-000001/cancel", {"reason": "Wrong address"})
    assert cancelled.status_code == 201, cancelled.data
    assert cancelled.data["number"] == "INV-000002"
    assert cancelled.data["kind"] == "cancellation" and cancelled.data["cancels"] == "INV-000001"
    assert cancelled.data["total"] == "-130.00"
    twice = manager.post(f"{BASE}/invoices/INV-000001/cancel", {"reason": "Again"})
    assert (twice.status_code, twice.data["code"]) == (409, "already_cancelled")
    assert desk_api.get(f"{BASE}/invoices/INV-000001").data["cancelled_by"] == "INV-000002"
    listing = desk_api.get(f"{BASE}/invoices")
    assert [i["number"] for i in listing.data["items"]] == ["INV-000002", "INV-000001"]
    # Reopened: invoiced again.
    assert desk_api.post(f"{BASE}/folios/{folio.pk}/invoices").data["number"] == "INV-000003"


def test_debtor_and_vat_number(folio, desk_api):
    bad = desk_api.post(
        f"{BASE}/folios/{folio.pk}/invoices", {"debtor": {"name": "Acme", "vat_id": "DE123"}}
    )
    assert bad.status_code == 422 and bad.data["field"] == "vat_id"
    assert bad.data["code"] == "invalid_vat_id"
    good = desk_api.post(
        f"{BASE}/folios/{folio.pk}/invoices",
        {
            "debtor": {"name": "Acme GmbH", "city": "Berlin", "vat_id": "DE136695976"},
            "language": "de",
        },
    )
    assert good.status_code == 201, good.data
    assert good.data["debtor"]["vat_id"] == "DE136695976"
    assert good.data["debtor"]["name"] == "Acme GmbH" and good.data["language"] == "de"
    assert "Rechnung" in pdf_text(desk_api.get(good.data["pdf"]).content)


def test_nothing_to_invoice_and_unknown_things(hotel, reservation, desk_api):
    empty = desk_api.post(f"{BASE}/folios/{reservation.folio_id}/invoices")
    assert (empty.status_code, empty.data["code"]) == (409, "nothing_to_invoice")
    assert desk_api.post(f"{BASE}/folios/999999/invoices").status_code == 404
    assert desk_api.get(f"{BASE}/invoices/INV-999999").status_code == 404
    assert desk_api.get(f"{BASE}/invoices/INV-999999.pdf").status_code == 404
    assert desk_api.get(f"{BASE}/receipts/R-1").status_code == 404


def test_receipt_over_the_api(folio, desk_api):
    receipt = receipts.receipt_issue(entry=folio.entries.get(kind="payment"))
    read = desk_api.get(f"{BASE}/receipts/{receipt.number}")
    assert read.status_code == 200
    assert read.data["amount"] == "130.00" and read.data["card_last4"] == "1881"
    pdf = desk_api.get(read.data["pdf"])
    assert pdf["Content-Type"] == "application/pdf" and "R-000001" in pdf_text(pdf.content)


def test_another_establishments_invoice_is_not_found(folio, desk_api, root, other_hotel):
    desk_api.post(f"{BASE}/folios/{folio.pk}/invoices")
    outsider = Api(root)
    assert outsider.get(f"{BASE}/invoices/INV-000001").status_code == 200
    assert outsider.get("/api/v1/establishments/other/invoices/INV-000001").status_code == 404
    assert (
        outsider.post(f"/api/v1/establishments/other/folios/{folio.pk}/invoices").status_code == 404
    )


def test_a_folio_id_too_large_for_the_database_is_not_found(hotel, desk_api, desk):
    """The invoice code reads folios with billing.selectors.folio_get (its id guard)."""
    from django.test import Client

    huge = 2**63
    assert desk_api.post(f"{BASE}/folios/{huge}/invoices").status_code == 404
    client = Client()
    client.force_login(desk)
    assert client.get(f"/e/hotel/folios/{huge}/invoice/").status_code == 404


def test_the_invoice_code_reads_folios_through_the_billing_selector(
    folio, desk_api, desk, monkeypatch
):
    from django.test import Client

    from frontoffice.billing import invoice_selectors, selectors

    assert not hasattr(invoice_selectors, "folio_get")  # one folio_get, with its id guard
    asked = []
    real = selectors.folio_get
    monkeypatch.setattr(
        selectors, "folio_get", lambda est, folio_id: asked.append(folio_id) or real(est, folio_id)
    )
    client = Client()
    client.force_login(desk)
    assert client.get(f"/e/hotel/folios/{folio.pk}/invoice/").status_code == 200
    assert desk_api.post(f"{BASE}/folios/{folio.pk}/invoices").status_code == 201
    assert asked == [folio.pk, folio.pk]
