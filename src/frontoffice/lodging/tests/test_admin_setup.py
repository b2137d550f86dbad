"""Setup in the Django admin: managers see their own establishment's records, and changes
that affect what can be sold keep the per-night capacity right or are refused."""

import datetime as dt

from django.test import Client

from frontoffice.core.models import Role
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import Room, RoomOutOfOrder


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def free(hotel, day, code="std"):
    result = selectors.availability(hotel, day, day + dt.timedelta(days=1), code)
    return result[0].available


def test_manager_adds_a_room_and_capacity_follows(make_user, hotel, other_hotel, today):
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    assert manager.is_staff
    client = admin_client(manager)
    listing = client.get("/admin/lodging/room/").content.decode()
    assert "101" in listing
    std = hotel.room_types.get(code="std")
    day = today + dt.timedelta(days=100)
    before = free(hotel, day)
    response = client.post(
        "/admin/lodging/room/add/",
        {
            "establishment": hotel.pk,
            "room_type": std.pk,
            "number": "150",
            "floor": 1,
            "features": "[]",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert free(hotel, day) == before + 1
    # Another establishment's rooms are not listed for this manager.
    assert Room.objects.filter(establishment=other_hotel).exists()
    assert client.get(
        f"/admin/lodging/room/{Room.objects.filter(establishment=other_hotel).first().pk}/change/"
    ).status_code in (302, 404)


def test_out_of_order_that_would_oversell_is_a_form_error(make_user, hotel, root, today):
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    client = admin_client(manager)
    day = today + dt.timedelta(days=3)
    for _ in range(3):
        services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=day,
            departure=day + dt.timedelta(days=1),
            guest={"last_name": "Full"},
        )
    room = hotel.rooms.filter(room_type__code="std").first()
    response = client.post(
        "/admin/lodging/roomoutoforder/add/",
        {
            "room": room.pk,
            "start": day.isoformat(),
            "end": (day + dt.timedelta(days=1)).isoformat(),
            "reason": "leak",
        },
    )
    assert response.status_code == 200
    assert "more rooms sold than there are rooms" in response.content.decode()
    assert not RoomOutOfOrder.objects.exists()
    # On a free night it is accepted and takes the room out of sale.
    later = today + dt.timedelta(days=20)
    response = client.post(
        "/admin/lodging/roomoutoforder/add/",
        {
            "room": room.pk,
            "start": later.isoformat(),
            "end": (later + dt.timedelta(days=2)).isoformat(),
            "reason": "paint",
        },
    )
    assert response.status_code == 302
    assert free(hotel, later) == 2


def test_desk_agent_has_no_admin(make_user, hotel):
    desk = make_user(Role.FRONT_DESK_AGENT, hotel)
    assert not desk.is_staff
    assert admin_client(desk).get("/admin/lodging/room/").status_code == 302
