"""Porters, concierges and file clerks see reservations but no money: no total, no night
prices, no folio, in the API, the pages and the history. The desk and finance see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontoffice.conftest import Api
from frontoffice.lodging import services

pytestmark = pytest.mark.django_db

E = "/api/v1/establishments/hotel"


@pytest.fixture
def stay(hotel, root, today):
    reservation = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today + dt.timedelta(days=3),
        departure=today + dt.timedelta(days=5),
        guest={"last_name": "Pricey"},
    )
    # A change of stay writes the total into the history.
    services.reservation_modify(
        reservation=reservation, actor=root, departure=today + dt.timedelta(days=6)
    )
    return reservation


@pytest.mark.parametrize(
    "role, sees_money",
    [
        ("porter", False),
        ("concierge", False),
        ("file_clerk", False),
        ("front_desk_agent", True),
        ("cashier", True),
        ("back_office_finance", True),
    ],
)
def test_who_sees_the_money_of_a_reservation(make_user, hotel, stay, role, sees_money):
    user = make_user(role, hotel)
    api = Api(user)
    one = api.get(f"{E}/reservations/{stay.confirmation}").data
    listed = api.get(f"{E}/reservations?group=upcoming").data["items"][0]
    for body in (one, listed):
        assert ("total_price" in body) is sees_money, body
        assert ("folio" in body) is sees_money, body
        assert all(("price" in night) is sees_money for night in body["nights"]), body
        assert len(body["nights"]) == 3
    history = api.get(f"{E}/reservations/{stay.confirmation}/history").data
    fields = {c["field"] for entry in history for c in entry["changes"]}
    assert ("total_price" in fields) is sees_money, fields
    assert "departure" in fields

    client = Client()
    client.force_login(user)
    html = client.get(f"/e/hotel/reservations/{stay.confirmation}/").content.decode()
    # 3 nights at the base rate of 100.00: 300.00, each night 100.00.
    assert ("€300.00" in html) is sees_money
    assert ("100.00" in html) is sees_money
    listing = client.get("/e/hotel/reservations/?group=upcoming").content.decode()
    assert stay.confirmation in listing
    assert ("€300.00" in listing) is sees_money
