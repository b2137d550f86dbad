"""Stays at the desk (issue 7): the business date, check-in, walk-in, room move, changes of
a stay in house and check-out, through the services and the API, on both engines."""

import datetime as dt
from decimal import Decimal

import pytest

from frontoffice.core import refcache
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition
from frontoffice.core.models import Establishment
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import (
    InventoryNight,
    Registration,
    Reservation,
    ReservationNight,
    Room,
)

A = "/api/v1/establishments/hotel/reservations"
R = "/api/v1/establishments/hotel/rooms"


def set_business_date(hotel, day):
    """What the night audit does (another app's job): the hotel's working day."""
    Establishment.unscoped.filter(pk=hotel.pk).update(business_date=day)
    hotel.refresh_from_db()
    refcache.clear()


def book(hotel, root, offset=0, nights=2, room_type="std", name="Gast", **extra):
    today = hotel.business_day()
    return services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code=room_type,
        arrival=today + dt.timedelta(days=offset),
        departure=today + dt.timedelta(days=offset + nights),
        guest={"last_name": name},
        **extra,
    )


def housekeeping(hotel, number, status, actor=None):
    services.room_set_housekeeping(
        room=selectors.room_get(hotel, number), status=status, actor=actor
    )


def sold(hotel, room_type, day):
    return InventoryNight.objects.get(establishment=hotel, room_type__code=room_type, date=day).sold


def room_status(hotel, number):
    return Room.objects.get(establishment=hotel, number=number).housekeeping


# --- the business date ----------------------------------------------------------------------


def test_the_business_date_is_the_local_today_until_an_audit_sets_it(hotel):
    assert hotel.business_date is None and hotel.business_day() == hotel.today()
    yesterday = hotel.today() - dt.timedelta(days=1)
    set_business_date(hotel, yesterday)
    assert hotel.business_day() == yesterday


# --- check-in -------------------------------------------------------------------------------


def test_check_in_gives_the_best_room_and_records_who(hotel, root, desk):
    housekeeping(hotel, "101", "dirty")
    housekeeping(hotel, "102", "inspected")
    r = book(hotel, root)
    done = services.reservation_check_in(reservation=r, actor=desk)
    assert done.status == "checked_in" and done.room.number == "102"
    assert set(done.nights.values_list("room__number", flat=True)) == {"102"}
    last = done.history.order_by("history_id").last()
    assert last.status == "checked_in" and last.history_user_id == desk.pk


def test_check_in_before_the_arrival_date_is_too_early(hotel, root, desk):
    r = book(hotel, root, offset=1)
    with pytest.raises(Conflict) as refused:
        services.reservation_check_in(reservation=r, actor=desk)
    assert refused.value.code == "too_early"
    # The business date decides, not the clock: the audit has not rolled into arrival day.
    arriving_today = book(hotel, root, offset=0)
    set_business_date(hotel, hotel.today() - dt.timedelta(days=1))
    with pytest.raises(Conflict) as still:
        services.reservation_check_in(reservation=arriving_today, actor=desk)
    assert still.value.code == "too_early"


@pytest.mark.parametrize("act", ["cancel", "check_in"])
def test_only_a_confirmed_stay_checks_in(hotel, root, desk, act):
    r = book(hotel, root)
    if act == "cancel":
        services.reservation_cancel(reservation=r, actor=root, reason="Plans")
    else:
        services.reservation_check_in(reservation=r, actor=desk)
    with pytest.raises(InvalidTransition) as refused:
        services.reservation_check_in(reservation=r, actor=desk)
    assert refused.value.code == "invalid_status"


def test_a_dirty_room_needs_an_explicit_yes(hotel, root, desk):
    housekeeping(hotel, "101", "dirty")
    r = book(hotel, root)
    with pytest.raises(Conflict) as refused:
        services.reservation_check_in(reservation=r, actor=desk, room_number="101")
    assert refused.value.code == "room_dirty"
    r.refresh_from_db()
    assert r.status == "confirmed" and r.room_id is None
    done = services.reservation_check_in(
        reservation=r, actor=desk, room_number="101", allow_dirty=True
    )
    assert done.status == "checked_in" and done.room.number == "101"


def test_an_assigned_dirty_room_is_refused_too(hotel, root, desk):
    r = book(hotel, root)
    services.reservation_assign_room(reservation=r, actor=desk, room_number="103")
    housekeeping(hotel, "103", "dirty")
    with pytest.raises(Conflict) as refused:
        services.reservation_check_in(reservation=r, actor=desk)
    assert refused.value.code == "room_dirty"


def test_a_room_held_by_another_stay_is_refused_at_check_in(desk_api, hotel, root, desk):
    a, b = book(hotel, root, name="A"), book(hotel, root, name="B")
    assert desk_api.post(f"{A}/{a.confirmation}/check-in", {"room": "101"}).status_code == 200
    refused = desk_api.post(f"{A}/{b.confirmation}/check-in", {"room": "101"})
    assert refused.status_code == 409 and refused.data["code"] == "room_unavailable"
    wrong_type = desk_api.post(f"{A}/{b.confirmation}/check-in", {"room": "104"})
    assert wrong_type.status_code == 409 and wrong_type.data["code"] == "room_unavailable"
    assert desk_api.post(f"{A}/{b.confirmation}/check-in", {"room": "999"}).status_code == 404
    b.refresh_from_db()
    assert b.status == "confirmed"


def test_a_room_out_of_order_since_it_was_assigned_is_refused(hotel, root, desk):
    r = book(hotel, root)
    services.reservation_assign_room(reservation=r, actor=desk, room_number="101")
    today = hotel.business_day()
    services.room_out_of_order(
        room=selectors.room_get(hotel, "101"),
        start=today,
        end=today + dt.timedelta(days=1),
        reason="Leak",
    )
    with pytest.raises(Conflict) as refused:
        services.reservation_check_in(reservation=r, actor=desk)
    assert refused.value.code == "room_unavailable"
    # Another room is asked for instead: fine.
    assert services.reservation_check_in(reservation=r, actor=desk, room_number="102").room


def test_registration_details_and_keys_are_recorded(hotel, root, desk):
    r = book(hotel, root)
    services.reservation_check_in(
        reservation=r,
        actor=desk,
        registration={
            "nationality": "nl",
            "document_type": "passport",
            "document_number": " NX123456 ",
            "address": "Damrak 1, Amsterdam",
        },
        keys=2,
    )
    card = Registration.objects.get(reservation=r)
    assert (card.nationality, card.document_type, card.document_number, card.keys) == (
        "NL",
        "passport",
        "NX123456",
        2,
    )
    assert card.history.get().history_user_id == desk.pk


def test_registration_required_refuses_check_in_until_complete(desk_api, hotel, root):
    Establishment.unscoped.filter(pk=hotel.pk).update(registration_required=True)
    refcache.clear()
    r = book(hotel, root)
    refused = desk_api.post(
        f"{A}/{r.confirmation}/check-in", {"registration": {"nationality": "DE"}}
    )
    assert refused.status_code == 422, refused.data
    assert refused.data["code"] == "registration_required"
    assert refused.data["fields"] == ["document_type", "document_number", "address"]
    r.refresh_from_db()
    assert r.status == "confirmed" and not Registration.objects.filter(reservation=r).exists()
    full = {
        "nationality": "DE",
        "document_type": "id_card",
        "document_number": "L01X00T47",
        "address": "Unter den Linden 1, Berlin",
    }
    done = desk_api.post(f"{A}/{r.confirmation}/check-in", {"registration": full, "keys": 1})
    assert done.status_code == 200 and done.data["status"] == "checked_in"


@pytest.mark.parametrize(
    "registration, field",
    [
        ({"nationality": "XX"}, "nationality"),
        ({"document_type": "library_card"}, "document_type"),
    ],
)
def test_bad_registration_details_are_refused(desk_api, hotel, root, registration, field):
    r = book(hotel, root)
    answer = desk_api.post(f"{A}/{r.confirmation}/check-in", {"registration": registration})
    assert answer.status_code == 422
    assert desk_api.post(f"{A}/{r.confirmation}/check-in", {"keys": 99}).status_code == 422
    with pytest.raises(Invalid) as refused:
        services.reservation_check_in(reservation=r, actor=None, registration=registration)
    assert refused.value.field == field


def test_check_in_through_the_api(desk_api, hotel, root):
    r = book(hotel, root)
    answer = desk_api.post(f"{A}/{r.confirmation}/check-in", {})
    assert answer.status_code == 200 and answer.data["status"] == "checked_in"
    assert answer.data["room"] in {"101", "102", "103"}
    early = book(hotel, root, offset=3)
    refused = desk_api.post(f"{A}/{early.confirmation}/check-in", {})
    assert refused.status_code == 409 and refused.data["code"] == "too_early"


# --- walk-in --------------------------------------------------------------------------------


def walk_in_body(hotel, nights=2, **extra):
    departure = hotel.business_day() + dt.timedelta(days=nights)
    body = {
        "guest": {"first_name": "Wanda", "last_name": "Walkin"},
        "room_type": "std",
        "departure": departure.isoformat(),
        "adults": 1,
    }
    body.update(extra)
    return body


def test_a_walk_in_is_booked_and_checked_in_at_once(desk_api, hotel):
    answer = desk_api.post("/api/v1/establishments/hotel/walk-ins", walk_in_body(hotel))
    assert answer.status_code == 201, answer.data
    assert answer.data["status"] == "checked_in" and answer.data["source"] == "walk_in"
    assert answer.data["arrival"] == hotel.business_day().isoformat()
    assert answer.data["room"] and len(answer.data["nights"]) == 2
    assert sold(hotel, "std", hotel.business_day()) == 1


def test_a_walk_in_arrives_on_the_business_date(hotel, desk):
    yesterday = hotel.today() - dt.timedelta(days=1)
    set_business_date(hotel, yesterday)
    r = services.reservation_walk_in(
        establishment=hotel,
        actor=desk,
        room_type_code="std",
        departure=yesterday + dt.timedelta(days=1),
        guest={"last_name": "Latenight"},
    )
    assert r.arrival == yesterday and r.status == "checked_in"


def test_a_refused_walk_in_writes_nothing(desk_api, hotel):
    housekeeping(hotel, "101", "dirty")
    before = Reservation.objects.count()
    dirty = desk_api.post("/api/v1/establishments/hotel/walk-ins", walk_in_body(hotel, room="101"))
    assert dirty.status_code == 409 and dirty.data["code"] == "room_dirty"
    assert Reservation.objects.count() == before
    assert sold(hotel, "std", hotel.business_day()) == 0
    # The suite has one room: a second suite walk-in finds none.
    ok = desk_api.post(
        "/api/v1/establishments/hotel/walk-ins", walk_in_body(hotel, room_type="ste")
    )
    assert ok.status_code == 201
    full = desk_api.post(
        "/api/v1/establishments/hotel/walk-ins", walk_in_body(hotel, room_type="ste")
    )
    assert full.status_code == 409 and full.data["code"] == "not_available"
    assert Reservation.objects.count() == before + 1


def test_a_walk_in_retried_with_its_key_is_one_stay(desk_api, hotel):
    body = walk_in_body(hotel)
    first = desk_api.post(
        "/api/v1/establishments/hotel/walk-ins", body, HTTP_IDEMPOTENCY_KEY="walk-1"
    )
    again = desk_api.post(
        "/api/v1/establishments/hotel/walk-ins", body, HTTP_IDEMPOTENCY_KEY="walk-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.data["confirmation"] == again.data["confirmation"]
    assert Reservation.objects.filter(source="walk_in").count() == 1


# --- room move ------------------------------------------------------------------------------


def in_house(hotel, root, desk, room="101", nights=3, **kw):
    r = book(hotel, root, nights=nights, **kw)
    return services.reservation_check_in(reservation=r, actor=desk, room_number=room)


def test_a_move_takes_the_remaining_nights_and_leaves_the_old_room_dirty(
    desk_api, hotel, root, desk
):
    r = in_house(hotel, root, desk)
    # The guest slept a night in 101: the business date moves on.
    today = hotel.business_day()
    set_business_date(hotel, today + dt.timedelta(days=1))
    answer = desk_api.post(
        f"{A}/{r.confirmation}/move", {"room": "102", "reason": "Noisy neighbours"}
    )
    assert answer.status_code == 200, answer.data
    assert answer.data["room"] == "102"
    nights = dict(r.nights.values_list("date", "room__number"))
    assert nights == {
        today: "101",
        today + dt.timedelta(days=1): "102",
        today + dt.timedelta(days=2): "102",
    }
    assert room_status(hotel, "101") == "dirty"
    last = Reservation.objects.get(pk=r.pk).history.order_by("history_id").last()
    assert last.history_change_reason == "Noisy neighbours" and last.history_user_id == desk.pk
    history = desk_api.get(f"{A}/{r.confirmation}/history").data
    assert history[0]["reason"] == "Noisy neighbours"


def test_a_move_to_a_room_held_by_another_stay_is_refused(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk)
    other = book(hotel, root, offset=2, nights=1, name="Other")
    services.reservation_assign_room(reservation=other, actor=desk, room_number="102")
    refused = desk_api.post(f"{A}/{r.confirmation}/move", {"room": "102", "reason": "View"})
    assert refused.status_code == 409 and refused.data["code"] == "room_unavailable"
    assert set(r.nights.values_list("room__number", flat=True)) == {"101"}
    assert room_status(hotel, "101") == "clean"
    assert (
        desk_api.post(f"{A}/{r.confirmation}/move", {"room": "102", "reason": ""}).status_code
        == 422
    )


def test_a_move_to_another_type_takes_its_inventory(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=2)
    today = hotel.business_day()
    answer = desk_api.post(f"{A}/{r.confirmation}/move", {"room": "104", "reason": "Upgrade"})
    assert answer.status_code == 200, answer.data
    assert answer.data["room_type"] == "ste" and answer.data["room"] == "104"
    assert sold(hotel, "std", today) == 0 and sold(hotel, "ste", today) == 1
    # The nights keep the price agreed.
    assert answer.data["total_price"] == "200.00"
    # The suite is now full: another stay cannot move into a suite (none free).
    services.room_create(establishment=hotel, number="105", room_type_code="ste")
    services.room_out_of_order(
        room=selectors.room_get(hotel, "105"),
        start=today,
        end=today + dt.timedelta(days=5),
        reason="Works",
    )
    other = in_house(hotel, root, desk, room="102", nights=2, name="Other")
    refused = desk_api.post(f"{A}/{other.confirmation}/move", {"room": "105", "reason": "Up"})
    assert refused.status_code == 409 and refused.data["code"] == "room_unavailable"


def test_a_move_to_another_type_without_inventory_is_refused(hotel, root, desk):
    """The suite has a free room but its inventory is sold (the overbooking check)."""
    today = hotel.business_day()
    book(hotel, root, room_type="ste", name="Suite guest")  # holds the only suite, no room
    r = in_house(hotel, root, desk, nights=2)
    services.room_create(establishment=hotel, number="105", room_type_code="ste")
    # A second suite room exists, but capacity was sold... take the second one too.
    book(hotel, root, room_type="ste", name="Suite guest 2")
    with pytest.raises(Conflict) as refused:
        services.reservation_move(reservation=r, actor=desk, room_number="105", reason="Up")
    assert refused.value.code == "not_available"
    assert sold(hotel, "std", today) == 1
    r.refresh_from_db()
    assert r.room.number == "101" and r.room_type.code == "std"


# --- extension and early departure of a stay in house ---------------------------------------


def test_an_in_house_stay_is_extended_in_its_room(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=2)
    later = (r.departure + dt.timedelta(days=1)).isoformat()
    answer = desk_api.patch(f"{A}/{r.confirmation}", {"departure": later})
    assert answer.status_code == 200, answer.data
    assert answer.data["room"] == "101" and len(answer.data["nights"]) == 3
    assert answer.data["total_price"] == "300.00"
    assert set(r.nights.values_list("room__number", flat=True)) == {"101"}


def test_an_extension_onto_a_night_the_room_is_taken_is_refused(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=2)
    nxt = book(hotel, root, offset=2, nights=2, name="Next")
    services.reservation_assign_room(reservation=nxt, actor=desk, room_number="101")
    later = (r.departure + dt.timedelta(days=1)).isoformat()
    refused = desk_api.patch(f"{A}/{r.confirmation}", {"departure": later})
    assert refused.status_code == 409 and refused.data["code"] == "room_unavailable"
    r.refresh_from_db()
    assert r.room.number == "101" and r.nights_count == 2
    assert sold(hotel, "std", r.departure) == 1  # only Next's


def test_an_in_house_stay_keeps_its_arrival_and_past_nights(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=4)
    today = hotel.business_day()
    set_business_date(hotel, today + dt.timedelta(days=2))
    moved = desk_api.patch(
        f"{A}/{r.confirmation}", {"arrival": (today + dt.timedelta(days=1)).isoformat()}
    )
    assert moved.status_code == 422 and moved.data["code"] == "arrival_fixed"
    too_soon = desk_api.patch(
        f"{A}/{r.confirmation}", {"departure": (today + dt.timedelta(days=1)).isoformat()}
    )
    assert too_soon.status_code == 422 and too_soon.data["code"] == "departure_in_past"
    other_type = desk_api.patch(f"{A}/{r.confirmation}", {"room_type": "ste"})
    assert other_type.status_code == 422
    early = desk_api.patch(
        f"{A}/{r.confirmation}", {"departure": (today + dt.timedelta(days=3)).isoformat()}
    )
    assert early.status_code == 200, early.data
    assert [n["date"] for n in early.data["nights"]] == [
        (today + dt.timedelta(days=i)).isoformat() for i in range(3)
    ]
    assert sold(hotel, "std", today + dt.timedelta(days=3)) == 0


# --- check-out ------------------------------------------------------------------------------


def test_check_out_makes_the_room_dirty(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=1)
    set_business_date(hotel, r.departure)
    answer = desk_api.post(f"{A}/{r.confirmation}/check-out")
    assert answer.status_code == 200 and answer.data["status"] == "checked_out"
    assert room_status(hotel, "101") == "dirty"
    again = desk_api.post(f"{A}/{r.confirmation}/check-out")
    assert again.status_code == 409 and again.data["code"] == "invalid_status"


def test_an_early_departure_gives_back_the_unused_nights(hotel, root, desk):
    r = in_house(hotel, root, desk, nights=4)
    today = hotel.business_day()
    set_business_date(hotel, today + dt.timedelta(days=2))
    done = services.reservation_check_out(reservation=r, actor=desk)
    assert done.departure == today + dt.timedelta(days=2)
    assert done.total_price == Decimal("200.00")
    assert list(done.nights.values_list("date", flat=True)) == [
        today,
        today + dt.timedelta(days=1),
    ]
    assert [sold(hotel, "std", today + dt.timedelta(days=i)) for i in range(4)] == [1, 1, 0, 0]
    # Room 101 is free for the nights given back.
    later = book(hotel, root, offset=0, nights=2, name="Later")
    assert services.reservation_check_in(
        reservation=later, actor=desk, room_number="101", allow_dirty=True
    )


def test_leaving_on_the_day_of_arrival_keeps_the_first_night(hotel, root, desk):
    from frontoffice.billing.services.ledger import payment_take

    r = in_house(hotel, root, desk, nights=3)
    # The night kept is charged now (no audit will post it): 100.00 to settle first.
    with pytest.raises(Conflict) as caught:
        services.reservation_check_out(reservation=r, actor=desk)
    assert caught.value.code == "balance_due" and caught.value.extra["balance"] == "100.00"
    payment_take(folio=r.folio, actor=desk, amount="100.00", method="cash")
    done = services.reservation_check_out(reservation=r, actor=desk)
    assert done.nights_count == 1 and done.total_price == Decimal("100.00")


def test_a_confirmed_stay_cannot_check_out(hotel, root, desk):
    r = book(hotel, root)
    with pytest.raises(InvalidTransition):
        services.reservation_check_out(reservation=r, actor=desk)


# --- reads ------------------------------------------------------------------------------------


def test_rooms_read_who_is_in_them(desk_api, hotel, root, desk):
    r = in_house(hotel, root, desk, nights=2, name="Inhouse")
    rooms = {room["number"]: room for room in desk_api.get(R).data["items"]}
    assert rooms["101"]["occupied"] is True
    assert rooms["101"]["current"] == {
        "confirmation": r.confirmation,
        "guest_name": r.customer.full_name,
        "departure": r.departure.isoformat(),
    }
    assert rooms["102"]["occupied"] is False and rooms["102"]["current"] is None


def test_the_list_filters_in_house_and_departures(desk_api, hotel, root, desk):
    staying = in_house(hotel, root, desk, nights=2, name="Staying")
    coming = book(hotel, root, offset=1, nights=2, name="Coming")
    items = desk_api.get(A, in_house="true").data["items"]
    assert [i["confirmation"] for i in items] == [staying.confirmation]
    others = desk_api.get(A, in_house="false").data["items"]
    assert [i["confirmation"] for i in others] == [coming.confirmation]
    leaving = desk_api.get(A, departure=staying.departure.isoformat()).data["items"]
    assert [i["confirmation"] for i in leaving] == [staying.confirmation]
    grouped = desk_api.get(A, group="in_house").data["items"]
    assert [i["confirmation"] for i in grouped] == [staying.confirmation]


def test_nights_held_by_a_room_stay_unique_after_a_move(hotel, root, desk):
    """The guard under every move: a move never leaves two stays in one room on a night."""
    a = in_house(hotel, root, desk, room="101", nights=2, name="A")
    b = in_house(hotel, root, desk, room="102", nights=2, name="B")
    with pytest.raises(Conflict):
        services.reservation_move(reservation=a, actor=desk, room_number="102", reason="x")
    rows = ReservationNight.objects.filter(held=True, room__isnull=False)
    pairs = list(rows.values_list("room_id", "date"))
    assert len(pairs) == len(set(pairs)) == 4
    assert b.room.number == "102"


def test_a_stay_that_is_over_cannot_check_in(hotel, root, desk):
    r = book(hotel, root, nights=1)
    set_business_date(hotel, r.departure)
    with pytest.raises(Conflict) as refused:
        services.reservation_check_in(reservation=r, actor=desk)
    assert refused.value.code == "too_late"


def test_a_move_to_the_same_room_or_with_no_night_left_is_refused(hotel, root, desk):
    r = in_house(hotel, root, desk, nights=1)
    with pytest.raises(Invalid) as same:
        services.reservation_move(reservation=r, actor=desk, room_number="101", reason="x")
    assert same.value.code == "same_room"
    set_business_date(hotel, r.departure)
    with pytest.raises(Conflict) as over:
        services.reservation_move(reservation=r, actor=desk, room_number="102", reason="x")
    assert over.value.code == "no_nights_left"
    assert room_status(hotel, "101") == "clean"


# --- the guest's account (billing) ------------------------------------------------------------


def test_check_out_is_refused_while_the_folio_has_a_balance(desk_api, hotel, root, desk):
    from frontoffice.billing.services.ledger import charge_post

    r = in_house(hotel, root, desk, nights=1)
    r.refresh_from_db()
    assert r.folio_id is not None
    charge_post(folio=r.folio, actor=desk, category="minibar", unit_price="7.50")
    refused = desk_api.post(f"{A}/{r.confirmation}/check-out")
    assert refused.status_code == 409 and refused.data["code"] == "balance_due"
    # The minibar and the night kept by a guest leaving on the day they came.
    assert refused.data["balance"] == "107.50"
    r.refresh_from_db()
    assert r.status == "checked_in" and room_status(hotel, "101") == "clean"


def test_the_check_out_page_shows_the_balance_and_the_refusal(hotel, root, desk):
    from django.test import Client

    from frontoffice.billing.services.ledger import charge_post

    r = in_house(hotel, root, desk, nights=1)
    r.refresh_from_db()
    charge_post(folio=r.folio, actor=desk, category="minibar", unit_price="7.50")
    client = Client()
    client.force_login(desk)
    url = f"/e/hotel/reservations/{r.confirmation}/check-out/"
    assert "7.50" in client.get(url).content.decode()
    answer = client.post(url, follow=True)
    assert "not settled" in answer.content.decode()
    r.refresh_from_db()
    assert r.status == "checked_in"
