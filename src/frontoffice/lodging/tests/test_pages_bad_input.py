"""Pages never answer 500 to odd input: bad query strings, forged posts, absurd dates."""

import pytest
from django.test import Client

from frontoffice.lodging.models import Reservation

ODD = [
    "",
    "x",
    "-1",
    "0",
    "99999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "%00",
    "\x00",
    "<script>",
    "' OR 1=1 --",
    "🛎️" * 50,
    "a" * 5000,
]


@pytest.fixture
def desk_client(desk):
    client = Client()
    client.force_login(desk)
    return client


def test_odd_query_strings(desk_client, reservation):
    base = "/e/hotel"
    for value in ODD:
        for url, params in [
            (f"{base}/availability/", {"start": value, "days": value}),
            (
                f"{base}/reservations/",
                {"q": value, "arrival": value, "status": value, "page": value},
            ),
            (
                f"{base}/reservations/new/",
                {"arrival": value, "departure": value, "room_type": value, "guest": value},
            ),
            (
                f"{base}/reservations/quote/",
                {
                    "arrival": value,
                    "departure": "2030-01-01",
                    "room_type": "std",
                    "rate_plan": value,
                },
            ),
            (f"{base}/guests/", {"q": value, "page": value}),
            (f"{base}/guests/search/", {"q": value}),
        ]:
            status = desk_client.get(url, params).status_code
            assert status < 500, (url, value, status)
    for path in [
        f"{base}/reservations/{'A' * 300}/",
        f"{base}/reservations/%00/",
        "/e/%00/",
        "/e/" + "a" * 300 + "/",
    ]:
        assert desk_client.get(path).status_code == 404, path


def test_odd_posts_change_nothing(desk_client, reservation):
    base = f"/e/hotel/reservations/{reservation.confirmation}"
    before = Reservation.objects.values().get(pk=reservation.pk)
    for value in ODD:
        data = {
            "room_type": value,
            "arrival": value,
            "departure": value,
            "adults": value,
            "children": value,
            "notes": value,
            "guest_id": value,
            "last_name": value,
            "reason": value if value else "",
        }
        for url in ("/e/hotel/reservations/new/", f"{base}/edit/", "/e/hotel/guests/new/"):
            assert desk_client.post(url, data).status_code < 500, (url, value)
    assert Reservation.objects.count() == 1
    after = Reservation.objects.values().get(pk=reservation.pk)
    assert after == before
