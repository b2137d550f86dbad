"""Reservations through the API: the rules, the status pipeline, history, bad input."""

import datetime as dt
from decimal import Decimal

import pytest

from frontoffice.conftest import Api, booking, stay
from frontoffice.lodging import services
from frontoffice.lodging.models import InventoryNight, Reservation

URL = "/api/v1/establishments/hotel/reservations"


def create(api, today, **kw):
    response = api.post(URL, booking(today, **kw))
    assert response.status_code == 201, response.data
    return response.data


def test_create_read_and_price(desk_api, today):
    body = create(desk_api, today, nights=3)
    assert body["status"] == "confirmed"
    assert len(body["confirmation"]) == 8 and body["confirmation"].isalnum()
    assert body["total_price"] == "300.00"
    assert [n["price"] for n in body["nights"]] == ["100.00"] * 3
    assert body["guest"]["last_name"] == "Lovelace"
    again = desk_api.get(f"{URL}/{body['confirmation']}")
    assert again.status_code == 200
    assert again.data["nights"] == body["nights"]
    # lower-case confirmation codes are found too
    assert desk_api.get(f"{URL}/{body['confirmation'].lower()}").status_code == 200


def test_rate_plan_with_override_and_min_stay(desk_api, hotel, today):
    plan = services.rate_plan_create(
        establishment=hotel,
        code="bb",
        name="Bed & breakfast",
        min_stay=2,
        prices={"std": Decimal("110.505")},
    )
    services.rate_plan_override(
        plan=plan,
        room_type_code="std",
        start=today + dt.timedelta(days=2),
        end=today + dt.timedelta(days=3),
        price=Decimal("150"),
    )
    body = create(desk_api, today, nights=3, rate_plan="bb")
    assert [n["price"] for n in body["nights"]] == ["110.51", "150.00", "110.51"]
    assert body["total_price"] == "371.02"
    short = desk_api.post(URL, booking(today, nights=1, rate_plan="bb"))
    assert short.status_code == 422 and short.data["code"] == "min_stay"
    unknown = desk_api.post(URL, booking(today, rate_plan="nope"))
    assert unknown.status_code == 422 and unknown.data["code"] == "unknown_rate_plan"


def test_sold_out_is_409_and_changes_nothing(desk_api, today):
    for _ in range(3):
        create(desk_api, today)
    before = Reservation.objects.count()
    response = desk_api.post(URL, booking(today))
    assert response.status_code == 409
    assert response.data["code"] == "not_available"
    assert Reservation.objects.count() == before


def test_inventory_per_night_not_per_room(desk_api, hotel, today):
    """Three rooms: staggered stays fill every night without one room free throughout."""
    create(desk_api, today, offset=1, nights=1)
    create(desk_api, today, offset=1, nights=1)
    create(desk_api, today, offset=2, nights=1)
    create(desk_api, today, offset=2, nights=1)
    # night 1 has one room, night 2 has one room: a 2-night stay fits.
    create(desk_api, today, offset=1, nights=2)
    assert desk_api.post(URL, booking(today, offset=1, nights=1)).status_code == 409


@pytest.mark.parametrize(
    "change, code",
    [
        ({"arrival": "2000-01-01", "departure": "2000-01-03"}, "arrival_in_past"),
        ({"departure": None}, "invalid"),
        ({"adults": 0}, "invalid"),
        ({"adults": 3}, "too_many_guests"),
        ({"adults": 2, "children": 1}, "too_many_guests"),
        ({"adults": 10**12}, "invalid"),
        ({"children": -1}, "invalid"),
        ({"room_type": "nope"}, "unknown_room_type"),
        ({"room_type": "STD!"}, "invalid"),
        ({"source": "carrier-pigeon"}, "invalid"),
        ({"guest": {"last_name": ""}}, "invalid"),
        ({"guest": {"last_name": "x" * 101}}, "invalid"),
        ({"guest": {"last_name": "Nul\x00Byte"}}, "invalid"),
        ({"guest": {"last_name": "Ok", "phone": "12"}}, "invalid"),
        ({"guest": None}, "guest_required"),
        ({"guest": None, "guest_id": 999999}, "unknown_guest"),
        ({"notes": "n" * 5000}, "invalid"),
        ({"arrival": "2026-02-30"}, "invalid"),
        ({"adults": "two"}, "invalid"),
    ],
)
def test_bad_input_is_422_and_changes_nothing(desk_api, today, change, code):
    body = booking(today)
    for key, value in change.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    response = desk_api.post(URL, body)
    assert response.status_code == 422, response.data
    assert response.data["code"] == code
    assert set(response.data) >= {"code", "detail"}
    assert Reservation.objects.count() == 0
    assert not InventoryNight.objects.filter(sold__gt=0).exists()


def test_date_rules(desk_api, today):
    def attempt(arrival, nights):
        arrival_date = today + dt.timedelta(days=arrival)
        body = booking(today)
        body["arrival"] = arrival_date.isoformat()
        body["departure"] = (arrival_date + dt.timedelta(days=nights)).isoformat()
        return desk_api.post(URL, body)

    assert attempt(0, 1).status_code == 201  # today is fine
    assert attempt(-1, 2).data["code"] == "arrival_in_past"
    assert attempt(3, 0).data["code"] == "invalid_dates"
    assert attempt(5, -2).data["code"] == "invalid_dates"
    assert attempt(3, 366).data["code"] == "stay_too_long"
    assert attempt(3, 365).status_code == 201
    assert attempt(732, 1).data["code"] == "too_far_ahead"
    assert attempt(731, 1).status_code == 201


def test_malformed_json_and_wrong_content(desk_api):
    assert desk_api.post(URL, "{not json").status_code == 400
    assert desk_api.post(URL, "[1, 2]").status_code == 422
    assert desk_api.post(URL, '"text"').status_code == 422


def test_modify_dates_rechecks_availability_without_conflicting_with_itself(desk_api, today):
    mine = create(desk_api, today, offset=1, nights=2)
    create(desk_api, today, offset=1, nights=2)
    create(desk_api, today, offset=1, nights=2)
    # Shifting my own stay by one night needs night 3, which is free; nights 1-2 are mine.
    arrival, departure = stay(today, 1, 3)
    r = desk_api.patch(f"{URL}/{mine['confirmation']}", {"departure": departure})
    assert r.status_code == 200, r.data
    assert r.data["total_price"] == "300.00" and len(r.data["nights"]) == 3


def test_modify_refused_leaves_reservation_exactly_as_it_was(desk_api, today):
    mine = create(desk_api, today, offset=5, nights=2)
    for _ in range(3):
        create(desk_api, today, offset=10, nights=1)
    before = desk_api.get(f"{URL}/{mine['confirmation']}").data
    sold_before = list(
        InventoryNight.objects.order_by("room_type", "date").values_list("sold", flat=True)
    )
    arrival, departure = stay(today, 9, 2)
    r = desk_api.patch(
        f"{URL}/{mine['confirmation']}", {"arrival": arrival, "departure": departure}
    )
    assert r.status_code == 409 and r.data["code"] == "not_available"
    r = desk_api.patch(f"{URL}/{mine['confirmation']}", {"adults": 5})
    assert r.status_code == 422 and r.data["code"] == "too_many_guests"
    r = desk_api.patch(f"{URL}/{mine['confirmation']}", {"arrival": stay(today, 8, 1)[0]})
    assert r.status_code == 422 and r.data["code"] == "invalid_dates"
    assert desk_api.get(f"{URL}/{mine['confirmation']}").data == before
    assert (
        list(InventoryNight.objects.order_by("room_type", "date").values_list("sold", flat=True))
        == sold_before
    )


def test_modify_room_type_and_keep_agreed_prices(desk_api, hotel, today):
    mine = create(desk_api, today, offset=1, nights=2)
    r = desk_api.patch(f"{URL}/{mine['confirmation']}", {"room_type": "ste", "adults": 4})
    assert r.status_code == 200, r.data
    assert r.data["room_type"] == "ste" and r.data["total_price"] == "500.00"
    avail = desk_api.get(
        "/api/v1/establishments/hotel/availability",
        arrival=mine["arrival"],
        departure=mine["departure"],
    ).data
    free = {t["code"]: t["available"] for t in avail["room_types"]}
    assert free == {"std": 3, "ste": 0}


def test_cancel_releases_nights_and_is_final(desk_api, today):
    mine = create(desk_api, today)
    for _ in range(2):
        create(desk_api, today)
    url = f"{URL}/{mine['confirmation']}"
    assert desk_api.post(f"{url}/cancel", {"reason": ""}).status_code == 422
    r = desk_api.post(f"{url}/cancel", {"reason": "Guest changed plans"})
    assert r.status_code == 200 and r.data["status"] == "cancelled"
    assert r.data["cancel_reason"] == "Guest changed plans"
    assert desk_api.post(URL, booking(today)).status_code == 201  # the room is free again
    again = desk_api.post(f"{url}/cancel", {"reason": "twice"})
    assert again.status_code == 409 and again.data["code"] == "invalid_status"
    assert desk_api.patch(url, {"notes": "x"}).status_code == 409
    assert desk_api.post(f"{url}/no-show").status_code == 409


def test_no_show_only_from_arrival_and_releases_remaining_nights(desk_api, hotel, today):
    future = create(desk_api, today, offset=2, nights=2)
    r = desk_api.post(f"{URL}/{future['confirmation']}/no-show")
    assert r.status_code == 409 and r.data["code"] == "too_early"
    arriving = create(desk_api, today, offset=0, nights=3)
    r = desk_api.post(f"{URL}/{arriving['confirmation']}/no-show")
    assert r.status_code == 200 and r.data["status"] == "no_show"
    sold = dict(
        InventoryNight.objects.filter(
            room_type__code="std", date__lt=today + dt.timedelta(days=3)
        ).values_list("date", "sold")
    )
    assert sold[today] == 0 and sold[today + dt.timedelta(days=1)] == 0


def test_a_manager_takes_back_a_no_show_recorded_today(desk_api, hotel, today, make_user):
    from frontoffice.core.models import Role

    manager = Api(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    late = create(desk_api, today, offset=0, nights=2)
    code = late["confirmation"]
    assert desk_api.post(f"{URL}/{code}/no-show").data["status"] == "no_show"
    # Not the desk agent's to undo.
    assert desk_api.post(f"{URL}/{code}/reinstate").status_code == 403
    back = manager.post(f"{URL}/{code}/reinstate")
    assert back.status_code == 200 and back.data["status"] == "confirmed"
    sold = dict(
        InventoryNight.objects.filter(
            room_type__code="std", date__gte=today, date__lt=today + dt.timedelta(days=2)
        ).values_list("date", "sold")
    )
    assert sold == {today: 1, today + dt.timedelta(days=1): 1}
    again = manager.post(f"{URL}/{code}/reinstate")
    assert again.status_code == 409 and again.data["code"] == "invalid_status"
    changes = desk_api.get(f"{URL}/{code}/history").data[0]["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("status", "no_show", "confirmed")
    ]


def test_a_no_show_is_taken_back_only_the_same_day_and_only_if_the_room_is_free(
    desk_api, hotel, today, make_user
):
    from frontoffice.core.models import Role

    manager = Api(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    first = create(desk_api, today, offset=0, nights=1)["confirmation"]
    desk_api.post(f"{URL}/{first}/no-show")
    # Its room was sold again meanwhile: the three std rooms are full tonight.
    for _ in range(3):
        create(desk_api, today, offset=0, nights=1)
    full = manager.post(f"{URL}/{first}/reinstate")
    assert full.status_code == 409 and full.data["code"] == "not_available"
    assert Reservation.objects.get(confirmation=first).status == "no_show"
    # A no-show recorded yesterday is past taking back.
    later = create(desk_api, today, offset=3, nights=2)["confirmation"]
    Reservation.objects.filter(confirmation=later).update(
        status="no_show", no_show_date=today - dt.timedelta(days=1)
    )
    stale = manager.post(f"{URL}/{later}/reinstate")
    assert stale.status_code == 409 and stale.data["code"] == "too_late"


def test_history_records_who_and_what(desk_api, today):
    mine = create(desk_api, today)
    url = f"{URL}/{mine['confirmation']}"
    desk_api.patch(url, {"adults": 1, "notes": "late arrival"})
    desk_api.post(f"{url}/cancel", {"reason": "ill"})
    history = desk_api.get(f"{url}/history").data
    assert [h["action"] for h in history] == ["changed", "changed", "created"]
    assert all(h["user"] == "desk" for h in history)
    fields = {c["field"]: c for c in history[1]["changes"]}
    assert fields["adults"]["old"] == 2 and fields["adults"]["new"] == 1
    assert fields["notes"]["new"] == "late arrival"
    assert {c["field"] for c in history[0]["changes"]} >= {"status", "cancel_reason"}


def test_list_filters_and_paging(desk_api, today):
    a = create(desk_api, today, offset=1)
    create(desk_api, today, offset=2)
    body = booking(today, offset=1)
    body["guest"] = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}
    assert desk_api.post(URL, body).status_code == 201
    r = desk_api.get(URL)
    assert r.data["count"] == 3 and len(r.data["items"]) == 3
    assert desk_api.get(URL, arrival=a["arrival"]).data["count"] == 2
    assert desk_api.get(URL, q="hopper").data["count"] == 1
    assert (
        desk_api.get(URL, q=a["confirmation"]).data["items"][0]["confirmation"] == a["confirmation"]
    )
    assert desk_api.get(URL, status="cancelled").data["count"] == 0
    assert desk_api.get(URL, status="bogus").status_code == 422
    assert desk_api.get(URL, limit=1, offset=1).data["count"] == 3
    assert len(desk_api.get(URL, limit=1, offset=1).data["items"]) == 1
    assert desk_api.get(URL, limit=-1).status_code == 422


def test_idempotency_key_replays_first_response(desk_api, today):
    body = booking(today)
    first = desk_api.post(URL, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = desk_api.post(URL, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == second.status_code == 201
    assert first.data == second.data
    assert Reservation.objects.count() == 1
    other = dict(body, adults=1)
    mismatch = desk_api.post(URL, other, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert mismatch.status_code == 422 and mismatch.data["code"] == "idempotency_mismatch"
    assert Reservation.objects.count() == 1


def test_idempotent_refusal_is_replayed_too(desk_api, today):
    """A refusal is an answer: the retry gets the same 409 even after a room came free,
    and books nothing (without the stored refusal it would book now)."""
    made = [create(desk_api, today) for _ in range(3)]
    first = desk_api.post(URL, booking(today), HTTP_IDEMPOTENCY_KEY="full-1")
    assert first.status_code == 409 and first.data["code"] == "not_available"
    freed = desk_api.post(f"{URL}/{made[0]['confirmation']}/cancel", {"reason": "freed"})
    assert freed.status_code == 200
    again = desk_api.post(URL, booking(today), HTTP_IDEMPOTENCY_KEY="full-1")
    assert again.status_code == 409 and again.data == first.data
    assert Reservation.objects.filter(status="confirmed").count() == 2
    # The replay is the first answer exactly, down to the field it named.
    party = desk_api.post(URL, booking(today, adults=3), HTTP_IDEMPOTENCY_KEY="party-1")
    assert party.status_code == 422 and party.data["field"] == "adults"
    assert desk_api.post(URL, booking(today, adults=3), HTTP_IDEMPOTENCY_KEY="party-1").data == (
        party.data
    )
    # A new key is a new request: now there is a room.
    assert desk_api.post(URL, booking(today), HTTP_IDEMPOTENCY_KEY="full-2").status_code == 201


def test_availability_shape_and_errors(desk_api, today):
    create(desk_api, today, offset=1, nights=1)
    arrival, departure = stay(today, 0, 3)
    r = desk_api.get(
        "/api/v1/establishments/hotel/availability", arrival=arrival, departure=departure
    )
    assert r.status_code == 200
    std = next(t for t in r.data["room_types"] if t["code"] == "std")
    assert [n["available"] for n in std["nights"]] == [3, 2, 3]
    assert std["available"] == 2 and std["total_price"] == "300.00"
    r = desk_api.get(
        "/api/v1/establishments/hotel/availability",
        arrival=arrival,
        departure=departure,
        room_type="ste",
    )
    assert [t["code"] for t in r.data["room_types"]] == ["ste"]
    assert (
        desk_api.get(
            "/api/v1/establishments/hotel/availability", arrival=departure, departure=arrival
        ).status_code
        == 422
    )
    assert (
        desk_api.get(
            "/api/v1/establishments/hotel/availability", arrival="x", departure=departure
        ).status_code
        == 422
    )
    assert (
        desk_api.get(
            "/api/v1/establishments/hotel/availability",
            arrival=arrival,
            departure=departure,
            room_type="zz",
        ).status_code
        == 422
    )


def test_other_establishment_is_404(desk_api, other_hotel, today):
    base = "/api/v1/establishments/other"
    assert desk_api.get(f"{base}/reservations").status_code == 404
    assert desk_api.post(f"{base}/reservations", booking(today)).status_code == 404
    assert (
        desk_api.get(
            f"{base}/availability", arrival="2030-01-01", departure="2030-01-02"
        ).status_code
        == 404
    )
    assert desk_api.get("/api/v1/establishments/nope/reservations").status_code == 404
    assert desk_api.get("/api/v1/establishments/%00/reservations").status_code == 404


def test_reservation_of_other_establishment_is_404(root, desk_api, other_hotel, today):
    other = Api(root).post("/api/v1/establishments/other/reservations", booking(today))
    assert other.status_code == 201
    conf = other.data["confirmation"]
    assert desk_api.get(f"{URL}/{conf}").status_code == 404
    assert desk_api.post(f"{URL}/{conf}/cancel", {"reason": "x"}).status_code == 404


def test_overbooking_allowance_and_out_of_order(desk_api, hotel, today):
    std = hotel.room_types.get(code="std")
    services.room_type_update(room_type=std, overbooking_allowance=1)
    for _ in range(4):
        create(desk_api, today, offset=1, nights=1)
    assert desk_api.post(URL, booking(today, offset=1, nights=1)).status_code == 409
    # Lowering the allowance below what is sold is refused.
    from frontoffice.core.errors import Conflict

    with pytest.raises(Conflict):
        services.room_type_update(room_type=std, overbooking_allowance=0)
    # A room out of order takes a room out of the nights it covers.
    room = hotel.rooms.filter(room_type=std).first()
    services.room_out_of_order(
        room=room,
        start=today + dt.timedelta(days=3),
        end=today + dt.timedelta(days=5),
        reason="paint",
    )
    arrival, departure = stay(today, 3, 1)
    free = desk_api.get(
        "/api/v1/establishments/hotel/availability",
        arrival=arrival,
        departure=departure,
        room_type="std",
    ).data["room_types"][0]["available"]
    assert free == 3  # 3 rooms - 1 out of order + allowance 1
    with pytest.raises(Conflict):
        services.room_out_of_order(
            room=hotel.rooms.filter(room_type=std)[1],
            start=today + dt.timedelta(days=1),
            end=today + dt.timedelta(days=2),
        )


def test_hand_serialised_responses_match_their_schemas(desk_api, today):
    """Availability and created reservations are serialised by hand for speed; they must
    still validate against the schemas published in the OpenAPI document."""
    from frontoffice.lodging.api import AvailabilityOut, ReservationOut

    arrival, departure = stay(today, 1, 2)
    body = desk_api.get(
        "/api/v1/establishments/hotel/availability", arrival=arrival, departure=departure
    ).data
    AvailabilityOut.model_validate(body)
    ReservationOut.model_validate(create(desk_api, today))


def test_same_guest_from_a_channel_joins_the_existing_record(desk_api, today):
    first = create(desk_api, today, offset=1)
    second = create(desk_api, today, offset=5)
    assert first["guest"]["id"] == second["guest"]["id"]
    other = booking(today, offset=6)
    other["guest"] = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.com"}
    third = desk_api.post(URL, other).data
    assert third["guest"]["id"] != first["guest"]["id"]


def test_absurd_dates_in_a_change_are_refused_without_growing_inventory(desk_api, today):
    mine = create(desk_api, today)
    rows = InventoryNight.objects.count()
    for departure in ("9999-12-31", (today + dt.timedelta(days=4000)).isoformat()):
        r = desk_api.patch(f"{URL}/{mine['confirmation']}", {"departure": departure})
        assert r.status_code == 422, r.data
    r = desk_api.patch(
        f"{URL}/{mine['confirmation']}", {"arrival": "9999-12-30", "departure": "9999-12-31"}
    )
    assert r.status_code == 422
    assert InventoryNight.objects.count() == rows
    far = booking(today)
    far.update(arrival="9999-12-30", departure="9999-12-31")
    assert desk_api.post(URL, far).status_code == 422
    assert (
        desk_api.get(
            "/api/v1/establishments/hotel/availability",
            arrival="9999-12-30",
            departure="9999-12-31",
        ).status_code
        == 200
    )
    assert InventoryNight.objects.count() == rows
