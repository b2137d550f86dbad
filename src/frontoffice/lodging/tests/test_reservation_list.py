"""The reservation list as a desk agent reads it: in house first, then what is to come,
then the past; the views (in house, arrivals, departures, …), the dates and the name search
combined; bad filters answered with a form error, never a 500. The page and the API."""

import datetime as dt

import pytest
from django.test import Client

from frontoffice.conftest import Api
from frontoffice.lodging import services

P = "/e/hotel"
API = "/api/v1/establishments/hotel/reservations"


def make_stays(hotel) -> dict[str, str]:
    """Eight stays around today, one per case the order must get right; last name →
    confirmation code."""
    t = hotel.today()

    def day(n):
        return t + dt.timedelta(days=n)

    rows = [
        # last name, room type, arrival, departure, status
        ("Inhouselate", "std", day(-2), day(1), "checked_in"),
        ("Inhousedue", "std", day(-1), day(0), "checked_in"),
        ("Comingtoday", "std", day(0), day(2), "confirmed"),
        ("Calledoff", "ste", day(3), day(4), "cancelled"),
        ("Cominglater", "ste", day(5), day(7), "confirmed"),
        ("Lefttoday", "std", day(-3), day(0), "checked_out"),
        ("Nevercame", "std", day(-5), day(-4), "no_show"),
        ("Longago", "std", day(-10), day(-8), "checked_out"),
    ]
    made = {}
    for name, room_type, arrival, departure, status in rows:
        r = services.reservation_import(
            establishment=hotel,
            actor=None,
            room_type_code=room_type,
            arrival=arrival,
            departure=departure,
            status=status,
            guest={"first_name": "Test", "last_name": name},
            cancel_reason="Plans changed" if status == "cancelled" else "",
        )
        made[name] = r.confirmation
    return made


# The desk's order for the stays above, written out by hand: in house leaving soonest first,
# then arriving soonest first (a cancelled future stay among them), then the latest past.
DESK_ORDER = [
    "Inhousedue",
    "Inhouselate",
    "Comingtoday",
    "Calledoff",
    "Cominglater",
    "Lefttoday",
    "Nevercame",
    "Longago",
]
NAMES = set(DESK_ORDER)


def listed(html: str) -> list[str]:
    """The stays' last names in the order the page shows them."""
    found = [(html.find(name), name) for name in NAMES if name in html]
    return [name for _at, name in sorted(found)]


@pytest.fixture
def stays(hotel):
    return make_stays(hotel)


@pytest.fixture
def desk_client(desk):
    client = Client()
    client.force_login(desk)
    return client


def test_the_list_shows_in_house_then_upcoming_then_past(desk_client, stays):
    response = desk_client.get(f"{P}/reservations/")
    assert response.status_code == 200
    assert listed(response.content.decode()) == DESK_ORDER
    assert "8 reservations" in response.content.decode()


def test_the_name_search_keeps_the_same_order(desk_client, stays):
    html = desk_client.get(f"{P}/reservations/", {"q": "test"}).content.decode()
    assert listed(html) == DESK_ORDER
    one = desk_client.get(f"{P}/reservations/", {"q": "cominglater"}).content.decode()
    assert listed(one) == ["Cominglater"] and "1 reservation ·" in one


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"group": "in_house"}, ["Inhousedue", "Inhouselate"]),
        # Arrivals and departures without a date are today's.
        ({"group": "arrivals"}, ["Comingtoday"]),
        ({"group": "departures"}, ["Inhousedue", "Lefttoday"]),
        ({"group": "upcoming"}, ["Comingtoday", "Cominglater"]),
        ({"group": "past"}, ["Lefttoday", "Longago"]),
        ({"group": "cancelled"}, ["Calledoff", "Nevercame"]),
        ({"arrival": 5}, ["Cominglater"]),
        ({"departure": 0}, ["Inhousedue", "Lefttoday"]),
        ({"group": "arrivals", "arrival": 5}, ["Cominglater"]),
        # Stays with a night between the two dates (either may be left open).
        ({"stay_from": 3, "stay_to": 5}, ["Calledoff", "Cominglater"]),
        ({"stay_to": -5}, ["Nevercame", "Longago"]),
        ({"stay_from": 2}, ["Calledoff", "Cominglater"]),
        # Combined with the name search.
        ({"q": "inhouse", "departure": 1}, ["Inhouselate"]),
        ({"q": "coming", "group": "upcoming", "stay_from": 1}, ["Comingtoday", "Cominglater"]),
        ({"q": "nobody", "group": "in_house"}, []),
        # A link that still says status= works as before.
        ({"status": "checked_out"}, ["Lefttoday", "Longago"]),
    ],
)
def test_each_filter(desk_client, hotel, stays, params, expected):
    today = hotel.today()
    query = {
        k: (today + dt.timedelta(days=v)).isoformat() if isinstance(v, int) else v
        for k, v in params.items()
    }
    response = desk_client.get(f"{P}/reservations/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert listed(html) == expected, query
    if not expected:
        assert "No reservations match." in html


def test_the_form_keeps_its_values(desk_client, hotel, stays):
    today = hotel.today()
    html = desk_client.get(
        f"{P}/reservations/",
        {"q": "coming", "group": "departures", "stay_from": today.isoformat()},
    ).content.decode()
    assert 'name="q" value="coming"' in html
    assert '<option value="departures" selected>' in html
    assert f'name="stay_from" value="{today.isoformat()}"' in html
    # The view's date left blank is today's, and the form shows it.
    assert f'name="departure" value="{today.isoformat()}"' in html
    assert listed(html) == []


def test_bad_filters_are_form_errors_in_the_users_language(desk_client, hotel, stays):
    desk_client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    bad_date = desk_client.get(f"{P}/reservations/", {"arrival": "2026-02-30", "q": "x"})
    assert bad_date.status_code == 422
    html = bad_date.content.decode()
    assert "Bitte ein gültiges Datum eingeben." in html
    assert 'name="q" value="x"' in html  # the rest of the form is kept
    assert listed(html) == []
    desk_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    today = hotel.today()
    backwards = desk_client.get(
        f"{P}/reservations/",
        {"stay_from": today.isoformat(), "stay_to": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert backwards.status_code == 422
    assert "The end of the range must not be before its start." in backwards.content.decode()
    unknown = desk_client.get(f"{P}/reservations/", {"group": "everything"})
    assert unknown.status_code == 422


@pytest.mark.parametrize("value", ["", "x", "0001-01-01", "9999-12-31", "2026-13-01", "a" * 300])
def test_odd_values_never_break_the_list(desk_client, stays, value):
    for name in ("arrival", "departure", "stay_from", "stay_to", "group", "status", "q"):
        assert desk_client.get(f"{P}/reservations/", {name: value}).status_code < 500


def test_counts_use_plural_forms(desk_client, stays):
    desk_client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    # Polish has three forms: 1 rezerwacja, 2 rezerwacje, 5 rezerwacji.
    assert (
        "1 rezerwacja"
        in desk_client.get(f"{P}/reservations/", {"group": "arrivals"}).content.decode()
    )
    assert (
        "2 rezerwacje"
        in desk_client.get(f"{P}/reservations/", {"group": "in_house"}).content.decode()
    )
    assert "8 rezerwacji" in desk_client.get(f"{P}/reservations/").content.decode()


def test_the_api_list_has_the_same_order_and_filters(desk, hotel, stays):
    api = Api(desk)
    today = hotel.today()

    def names(**params):
        response = api.get(API, **params)
        assert response.status_code == 200, response.data
        return [r["guest"]["last_name"] for r in response.data["items"]]

    assert names() == DESK_ORDER
    assert names(order="arrival") == [
        "Longago",
        "Nevercame",
        "Lefttoday",
        "Inhouselate",
        "Inhousedue",
        "Comingtoday",
        "Calledoff",
        "Cominglater",
    ]
    # The parameters the API had keep their meaning.
    assert names(arrival=today.isoformat()) == ["Comingtoday"]
    assert names(status="cancelled") == ["Calledoff"]
    assert names(q="longago") == ["Longago"]
    assert names(group="departures") == ["Inhousedue", "Lefttoday"]
    assert names(departure=(today + dt.timedelta(days=7)).isoformat()) == ["Cominglater"]
    assert names(
        stay_from=(today + dt.timedelta(days=3)).isoformat(),
        stay_to=(today + dt.timedelta(days=5)).isoformat(),
    ) == ["Calledoff", "Cominglater"]
    assert names(limit=2, offset=1) == ["Inhouselate", "Comingtoday"]
    for bad in (
        {"group": "everything"},
        {"order": "price"},
        {"departure": "2026-02-30"},
        {"stay_from": today.isoformat(), "stay_to": (today - dt.timedelta(1)).isoformat()},
        # Past what any database can skip (SQLite: a 64-bit integer).
        {"offset": 10**30},
    ):
        response = api.get(API, **bad)
        assert response.status_code == 422, (bad, response.status_code)
        assert response.data["code"] in ("invalid", "invalid_dates"), response.data
