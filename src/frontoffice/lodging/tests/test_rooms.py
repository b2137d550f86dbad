"""Rooms day to day: the housekeeping status (issue 7, section 1), through the service and
the API, with who set it in the room's history."""

import datetime as dt

import pytest

from frontoffice.core.errors import Invalid
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import Room

R = "/api/v1/establishments/hotel/rooms"


def test_a_new_room_starts_clean_and_reads_its_day(desk_api, hotel):
    rooms = desk_api.get(R).data["items"]
    first = next(r for r in rooms if r["number"] == "101")
    assert first["housekeeping"] == "clean" and first["out_of_order"] is False
    assert set(first) >= {"number", "room_type", "floor", "features", "housekeeping"}


def test_the_desk_marks_a_room_dirty_then_inspected_with_history(desk_api, desk, hotel):
    answer = desk_api.patch(f"{R}/101", {"housekeeping": "dirty"})
    assert answer.status_code == 200 and answer.data["housekeeping"] == "dirty"
    assert desk_api.patch(f"{R}/101", {"housekeeping": "inspected"}).status_code == 200
    room = Room.objects.get(establishment=hotel, number="101")
    assert room.housekeeping == "inspected"
    changes = list(room.history.order_by("history_id").values_list("housekeeping", "history_user"))
    assert changes[-2:] == [("dirty", desk.pk), ("inspected", desk.pk)]


def test_the_same_status_again_writes_no_history(hotel, desk):
    room = selectors.room_get(hotel, "101")
    before = room.history.count()
    services.room_set_housekeeping(room=room, status="clean", actor=desk)
    assert room.history.count() == before


@pytest.mark.parametrize("status", ["", "Clean", "sparkling", "x" * 500, None])
def test_an_unknown_status_is_refused_and_changes_nothing(desk_api, hotel, status):
    answer = desk_api.patch(f"{R}/101", {"housekeeping": status})
    assert answer.status_code == 422
    assert Room.objects.get(establishment=hotel, number="101").housekeeping == "clean"


def test_an_unknown_room_is_404_and_the_number_is_matched_without_case(desk_api, hotel, root):
    services.room_create(establishment=hotel, number="12a", room_type_code="std")
    assert desk_api.patch(f"{R}/12A", {"housekeeping": "dirty"}).status_code == 200
    assert desk_api.patch(f"{R}/999", {"housekeeping": "dirty"}).status_code == 404
    assert desk_api.patch(f"{R}/%00", {"housekeeping": "dirty"}).status_code in (400, 404)


def test_another_establishments_room_is_not_found(desk_api, other_hotel):
    """Room 101 exists there too; the desk agent of "hotel" reaches only its own."""
    answer = desk_api.patch("/api/v1/establishments/other/rooms/101", {"housekeeping": "dirty"})
    assert answer.status_code in (403, 404)
    assert Room.objects.get(establishment=other_hotel, number="101").housekeeping == "clean"


def test_out_of_order_today_reads_as_such(desk_api, hotel):
    room = selectors.room_get(hotel, "102")
    today = hotel.today()
    services.room_out_of_order(
        room=room, start=today, end=today + dt.timedelta(days=2), reason="Leak"
    )
    rooms = {r["number"]: r for r in desk_api.get(R).data["items"]}
    assert rooms["102"]["out_of_order"] is True and rooms["101"]["out_of_order"] is False


def test_the_service_refuses_what_the_api_refuses(hotel, desk):
    with pytest.raises(Invalid) as refused:
        services.room_set_housekeeping(
            room=selectors.room_get(hotel, "101"), status="tidy", actor=desk
        )
    assert refused.value.code == "invalid_housekeeping"
