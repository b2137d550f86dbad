"""Browser tests of the first screens a desk agent sees: the reservation list in the desk's
order and its filters, the dashboard (cards that open their lists, the tables before the
chart on a tablet, figures read again by themselves), and the availability grid (31 nights
with sticky headers, the occupancy row, prices on hover, a stay chosen with two clicks).
At 1440x900 and on a 1024x768 tablet where the layout matters; keyboard where a person
uses it."""

import datetime as dt
import re
from contextlib import contextmanager
from decimal import Decimal

import pytest

from frontoffice.lodging import services
from frontoffice.lodging.models import Reservation
from frontoffice.lodging.tests import test_browser as shared
from frontoffice.lodging.tests.test_reservation_list import DESK_ORDER, make_stays

pytestmark = shared.pytestmark
browser, staff, log_in = shared.browser, shared.staff, shared.log_in

DESKTOP = {"width": 1440, "height": 900}
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def screen(browser, live_server):
    """Opens a logged-in tab of a given size; each fails the test at the end if it had a
    script error, a Content-Security-Policy violation or a failed download."""
    opened = []

    def open_tab(viewport):
        context = browser.new_context(locale="en-GB", viewport=viewport)
        tab = context.new_page()
        problems = shared.watch(tab, live_server.url)
        opened.append((context, problems))
        log_in(tab)
        return tab

    yield open_tab
    for context, problems in opened:
        context.close()
        assert problems == []


def names_in_list(tab) -> list[str]:
    """The guests' last names in the order the reservation list shows them."""
    return [
        name.split()[-1]
        for name in tab.locator("table.reservations tbody td:nth-child(2)").all_inner_texts()
    ]


def test_the_list_shows_in_house_then_upcoming_then_past_and_filters(screen, staff):
    make_stays(staff)
    today = staff.today()
    tab = screen(DESKTOP)
    shared.nav_to(tab, "Reservations")
    tab.wait_for_selector("table.reservations")
    # A fresh list: the search has the focus, and the order is the desk's.
    assert tab.evaluate("document.activeElement.id") == "id_q"
    assert names_in_list(tab) == DESK_ORDER
    assert tab.locator("#result-count").inner_text().startswith("8 reservations")

    def search(**fields):
        """Fills the filters by keyboard and sends them with Enter."""
        tab.goto(tab.base + "/e/hotel/reservations/")
        for name, value in fields.items():
            if name == "group":
                tab.select_option("#id_group", value)
            else:
                tab.locator(f"#id_{name}").fill(value)
        tab.locator("#id_q").press("Enter")
        tab.wait_for_load_state()

    search(group="in_house")
    assert names_in_list(tab) == ["Inhousedue", "Inhouselate"]
    assert tab.locator("#id_group").input_value() == "in_house"  # the form keeps it
    search(group="arrivals")
    assert names_in_list(tab) == ["Comingtoday"]
    # The day left blank is today's, and the form says so.
    assert tab.locator("#id_arrival").input_value() == today.isoformat()
    search(group="departures")
    assert names_in_list(tab) == ["Inhousedue", "Lefttoday"]
    search(group="upcoming")
    assert names_in_list(tab) == ["Comingtoday", "Cominglater"]
    search(group="past")
    assert names_in_list(tab) == ["Lefttoday", "Longago"]
    search(group="cancelled")
    assert names_in_list(tab) == ["Calledoff", "Nevercame"]
    search(departure=(today + dt.timedelta(days=7)).isoformat())
    assert names_in_list(tab) == ["Cominglater"]
    search(arrival=(today - dt.timedelta(days=10)).isoformat())
    assert names_in_list(tab) == ["Longago"]
    search(
        stay_from=(today + dt.timedelta(days=3)).isoformat(),
        stay_to=(today + dt.timedelta(days=5)).isoformat(),
    )
    assert names_in_list(tab) == ["Calledoff", "Cominglater"]
    assert tab.locator("#id_stay_to").input_value() == (today + dt.timedelta(days=5)).isoformat()
    assert tab.locator("#result-count").inner_text().startswith("2 reservations")
    # The name search, alone and with a view: the same order.
    search(q="test")
    assert names_in_list(tab) == DESK_ORDER
    search(q="inhouse", group="departures")
    assert names_in_list(tab) == ["Inhousedue"]
    assert tab.locator("#result-count").inner_text().startswith("1 reservation ")
    # A range the wrong way round: the form says so.
    search(
        stay_from=(today + dt.timedelta(days=5)).isoformat(),
        stay_to=(today + dt.timedelta(days=3)).isoformat(),
    )
    tab.wait_for_selector("text=The end of the range must not be before its start.")
    assert tab.locator("table.reservations").count() == 0


def card_number(tab, card_id) -> str:
    return tab.locator(f"#{card_id} .n").inner_text()


def test_the_dashboard_cards_open_their_lists(screen, staff):
    make_stays(staff)
    today = staff.today()
    tab = screen(DESKTOP)
    expected = {
        "card-arrivals": ("1", ["Comingtoday"]),
        "card-departures": ("2", ["Inhousedue", "Lefttoday"]),
        "card-in-house": ("2", ["Inhousedue", "Inhouselate"]),
    }
    for card, (number, names) in expected.items():
        tab.goto(tab.base + "/e/hotel/")
        assert card_number(tab, card) == number, card
        tab.locator(f"#{card}").focus()  # a card is a link: reached and opened by keyboard
        tab.keyboard.press("Enter")
        tab.wait_for_selector("table.reservations")
        assert names_in_list(tab) == names, card
        assert tab.locator("#result-count").inner_text().startswith(number + " reservation")
    tab.goto(tab.base + "/e/hotel/")
    # 2 of the 4 rooms are taken tonight (two stays in house, one arriving: Inhousedue leaves).
    assert card_number(tab, "card-occupancy") == "50%"
    tab.locator("#card-occupancy").click()
    tab.wait_for_selector("h1:has-text('Availability')")
    assert tab.locator("#start").input_value() == today.isoformat()


def _long_departures(hotel):
    """Departures today with names and a room type as long as real ones get."""
    services.room_type_create(
        establishment=hotel,
        code="dlx",
        name="Deluxe double room with sea view",
        capacity=2,
        base_rate=Decimal("180.00"),
    )
    services.room_create(establishment=hotel, number="301", room_type_code="dlx")
    services.room_create(establishment=hotel, number="302", room_type_code="dlx")
    today = hotel.today()
    for first, last in (
        ("Maximiliane", "Oberländer-Schwarzenberg"),
        ("Jean-Baptiste", "Delacroix"),
    ):
        services.reservation_import(
            establishment=hotel,
            actor=None,
            room_type_code="dlx",
            arrival=today - dt.timedelta(days=3),
            departure=today,
            status="checked_in",
            guest={"first_name": first, "last_name": last},
        )


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1440", "1024"])
def test_the_dashboard_layout_and_the_departures_rows(screen, staff, viewport):
    _long_departures(staff)
    make_stays(staff)
    tab = screen(viewport)
    chart = tab.locator(".dash-chart").bounding_box()
    arrivals = tab.locator("#arrivals").bounding_box()
    departures = tab.locator("#departures").bounding_box()
    if viewport is TABLET:
        # The tables the desk needs first come before the chart.
        assert arrivals["y"] + arrivals["height"] <= chart["y"]
        assert departures["y"] + departures["height"] <= chart["y"]
    else:
        assert chart["y"] + chart["height"] <= arrivals["y"]
    # Departures as wide as arrivals, not a narrow third of the page.
    assert abs(arrivals["width"] - departures["width"]) < 2
    assert departures["width"] >= viewport["width"] * 0.4
    # No row of departures wraps its cells onto several lines: two at most (a line is
    # about 23 px, the padding 20 px; four lines were 113 px).
    rows = tab.locator("#departures tbody tr")
    assert rows.count() == 4
    for i in range(rows.count()):
        height = rows.nth(i).bounding_box()["height"]
        assert height < 75, (viewport, i, height, rows.nth(i).inner_text())
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_dashboard_reads_its_figures_again_by_itself(screen, staff):
    tab = screen(DESKTOP)
    # The interval the page asks for (60 s unless a wall display asks otherwise).
    tab.goto(tab.base + "/e/hotel/")
    assert tab.locator("#dashboard-live").get_attribute("hx-trigger") == "every 60s"
    tab.goto(tab.base + "/e/hotel/?refresh=2")
    assert tab.locator("#dashboard-live").get_attribute("hx-trigger") == "every 2s"
    assert card_number(tab, "card-arrivals") == "0"
    tab.evaluate("window.notReloaded = true")
    services.reservation_create(
        establishment=staff,
        actor=None,
        room_type_code="std",
        arrival=staff.today(),
        departure=staff.today() + dt.timedelta(days=1),
        guest={"first_name": "Late", "last_name": "Booker"},
    )
    tab.wait_for_selector("#card-arrivals .n >> text=1", timeout=8000)
    tab.wait_for_selector("#arrivals >> text=Late Booker")
    assert tab.evaluate("window.notReloaded") is True  # the figures changed, not the page
    assert tab.locator("#dashboard-live").get_attribute("hx-trigger") == "every 2s"
    # The session ends (logged out elsewhere, or expired): the next reading takes the whole
    # page to the login, which brings the person back here afterwards.
    tab.context.clear_cookies()
    tab.wait_for_url(re.compile(r".*/login/\?next=.*"), timeout=8000)
    assert "/e/hotel/" in tab.url
    assert tab.locator("#id_username").is_visible()


@contextmanager
def many_room_types(hotel, count=14):
    for i in range(count):
        services.room_type_create(
            establishment=hotel,
            code=f"t{i:02}",
            name=f"Type {i:02}",
            capacity=2,
            base_rate=Decimal("90.00") + i,
        )
        services.room_create(establishment=hotel, number=f"9{i:02}", room_type_code=f"t{i:02}")
    yield


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1440", "1024"])
def test_31_nights_scroll_under_sticky_headers(screen, staff, viewport):
    with many_room_types(staff):
        tab = screen(viewport)
        tab.goto(tab.base + "/e/hotel/availability/?days=31")
        wrap = tab.locator("#avail-wrap")
        frame = wrap.bounding_box()
        # 31 nights do not fit: they scroll inside the frame, never the page.
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
        assert tab.locator("#avail-grid thead th").count() == 32
        corner = tab.locator("#avail-grid thead th.rt")
        first_type = tab.locator("#avail-grid tbody th.rt").first
        last_night = tab.locator("#avail-grid thead th").last
        occupancy = tab.locator("#avail-grid tfoot th.rt")
        wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; }")
        tab.wait_for_timeout(100)
        # Scrolled to the far right and the bottom: the room types stay at the left edge,
        # the nights at the top, the occupancy at the bottom of the frame.
        assert abs(first_type.bounding_box()["x"] - frame["x"]) < 2
        assert abs(last_night.bounding_box()["y"] - frame["y"]) < 2
        assert abs(corner.bounding_box()["x"] - frame["x"]) < 2
        assert abs(corner.bounding_box()["y"] - frame["y"]) < 2
        bottom = occupancy.bounding_box()
        assert abs(bottom["y"] + bottom["height"] - (frame["y"] + frame["height"])) < 3
        # The last night is in sight, right of the room types' column.
        night = last_night.bounding_box()
        assert night["x"] >= first_type.bounding_box()["width"] + frame["x"] - 1
        assert night["x"] + night["width"] <= frame["x"] + frame["width"] + 1


def test_occupancy_row_and_the_price_on_hover(screen, staff):
    today = staff.today()
    services.reservation_create(
        establishment=staff,
        actor=None,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Sleeper"},
    )
    tab = screen(DESKTOP)
    tab.goto(tab.base + "/e/hotel/availability/?days=14")
    # 1 of 4 rooms sold tonight, none tomorrow.
    occupancy = tab.locator("#avail-grid tfoot td")
    assert occupancy.count() == 14
    assert occupancy.nth(0).inner_text() == "25%"
    assert occupancy.nth(1).inner_text() == "0%"
    assert occupancy.nth(0).get_attribute("title") == "1 of 4 rooms sold"
    std, ste = (tab.locator(f'#avail-grid tr[data-room-type="{c}"] a') for c in ("std", "ste"))
    cell = std.nth(1)  # the doubles tomorrow
    cell.hover()
    title = cell.get_attribute("title")
    tomorrow = today + dt.timedelta(days=1)
    assert title == f"STD, {tomorrow:%a, %b} {tomorrow.day}: €100.00 a night, 3 rooms free"
    assert "€100.00" in cell.get_attribute("aria-label")
    assert "€250.00 a night, 1 room free" in ste.nth(0).get_attribute("title")
    # Tonight's doubles: 2 left, price on the link too.
    assert std.nth(0).inner_text() == "2"


def test_two_clicks_choose_a_stay_and_book_it(screen, staff):
    today = staff.today()
    tab = screen(DESKTOP)
    tab.goto(tab.base + "/e/hotel/availability/")
    row = tab.locator('#avail-grid tr[data-room-type="std"]')
    row.locator("td a").nth(1).click()  # tomorrow: the first night (a tap does the same)
    assert "/availability/" in tab.url
    row.locator("td a").nth(3).click()  # the third night
    assert row.locator("td.in-range").count() == 3
    assert tab.locator("td.in-range").count() == 3  # only in that row
    book = tab.locator("#range-book")
    assert book.inner_text() == "Book 3 nights"
    tab.wait_for_selector("#range-quote >> text=€300.00")
    assert tab.evaluate("document.activeElement.id") == "range-book"
    book.click()
    tab.wait_for_selector("h1:has-text('New reservation')")
    assert tab.locator("#id_arrival").input_value() == (today + dt.timedelta(days=1)).isoformat()
    assert tab.locator("#id_departure").input_value() == (today + dt.timedelta(days=4)).isoformat()
    assert tab.locator("#id_room_type").input_value() == "std"
    tab.wait_for_selector("#quote >> text=€300.00")


def test_choosing_a_stay_by_keyboard_and_clearing_it(screen, staff):
    today = staff.today()
    tab = screen(TABLET)
    tab.goto(tab.base + "/e/hotel/availability/")
    row = tab.locator('#avail-grid tr[data-room-type="ste"]')
    row.locator("td a").nth(2).focus()
    tab.keyboard.press("Shift+Enter")  # the first night, without leaving the page
    assert len(tab.context.pages) == 1 and "/availability/" in tab.url
    assert row.locator("td.in-range").count() == 1
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # the last night: two nights chosen
    assert row.locator("td.in-range").count() == 2
    assert tab.locator("#range-book").inner_text() == "Book 2 nights"
    assert tab.evaluate("document.activeElement.id") == "range-book"
    # Esc: nothing chosen any more, the focus back on the first night.
    tab.keyboard.press("Escape")
    assert tab.locator("td.in-range").count() == 0
    assert tab.locator("#range-bar").is_hidden()
    assert (
        tab.evaluate("document.activeElement.getAttribute('data-night')")
        == (today + dt.timedelta(days=2)).isoformat()
    )
    # Space marks a night too; a second one on the same row ends the stay there.
    tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Space")
    assert row.locator("td.in-range").count() == 3
    assert tab.locator("#range-book").inner_text() == "Book 3 nights"
    tab.keyboard.press("Enter")  # the focus is on Book 3 nights
    tab.wait_for_selector("h1:has-text('New reservation')")
    assert tab.locator("#id_arrival").input_value() == (today + dt.timedelta(days=2)).isoformat()
    assert tab.locator("#id_departure").input_value() == (today + dt.timedelta(days=5)).isoformat()
    assert tab.locator("#id_room_type").input_value() == "ste"
    # One night: Enter marks it (Book 1 night), Enter on it again books it.
    tab.goto(tab.base + "/e/hotel/availability/")
    tab.locator('#avail-grid tr[data-room-type="std"] td a').first.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("#range-book").inner_text() == "Book 1 night"
    assert "/availability/" in tab.url
    tab.keyboard.press("Enter")
    tab.wait_for_selector("h1:has-text('New reservation')")
    assert tab.locator("#id_arrival").input_value() == today.isoformat()
    assert tab.locator("#id_departure").input_value() == (today + dt.timedelta(days=1)).isoformat()
    assert Reservation.objects.count() == 0
