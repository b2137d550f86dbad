"""Private guests (celebrities, executives): their presence is not disclosed to roles
without "guest.private", and every look at their record is logged. Expected answers by
hand, per role: a porter, a concierge, a desk agent."""

from __future__ import annotations

import datetime as dt

import pytest

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.customers.models import PrivateGuestAccess
from frontoffice.lodging import services as lodging_services

pytestmark = pytest.mark.django_db
E = "/api/v1/establishments/hotel"


@pytest.fixture
def stays(hotel, root, today):
    """A private guest and an ordinary one, both checked in today."""
    star = customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="Stella",
        last_name="Starr",
        email="stella@example.com",
        private=True,
        vip_level=3,
        vip_instructions="Side entrance; no calls put through.",
    )
    plain = customer_services.customer_create(
        establishment=hotel, actor=root, first_name="Paul", last_name="Plain"
    )
    out = {}
    for customer, room in ((star, "101"), (plain, "102")):
        r = lodging_services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=today,
            departure=today + dt.timedelta(days=2),
            customer_id=customer.pk,
        )
        r = lodging_services.reservation_check_in(
            reservation=r, actor=root, room_number=room, allow_dirty=True
        )
        out[customer.last_name] = (customer, r)
    return out


@pytest.fixture
def people(make_user, hotel, desk):
    return {
        "porter": make_user(Role.PORTER, hotel),
        "concierge": make_user(Role.CONCIERGE, hotel),
        "desk": desk,
    }


def _client(client, user):
    client.force_login(user)
    return client


def test_the_api_answers_as_for_an_unknown_guest(stays, people):
    star, _ = stays["Starr"]
    concierge = Api(people["concierge"])
    hidden = concierge.get(f"{E}/guests/{star.pk}")
    unknown = concierge.get(f"{E}/guests/999999")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content
    assert concierge.get(f"{E}/guests/{star.pk}/history").status_code == 404
    assert concierge.get(f"{E}/guests", q="Starr").data == {"items": [], "count": 0}
    assert concierge.get(f"{E}/guests", q="stella@example.com").data["count"] == 0
    names = [g["last_name"] for g in concierge.get(f"{E}/guests").data["items"]]
    assert names == ["Plain"]
    # Not through the confirmation code either, nor the reservation itself.
    _, reservation = stays["Starr"]
    assert concierge.get(f"{E}/guests", q=reservation.confirmation).data["count"] == 0
    assert concierge.get(f"{E}/reservations/{reservation.confirmation}").status_code == 404
    listed = concierge.get(f"{E}/reservations", in_house="true").data
    assert [r["confirmation"] for r in listed["items"]] == [stays["Plain"][1].confirmation]
    assert PrivateGuestAccess.objects.count() == 0


def test_a_duplicate_of_a_private_guest_names_nobody(stays, people, desk):
    star, _ = stays["Starr"]
    body = {"first_name": "Stella", "last_name": "Starr", "email": "stella@example.com"}
    refused = Api(people["concierge"]).post(f"{E}/guests", body)
    assert refused.status_code == 409 and refused.data == {
        "code": "duplicate",
        "detail": "Another record has this email and name.",
    }
    # The desk, who may see her, is told whose record it is.
    told = Api(desk).post(f"{E}/guests", body)
    assert told.status_code == 409 and told.data["existing_id"] == star.pk
    assert "Stella Starr" in told.data["detail"]


def test_the_concierge_may_not_declare_a_guest_private(stays, people):
    _, plain_stay = stays["Plain"]
    concierge = Api(people["concierge"])
    refused = concierge.patch(f"{E}/guests/{plain_stay.customer_id}", {"private": True})
    assert refused.status_code == 403 and refused.data["code"] == "forbidden"
    refused = concierge.post(f"{E}/guests", {"last_name": "New", "private": True})
    assert refused.status_code == 403
    assert concierge.post(f"{E}/guests", {"last_name": "New"}).status_code == 201


def test_the_desk_sees_the_guest_and_every_look_is_logged(stays, people, desk):
    star, reservation = stays["Starr"]
    api = Api(desk)
    seen = api.get(f"{E}/guests/{star.pk}")
    assert seen.status_code == 200 and seen.data["private"] is True
    assert seen.data["vip_instructions"] == "Side entrance; no calls put through."
    assert api.get(f"{E}/guests", q="Starr").data["count"] == 1
    assert api.get(f"{E}/reservations/{reservation.confirmation}").status_code == 200
    looks = list(PrivateGuestAccess.objects.order_by("id").values_list("user__username", "what"))
    assert looks == [("desk", "api"), ("desk", f"api reservation {reservation.confirmation}")]
    # The ordinary guest's record is not logged.
    api.get(f"{E}/guests/{stays['Plain'][0].pk}")
    assert PrivateGuestAccess.objects.count() == 2
    # A desk agent may declare a guest private.
    assert api.patch(f"{E}/guests/{stays['Plain'][0].pk}", {"private": True}).status_code == 200


@pytest.mark.parametrize("role", ["porter", "concierge"])
def test_pages_show_neither_name_nor_link_to_roles_without_it(client, stays, people, role):
    star, reservation = stays["Starr"]
    c = _client(client, people[role])
    for name in ("dashboard", "in_house", "arrivals", "room_rack", "reservation_list"):
        body = c.get(f"/e/hotel/{_path(name)}").content.decode()
        assert "Starr" not in body, name
        assert reservation.confirmation not in body, name
        assert "Plain" in body, name
    rack = c.get("/e/hotel/rooms/").content.decode()
    tile = rack.split('id="room-101"')[1].split("</li>")[0]
    assert " occupied" in tile.split(">")[0]  # occupied all the same
    assert "Starr" not in tile and "reservations/" not in tile
    assert c.get(f"/e/hotel/reservations/{reservation.confirmation}/").status_code == 404
    found = c.get("/e/hotel/find/", {"q": "Starr"}).content.decode()
    assert "Stella" not in found and reservation.confirmation not in found
    found = c.get("/e/hotel/find/", {"q": reservation.confirmation}).status_code
    assert found == 200  # not a redirect to the reservation
    if role == "concierge":  # who may see guests
        assert c.get(f"/e/hotel/guests/{star.pk}/").status_code == 404
        assert "Starr" not in c.get("/e/hotel/guests/", {"q": "Ste"}).content.decode()
        assert "Starr" not in c.get("/e/hotel/guests/search/", {"q": "Ste"}).content.decode()
        assert "Plain" in c.get("/e/hotel/guests/").content.decode()
    assert PrivateGuestAccess.objects.count() == 0


def test_the_desk_sees_the_private_guest_on_its_pages(client, stays, people, manager):
    star, reservation = stays["Starr"]
    c = _client(client, people["desk"])
    for name in ("dashboard", "in_house", "arrivals", "room_rack", "reservation_list"):
        body = c.get(f"/e/hotel/{_path(name)}").content.decode()
        assert "Starr" in body and reservation.confirmation in body, name
    found = c.get("/e/hotel/find/", {"q": reservation.confirmation})
    assert found.status_code == 302
    assert c.get(f"/e/hotel/reservations/{reservation.confirmation}/").status_code == 200
    assert c.get(f"/e/hotel/guests/{star.pk}/").status_code == 200
    # The desk agent does not see the log; the manager does, and their own look is in it.
    assert 'id="private-accesses"' not in c.get(f"/e/hotel/guests/{star.pk}/").content.decode()
    page = _client(client, manager).get(f"/e/hotel/guests/{star.pk}/").content.decode()
    log = page.split('id="private-accesses"')[1].split("</section>")[0]
    assert log.count("<tr>") == 1 + 4  # the header, then four looks
    assert "desk" in log and "manager" in log and f"reservation {reservation.confirmation}" in log


def _path(name: str) -> str:
    return {
        "dashboard": "",
        "in_house": "in-house/",
        "arrivals": "arrivals/",
        "room_rack": "rooms/",
        "reservation_list": "reservations/",
    }[name]
