"""The admin as an attacker uses it: a front office manager of hotel A walks every admin URL
with hotel B's object ids (guessable: they are sequential) and gets 404, sees none of B's
names, and changes nothing. And what the admin deletes leaves the inventory right."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from frontoffice.core import tenancy
from frontoffice.core.models import Department, Role
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import (
    InventoryNight,
    RatePlan,
    RatePlanDay,
    RatePlanPrice,
    Room,
    RoomOutOfOrder,
    RoomType,
)

ADMIN_MODELS = {
    # URL name part: model
    "lodging/roomtype": RoomType,
    "lodging/room": Room,
    "lodging/roomoutoforder": RoomOutOfOrder,
    "lodging/rateplan": RatePlan,
    "core/department": Department,
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def b_hotel(root, today):
    """Hotel B with one of everything the admin shows, distinctly named."""
    from frontoffice.conftest import build_hotel

    b = build_hotel(root, code="bravo", rooms={"bsuite": (2, 2, "300.00")})
    with tenancy.scope(b):
        plan = services.rate_plan_create(
            establishment=b, code="bplan", name="Bravo Secret Rate", prices={"bsuite": "280"}
        )
        services.rate_plan_override(
            plan=plan,
            room_type_code="bsuite",
            start=today + dt.timedelta(days=5),
            end=today + dt.timedelta(days=6),
            price="299",
        )
        room = Room.objects.filter(establishment=b).first()
        services.room_out_of_order(
            room=room,
            start=today + dt.timedelta(days=40),
            end=today + dt.timedelta(days=41),
            reason="Bravo leak",
        )
    return b


def _snapshot(establishment) -> dict:
    with tenancy.scope(establishment):
        return {
            "room_types": list(RoomType.objects.values_list("code", "name", "base_rate")),
            "rooms": list(Room.objects.values_list("number", "room_type_id", "active")),
            "ooo": list(RoomOutOfOrder.objects.values_list("room_id", "start", "end", "reason")),
            "plans": list(RatePlan.objects.values_list("code", "name", "min_stay")),
            "prices": list(RatePlanPrice.objects.values_list("room_type_id", "price")),
            "nights": list(RatePlanDay.objects.values_list("date", "price")),
            "departments": list(Department.objects.values_list("name", "extension")),
            "capacity": sum(InventoryNight.objects.values_list("capacity", flat=True)),
        }


def test_a_manager_of_a_reaches_nothing_of_b(make_user, hotel, b_hotel):
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    client = _client(manager)
    before = _snapshot(b_hotel)
    with tenancy.scope(b_hotel):
        ids = {
            name: list(model.objects.values_list("pk", flat=True))
            for name, model in ADMIN_MODELS.items()
        }
    for name, pks in ids.items():
        assert pks, name
        listing = client.get(f"/admin/{name}/")
        assert listing.status_code == 200, name
        page = listing.content.decode()
        for secret in ("bravo", "Bravo", "bsuite", "bplan"):
            assert secret not in page, (name, secret)
        for pk in pks:
            for suffix in ("change/", "history/", "delete/"):
                url = f"/admin/{name}/{pk}/{suffix}"
                assert client.get(url).status_code == 404, url
                assert client.post(url, {"post": "yes"}).status_code == 404, url
        # The bulk delete action with B's ids deletes nothing.
        client.post(
            f"/admin/{name}/",
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
    # No revert view (simple-history's would write around the services) exists.
    revert = f"/admin/lodging/room/{ids['lodging/room'][0]}/history/1/"
    assert client.get(revert, follow=True).status_code == 404
    assert _snapshot(b_hotel) == before


def test_the_list_filters_and_choices_show_only_own_establishment(make_user, hotel, b_hotel):
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    for url in ("/admin/lodging/room/", "/admin/lodging/room/add/", "/admin/lodging/rateplan/add/"):
        page = client.get(url).content.decode()
        assert "Hotel hotel" in page or url.endswith("/room/")
        assert "Hotel bravo" not in page and "bsuite" not in page.lower(), url


def test_autocompletes_answer_only_own_rows(make_user, hotel, b_hotel):
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    for model_name, field in (("room", "room_type"), ("roomoutoforder", "room")):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "lodging", "model_name": model_name, "field_name": field, "term": ""},
        )
        assert response.status_code == 200, model_name
        texts = [r["text"] for r in json.loads(response.content)["results"]]
        assert texts, model_name
        assert not any("BSUITE" in t.upper() for t in texts), texts
        ids = {int(r["id"]) for r in json.loads(response.content)["results"]}
        model = RoomType if field == "room_type" else Room
        with tenancy.scope(hotel):
            mine = set(model.objects.values_list("pk", flat=True))
        assert ids and ids <= mine, (model_name, ids, mine)


def test_adding_rows_that_point_into_b_is_refused(make_user, hotel, b_hotel):
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    with tenancy.scope(b_hotel):
        b_type = RoomType.objects.get(code="bsuite")
        b_room = Room.objects.filter(establishment=b_hotel).first()
    before = _snapshot(b_hotel)
    rooms_before = Room.objects.count()
    # A room of A with B's room type; a room placed in B outright.
    for data in (
        {"establishment": hotel.pk, "room_type": b_type.pk, "number": "901", "floor": 9},
        {"establishment": b_hotel.pk, "room_type": b_type.pk, "number": "902", "floor": 9},
    ):
        response = client.post(
            "/admin/lodging/room/add/", {**data, "features": "[]", "active": "on"}
        )
        assert response.status_code == 200, response.status_code  # the form again, with errors
    # B's room out of order.
    day = hotel.today() + dt.timedelta(days=30)
    response = client.post(
        "/admin/lodging/roomoutoforder/add/",
        {"room": b_room.pk, "start": day, "end": day + dt.timedelta(days=1), "reason": "x"},
    )
    assert response.status_code == 200
    assert Room.objects.count() == rooms_before
    assert _snapshot(b_hotel) == before


def test_a_manager_of_two_hotels_cannot_cross_them(make_user, hotel, b_hotel):
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    from frontoffice.core.services.establishments import staff_role_grant

    staff_role_grant(establishment=b_hotel, user=manager, role=Role.FRONT_OFFICE_MANAGER)
    client = _client(manager)
    with tenancy.scope(b_hotel):
        b_type = RoomType.objects.get(code="bsuite")
    response = client.post(
        "/admin/lodging/room/add/",
        {
            "establishment": hotel.pk,
            "room_type": b_type.pk,
            "number": "903",
            "floor": 9,
            "features": "[]",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "belongs to another establishment" in response.content.decode()
    assert not Room.objects.filter(number="903").exists()


def _book(hotel, root, day, nights=1, code="std"):
    return services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code=code,
        arrival=day,
        departure=day + dt.timedelta(days=nights),
        guest={"last_name": "Booked"},
    )


def _free(hotel, day, code="std"):
    with tenancy.scope(hotel):
        return selectors.availability(hotel, day, day + dt.timedelta(days=1), code)[0].available


def test_deleting_a_room_takes_its_capacity_off_sale(make_user, hotel, root, today):
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    day = today + dt.timedelta(days=10)
    with tenancy.scope(hotel):
        rooms = list(Room.objects.filter(room_type__code="std").order_by("pk"))
    assert _free(hotel, day) == 3
    response = client.post(f"/admin/lodging/room/{rooms[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _free(hotel, day) == 2
    _book(hotel, root, day)
    _book(hotel, root, day)
    assert _free(hotel, day) == 0
    # Deleting one more would oversell that night: refused, nothing deleted.
    response = client.post(
        "/admin/lodging/room/",
        {"action": "delete_selected", "_selected_action": [rooms[1].pk], "post": "yes"},
        follow=True,
    )
    assert "more rooms sold than there are rooms" in response.content.decode()
    assert Room.objects.filter(pk=rooms[1].pk).exists()
    response = client.post(
        f"/admin/lodging/room/{rooms[1].pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "more rooms sold than there are rooms" in response.content.decode()
    assert Room.objects.filter(pk=rooms[1].pk).exists()
    # The third booking that night still finds no room.
    from frontoffice.core.errors import NotAvailable

    with pytest.raises(NotAvailable):
        _book(hotel, root, day)


def test_bulk_deleting_out_of_order_periods_puts_rooms_back_on_sale(make_user, hotel, today):
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    day = today + dt.timedelta(days=20)
    with tenancy.scope(hotel):
        rooms = list(Room.objects.filter(room_type__code="std").order_by("pk"))
    periods = [
        services.room_out_of_order(room=room, start=day, end=day + dt.timedelta(days=2))
        for room in rooms[:2]
    ]
    assert _free(hotel, day) == 1
    response = client.post(
        "/admin/lodging/roomoutoforder/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in periods], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RoomOutOfOrder.objects.exists()
    assert _free(hotel, day) == 3
    assert _free(hotel, day + dt.timedelta(days=1)) == 3


def test_changing_a_room_type_in_the_admin_goes_through_the_service(make_user, hotel, root, today):
    """The allowance is capacity: changed in the admin, the nights follow; lowered below
    what is sold, refused as a form error and nothing changes."""
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    with tenancy.scope(hotel):
        std = RoomType.objects.get(code="std")
    day = today + dt.timedelta(days=12)
    fields = {
        "name": "Standard",
        "capacity": 2,
        "base_rate": "100.00",
        "description": "",
        "sort_order": 0,
    }
    response = client.post(
        f"/admin/lodging/roomtype/{std.pk}/change/", {**fields, "overbooking_allowance": 1}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _free(hotel, day) == 4
    for _ in range(4):
        _book(hotel, root, day)
    response = client.post(
        f"/admin/lodging/roomtype/{std.pk}/change/", {**fields, "overbooking_allowance": 0}
    )
    assert response.status_code == 200
    assert "more rooms sold than there are rooms" in response.content.decode()
    std.refresh_from_db()
    assert std.overbooking_allowance == 1 and std.name == "Standard"


def test_a_manager_sets_rate_plan_prices_in_the_admin_and_dates_on_the_rates_page(
    make_user, hotel, today
):
    """The admin keeps a plan's price per room type; prices by date are the rates page's
    (the admin's plan page says so, and offers no date rows of its own)."""
    client = _client(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    with tenancy.scope(hotel):
        std = RoomType.objects.get(code="std")
    page = client.get("/admin/lodging/rateplan/add/").content.decode()
    assert "prices-TOTAL_FORMS" in page and "overrides-TOTAL_FORMS" not in page
    assert "are set on the Rates page" in page
    start = today + dt.timedelta(days=30)
    data = {
        "establishment": hotel.pk,
        "code": "BB",
        "name": "Bed & breakfast",
        "min_stay": 1,
        "active": "on",
        "prices-TOTAL_FORMS": 1,
        "prices-INITIAL_FORMS": 0,
        "prices-0-room_type": std.pk,
        "prices-0-price": "130.005",
    }
    response = client.post("/admin/lodging/rateplan/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    services.rate_plan_override(
        plan=RatePlan.objects.get(code="BB"),
        room_type_code="std",
        start=start,
        end=start + dt.timedelta(days=2),
        price="180",
    )
    with tenancy.scope(hotel):
        plan = RatePlan.objects.get(code="BB")
        assert [
            str(p)
            for p in RatePlanPrice.objects.filter(rate_plan=plan).values_list("price", flat=True)
        ] == ["130.010"]
        quote = selectors.availability(
            hotel, start - dt.timedelta(days=1), start + dt.timedelta(days=1), "std", "bb"
        )
    assert [str(n.price) for n in quote[0].nights] == ["130.01", "180.00"]


def test_rows_stay_where_they_belong_when_changed(make_user, hotel, b_hotel, today):
    """A period stays with its room and a department with its establishment: the change
    forms do not offer to move them (the services would not move them)."""
    from frontoffice.core.services.establishments import staff_role_grant

    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    staff_role_grant(establishment=b_hotel, user=manager, role=Role.FRONT_OFFICE_MANAGER)
    client = _client(manager)
    with tenancy.scope(hotel):
        rooms = list(Room.objects.filter(room_type__code="std").order_by("pk"))
        department = Department.objects.filter(establishment=hotel).first()
    day = today + dt.timedelta(days=30)
    period = services.room_out_of_order(room=rooms[0], start=day, end=day + dt.timedelta(days=1))
    # The change forms do not offer the room or the establishment at all.
    change = client.get(f"/admin/lodging/roomoutoforder/{period.pk}/change/").content.decode()
    assert 'name="start"' in change and 'name="room"' not in change
    change = client.get(f"/admin/core/department/{department.pk}/change/").content.decode()
    assert 'name="name"' in change and 'name="establishment"' not in change
    # Nor does the service move a department, whoever calls it.
    from frontoffice.core.errors import Invalid
    from frontoffice.core.services.establishments import department_save

    with pytest.raises(Invalid):
        department_save(
            establishment=b_hotel, department=department, kind=department.kind, name="Moved"
        )
    response = client.post(
        f"/admin/lodging/roomoutoforder/{period.pk}/change/",
        {
            "room": rooms[1].pk,
            "start": day,
            "end": day + dt.timedelta(days=2),
            "reason": "longer",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.room_id, period.end, period.reason) == (
        rooms[0].pk,
        day + dt.timedelta(days=2),
        "longer",
    )
    assert _free(hotel, day + dt.timedelta(days=1)) == 2  # the room's second night too
    response = client.post(
        f"/admin/core/department/{department.pk}/change/",
        {"establishment": b_hotel.pk, "kind": department.kind, "name": "Front", "extension": "1"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.establishment_id == hotel.pk and department.name == "Front"


def test_the_superuser_revokes_named_tokens_in_the_admin(root, desk):
    from frontoffice.core.models import ApiToken
    from frontoffice.core.services import auth

    auth.token_create(user=desk, name="laptop")
    token = ApiToken.objects.get()
    assert str(token) == "desk · laptop"
    client = _client(root)
    assert client.get("/admin/core/apitoken/").status_code == 200
    assert client.get(f"/admin/core/apitoken/{token.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/core/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not ApiToken.objects.exists()
