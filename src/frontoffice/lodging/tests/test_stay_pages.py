"""The desk's stay pages through Django's test client: arrivals → check-in (room picker,
dirty rooms, registration), departures → check-out, move, walk-in, the room rack."""

import datetime as dt

from django.test import Client

from frontoffice.core import refcache
from frontoffice.core.models import Establishment, Role
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import Reservation, Room

P = "/e/hotel"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_arrivals_list_offers_check_in_and_the_page_checks_in(desk, reservation):
    client = logged_in(desk)
    listing = client.get(f"{P}/arrivals/").content.decode()
    url = f"{P}/reservations/{reservation.confirmation}/check-in/"
    assert "Pagetest" in listing and url in listing
    page = client.get(url).content.decode()
    assert 'name="room" value="101"' in page and "data-enter-safe" in page
    response = client.post(url, {"room": "102", "keys": 2})
    assert response.status_code == 302, response.content.decode()[:3000]
    reservation.refresh_from_db()
    assert reservation.status == "checked_in" and reservation.room.number == "102"
    assert reservation.registration.keys == 2


def test_a_dirty_room_is_marked_and_needs_the_tick(desk, hotel, reservation):
    services.room_set_housekeeping(
        room=selectors.room_get(hotel, "101"), status="dirty", actor=desk
    )
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/check-in/"
    page = client.get(url).content.decode()
    # Clean rooms come first; the dirty one is there, marked.
    assert page.index('value="102"') < page.index('value="101"')
    assert "room-choice dirty" in page
    refused = client.post(url, {"room": "101", "keys": 1})
    assert refused.status_code == 422 and "not clean yet" in refused.content.decode()
    reservation.refresh_from_db()
    assert reservation.status == "confirmed"
    done = client.post(url, {"room": "101", "keys": 1, "allow_dirty": "on"})
    assert done.status_code == 302


def test_registration_required_shows_the_missing_fields(desk, hotel, reservation):
    Establishment.unscoped.filter(pk=hotel.pk).update(registration_required=True)
    refcache.clear()
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/check-in/"
    refused = client.post(url, {"room": "101", "keys": 1, "nationality": "NL"})
    body = refused.content.decode()
    assert refused.status_code == 422 and body.count("Required for the registration.") == 3
    done = client.post(
        url,
        {
            "room": "101",
            "keys": 1,
            "nationality": "NL",
            "document_type": "passport",
            "document_number": "X1",
            "address": "Dam 1",
        },
    )
    assert done.status_code == 302


def test_departures_check_out_asks_once_then_the_rack_shows_the_room_dirty(
    desk, hotel, reservation
):
    services.reservation_check_in(reservation=reservation, actor=desk, room_number="103")
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/check-out/"
    assert url in client.get(f"{P}/in-house/").content.decode()
    question = client.get(url).content.decode()
    assert "early departure" in question and "data-enter-safe" in question
    # Leaving on the day they came, the guest pays the night kept (posted now) first.
    assert "not settled" in client.post(url, follow=True).content.decode()
    from frontoffice.billing.services.ledger import payment_take

    reservation.refresh_from_db()
    payment_take(folio=reservation.folio, actor=desk, amount="100.00", method="cash")
    assert client.post(url).status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == "checked_out"
    rack = client.get(f"{P}/rooms/").content.decode()
    assert '<li id="room-103" class="tile dirty vacant">' in rack


def test_the_rack_filters_and_sets_housekeeping(desk, hotel, reservation):
    services.reservation_check_in(reservation=reservation, actor=desk, room_number="101")
    client = logged_in(desk)
    rack = client.get(f"{P}/rooms/").content.decode()
    assert "Pagetest" in rack and 'id="room-104"' in rack
    occupied = client.get(f"{P}/rooms/", {"status": "occupied"}).content.decode()
    assert 'id="room-101"' in occupied and 'id="room-102"' not in occupied
    suites = client.get(f"{P}/rooms/", {"room_type": "ste"}).content.decode()
    assert 'id="room-104"' in suites and 'id="room-101"' not in suites
    assert client.get(f"{P}/rooms/", {"floor": "x"}).status_code == 422
    answer = client.post(
        f"{P}/rooms/102/housekeeping/", {"housekeeping": "dirty", "room_type": "std"}
    )
    assert answer.status_code == 302 and "room_type=std" in answer["Location"]
    assert Room.objects.get(establishment=hotel, number="102").housekeeping == "dirty"
    assert client.post(f"{P}/rooms/999/housekeeping/", {"housekeeping": "dirty"}).status_code == 404


def test_a_porter_sees_the_rack_without_the_housekeeping_form(make_user, hotel, reservation):
    porter = logged_in(make_user(Role.PORTER, hotel))
    rack = porter.get(f"{P}/rooms/").content.decode()
    assert 'id="room-101"' in rack and "hk-form" not in rack
    assert porter.post(f"{P}/rooms/101/housekeeping/", {"housekeeping": "dirty"}).status_code == 403


def test_the_move_form_moves_the_stay(desk, hotel, reservation):
    services.reservation_check_in(reservation=reservation, actor=desk, room_number="101")
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/move/"
    assert url in client.get(f"{P}/reservations/{reservation.confirmation}/").content.decode()
    assert client.post(url, {"room": "102", "reason": ""}).status_code == 422
    assert client.post(url, {"room": "102", "reason": "Broken shower"}).status_code == 302
    reservation.refresh_from_db()
    assert reservation.room.number == "102"
    detail = client.get(f"{P}/reservations/{reservation.confirmation}/").content.decode()
    assert "Broken shower" in detail


def test_an_in_house_stay_changes_its_departure_on_the_edit_page(desk, reservation):
    services.reservation_check_in(reservation=reservation, actor=desk)
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/edit/"
    page = client.get(url).content.decode()
    assert "disabled" in page
    response = client.post(
        url,
        {
            "departure": reservation.departure + dt.timedelta(days=1),
            "adults": 1,
            "children": 0,
            "notes": "",
            # A tampered arrival is ignored: the field is fixed.
            "arrival": reservation.arrival + dt.timedelta(days=1),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reservation.refresh_from_db()
    assert reservation.nights_count == 3 and reservation.status == "checked_in"
    preview = client.get(
        url + "preview/",
        {"departure": reservation.departure + dt.timedelta(days=1), "adults": 1, "children": 0},
    ).content.decode()
    assert "departure must be after" not in preview and "arrival cannot" not in preview


def test_a_walk_in_through_the_page_books_once(desk, hotel):
    client = logged_in(desk)
    page = client.get(f"{P}/walk-in/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = {
        "form_token": token,
        "last_name": "Walker",
        "room_type": "std",
        "departure": hotel.business_day() + dt.timedelta(days=1),
        "adults": 1,
        "children": 0,
        "guarantee": "none",
        "keys": 1,
        "room": "",
    }
    first = client.post(f"{P}/walk-in/", data)
    assert first.status_code == 302, first.content.decode()[:3000]
    again = client.post(f"{P}/walk-in/", data)  # a double click
    assert again.status_code == 302 and again["Location"] == first["Location"]
    walk_in = Reservation.objects.get(customer__last_name="Walker")
    assert walk_in.status == "checked_in" and walk_in.source == "walk_in"
