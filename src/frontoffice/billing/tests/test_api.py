"""The folio API: shapes (written out by hand), errors, Idempotency-Key, no edits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from frontoffice.billing import gateway, selectors
from frontoffice.billing.models import Entry, PaymentAttempt
from frontoffice.conftest import Api
from frontoffice.core.models import Role

BASE = "/api/v1/establishments/hotel/folios"


@pytest.fixture
def api(desk):
    return Api(desk)


@pytest.fixture
def manager_api(manager):
    return Api(manager)


def _stamp(entry: dict) -> dict:
    """The parts of an entry a test cannot know in advance, checked for form and dropped."""
    entry = dict(entry)
    assert isinstance(entry.pop("id"), int)
    assert entry.pop("created_at").endswith("+00:00")
    return entry


def test_folio_shape_with_a_charge_and_a_card_payment(api, taxed, folio, today):
    charged = api.post(
        f"{BASE}/{folio.pk}/charges",
        {
            "category": "food_and_beverage",
            "description": "Dinner",
            "quantity": "2",
            "unit_price": "59.50",
        },
    )
    assert charged.status_code == 201, charged.data
    paid = api.post(
        f"{BASE}/{folio.pk}/payments", {"amount": "100", "method": "card", "card_token": "tok_visa"}
    )
    assert paid.status_code == 201, paid.data
    day = today.isoformat()
    assert _stamp(charged.data) == {
        "kind": "charge",
        "category": "food_and_beverage",
        "description": "Dinner",
        "quantity": "2",
        "unit_price": "59.50",
        "amount": "119.00",
        "tax_rate": "19",
        "tax_amount": "19.00",
        "method": "",
        "card_last4": "",
        "reverses": None,
        "applies_to": None,
        "counterpart": None,
        "receipt": None,
        "reason": "",
        "business_date": day,
        "created_by": "desk",
    }
    assert _stamp(paid.data) == {
        "kind": "payment",
        "category": "",
        "description": "",
        "quantity": "1",
        "unit_price": None,
        "amount": "-100.00",
        "tax_rate": None,
        "tax_amount": "0.00",
        "method": "card",
        "card_last4": "4242",
        "reverses": None,
        "applies_to": None,
        "counterpart": None,
        "receipt": "R-000001",
        "reason": "",
        "business_date": day,
        "created_by": "desk",
    }
    got = api.get(f"{BASE}/{folio.pk}")
    assert got.status_code == 200
    body = dict(got.data)
    entries = body.pop("entries")
    assert body == {
        "id": folio.pk,
        "kind": "guest",
        "name": "Pia Pagetest",
        "status": "open",
        "currency": "EUR",
        "balance": "19.00",
        "reservation": folio.reference,
        "address": "",
        "postal_code": "",
        "city": "",
        "country": "",
        "vat_id": "",
        "email": "",
    }
    assert [e["id"] for e in entries] == [charged.data["id"], paid.data["id"]]
    assert folio.reference  # the reservation's confirmation


def test_company_folio_and_the_list(api, hotel, folio):
    made = api.post(
        BASE,
        {
            "kind": "company",
            "name": "Acme BV",
            "city": "Utrecht",
            "country": "NL",
            "vat_id": "nl 859034987 b01",
        },
    )
    assert made.status_code == 201, made.data
    assert {
        k: made.data[k]
        for k in ("kind", "name", "city", "country", "vat_id", "balance", "reservation", "entries")
    } == {
        "kind": "company",
        "name": "Acme BV",
        "city": "Utrecht",
        "country": "NL",
        "vat_id": "NL859034987B01",
        "balance": "0.00",
        "reservation": None,
        "entries": [],
    }
    bad = api.post(BASE, {"kind": "company", "name": "X", "vat_id": "NL000000000B00"})
    assert (bad.status_code, bad.data["code"], bad.data["field"]) == (
        422,
        "invalid_vat_id",
        "vat_id",
    )
    assert api.post(BASE, {"kind": "guest", "name": "X"}).status_code == 422
    listing = api.get(BASE, kind="company")
    assert listing.data == {
        "items": [
            {
                "id": made.data["id"],
                "kind": "company",
                "name": "Acme BV",
                "status": "open",
                "currency": "EUR",
                "balance": "0.00",
                "reservation": None,
            }
        ],
        "count": 1,
    }
    assert api.get(BASE, status="open").data["count"] == 2
    assert api.get(BASE, kind="castle").status_code == 422
    assert api.get(BASE, offset=10**10).status_code == 422


def test_errors(api, manager_api, folio, hotel):
    url = f"{BASE}/{folio.pk}"
    assert api.get(f"{BASE}/999999").status_code == 404
    assert (
        api.post(f"{url}/charges", {"category": "spa", "unit_price": "5"}).data["code"]
        == "unknown_category"
    )
    assert (
        api.post(f"{url}/charges", {"category": "room", "unit_price": "5.001"}).status_code == 422
    )
    assert api.post(f"{url}/payments", {"amount": "-1", "method": "cash"}).status_code == 422
    declined = api.post(
        f"{url}/payments", {"amount": "5", "method": "card", "card_token": "tok_declined"}
    )
    assert (declined.status_code, declined.data["code"]) == (402, "card_declined")
    timeout = api.post(
        f"{url}/payments", {"amount": "5", "method": "card", "card_token": "tok_timeout"}
    )
    assert (timeout.status_code, timeout.data["code"]) == (504, "gateway_timeout")
    unknown = api.post(
        f"{url}/payments", {"amount": "5", "method": "card", "card_token": "tok_what"}
    )
    assert (unknown.status_code, unknown.data["code"]) == (422, "unknown_token")
    assert [a.status for a in PaymentAttempt.objects.order_by("id")] == [
        "declined",
        "failed",
        "failed",
    ]
    over = manager_api.post(f"{url}/refunds", {"amount": "1", "method": "cash", "reason": "x"})
    assert (over.status_code, over.data["code"]) == (409, "refund_exceeds_payments")
    charge = api.post(f"{url}/charges", {"category": "room", "unit_price": "80"}).data
    above = api.post(
        f"{url}/allowances", {"entry": charge["id"], "amount": "10", "reason": "noisy"}
    )
    assert (above.status_code, above.data["code"]) == (403, "allowance_above_limit")
    given = manager_api.post(
        f"{url}/allowances", {"entry": charge["id"], "amount": "10", "reason": "noisy"}
    )
    assert given.status_code == 201 and given.data["applies_to"] == charge["id"]
    reversed_ = manager_api.post(f"{url}/entries/{charge['id']}/reverse", {"reason": "wrong folio"})
    assert reversed_.status_code == 201
    assert [(e["kind"], e["amount"], e["reverses"]) for e in reversed_.data["entries"]] == [
        ("reversal", "-80.00", charge["id"]),
        ("reversal", "10.00", given.data["id"]),
    ]
    again = manager_api.post(f"{url}/entries/{charge['id']}/reverse", {"reason": "again"})
    assert (again.status_code, again.data["code"]) == (409, "already_reversed")
    assert manager_api.post(f"{url}/entries/999999/reverse", {"reason": "x"}).status_code == 404
    type(folio).objects.filter(pk=folio.pk).update(status="closed")
    closed = api.post(f"{url}/charges", {"category": "room", "unit_price": "1"})
    assert (closed.status_code, closed.data["code"]) == (409, "folio_closed")
    assert selectors.folio_balance(folio) == 0


def test_transfer_to_a_company(api, folio, company):
    charge = api.post(f"{BASE}/{folio.pk}/charges", {"category": "room", "unit_price": "120"}).data
    moved = api.post(
        f"{BASE}/{folio.pk}/transfers", {"to_folio": company.pk, "entries": [charge["id"]]}
    )
    assert moved.status_code == 201, moved.data
    out, into = moved.data["entries"]
    assert (out["kind"], out["amount"], out["applies_to"]) == (
        "transfer_out",
        "-120.00",
        charge["id"],
    )
    assert (into["kind"], into["amount"], into["counterpart"]) == (
        "transfer_in",
        "120.00",
        out["id"],
    )
    assert api.get(f"{BASE}/{company.pk}").data["balance"] == "120.00"
    both = api.post(
        f"{BASE}/{folio.pk}/transfers",
        {"to_folio": company.pk, "entries": [charge["id"]], "amount": "1"},
    )
    assert both.status_code == 422
    assert (
        api.post(f"{BASE}/{folio.pk}/transfers", {"to_folio": 999999, "amount": "1"}).status_code
        == 404
    )


def test_entries_cannot_be_changed_or_deleted(api, root, folio):
    charge = api.post(f"{BASE}/{folio.pk}/charges", {"category": "room", "unit_price": "10"}).data
    admin = Api(root)
    for method in ("put", "patch", "delete"):
        for url in (f"{BASE}/{folio.pk}/entries/{charge['id']}", f"{BASE}/{folio.pk}"):
            response = admin.client.generic(
                method.upper(), url, "{}", content_type="application/json", **admin.headers
            )
            assert response.status_code in (404, 405), (method, url, response.status_code)
    assert Entry.objects.get(pk=charge["id"]).amount == Decimal("10.00")


def test_a_retried_payment_is_taken_once(api, folio):
    body = {"amount": "50.00", "method": "card", "card_token": "tok_amex"}
    first = api.post(f"{BASE}/{folio.pk}/payments", body, HTTP_IDEMPOTENCY_KEY="pay-1")
    again = api.post(f"{BASE}/{folio.pk}/payments", body, HTTP_IDEMPOTENCY_KEY="pay-1")
    assert first.status_code == again.status_code == 201
    assert first.data == again.data and first.data["card_last4"] == "0005"
    assert selectors.folio_balance(folio) == Decimal("-50.00")
    assert len(gateway.TestGateway().charges()) == 1
    other = api.post(
        f"{BASE}/{folio.pk}/payments", dict(body, amount="51"), HTTP_IDEMPOTENCY_KEY="pay-1"
    )
    assert (other.status_code, other.data["code"]) == (422, "idempotency_mismatch")
    cash = {"amount": "5.00", "method": "cash"}
    assert (
        api.post(f"{BASE}/{folio.pk}/payments", cash, HTTP_IDEMPOTENCY_KEY="cash-1").status_code
        == 201
    )
    assert (
        api.post(f"{BASE}/{folio.pk}/payments", cash, HTTP_IDEMPOTENCY_KEY="cash-1").status_code
        == 201
    )
    assert selectors.folio_balance(folio) == Decimal("-55.00")


def test_a_retried_refund_is_paid_once(api, manager_api, folio):
    api.post(f"{BASE}/{folio.pk}/payments", {"amount": "50.00", "method": "cash"})
    body = {"amount": "20.00", "method": "cash", "reason": "early departure"}
    first = manager_api.post(f"{BASE}/{folio.pk}/refunds", body, HTTP_IDEMPOTENCY_KEY="r-1")
    again = manager_api.post(f"{BASE}/{folio.pk}/refunds", body, HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == 201 and first.data == again.data
    assert selectors.folio_balance(folio) == Decimal("-30.00")


def test_porter_sees_no_money(make_user, hotel, folio):
    porter = Api(make_user(Role.PORTER, hotel))
    assert porter.get(f"{BASE}/{folio.pk}").status_code == 403
    reservation = porter.get(f"/api/v1/establishments/hotel/reservations/{folio.reference}")
    assert reservation.status_code == 200


def test_an_invoiced_company_account_is_paid_later_by_bank_transfer(api, root, company):
    from frontoffice.billing.services import invoices

    url = f"{BASE}/{company.pk}"
    assert api.post(f"{url}/charges", {"category": "room", "unit_price": "100"}).status_code == 201
    invoices.invoice_issue(folio=company, actor=root)
    paid = api.post(f"{url}/payments", {"amount": "100", "method": "bank_transfer"})
    assert paid.status_code == 201, paid.data
    assert selectors.folio_balance(company) == 0
    closed = api.post(f"{url}/charges", {"category": "room", "unit_price": "1"})
    assert (closed.status_code, closed.data["code"]) == (409, "folio_closed")
