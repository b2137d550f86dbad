"""Staff pages through Django's test client: access, forms, errors in the user's language."""

import datetime as dt

import pytest
from django.test import Client

from frontoffice.core.models import Role
from frontoffice.core.policy import roles_allowed
from frontoffice.lodging.models import Reservation

P = "/e/hotel"


def pages(r, guest_id):
    return [
        (f"{P}/", "dashboard.view"),
        (f"{P}/availability/", "inventory.view"),
        (f"{P}/reservations/", "reservation.view"),
        (f"{P}/reservations/new/", "reservation.manage"),
        (f"{P}/reservations/{r.confirmation}/", "reservation.view"),
        (f"{P}/reservations/{r.confirmation}/edit/", "reservation.manage"),
        (f"{P}/reservations/{r.confirmation}/cancel/", "reservation.manage"),
        (f"{P}/guests/", "guest.view"),
        (f"{P}/guests/new/", "guest.manage"),
        (f"{P}/guests/{guest_id}/", "guest.view"),
        (f"{P}/guests/{guest_id}/edit/", "guest.manage"),
        (f"{P}/guests/search/?q=pag", "guest.view"),
        (
            f"{P}/reservations/quote/?room_type=std&arrival=2030-01-01&departure=2030-01-02",
            "inventory.view",
        ),
    ]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_sees_login_in_browser_language(client, hotel):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nl")
    assert "Gebruikersnaam" in page.content.decode()
    assert "Benutzername" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert client.get(f"{P}/reservations/").status_code == 302


def test_login_logout_and_throttle(client, desk, settings):
    bad = client.post("/login/", {"username": "desk", "password": "wrong"})
    assert bad.status_code == 200 and "Wrong user name or password" in bad.content.decode()
    good = client.post("/login/", {"username": "desk", "password": "pass-Word-123"})
    assert good.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == f"{P}/"
    client.post("/logout/")
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "desk", "password": "wrong"})
    locked = client.post("/login/", {"username": "desk", "password": "pass-Word-123"})
    assert "Too many failed attempts" in locked.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, reservation):
    client = logged_in(make_user(role, hotel))
    for url, action in pages(reservation, reservation.customer_id):
        status = client.get(url).status_code
        expected = 200 if role in roles_allowed(action) else 403
        assert status == expected, (role, url, status)


def test_outsider_gets_404_pages(make_user, hotel, other_hotel, reservation):
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for url, _action in pages(reservation, reservation.customer_id):
        assert client.get(url).status_code == 404, url


def test_book_through_the_form(desk, hotel, today):
    client = logged_in(desk)
    arrival = today + dt.timedelta(days=3)
    data = {
        "last_name": "Formby",
        "first_name": "Fay",
        "email": "fay@example.com",
        "room_type": "std",
        "arrival": arrival,
        "departure": arrival + dt.timedelta(days=2),
        "adults": 2,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
        "rate_plan": "",
        "form_token": "book-through-the-form-1",
    }
    response = client.post(f"{P}/reservations/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Reservation.objects.get(customer__last_name="Formby")
    assert response["Location"] == f"{P}/reservations/{r.confirmation}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Formby" in detail and "200.00" in detail


def test_form_errors_in_users_language_and_nothing_written(desk, hotel, today):
    client = logged_in(desk)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    past = today - dt.timedelta(days=3)
    data = {
        "last_name": "Late",
        "room_type": "std",
        "arrival": past,
        "departure": today,
        "adults": 1,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
        "form_token": "errors-in-language-1",
    }
    response = client.post(f"{P}/reservations/new/", data)
    assert response.status_code == 200
    assert "Die Anreise darf nicht in der Vergangenheit liegen." in response.content.decode()
    data.update(
        arrival=today,
        departure=today + dt.timedelta(days=1),
        adults=9,
        form_token="errors-in-language-2",
    )
    assert "höchstens" in client.post(f"{P}/reservations/new/", data).content.decode()
    assert Reservation.objects.count() == 0


def test_modify_and_cancel_pages(desk, reservation, today):
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/"
    response = client.post(
        url + "edit/",
        {
            "room_type": "std",
            "arrival": reservation.arrival,
            "departure": reservation.departure + dt.timedelta(days=1),
            "adults": 1,
            "children": 0,
            "notes": "late",
        },
    )
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.nights_count == 3 and reservation.notes == "late"
    assert client.post(url + "cancel/", {"reason": ""}).status_code == 422
    assert client.post(url + "cancel/", {"reason": "Plans changed"}).status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == "cancelled"
    page = client.get(url).content.decode()
    assert "Plans changed" in page and "desk" in page


def test_guest_duplicate_warning_then_create_anyway(desk, reservation):
    client = logged_in(desk)
    data = {"first_name": "Pia", "last_name": "Pagetest", "vip_level": 0}
    first = client.post(f"{P}/guests/new/", data)
    assert first.status_code == 200 and "look like the same person" in first.content.decode()
    second = client.post(f"{P}/guests/new/", {**data, "confirm_duplicate": "on"})
    assert second.status_code == 302


def test_availability_grid_and_quote(desk, hotel, reservation, today):
    client = logged_in(desk)
    grid = client.get(f"{P}/availability/?days=14").content.decode()
    assert "STD" in grid and "reservations/new/?room_type=std" in grid
    assert client.get(f"{P}/availability/?start=garbage&days=x").status_code == 200
    quote = client.get(
        f"{P}/reservations/quote/?room_type=std&arrival={today}&departure={today + dt.timedelta(days=2)}"
    ).content.decode()
    assert "200.00" in quote
    assert (
        "valid dates"
        in client.get(f"{P}/reservations/quote/?room_type=std&arrival=x").content.decode()
    )
