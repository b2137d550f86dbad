"""The dashboard and the availability grid through Django's test client: cards that open
the matching lists, the fragment the dashboard reads again every minute (same permissions,
the login when the session is gone), the grid's occupancy row, prices and plural forms."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontoffice.core.models import Role
from frontoffice.lodging import services
from frontoffice.lodging.tests.test_reservation_list import listed, make_stays

P = "/e/hotel"


def logged_in(user, language="en"):
    client = Client()
    client.force_login(user)
    if language != "en":
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


def test_each_card_opens_the_list_it_counts(desk, hotel):
    make_stays(hotel)
    today = hotel.today().isoformat()
    client = logged_in(desk)
    html = client.get(f"{P}/").content.decode()
    cards = {
        "card-arrivals": (f"{P}/reservations/?group=arrivals&amp;arrival={today}", "1"),
        "card-departures": (f"{P}/reservations/?group=departures&amp;departure={today}", "2"),
        "card-in-house": (f"{P}/reservations/?group=in_house", "2"),
        "card-occupancy": (f"{P}/availability/?start={today}", "50%"),
    }
    for card, (href, number) in cards.items():
        assert f'id="{card}" href="{href}"' in html, card
        after = html.split(f'id="{card}"')[1]
        assert f'<div class="n">{number}</div>' in after.split("</a>")[0], card
        if "reservations" in href:
            listing = client.get(href.replace("&amp;", "&")).content.decode()
            assert f"{number} reservation" in listing, card
    assert listed(client.get(f"{P}/reservations/?group=in_house").content.decode()) == [
        "Inhousedue",
        "Inhouselate",
    ]


def test_the_fragment_holds_the_figures_and_is_not_cached(desk, hotel):
    make_stays(hotel)
    response = logged_in(desk).get(f"{P}/dashboard/figures/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="card-arrivals"' in html and "Comingtoday" in html
    assert "<html" not in html  # a part of the page, not a page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_page_asks_for_its_figures_every_minute(desk, hotel):
    client = logged_in(desk)

    def trigger(query=""):
        html = client.get(f"{P}/{query}").content.decode()
        return html.split('hx-trigger="')[1].split('"')[0]

    assert trigger() == "every 60s"
    assert trigger("?refresh=300") == "every 300s"
    assert trigger("?refresh=1") == "every 2s"  # not more often than every 2 s
    assert trigger("?refresh=5000") == "every 3600s"
    for odd in ("x", "-5", "99999999", "", "1e3"):
        assert trigger(f"?refresh={odd}") == "every 60s", odd
    html = client.get(f"{P}/").content.decode()
    assert f'hx-get="{P}/dashboard/figures/"' in html


def test_a_reading_after_the_session_ended_takes_the_page_to_the_login(client, hotel):
    """htmx gets HX-Redirect (the whole page goes to the login, back here afterwards),
    not a login form inside the dashboard."""
    response = client.get(
        f"{P}/dashboard/figures/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{P}/?refresh=2",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=/e/hotel/%3Frefresh%3D2"
    assert client.get(f"{P}/dashboard/figures/").status_code == 302


def test_cards_link_only_to_what_the_role_may_open(make_user, hotel):
    """A cashier opens reservations and the grid; HR neither: its cards are plain figures."""
    cashier = logged_in(make_user(Role.CASHIER, hotel)).get(f"{P}/").content.decode()
    assert 'id="card-arrivals"' in cashier and 'id="card-occupancy"' in cashier
    hr = logged_in(make_user(Role.BACK_OFFICE_HR, hotel)).get(f"{P}/").content.decode()
    assert "card-" not in hr and "Arrivals today" in hr


def test_the_grid_shows_occupancy_and_each_nights_price(desk, hotel):
    today = hotel.today()
    services.reservation_create(
        establishment=hotel,
        actor=None,
        room_type_code="ste",
        arrival=today + dt.timedelta(days=1),
        departure=today + dt.timedelta(days=3),
        guest={"last_name": "Suite"},
    )
    html = logged_in(desk).get(f"{P}/availability/?days=7").content.decode()
    occupancy = html.split('<tr class="occupancy">')[1].split("</tr>")[0]
    # 4 rooms: the suite is taken on the 2nd and 3rd nights.
    cells = [c.split(">", 1)[1].split("<")[0] for c in occupancy.split("<td")[1:]]
    assert cells == ["0%", "25%", "25%", "0%", "0%", "0%", "0%"]
    assert 'title="1 of 4 rooms sold"' in occupancy
    tomorrow = today + dt.timedelta(days=1)
    # The sold-out suite: no link, the price and the 0 free rooms on hover all the same.
    assert f'title="STE, {tomorrow:%a, %b} {tomorrow.day}: €250.00 a night, 0 rooms free"' in html
    assert f'title="STD, {tomorrow:%a, %b} {tomorrow.day}: €100.00 a night, 3 rooms free"' in html
    assert (
        f'aria-label="Book STD on {tomorrow:%B} {tomorrow.day}, {tomorrow.year} at €100.00 '
        '(3 rooms free)"' in html
    )
    # The words of the stay chosen on the grid, one per length, with their plural forms.
    assert '<span data-nights="1">Book 1 night</span>' in html
    assert '<span data-nights="7">Book 7 nights</span>' in html
    assert 'data-nights="8"' not in html


def test_those_who_may_not_book_get_no_links_and_no_chooser(make_user, hotel):
    html = logged_in(make_user(Role.PORTER, hotel)).get(f"{P}/availability/").content.decode()
    assert "/reservations/new/?" not in html
    assert 'id="range-bar"' not in html and 'id="range-labels"' not in html
    assert "€100.00 a night" in html  # prices are theirs to see


def test_the_grid_costs_the_same_for_7_nights_or_31(desk, hotel):
    """A price per cell comes with the availability, not from a query of its own."""
    client = logged_in(desk)
    client.get(f"{P}/availability/?days=7")  # the reference cache warm

    def statements(days):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{P}/availability/?days={days}").status_code == 200
        return [q["sql"].split()[0] for q in queries.captured_queries]

    week, month = statements(7), statements(31)
    assert week == month
    assert len(week) <= 12, week
