"""The header's search, the price of a change before saving it, the common reasons of a
cancellation (Django's test client; the keyboard side is in test_browser.py)."""

import datetime as dt
import re

import pytest
from django.test import Client

from frontoffice.core.models import Role
from frontoffice.core.services import establishments as establishment_services
from frontoffice.lodging import services

P = "/e/hotel"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


def test_a_confirmation_code_in_the_header_search_opens_the_reservation(desk, reservation):
    client = logged_in(desk)
    response = client.get(f"{P}/find/", {"q": reservation.confirmation.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"{P}/reservations/{reservation.confirmation}/"


def test_a_name_in_the_header_search_lists_stays_and_guests(desk, reservation):
    html = text(logged_in(desk).get(f"{P}/find/", {"q": "pagetest"}))
    assert "Pia Pagetest" in html  # the stay
    assert "Pagetest, Pia" in html  # the guest record
    assert reservation.confirmation in html
    nobody = text(logged_in(desk).get(f"{P}/find/", {"q": "Nobody"}))
    assert "No reservation matches." in nobody and "No guests match." in nobody


def test_a_porter_finds_stays_but_no_guest_records(make_user, hotel, reservation):
    porter = logged_in(make_user(Role.PORTER, hotel))
    html = text(porter.get(f"{P}/find/", {"q": "pagetest"}))
    assert "Pia Pagetest" in html
    assert "Pagetest, Pia" not in html and "/guests/" not in html
    assert 'id="header-q"' in html and "Guest or confirmation" in html


def test_header_search_and_shortcuts_follow_the_role(make_user, hotel, reservation):
    desk = text(logged_in(make_user(Role.FRONT_DESK_AGENT, hotel)).get(f"{P}/"))
    assert 'id="header-q"' in desk
    assert 'data-key="n"' in desk and "<kbd>n</kbd>" in desk
    hr = text(logged_in(make_user(Role.BACK_OFFICE_HR, hotel)).get(f"{P}/"))
    assert 'id="header-q"' not in hr  # HR may not search reservations: no box
    assert 'data-key="n"' not in hr and "<kbd>n</kbd>" not in hr and "<kbd>/</kbd>" not in hr
    assert "<kbd>d</kbd>" in hr
    concierge = text(logged_in(make_user(Role.CONCIERGE, hotel)).get(f"{P}/"))
    assert 'data-key="r"' in concierge and 'data-key="n"' not in concierge


def test_bad_header_searches_are_answered_not_crashed(desk, hotel):
    client = logged_in(desk)
    for q in ["", " ", "x" * 5000, "%", "ABC DEF", "²³", "00000"]:
        assert client.get(f"{P}/find/", {"q": q}).status_code == 200, q
    assert client.get(f"{P}/find/", {"q": "a\x00"}).status_code == 400


def _preview(client, r, **changes):
    params = {
        "room_type": r.room_type.code,
        "arrival": r.arrival.isoformat(),
        "departure": r.departure.isoformat(),
        "adults": r.adults,
        "children": r.children,
    }
    params.update(changes)
    return text(client.get(f"{P}/reservations/{r.confirmation}/edit/preview/", params))


def test_the_change_form_shows_the_new_price_before_saving(desk, reservation):
    """A two-night stay at 100.00 a night: one more night is 300.00, a suite 500.00."""
    client = logged_in(desk)
    longer = _preview(client, reservation, departure=reservation.departure + dt.timedelta(days=1))
    assert "€200.00" in longer and "€300.00" in longer and "+€100.00" in longer
    suite = _preview(client, reservation, room_type="ste")
    assert "€500.00" in suite and "+€300.00" in suite
    same = _preview(client, reservation)
    assert "€200.00" in same and "+" not in same.split("Difference")[1][:40]
    reservation.refresh_from_db()
    assert reservation.total_price == 200 and reservation.nights_count == 2  # nothing saved


def test_the_preview_counts_the_stays_own_rooms_as_free(root, hotel, desk, reservation):
    """The only suite is this stay's: moving one night later still fits, because its own
    nights are given back first, as the service does."""
    suite = services.reservation_modify(reservation=reservation, actor=root, room_type_code="ste")
    later = _preview(
        logged_in(desk),
        suite,
        departure=suite.departure + dt.timedelta(days=1),
    )
    assert "Not available" not in later and "€750.00" in later


def test_the_preview_says_what_save_would_refuse(desk, hotel, root, reservation, today):
    client = logged_in(desk)
    services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="ste",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Suite"},
    )
    assert "Not available" in _preview(client, reservation, room_type="ste")
    too_many = _preview(client, reservation, adults=5)
    assert "at most 2 persons" in too_many
    past = _preview(client, reservation, arrival=(today - dt.timedelta(days=3)).isoformat())
    assert "cannot be in the past" in past
    assert "Choose a room type and valid dates" in _preview(client, reservation, arrival="soon")
    assert "Choose a room type" in _preview(client, reservation, room_type="nope")


@pytest.mark.parametrize(
    "language, expected",
    [("en", "Booked elsewhere: found it cheaper"), ("de", "Anderswo gebucht: found it cheaper")],
)
def test_a_common_cancellation_reason_is_one_click(
    root, desk, hotel, reservation, language, expected
):
    """Stored in the establishment's own language, whoever clicks it."""
    establishment_services.establishment_update(establishment=hotel, language=language)
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/cancel/"
    form = text(client.get(url))
    assert 'type="radio" name="common" value="elsewhere"' in form
    response = client.post(url, {"common": "elsewhere", "reason": "found it cheaper"})
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == "cancelled" and reservation.cancel_reason == expected


def test_other_needs_words_and_nothing_changes_without_them(desk, reservation):
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/cancel/"
    response = client.post(url, {"common": "other", "reason": "  "}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422
    assert "Geef een reden" in response.content.decode()
    assert client.post(url, {"common": "bogus", "reason": "x"}).status_code == 422
    reservation.refresh_from_db()
    assert reservation.status == "confirmed"


@pytest.mark.parametrize(
    "url",
    [
        "/e/hotel/reservations/quote/?room_type=std&rate_plan=x%00",
        "/e/hotel/rates/?plan=b%00b",
        "/e/hotel/reservations/?q=a%00b",
        "/api/v1/establishments/hotel/reservations?q=%00",
    ],
)
def test_a_nul_character_is_bad_input_on_every_engine(desk, manager, url):
    client = logged_in(manager)
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["code"] == "invalid"
    form = client.post("/e/hotel/reservations/new/", {"last_name": "A\x00B"})
    assert form.status_code == 400
