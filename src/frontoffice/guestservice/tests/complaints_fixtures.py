"""Shared setup of the complaints tests: a checked-in stay with a room charge on its folio."""

from __future__ import annotations

import datetime as dt

import pytest

from frontoffice.billing.services import folios as folio_services
from frontoffice.billing.services import ledger
from frontoffice.customers import services as customer_services
from frontoffice.lodging import services as lodging_services

E = "/api/v1/establishments/hotel"


def checked_in(hotel, root, today, customer, room="101"):
    r = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        customer_id=customer.pk,
    )
    return lodging_services.reservation_check_in(
        reservation=r, actor=root, room_number=room, allow_dirty=True
    )


@pytest.fixture
def stay(hotel, root, today):
    """Olga Ordinary, checked in, with two room nights (100 each) and a minibar charge on
    her folio; the desk may give allowances up to 20 on a charge."""
    guest = customer_services.customer_create(
        establishment=hotel, actor=root, first_name="Olga", last_name="Ordinary"
    )
    r = checked_in(hotel, root, today, guest)
    r.first_night = ledger.charge_post(
        folio=r.folio, actor=root, category="room", unit_price="100.00"
    )
    r.last_night = ledger.charge_post(
        folio=r.folio, actor=root, category="room", unit_price="100.00"
    )
    r.minibar = ledger.charge_post(folio=r.folio, actor=root, category="minibar", unit_price="8")
    folio_services.billing_settings_set(establishment=hotel, actor=root, allowance_limit="20")
    return r


@pytest.fixture
def vip(hotel, root):
    return customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="Victor",
        last_name="Important",
        vip_level=2,
        vip_instructions="Fruit basket; the manager greets him.",
    )
