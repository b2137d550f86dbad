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


# --- giving a stay a room (issue 7, section 2) ----------------------------------------------

A = "/api/v1/establishments/hotel/reservations"


def _stay(hotel, root, offset=1, nights=2, room_type="std", name="Gast"):
    today = hotel.today()
    return services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code=room_type,
        arrival=today + dt.timedelta(days=offset),
        departure=today + dt.timedelta(days=offset + nights),
        guest={"last_name": name},
    )


def test_a_room_asked_for_is_given_and_read_back(desk_api, hotel, root):
    r = _stay(hotel, root)
    answer = desk_api.post(f"{A}/{r.confirmation}/assign", {"room": "102"})
    assert answer.status_code == 200 and answer.data["room"] == "102"
    assert desk_api.get(f"{A}/{r.confirmation}").data["room"] == "102"
    nights = set(r.nights.values_list("room__number", flat=True))
    assert nights == {"102"}


def test_the_automatic_choice_takes_inspected_then_clean_rooms(desk_api, hotel, root, desk):
    # std rooms are 101, 102, 103: 101 dirty, 103 inspected, 102 clean.
    services.room_set_housekeeping(
        room=selectors.room_get(hotel, "101"), status="dirty", actor=desk
    )
    services.room_set_housekeeping(
        room=selectors.room_get(hotel, "103"), status="inspected", actor=desk
    )
    first, second, third = (_stay(hotel, root, name=f"G{n}") for n in range(3))
    given = [
        desk_api.post(f"{A}/{r.confirmation}/assign", {}).data["room"]
        for r in (first, second, third)
    ]
    assert given == ["103", "102", "101"]
    fourth_type_full = _stay(hotel, root, offset=10)
    services.room_out_of_order(
        room=selectors.room_get(hotel, "103"),
        start=hotel.today() + dt.timedelta(days=10),
        end=hotel.today() + dt.timedelta(days=11),
        reason="Paint",
    )
    assert desk_api.post(f"{A}/{fourth_type_full.confirmation}/assign", {}).data["room"] in (
        "101",
        "102",
    )


def test_a_room_held_by_an_overlapping_stay_is_refused(desk_api, hotel, root):
    a = _stay(hotel, root, offset=1, nights=3)
    b = _stay(hotel, root, offset=3, nights=2)  # shares night 3
    c = _stay(hotel, root, offset=4, nights=2)  # starts when a leaves
    assert desk_api.post(f"{A}/{a.confirmation}/assign", {"room": "101"}).status_code == 200
    refused = desk_api.post(f"{A}/{b.confirmation}/assign", {"room": "101"})
    assert refused.status_code == 409 and refused.data["code"] == "room_unavailable"
    assert desk_api.post(f"{A}/{c.confirmation}/assign", {"room": "101"}).status_code == 200
    b.refresh_from_db()
    assert b.room_id is None


@pytest.mark.parametrize(
    "room, status, code",
    [("201", 409, "room_unavailable"), ("999", 404, "not_found"), ("", 200, None)],
)
def test_wrong_rooms_are_refused(desk_api, hotel, root, room, status, code):
    """201 is the suite (another type); 999 does not exist; an empty room is automatic."""
    services.room_create(establishment=hotel, number="201", room_type_code="ste")
    r = _stay(hotel, root)
    answer = desk_api.post(f"{A}/{r.confirmation}/assign", {"room": room})
    assert answer.status_code == status, answer.data
    if code:
        assert answer.data["code"] == code


def test_an_out_of_order_room_is_never_given(desk_api, hotel, root):
    r = _stay(hotel, root, offset=2, nights=2)
    services.room_out_of_order(
        room=selectors.room_get(hotel, "101"),
        start=hotel.today() + dt.timedelta(days=3),
        end=hotel.today() + dt.timedelta(days=4),
        reason="Leak",
    )
    assert desk_api.post(f"{A}/{r.confirmation}/assign", {"room": "101"}).status_code == 409
    assert desk_api.post(f"{A}/{r.confirmation}/assign", {}).data["room"] != "101"


def test_a_cancelled_stay_gives_its_room_back(desk_api, hotel, root):
    a = _stay(hotel, root)
    b = _stay(hotel, root)
    desk_api.post(f"{A}/{a.confirmation}/assign", {"room": "101"})
    services.reservation_cancel(reservation=a, actor=root, reason="Plans")
    assert desk_api.post(f"{A}/{b.confirmation}/assign", {"room": "101"}).status_code == 200
    again = desk_api.post(f"{A}/{a.confirmation}/assign", {"room": "102"})
    assert again.status_code == 409 and again.data["code"] == "invalid_status"


def test_a_changed_stay_keeps_its_room_when_it_can(hotel, root):
    a = _stay(hotel, root, offset=1, nights=2)
    b = _stay(hotel, root, offset=3, nights=2)
    services.reservation_assign_room(reservation=a, actor=root, room_number="101")
    services.reservation_assign_room(reservation=b, actor=root, room_number="102")
    longer = services.reservation_modify(
        reservation=a, actor=root, departure=a.departure + dt.timedelta(days=1)
    )
    assert longer.room.number == "101"
    assert set(longer.nights.values_list("room__number", flat=True)) == {"101"}
    # b's room is taken on a's new night: b moving onto it keeps 102; a suite loses it.
    suite = services.reservation_modify(reservation=b, actor=root, room_type_code="ste")
    assert suite.room_id is None
    assert set(suite.nights.values_list("room_id", flat=True)) == {None}


def test_the_database_refuses_a_room_held_twice_on_one_night(hotel, root):
    """The guard under every check above: without the unique index this goes through."""
    from django.db import IntegrityError, transaction

    from frontoffice.lodging.models import ReservationNight

    a = _stay(hotel, root)
    b = _stay(hotel, root)
    room = selectors.room_get(hotel, "101")
    ReservationNight.objects.filter(reservation=a).update(room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReservationNight.objects.filter(reservation=b).update(room=room)
