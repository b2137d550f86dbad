"""Group events and room blocks through the API (issue 8, section 2): the answers written
out by hand, the area's permission table for every role, outsiders and anonymous callers."""

from __future__ import annotations

import datetime as dt

import pytest

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.core.tests.test_permissions import call
from frontoffice.guestservice.services import events as event_services
from frontoffice.guestservice.tests.matrix_groups import API_ROWS
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import InventoryNight

pytestmark = pytest.mark.django_db
E = "/api/v1/establishments/hotel"
D = dt.timedelta


def sold(hotel, day, code="std"):
    return InventoryNight.objects.get(establishment=hotel, room_type__code=code, date=day).sold


def event_body(today):
    start = dt.datetime.combine(today + D(days=10), dt.time(15, 0), tzinfo=dt.UTC)
    return {
        "name": "Wedding Jansen–de Vries",
        "starts_at": start.isoformat(),
        "ends_at": (start + D(hours=8)).isoformat(),
        "venue_room": "101",
        "organiser_name": "Anna Jansen",
        "notes": "Dinner for 60 in the garden room.",
    }


def block_body(today, count=2, nights=2, **extra):
    first = today + D(days=10)
    body = {
        "name": "Jansen wedding",
        "cutoff": (today + D(days=3)).isoformat(),
        "rooms": [
            {"room_type": "std", "date": (first + D(days=i)).isoformat(), "count": count}
            for i in range(nights)
        ],
    }
    body.update(extra)
    return body


def booking_body(today, nights=2, name="Guest"):
    first = today + D(days=10)
    return {
        "guest": {"first_name": name, "last_name": "Wedding"},
        "room_type": "std",
        "arrival": first.isoformat(),
        "departure": (first + D(days=nights)).isoformat(),
        "adults": 2,
    }


def test_a_block_for_an_event_is_made_booked_from_and_released(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today))
    assert event.status_code == 201, event.data
    assert event.data["venue"] == "Room 101"
    assert event.data["organiser_name"] == "Anna Jansen" and event.data["block"] is None
    created = api.post(f"{E}/blocks", block_body(today, event=event.data["id"]))
    assert created.status_code == 201, created.data
    block = created.data
    first = today + D(days=10)
    assert block["status"] == "open" and block["event"] == event.data["id"]
    assert (block["rooms_held"], block["rooms_picked_up"]) == (4, 0)
    assert block["first_night"] == first.isoformat()
    assert [(n["date"], n["held"], n["picked_up"]) for n in block["nights"]] == [
        (first.isoformat(), 2, 0),
        ((first + D(days=1)).isoformat(), 2, 0),
    ]
    assert api.get(f"{E}/events/{event.data['id']}").data["block"] == block["id"]
    assert sold(hotel, first) == 2

    booked = api.post(f"{E}/blocks/{block['id']}/reservations", booking_body(today))
    assert booked.status_code == 201, booked.data
    assert booked.data["guest"]["last_name"] == "Wedding"
    assert (
        api.post(f"{E}/blocks/{block['id']}/reservations", booking_body(today, 1, "B")).status_code
        == 201
    )
    full = api.post(f"{E}/blocks/{block['id']}/reservations", booking_body(today, 1, "C"))
    assert full.status_code == 409 and full.data["code"] == "not_available"
    detail = api.get(f"{E}/blocks/{block['id']}").data
    assert [(n["held"], n["picked_up"]) for n in detail["nights"]] == [(2, 2), (2, 1)]
    assert sold(hotel, first) == 2

    released = api.post(f"{E}/blocks/{block['id']}/release")
    assert released.status_code == 200, released.data
    assert released.data["status"] == "released" and released.data["released_at"]
    assert [(n["held"], n["picked_up"], n["released"]) for n in released.data["nights"]] == [
        (2, 2, 0),
        (2, 1, 1),
    ]
    assert (released.data["rooms_held"], released.data["rooms_picked_up"]) == (4, 3)
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 1]
    again = api.post(f"{E}/blocks/{block['id']}/release")
    assert again.status_code == 409 and again.data["code"] == "block_released"
    late = api.post(f"{E}/blocks/{block['id']}/reservations", booking_body(today, 1, "D"))
    assert late.status_code == 409 and late.data["code"] == "block_released"
    listing = api.get(f"{E}/blocks").data
    assert listing["count"] == 1 and listing["items"][0]["event"] == event.data["id"]
    assert api.get(f"{E}/blocks", status="open").data["count"] == 0


def test_a_block_beyond_the_rooms_is_409_and_holds_nothing(hotel, root, today):
    api = Api(root)
    refused = api.post(f"{E}/blocks", block_body(today, count=4))
    assert refused.status_code == 409
    assert refused.data["code"] == "not_available"
    assert refused.data["date"] == (today + D(days=10)).isoformat()
    assert refused.data["room_type"] == "std"
    assert api.get(f"{E}/blocks").data["count"] == 0
    assert sold(hotel, today + D(days=10)) == 0


def test_an_event_keeps_one_block_and_the_link_is_all_or_nothing(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    assert api.post(f"{E}/blocks", block_body(today, count=1, event=event["id"])).status_code == 201
    second = api.post(f"{E}/blocks", block_body(today, count=1, event=event["id"]))
    assert second.status_code == 409 and second.data["code"] == "event_has_block"
    # The refused block took no rooms: one held by the first, two free.
    assert sold(hotel, today + D(days=10)) == 1
    unknown = api.post(f"{E}/blocks", block_body(today, count=1, event=999999))
    assert unknown.status_code == 422 and unknown.data["field"] == "event"
    assert sold(hotel, today + D(days=10)) == 1


def test_bad_input_is_422(hotel, root, today):
    api = Api(root)
    assert api.post(f"{E}/blocks", block_body(today, rooms=[])).status_code == 422
    assert api.post(f"{E}/blocks", block_body(today, count=0)).status_code == 422
    past = block_body(today, cutoff=(today - D(days=1)).isoformat())
    assert api.post(f"{E}/blocks", past).data["code"] == "invalid_cutoff"
    body = event_body(today)
    body["ends_at"] = body["starts_at"]
    assert api.post(f"{E}/events", body).status_code == 422
    body = event_body(today)
    body["starts_at"] = "2030-01-01T10:00:00"
    assert api.post(f"{E}/events", body).status_code == 422
    assert api.get(f"{E}/blocks/999999").status_code == 404
    assert api.get(f"{E}/events/999999").status_code == 404


def test_attendees_from_guests_and_reservations(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    stay = lodging.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today + D(days=10),
        departure=today + D(days=11),
        guest={"first_name": "Bram", "last_name": "Bakker"},
    )
    added = api.post(f"{E}/events/{event['id']}/attendees", {"reservation": stay.confirmation})
    assert added.status_code == 201, added.data
    assert added.data["attendee_list"] == [
        {"customer": stay.customer_id, "name": "Bram Bakker", "reservation": stay.confirmation}
    ]
    twice = api.post(f"{E}/events/{event['id']}/attendees", {"customer": stay.customer_id})
    assert twice.status_code == 409 and twice.data["code"] == "already_attending"
    assert api.get(f"{E}/events").data["items"][0]["attendees"] == 1


# --- the permission table -------------------------------------------------------------------


@pytest.fixture
def matrix_objects(hotel, root, today):
    event = event_services.event_create(
        establishment=hotel,
        actor=root,
        name="Congress",
        starts_at=dt.datetime.combine(today + D(days=10), dt.time(9), tzinfo=dt.UTC),
        ends_at=dt.datetime.combine(today + D(days=10), dt.time(17), tzinfo=dt.UTC),
    )
    block = lodging.block_create(
        establishment=hotel,
        actor=root,
        name="Congress block",
        cutoff=today + D(days=3),
        rooms=[{"room_type": "std", "date": today + D(days=10), "count": 1}],
    )
    guest = lodging.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="ste",
        arrival=today + D(days=10),
        departure=today + D(days=11),
        guest={"last_name": "Attendee"},
    )
    return event, block, guest


def _requests(today, objects):
    event, block, guest = objects
    bodies = {
        ("POST", "{E}/events"): event_body(today),
        ("POST", "{E}/events/{event_id}/attendees"): {"customer": guest.customer_id},
        ("POST", "{E}/blocks"): block_body(today, count=1, nights=1),
        ("POST", "{E}/blocks/{block_id}/reservations"): booking_body(today, 1),
    }
    for method, template, allowed in API_ROWS:
        path = template.format(E=E, event_id=event.pk, block_id=block.pk)
        yield method, path, bodies.get((method, template)), allowed


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, today, matrix_objects):
    api = Api(make_user(role, hotel))
    for method, url, body, allowed in _requests(today, matrix_objects):
        response = call(api, method, url, body)
        if allowed[role]:
            assert response.status_code not in (401, 403, 404, 500), (
                role,
                method,
                url,
                response.status_code,
                response.data,
            )
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert response.data["code"] == "forbidden"


def test_outsiders_get_404_and_anonymous_callers_401(
    make_user, hotel, other_hotel, today, matrix_objects
):
    outsider = Api(make_user(Role.ADMINISTRATOR, other_hotel))
    anonymous = Api()
    for method, url, body, _allowed in _requests(today, matrix_objects):
        response = call(outsider, method, url, body)
        assert response.status_code == 404 and response.data["code"] == "not_found", url
        response = call(anonymous, method, url, body)
        assert response.status_code == 401, url


def test_a_retried_booking_from_a_block_books_once(hotel, root, today):
    """The same Idempotency-Key twice: one reservation, one room taken from the block, the
    same answer; another key books the second room."""
    api = Api(root)
    block = api.post(f"{E}/blocks", block_body(today)).data
    url = f"{E}/blocks/{block['id']}/reservations"
    first = api.post(url, booking_body(today), HTTP_IDEMPOTENCY_KEY="block-retry-1")
    again = api.post(url, booking_body(today), HTTP_IDEMPOTENCY_KEY="block-retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.data["confirmation"] == first.data["confirmation"]
    after = api.get(f"{E}/blocks/{block['id']}").data
    assert [n["picked_up"] for n in after["nights"]] == [1, 1]
    other = api.post(url, booking_body(today, name="Other"), HTTP_IDEMPOTENCY_KEY="block-retry-2")
    assert other.status_code == 201
    assert [n["picked_up"] for n in api.get(f"{E}/blocks/{block['id']}").data["nights"]] == [2, 2]


# --- changing an event --------------------------------------------------------------------


def test_an_event_is_changed_field_by_field(hotel, root, today):
    from frontoffice.guestservice.services import concierge

    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    url = f"{E}/events/{event['id']}"
    later = dt.datetime.combine(today + D(days=11), dt.time(16, 0), tzinfo=dt.UTC)
    changed = api.patch(
        url,
        {
            "name": "Wedding Jansen",
            "starts_at": later.isoformat(),
            "ends_at": (later + D(hours=6)).isoformat(),
            "venue_room": "102",
            "notes": "Dinner for 80.",
        },
    )
    assert changed.status_code == 200, changed.data
    assert {k: changed.data[k] for k in ("name", "venue", "venue_room", "notes")} == {
        "name": "Wedding Jansen",
        "venue": "Room 102",
        "venue_room": "102",
        "notes": "Dinner for 80.",
    }
    assert changed.data["starts_at"] == f"{today + D(days=11)}T16:00:00Z"
    assert changed.data["organiser_name"] == "Anna Jansen"  # not given: kept
    # The venue moves to an attraction: the room is cleared in the same change.
    garden = concierge.attraction_create(establishment=hotel, name="Hortus", category="museum")
    both = api.patch(url, {"venue_attraction": garden.pk})
    assert both.status_code == 422 and both.data["field"] == "venue"
    moved = api.patch(
        url, {"venue_attraction": garden.pk, "venue_room": None, "venue_text": "Gate"}
    )
    assert moved.status_code == 200, moved.data
    assert (moved.data["venue"], moved.data["venue_room"]) == ("Hortus · Gate", None)
    organiser = api.patch(url, {"organiser_name": None}).data
    assert organiser["organiser_name"] == ""


def test_a_change_keeps_the_rules_of_the_new_event(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    url = f"{E}/events/{event['id']}"
    # The kept start is after the new end; a month; far years; no name; no time zone.
    early = f"{today + D(days=10)}T14:00:00+00:00"
    assert api.patch(url, {"ends_at": early}).data["field"] == "ends_at"
    month = f"{today + D(days=42)}T15:00:00+00:00"
    assert api.patch(url, {"ends_at": month}).data["field"] == "ends_at"
    far = api.patch(url, {"starts_at": "9999-12-31T23:00:00Z"})
    assert (far.status_code, far.data["field"]) == (422, "starts_at")
    assert api.patch(url, {"name": " "}).data["field"] == "name"
    assert api.patch(url, {"name": None}).data["field"] == "name"
    assert api.patch(url, {"starts_at": None}).status_code == 422
    assert api.patch(url, {"starts_at": "2030-01-01T10:00:00"}).status_code == 422
    assert api.patch(url, {"venue_room": "999"}).data["field"] == "venue_room"
    assert api.patch(url, {"organiser": 2**61}).data["code"] == "unknown_guest"
    assert api.patch(url, {"venue_attraction": 0}).status_code == 422
    # Nothing of it was written.
    assert api.get(url).data == event
    assert api.patch(f"{E}/events/999999", {"name": "X"}).status_code == 404
    assert api.patch(f"{E}/events/{2**63}", {"name": "X"}).status_code in (404, 422)


def test_a_concierge_may_not_name_a_private_organiser_nor_loses_a_hidden_one(
    hotel, root, make_user, today
):
    from frontoffice.customers import services as customers

    star = customers.customer_create(
        establishment=hotel, actor=root, last_name="Starling", private=True
    )
    event = Api(root).post(f"{E}/events", dict(event_body(today), organiser=star.pk)).data
    concierge = Api(make_user(Role.CONCIERGE, hotel))
    url = f"{E}/events/{event['id']}"
    refused = concierge.patch(url, {"organiser": star.pk})
    assert refused.status_code == 422 and refused.data["code"] == "unknown_guest"
    renamed = concierge.patch(url, {"name": "Premiere"})
    assert renamed.status_code == 200 and renamed.data["organiser"] is None
    assert Api(root).get(url).data["organiser"] == star.pk


# --- changing a block -----------------------------------------------------------------------


def test_a_block_is_renamed_its_cutoff_moved_and_its_event_changed(hotel, root, today):
    api = Api(root)
    first, second = (api.post(f"{E}/events", event_body(today)).data for _ in range(2))
    block = api.post(f"{E}/blocks", block_body(today, event=first["id"])).data
    url = f"{E}/blocks/{block['id']}"
    changed = api.patch(url, {"name": "Jansen family", "cutoff": str(today + D(days=11))})
    assert changed.status_code == 200, changed.data
    assert (changed.data["name"], changed.data["cutoff"], changed.data["event"]) == (
        "Jansen family",
        str(today + D(days=11)),  # the last night held
        first["id"],
    )
    assert changed.data["rooms_held"] == 4  # the rooms stay as they were
    assert sold(hotel, today + D(days=10)) == 2
    moved = api.patch(url, {"event": second["id"]})
    assert moved.status_code == 200 and moved.data["event"] == second["id"]
    assert api.get(f"{E}/events/{first['id']}").data["block"] is None
    assert api.get(f"{E}/events/{second['id']}").data["block"] == block["id"]
    unlinked = api.patch(url, {"event": None})
    assert unlinked.status_code == 200 and unlinked.data["event"] is None
    assert api.get(f"{E}/events/{second['id']}").data["block"] is None


def test_a_blocks_change_keeps_the_rules_and_writes_nothing_when_refused(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    other = api.post(f"{E}/events", event_body(today)).data
    api.post(f"{E}/blocks", block_body(today, count=1, nights=1, event=other["id"]))
    block = api.post(f"{E}/blocks", block_body(today, count=1, event=event["id"])).data
    url = f"{E}/blocks/{block['id']}"
    past = api.patch(url, {"cutoff": str(today - D(days=1))})
    assert (past.status_code, past.data["code"]) == (422, "invalid_cutoff")
    late = api.patch(url, {"cutoff": str(today + D(days=12)), "name": "Other name"})
    assert (late.status_code, late.data["code"]) == (422, "invalid_cutoff")
    taken = api.patch(url, {"event": other["id"], "name": "Other name"})
    assert (taken.status_code, taken.data["code"]) == (409, "event_has_block")
    unknown = api.patch(url, {"event": 999999})
    assert (unknown.status_code, unknown.data["field"]) == (422, "event")
    assert api.patch(url, {"name": None}).status_code == 422
    assert api.patch(url, {"name": ""}).status_code == 422
    assert api.patch(url, {"cutoff": None}).status_code == 422
    assert api.get(url).data == block
    # The business date itself is a cut-off, as at creation.
    assert api.patch(url, {"cutoff": str(today)}).status_code == 200
    assert api.patch(f"{E}/blocks/999999", {"name": "X"}).status_code == 404


def test_a_released_block_cannot_be_changed(hotel, root, today):
    api = Api(root)
    event = api.post(f"{E}/events", event_body(today)).data
    block = api.post(f"{E}/blocks", block_body(today)).data
    url = f"{E}/blocks/{block['id']}"
    assert api.post(f"{url}/release").status_code == 200
    for body in ({"name": "Later"}, {"cutoff": str(today + D(days=5))}, {"event": event["id"]}):
        refused = api.patch(url, body)
        assert (refused.status_code, refused.data["code"]) == (409, "block_released"), body
    assert api.get(url).data["name"] == "Jansen wedding"
    assert api.get(f"{E}/events/{event['id']}").data["block"] is None
