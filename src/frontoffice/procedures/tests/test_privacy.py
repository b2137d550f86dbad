"""The outbox keeps private guests (celebrities, executives) from who may not know of them:
their messages are not listed (API, page), and the message page does not find them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.lodging import services as lodging_services
from frontoffice.procedures import services

pytestmark = pytest.mark.django_db
M = "/api/v1/establishments/hotel/messages"
P = "/e/hotel"


@pytest.fixture
def sent(hotel, root, templates, guest, today):
    star = customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="Stella",
        last_name="Starling",
        email="stella@example.com",
        language="en",
        private=True,
    )
    stay = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today + dt.timedelta(days=3),
        departure=today + dt.timedelta(days=5),
        customer_id=star.pk,
    )
    for who in (guest, star):
        services.message_send(establishment=hotel, actor=root, template="welcome", customer=who)
    return star, stay


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_outbox_lists_no_private_guest_to_the_concierge(sent, guest, make_user, hotel):
    star, stay = sent
    concierge, manager = (
        make_user(Role.CONCIERGE, hotel),
        make_user(Role.FRONT_OFFICE_MANAGER, hotel),
    )
    listed = Api(concierge).get(M).data
    assert (listed["count"], [m["customer"] for m in listed["items"]]) == (1, [guest.pk])
    assert Api(concierge).get(M, customer=star.pk).data == {"items": [], "count": 0}
    assert Api(manager).get(M).data["count"] == 2
    assert Api(manager).get(M, customer=star.pk).data["items"][0]["subject"] == "Welcome, Stella"
    page = _client(concierge).get(f"{P}/messages/").content.decode()
    assert "Welkom, Anna" in page and "Stella" not in page and "Starling" not in page
    assert "Welcome, Stella" in _client(manager).get(f"{P}/messages/").content.decode()


def test_the_message_page_does_not_find_a_private_guest_for_the_concierge(sent, make_user, hotel):
    star, stay = sent
    client = _client(make_user(Role.CONCIERGE, hotel))
    for query in (f"guest={star.pk}", f"reservation={stay.confirmation}"):
        asked = client.get(f"{P}/messages/new/?{query}&template=welcome", HTTP_HX_REQUEST="true")
        assert asked.status_code == 404, query
    posted = client.post(f"{P}/messages/new/", {"guest": star.pk, "template": "welcome"})
    assert posted.status_code == 404
    desk = _client(make_user(Role.FRONT_DESK_AGENT, hotel))
    shown = desk.get(
        f"{P}/messages/new/?guest={star.pk}&template=welcome", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Welcome, Stella" in shown
