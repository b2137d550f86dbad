"""Group events and room blocks keep private guests (celebrities, executives) from who may
not know of them: as organiser or attendee they are an unknown guest (422), they are left
out of an event's attendees and its count, and of a block's reservations on its page. And
the dates and times an event or the concierge is given stay within years the hotel can mean
(422, never a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.customers import services as customers
from frontoffice.guestservice.services import concierge
from frontoffice.guestservice.services import events as event_services
from frontoffice.lodging import services as lodging

pytestmark = pytest.mark.django_db
E = "/api/v1/establishments/hotel"
D = dt.timedelta


@pytest.fixture
def people(hotel, root, make_user, today):
    """A private guest booked from a block and on an event they organise, beside a plain
    guest; a concierge (may not know of private guests) and a manager (may)."""
    star = customers.customer_create(
        establishment=hotel, actor=root, first_name="Stella", last_name="Starling", private=True
    )
    plain = customers.customer_create(
        establishment=hotel, actor=root, first_name="Bram", last_name="Bakker"
    )
    block = lodging.block_create(
        establishment=hotel,
        actor=root,
        name="Film crew",
        cutoff=today + D(days=3),
        rooms=[{"room_type": "std", "date": today + D(days=10), "count": 2}],
    )
    stays = {
        who.last_name: lodging.block_book(
            block=block,
            actor=root,
            room_type_code="std",
            arrival=today + D(days=10),
            departure=today + D(days=11),
            customer_id=who.pk,
        )
        for who in (star, plain)
    }
    start = dt.datetime.combine(today + D(days=10), dt.time(18, 0), tzinfo=dt.UTC)
    event = event_services.event_create(
        establishment=hotel,
        actor=root,
        name="Premiere",
        starts_at=start,
        ends_at=start + D(hours=4),
        organiser_id=star.pk,
    )
    for who in (star, plain):
        event_services.event_attendee_add(event=event, actor=root, customer_id=who.pk)
    return {
        "star": star,
        "plain": plain,
        "stays": stays,
        "block": block,
        "event": event,
        "concierge": make_user(Role.CONCIERGE, hotel),
        "manager": make_user(Role.FRONT_OFFICE_MANAGER, hotel),
    }


def test_the_api_lists_no_private_attendee_or_organiser_to_the_concierge(people):
    event, star, plain = people["event"], people["star"], people["plain"]
    shown = Api(people["concierge"]).get(f"{E}/events/{event.pk}").data
    assert shown["organiser"] is None and shown["organiser_name"] == ""
    assert shown["attendees"] == 1
    assert shown["attendee_list"] == [
        {"customer": plain.pk, "name": "Bram Bakker", "reservation": None}
    ]
    listed = Api(people["concierge"]).get(f"{E}/events").data["items"]
    assert [(e["organiser"], e["attendees"]) for e in listed] == [(None, 1)]
    # the manager may know of them
    full = Api(people["manager"]).get(f"{E}/events/{event.pk}").data
    assert full["organiser"] == star.pk and full["organiser_name"] == "Stella Starling"
    assert [a["name"] for a in full["attendee_list"]] == ["Bram Bakker", "Stella Starling"]
    assert full["attendees"] == 2


def test_a_private_guest_is_an_unknown_guest_to_the_concierge(people, today):
    api = Api(people["concierge"])
    star, stays = people["star"], people["stays"]
    start = dt.datetime.combine(today + D(days=12), dt.time(9, 0), tzinfo=dt.UTC)
    body = {
        "name": "Press day",
        "starts_at": start.isoformat(),
        "ends_at": (start + D(hours=2)).isoformat(),
        "organiser": star.pk,
    }
    refused = api.post(f"{E}/events", body)
    assert refused.status_code == 422
    assert (refused.data["code"], refused.data["field"]) == ("unknown_guest", "organiser")
    unknown = api.post(f"{E}/events", dict(body, organiser=999999))
    assert (unknown.status_code, unknown.data["code"]) == (422, "unknown_guest")
    other = api.post(f"{E}/events", dict(body, organiser=None)).data["id"]
    by_id = api.post(f"{E}/events/{other}/attendees", {"customer": star.pk})
    assert (by_id.status_code, by_id.data["code"]) == (422, "unknown_guest")
    by_stay = api.post(
        f"{E}/events/{other}/attendees", {"reservation": stays["Starling"].confirmation}
    )
    assert (by_stay.status_code, by_stay.data["field"]) == (422, "reservation")
    assert by_stay.data["detail"] == "No such reservation."
    assert api.get(f"{E}/events/{other}").data["attendee_list"] == []
    # the manager adds them
    manager = Api(people["manager"])
    added = manager.post(
        f"{E}/events/{other}/attendees", {"reservation": stays["Starling"].confirmation}
    )
    assert added.status_code == 201 and added.data["attendees"] == 1


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_pages_name_no_private_guest_to_the_concierge(people):
    event, block, stays = people["event"], people["block"], people["stays"]
    concierge, manager = people["concierge"], people["manager"]
    page = _page(concierge, f"/e/hotel/groups/events/{event.pk}/")
    assert "Bram Bakker" in page and "Starling" not in page
    block_page = _page(concierge, f"/e/hotel/groups/blocks/{block.pk}/")
    assert stays["Bakker"].confirmation in block_page and "Bram Bakker" in block_page
    assert "Starling" not in block_page and stays["Starling"].confirmation not in block_page
    # the counts of the block stay as they are: both rooms picked up
    assert "Starling" in _page(manager, f"/e/hotel/groups/events/{event.pk}/")
    manager_block = _page(manager, f"/e/hotel/groups/blocks/{block.pk}/")
    assert "Stella Starling" in manager_block and stays["Starling"].confirmation in manager_block


@pytest.mark.parametrize(
    "starts_at, ends_at, field",
    [
        ("9999-12-31T23:00:00Z", "9999-12-31T23:59:59-05:00", "starts_at"),
        ("2030-01-01T10:00:00Z", "9999-12-31T23:59:59-05:00", "ends_at"),
        ("0001-01-01T00:00:00+05:00", "2030-01-01T10:00:00Z", "starts_at"),
        ("1999-12-31T22:00:00Z", "2000-01-01T10:00:00Z", "starts_at"),
        ("2100-12-31T22:00:00Z", "2101-01-01T10:00:00Z", "ends_at"),
        ("2030-01-01T10:00:00Z", "2030-02-01T10:00:01Z", "ends_at"),
    ],
)
def test_an_events_dates_out_of_range_are_422(hotel, root, starts_at, ends_at, field):
    answer = Api(root).post(
        f"{E}/events", {"name": "Far", "starts_at": starts_at, "ends_at": ends_at}
    )
    assert answer.status_code == 422, answer.data
    assert answer.data["field"] == field
    assert Api(root).get(f"{E}/events", upcoming="false").data["count"] == 0


def test_an_event_of_31_days_in_2100_is_made(hotel, root):
    answer = Api(root).post(
        f"{E}/events",
        {"name": "Month", "starts_at": "2100-12-01T00:00:00Z", "ends_at": "2101-01-01T00:00:00Z"},
    )
    assert answer.status_code == 422  # ends in 2101
    answer = Api(root).post(
        f"{E}/events",
        {"name": "Month", "starts_at": "2100-11-30T00:00:00Z", "ends_at": "2100-12-31T00:00:00Z"},
    )
    assert answer.status_code == 201, answer.data


def test_the_concierges_times_out_of_range_are_422(hotel, root, people):
    api = Api(root)
    for at in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "1900-01-01T00:00:00Z"):
        listed = api.get(f"{E}/attractions", open_now="true", at=at)
        assert (listed.status_code, listed.data["field"]) == (422, "at"), at
        popular = api.get(f"{E}/guests/{people['plain'].pk}/popular-attractions", at=at)
        assert (popular.status_code, popular.data["field"]) == (422, "at"), at
    assert (
        api.get(f"{E}/attractions", open_now="true", at="2030-06-01T12:00:00Z").status_code == 200
    )
    museum = concierge.attraction_create(establishment=hotel, name="Museum", category="museum")
    url = f"{E}/guests/{people['plain'].pk}/recommendations"
    for at in ("9999-12-31T23:59:59-05:00", "1900-01-01T00:00:00Z"):
        booked = api.post(url, {"attraction": museum.pk, "kind": "booking", "at": at})
        assert (booked.status_code, booked.data["field"]) == (422, "at"), at
    assert api.get(url).data["count"] == 0
    booked = api.post(
        url, {"attraction": museum.pk, "kind": "booking", "at": "2030-06-01T12:00:00Z"}
    )
    assert booked.status_code == 201, booked.data


def test_the_event_pages_history_names_no_private_organiser_to_the_concierge(people, root):
    """The organiser changed from the private guest to a plain one: the manager's history
    panel names both; the concierge's shows no one where the private guest was."""
    event, plain = people["event"], people["plain"]
    event_services.event_update(event=event, actor=root, organiser_id=plain.pk)

    def history(user):
        client = Client()
        client.force_login(user)
        html = client.get(f"/e/hotel/groups/events/{event.pk}/").content.decode()
        return html[html.index('<h2 class="flush">History</h2>') :]

    assert "<strong>Organiser</strong>: Stella Starling → Bram Bakker" in history(people["manager"])
    shown = history(people["concierge"])
    assert "Starling" not in shown
    assert "<strong>Organiser</strong>: — → Bram Bakker" in shown
