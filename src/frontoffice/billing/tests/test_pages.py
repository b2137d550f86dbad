"""The folio pages: who gets them, posting through them, asking once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from frontoffice.billing import selectors
from frontoffice.billing.models import Entry
from frontoffice.core.models import Role

# Written by hand: which roles get which page (200) and which are refused (403).
PAGE_MATRIX = """
page                desk rcpt conc port cash file mgr  fin  hr   adm
folio               200  200  403  403  200  403  200  200  403  200
accounts            200  200  403  403  200  403  200  200  403  200
"""
COLUMNS = {
    "desk": Role.FRONT_DESK_AGENT,
    "rcpt": Role.RECEPTIONIST,
    "conc": Role.CONCIERGE,
    "port": Role.PORTER,
    "cash": Role.CASHIER,
    "file": Role.FILE_CLERK,
    "mgr": Role.FRONT_OFFICE_MANAGER,
    "fin": Role.BACK_OFFICE_FINANCE,
    "hr": Role.BACK_OFFICE_HR,
    "adm": Role.ADMINISTRATOR,
}


def _rows():
    header, *lines = [line.split() for line in PAGE_MATRIX.strip().splitlines()]
    roles = [COLUMNS[c] for c in header[1:]]
    return {cells[0]: dict(zip(roles, map(int, cells[1:]), strict=True)) for cells in lines}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, folio, reservation):
    client = login(make_user(role, hotel))
    expected = _rows()
    urls = {"folio": f"/e/hotel/folios/{folio.pk}/", "accounts": "/e/hotel/folios/"}
    for name, url in urls.items():
        assert client.get(url).status_code == expected[name][role], (role, name)
    detail = client.get(f"/e/hotel/reservations/{reservation.confirmation}/")
    if detail.status_code == 200:
        # The folio link (with the balance) only for those who may see money.
        assert (b'id="folio-link"' in detail.content) == (expected["folio"][role] == 200), role


def test_outsider_gets_404(make_user, other_hotel, folio):
    client = login(make_user(Role.ADMINISTRATOR, other_hotel))
    assert client.get(f"/e/hotel/folios/{folio.pk}/").status_code == 404


def test_post_a_charge_and_take_a_payment_asking_once(desk, folio, hotel):
    client = login(desk)
    url = f"/e/hotel/folios/{folio.pk}/"
    page = client.get(url)
    assert b"data-enter-safe" in page.content and b"Card terminal token" in page.content
    assert b'id="refund-form"' not in page.content  # a manager's
    posted = client.post(
        url + "charge/",
        {"form_token": "c" * 20, "category": "minibar", "quantity": "2", "unit_price": "4.50"},
    )
    assert posted.status_code == 302
    assert selectors.folio_balance(folio) == Decimal("9.00")
    body = {"form_token": "t" * 20, "amount": "9.00", "method": "card", "card_token": "tok_visa"}
    asked = client.post(url + "payment/", body)
    assert asked.status_code == 200 and b'id="confirm-button"' in asked.content
    assert selectors.folio_balance(folio) == Decimal("9.00")  # nothing taken yet
    taken = client.post(url + "payment/", {**body, "confirmed": "on"})
    assert taken.status_code == 302
    again = client.post(url + "payment/", {**body, "confirmed": "on"})  # a double click
    assert again.status_code == 302
    assert selectors.folio_balance(folio) == 0
    assert Entry.objects.filter(folio=folio, kind="payment").count() == 1
    shown = client.get(url)
    assert b"4242" in shown.content and "€0.00".encode() in shown.content


def test_declined_card_is_a_form_error(desk, folio):
    client = login(desk)
    url = f"/e/hotel/folios/{folio.pk}/payment/"
    body = {
        "form_token": "d" * 20,
        "amount": "5",
        "method": "card",
        "card_token": "tok_declined",
        "confirmed": "on",
    }
    response = client.post(url, body)
    assert response.status_code == 402 and b"The card was declined." in response.content


def test_manager_reverses_and_refunds(manager, folio, company):
    client = login(manager)
    url = f"/e/hotel/folios/{folio.pk}/"
    client.post(
        url + "charge/",
        {"form_token": "c" * 20, "category": "room", "quantity": "1", "unit_price": "100"},
    )
    charge = Entry.objects.get(folio=folio)
    page = client.get(url)
    for form in (
        b'id="refund-form"',
        b'id="reverse-form"',
        b'id="allowance-form"',
        b'id="transfer-form"',
    ):
        assert form in page.content
    body = {"form_token": "r" * 20, "entry": charge.pk, "reason": "wrong guest"}
    assert client.post(url + "reverse/", body).status_code == 200  # asks first
    assert client.post(url + "reverse/", {**body, "confirmed": "on"}).status_code == 302
    assert selectors.folio_balance(folio) == 0
    refused = client.post(
        url + "refund/",
        {"form_token": "s" * 20, "amount": "1", "method": "cash", "reason": "x", "confirmed": "on"},
    )
    assert refused.status_code == 409 and b"A refund cannot be more" in refused.content


def test_desk_cannot_post_what_only_a_manager_may(desk, folio):
    client = login(desk)
    body = {
        "form_token": "x" * 20,
        "amount": "1",
        "method": "cash",
        "reason": "x",
        "confirmed": "on",
    }
    assert client.post(f"/e/hotel/folios/{folio.pk}/refund/", body).status_code == 403


def test_open_a_company_account(desk, hotel):
    client = login(desk)
    bad = client.post("/e/hotel/folios/", {"kind": "company", "name": "Acme", "vat_id": "NL1"})
    assert bad.status_code == 422 and b"not a valid VAT number" in bad.content
    made = client.post(
        "/e/hotel/folios/", {"kind": "company", "name": "Acme", "vat_id": "NL859034987B01"}
    )
    assert made.status_code == 302
    listing = client.get("/e/hotel/folios/")
    assert b"Acme" in listing.content


def test_amounts_are_read_in_the_pages_language(desk, manager, folio, hotel):
    client = login(desk)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    url = f"/e/hotel/folios/{folio.pk}/"
    posted = client.post(
        url + "charge/",
        {"form_token": "c" * 20, "category": "minibar", "quantity": "1,5", "unit_price": "12,50"},
    )
    assert posted.status_code == 302
    assert selectors.folio_balance(folio) == Decimal("18.75")
    # The plain dot form is read too; letters are not.
    client.post(
        url + "charge/",
        {"form_token": "d" * 20, "category": "minibar", "quantity": "1", "unit_price": "1.25"},
    )
    assert selectors.folio_balance(folio) == Decimal("20.00")
    bad = client.post(
        url + "charge/",
        {"form_token": "e" * 20, "category": "minibar", "quantity": "1", "unit_price": "1e3"},
    )
    assert bad.status_code == 422 and selectors.folio_balance(folio) == Decimal("20.00")
    body = {"form_token": "n" * 20, "amount": "20,00", "method": "cash", "confirmed": "on"}
    assert client.post(url + "payment/", body).status_code == 302
    assert selectors.folio_balance(folio) == 0
    # The allowance limit, saved and shown again in Dutch, reads back the same.
    boss = login(manager)
    boss.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert boss.post("/e/hotel/folios/", {"allowance_limit": "1250,50"}).status_code == 302
    assert selectors.allowance_limit(hotel) == Decimal("1250.50")
    shown = boss.get("/e/hotel/folios/").content.decode()
    assert 'value="1.250,50"' in shown
    assert boss.post("/e/hotel/folios/", {"allowance_limit": "1.250,50"}).status_code == 302
    assert selectors.allowance_limit(hotel) == Decimal("1250.50")


def _token_of(content: bytes, form: str) -> str:
    import re

    section = content.decode().split(f'id="{form}-form"', 1)[1]
    return re.search(r'name="form_token" value="([^"]+)"', section).group(1)


def test_a_refused_refund_comes_back_with_a_fresh_token(manager, folio):
    client = login(manager)
    url = f"/e/hotel/folios/{folio.pk}/"
    body = {"form_token": "s" * 20, "amount": "10", "method": "cash", "reason": "x"}
    refused = client.post(url + "refund/", {**body, "confirmed": "on"})
    assert refused.status_code == 409
    # A double tap of the refused data gets the same refusal, not a success.
    again = client.post(url + "refund/", {**body, "confirmed": "on"})
    assert again.status_code == 409 and b"A refund cannot be more" in again.content
    token = _token_of(refused.content, "refund")
    assert token != "s" * 20
    client.post(
        url + "payment/",
        {"form_token": "p" * 20, "amount": "5", "method": "cash", "confirmed": "on"},
    )
    corrected = client.post(
        url + "refund/", {**body, "form_token": token, "amount": "5", "confirmed": "on"}
    )
    assert corrected.status_code == 302, corrected.content.decode()[-2000:]
    assert Entry.objects.filter(folio=folio, kind="refund").count() == 1
    assert selectors.folio_balance(folio) == 0


def test_the_question_shows_the_amount_as_money(desk, folio):
    import html

    from frontoffice.core import formats

    client = login(desk)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    url = f"/e/hotel/folios/{folio.pk}/payment/"
    body = {"form_token": "q" * 20, "amount": "1234,5", "method": "cash"}
    asked = client.post(url, body)
    page = html.unescape(asked.content.decode())
    assert formats.amount("1234.5", "EUR", "nl") in page  # € 1.234,50
    assert "1234,5 EUR" not in page and "1234.5 EUR" not in page
    assert 'class="btn" type="submit" id="confirm-button"' in page  # a payment is no danger
    too_fine = client.post(url, {**body, "amount": "12,505"})
    assert too_fine.status_code == 422 and b'id="confirm-button"' not in too_fine.content


def test_a_double_tap_posts_one_charge(desk, folio):
    client = login(desk)
    url = f"/e/hotel/folios/{folio.pk}/"
    token = _token_of(client.get(url).content, "charge")
    body = {"form_token": token, "category": "minibar", "quantity": "1", "unit_price": "4.50"}
    assert client.post(url + "charge/", body).status_code == 302
    assert client.post(url + "charge/", body).status_code == 302  # the second tap
    assert Entry.objects.filter(folio=folio, kind="charge").count() == 1
    # The next rendering is a new charge.
    again = _token_of(client.get(url).content, "charge")
    assert again != token
    assert client.post(url + "charge/", {**body, "form_token": again}).status_code == 302
    assert selectors.folio_balance(folio) == Decimal("9.00")
