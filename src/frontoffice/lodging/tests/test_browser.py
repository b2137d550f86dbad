"""Browser tests: Playwright drives Debian's Chromium through the main desk flows, as a
person would, keyboard first."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from frontoffice.core.models import Role
from frontoffice.liveserver import CHROMIUM as CHROMIUM_PATH
from frontoffice.liveserver import CHROMIUM_ARGS
from frontoffice.lodging.models import Reservation

CHROMIUM = Path(CHROMIUM_PATH)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="needs /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # here are still synchronous. Only for this module, so no subprocess inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def watch(page, base_url: str) -> list[str]:
    """Record the tab's script errors, console errors (a CSP violation is one) and failed
    downloads into the list returned; the tests assert it is empty at the end."""
    page.set_default_timeout(10000)
    page.base = base_url
    problems: list[str] = []

    def console(message):
        # A failed download is reported below with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console {message.type}: {message.text}")

    def response(answer):
        if answer.status >= 400 and answer.request.resource_type != "document":
            problems.append(f"{answer.status} {answer.url}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", console)
    page.on("response", response)
    return problems


@pytest.fixture
def page(browser, live_server):
    """A tab that records every script error and Content-Security-Policy violation: a test
    fails at the end if the page had any (an inline script or style the CSP blocked)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = watch(page, live_server.url)
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def staff(transactional_db, make_user):
    from frontoffice.conftest import build_hotel

    root = make_user(superuser=True, username="root")
    hotel = build_hotel(root)
    make_user(Role.FRONT_DESK_AGENT, hotel, username="desk")
    return hotel


def nav_to(page, name: str) -> None:
    """Open a page from the main navigation, through its menu when it is in one (as a
    person does: the menu's name, then the page)."""
    nav = page.locator("header nav")
    link = nav.get_by_role("link", name=name, exact=True)
    # (a closed menu's links are hidden: matched by their text, not their role)
    exactly = re.compile(f"^{re.escape(name)}$")
    menu = nav.locator("details.menu").filter(has=page.locator("a").filter(has_text=exactly))
    if menu.count() and not menu.evaluate("m => m.open"):
        menu.locator("summary").click()
    # The new page is there, its deferred scripts run (load), before the test goes on.
    with page.expect_navigation(wait_until="load"):
        link.click()


def log_in(page):
    page.goto(page.base + "/")
    page.wait_for_url(re.compile(r".*/login/.*"))
    # The user name field has the focus as soon as the page is there (no click needed).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type("desk")
    page.keyboard.press("Tab")
    page.keyboard.type("pass-Word-123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/e/hotel/$"), timeout=20000)


def test_book_find_modify_cancel(page, staff):
    hotel = staff
    log_in(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Today")
    nav_to(page, "New reservation")
    arrival = hotel.today() + dt.timedelta(days=5)
    page.locator("#id_first_name").focus()
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")
    page.keyboard.type("Lovelace")
    page.keyboard.press("Tab")
    page.keyboard.type("ada@example.com")
    page.select_option("#id_room_type", "std")
    page.fill("#id_arrival", arrival.isoformat())
    page.fill("#id_departure", (arrival + dt.timedelta(days=2)).isoformat())
    page.locator("#id_departure").dispatch_event("change")
    page.locator("#id_adults").fill("2")
    page.locator("#id_adults").dispatch_event("change")
    page.wait_for_selector("#quote >> text=€200.00")  # the live price quote
    page.locator("#id_notes").focus()
    page.keyboard.type("Late arrival")
    page.get_by_role("button", name="Book").click()
    page.wait_for_selector("text=is confirmed")
    reservation = Reservation.objects.get(customer__last_name="Lovelace")
    assert reservation.total_price == 200

    # Find it in the list.
    nav_to(page, "Reservations")
    page.locator("#id_q").fill("lovelace")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=reservation.confirmation).click()
    page.wait_for_selector(f"h1:has-text('{reservation.confirmation}')")

    # Modify: one more night.
    page.get_by_role("link", name="Modify").click()
    page.fill("#id_departure", (arrival + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=The reservation was changed.")
    assert page.locator("text=€300.00").count() >= 1

    # Cancel with a reason: Enter does not do it, the keyboard shortcut does.
    page.get_by_role("link", name="Cancel reservation").click()
    page.locator("#id_reason").fill("Guest changed plans")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=The reservation was cancelled.")
    assert page.locator(".status.cancelled").first.is_visible()
    reservation.refresh_from_db()
    assert reservation.status == "cancelled"


def test_pick_an_existing_guest_and_see_errors(page, staff):
    from frontoffice.customers import services

    services.customer_create(
        establishment=staff,
        actor=None,
        first_name="Grace",
        last_name="Hopper",
        email="grace@example.com",
    )
    log_in(page)
    page.goto(page.base + "/e/hotel/reservations/new/")
    page.locator("#guest-search").focus()
    page.keyboard.type("hopp")
    page.wait_for_selector("#guest-results button")
    page.keyboard.press("Tab")  # into the first result
    page.keyboard.press("Enter")
    page.wait_for_selector("#selected-guest:has-text('Grace Hopper')")
    page.select_option("#id_room_type", "std")
    page.locator("#id_adults").fill("7")
    page.get_by_role("button", name="Book").click()
    page.wait_for_selector("text=takes at most 2 persons")
    assert Reservation.objects.count() == 0


def test_switch_to_dutch(page, staff):
    log_in(page)
    page.select_option("#language", "nl")
    page.wait_for_selector("nav >> text=Boekingen")
    nav_to(page, "Beschikbaarheid")
    page.wait_for_selector("h1:has-text('Beschikbaarheid')")


def test_grid_cell_opens_the_booking_form(page, staff):
    log_in(page)
    nav_to(page, "Availability")
    page.locator("table.avail td a").first.click()  # marks tonight: Book 1 night
    page.get_by_role("link", name="Book 1 night").click()
    page.wait_for_selector("h1:has-text('New reservation')")
    assert page.locator("#id_arrival").input_value() == staff.today().isoformat()


def test_moving_the_arrival_keeps_the_stay_length(page, staff):
    log_in(page)
    today = staff.today()
    page.goto(
        page.base
        + f"/e/hotel/reservations/new/?room_type=std&arrival={today + dt.timedelta(days=2)}"
        f"&departure={today + dt.timedelta(days=5)}"
    )
    page.fill("#id_arrival", (today + dt.timedelta(days=10)).isoformat())
    page.locator("#id_arrival").dispatch_event("change")
    assert (
        page.locator("#id_departure").input_value() == (today + dt.timedelta(days=13)).isoformat()
    )
    page.wait_for_selector("#quote >> text=€300.00")


def test_typing_an_arrival_date_digit_by_digit_keeps_the_stay_length(page, staff):
    """The date field reports every half-typed date (01/…, then 12/…): the departure follows
    the arrival by the stay's nights, never to a stay of hundreds of nights."""
    log_in(page)
    today = staff.today()
    page.goto(
        page.base + f"/e/hotel/reservations/new/?room_type=std&arrival={today}"
        f"&departure={today + dt.timedelta(days=2)}"
    )
    target = dt.date(today.year + 1, 12, 8)
    page.locator("#id_arrival").focus()  # the first part of the date
    page.keyboard.type(target.strftime("%m%d%Y"))  # headless Chromium: month, day, year
    page.keyboard.press("Tab")
    assert page.locator("#id_arrival").input_value() == target.isoformat()
    assert (
        page.locator("#id_departure").input_value() == (target + dt.timedelta(days=2)).isoformat()
    )
    page.wait_for_selector("#quote >> text=2 nights")


def test_enter_in_the_guest_search_searches_and_never_books(page, staff):
    from frontoffice.customers import services as customer_services

    customer_services.customer_create(
        establishment=staff, actor=None, first_name="Daan", last_name="Jansen"
    )
    log_in(page)
    page.goto(page.base + "/e/hotel/reservations/new/?room_type=std")
    page.locator("#guest-search").fill("jans")
    page.locator("#guest-search").press("Enter")
    page.wait_for_selector("#guest-results button")
    page.locator("#guest-results button").first.click()
    assert page.locator("#selected-guest-name").inner_text() == "Daan Jansen"
    # The new-guest fields are out of sight once a guest is picked …
    assert not page.locator("#id_last_name").is_visible()
    # … and Enter in the search again (a second look-up) books nothing.
    page.locator("#guest-search").fill("visser")
    page.locator("#guest-search").press("Enter")
    page.wait_for_timeout(500)
    assert "/reservations/new/" in page.url
    assert Reservation.objects.count() == 0
    page.locator("#clear-guest").click()
    assert page.locator("#id_last_name").is_visible()


def test_enter_never_books_or_cancels_by_accident(page, staff):
    """Enter after the last field typed does nothing on a booking or a cancellation; the
    button does it, or Ctrl+Enter on purpose."""
    log_in(page)
    page.goto(page.base + "/e/hotel/reservations/new/?room_type=std")
    page.locator("#id_last_name").fill("Hastig")
    page.locator("#id_last_name").press("Enter")
    page.locator("#id_adults").press("Enter")
    page.wait_for_timeout(400)
    assert "/reservations/new/" in page.url and Reservation.objects.count() == 0
    page.locator("#id_last_name").press("Control+Enter")
    page.wait_for_selector("text=is confirmed")
    reservation = Reservation.objects.get()
    page.get_by_role("link", name="Cancel reservation").click()
    page.locator("#id_reason").fill("Guest called")
    page.locator("#id_reason").press("Enter")
    page.wait_for_timeout(400)
    reservation.refresh_from_db()
    assert reservation.status == "confirmed"
    page.get_by_role("button", name="Cancel reservation").click()
    page.wait_for_selector("text=The reservation was cancelled.")


def test_a_no_show_asks_first_and_a_manager_takes_it_back_the_same_day(page, staff):
    from django.contrib.auth import get_user_model

    from frontoffice.core.models import Role as R
    from frontoffice.core.services.establishments import staff_role_grant
    from frontoffice.lodging import services

    made = services.reservation_create(
        establishment=staff,
        actor=None,
        room_type_code="std",
        arrival=staff.today(),
        departure=staff.today() + dt.timedelta(days=2),
        guest={"last_name": "Latecomer"},
    )
    log_in(page)
    page.goto(page.base + f"/e/hotel/reservations/{made.confirmation}/")
    page.get_by_role("link", name="Mark as no-show…").click()
    # One question, and nothing has happened yet.
    page.wait_for_selector("text=has not arrived")
    made.refresh_from_db()
    assert made.status == "confirmed"
    page.get_by_role("button", name="Mark as no-show").click()
    page.wait_for_selector("text=Recorded as a no-show.")
    made.refresh_from_db()
    assert made.status == "no_show"
    # The desk agent cannot take it back; a manager can, today.
    assert page.get_by_role("button", name="Take back the no-show").count() == 0
    desk = get_user_model().objects.get(username="desk")
    staff_role_grant(establishment=staff, user=desk, role=R.FRONT_OFFICE_MANAGER)
    page.reload()
    page.get_by_role("button", name="Take back the no-show").click()
    page.wait_for_selector("text=the reservation stands")
    made.refresh_from_db()
    assert made.status == "confirmed"


def test_the_quote_says_what_book_would_say_and_offers_free_types(page, staff):
    from frontoffice.lodging import services

    today = staff.today()
    log_in(page)

    def quote_for(**params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        page.goto(page.base + f"/e/hotel/reservations/new/?{query}")
        page.wait_for_selector("#quote p")
        return page.locator("#quote").inner_text()

    # Too many guests for a double: the quote says it, as Book would.
    page.goto(
        page.base + f"/e/hotel/reservations/new/?room_type=std&arrival={today}"
        f"&departure={today + dt.timedelta(days=1)}"
    )
    page.locator("#id_adults").fill("10")
    page.locator("#id_adults").dispatch_event("change")
    page.wait_for_selector("#quote >> text=takes at most 2 persons")
    assert "€" not in page.locator("#quote").inner_text()
    # 366 nights and a past arrival: the real reason, once, and no "not available".
    long = quote_for(room_type="std", arrival=today, departure=today + dt.timedelta(days=366))
    assert "at most 365 nights" in long and "€" not in long
    past = quote_for(
        room_type="std",
        arrival=today - dt.timedelta(days=1),
        departure=today + dt.timedelta(days=1),
    )
    assert "cannot be in the past" in past and "Not available" not in past
    # The doubles are gone tomorrow night: the suite is offered, and one click takes it.
    for _ in range(3):
        services.reservation_create(
            establishment=staff,
            actor=None,
            room_type_code="std",
            arrival=today + dt.timedelta(days=1),
            departure=today + dt.timedelta(days=2),
            guest={"last_name": "Full"},
        )
    full = quote_for(
        room_type="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
    )
    assert "Not available" in full and "STE" in full.upper()
    page.locator("#quote [data-room-type]").first.click()
    assert page.locator("#id_room_type").input_value() == "ste"
    page.wait_for_selector("#quote >> text=€500.00")


def test_the_booking_form_offers_the_guest_already_on_file(page, staff):
    from frontoffice.customers import services as customer_services

    existing = customer_services.customer_create(
        establishment=staff, actor=None, first_name="Daan", last_name="Bakker"
    )
    log_in(page)
    page.goto(page.base + "/e/hotel/reservations/new/?room_type=std")
    page.locator("#id_first_name").fill("Daan")
    page.locator("#id_last_name").fill("Bakker")
    page.get_by_role("button", name="Book").click()
    page.wait_for_selector("text=already on file")
    assert Reservation.objects.count() == 0
    page.get_by_role("button", name="Use Daan Bakker").click()
    assert page.locator("#selected-guest-name").inner_text() == "Daan Bakker"
    page.get_by_role("button", name="Book").click()
    page.wait_for_selector("text=is confirmed")
    assert Reservation.objects.get().customer_id == existing.pk


def test_the_guest_search_ignores_accents(page, staff):
    from frontoffice.customers import services as customer_services

    customer_services.customer_create(
        establishment=staff,
        actor=None,
        first_name="Zofia",
        last_name="Zielińska",
        email="zofia@example.pl",
        phone="+48 22 123 45 67",
    )
    log_in(page)
    page.goto(page.base + "/e/hotel/reservations/new/")
    page.locator("#guest-search").fill("zielinska")
    page.wait_for_selector("#guest-results button")
    # Phone and email beside the name, so namesakes can be told apart.
    text = page.locator("#guest-results button").first.inner_text()
    assert "Zofia Zielińska" in text and "zofia@example.pl" in text and "+48 22 123 45 67" in text


def test_a_long_unbroken_name_wraps_on_a_tablet(browser, live_server, staff):
    from frontoffice.lodging import services

    name = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen"
    made = services.reservation_create(
        establishment=staff,
        actor=None,
        room_type_code="std",
        arrival=staff.today(),
        departure=staff.today() + dt.timedelta(days=1),
        guest={"first_name": "Hubert", "last_name": name},
    )
    context = browser.new_context(locale="en-GB", viewport={"width": 1024, "height": 768})
    tablet = context.new_page()
    tablet.base = live_server.url
    log_in(tablet)
    for path in (
        f"/e/hotel/reservations/{made.confirmation}/",
        "/e/hotel/reservations/",
        f"/e/hotel/guests/{made.customer_id}/",
        "/e/hotel/guests/",
        "/e/hotel/",
    ):
        tablet.goto(tablet.base + path)
        assert name in tablet.content()
        width = tablet.evaluate("document.documentElement.scrollWidth")
        assert width <= 1024, (path, width)
    context.close()


def test_the_pages_and_the_admin_keep_to_the_content_security_policy(page, staff, make_user):
    """Every page a desk agent and a manager open, scripts working, nothing blocked."""
    from django.contrib.auth import get_user_model

    from frontoffice.core.models import Role as R
    from frontoffice.core.services.establishments import staff_role_grant

    log_in(page)
    for path in (
        "/e/hotel/",
        "/e/hotel/availability/",
        "/e/hotel/rates/",
        "/e/hotel/reservations/",
        "/e/hotel/guests/",
        "/account/tokens/",
    ):
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
    desk = get_user_model().objects.get(username="desk")
    staff_role_grant(establishment=staff, user=desk, role=R.FRONT_OFFICE_MANAGER)
    for path in (
        "/admin/",
        "/admin/lodging/room/",
        "/admin/lodging/room/add/",
        "/admin/lodging/rateplan/add/",
    ):
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").count() == 1, path
    page.goto(page.base + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui")


def tab_out_of(page, field_id: str) -> None:
    """Tab as a person does out of a date field: past its parts (month, day, year and, in
    Chromium, the calendar button) to the next field."""
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") != field_id:
            return
    raise AssertionError(f"the focus stayed in {field_id}")


def test_a_manager_sets_weekend_prices_on_the_rates_page_with_the_keyboard(page, staff):
    """On a 1024×768 tablet: Rates, a range of nights, Fridays and Saturdays only, a price
    typed; Enter applies nothing, Ctrl+Enter applies it; the grid shows the price on those
    nights only, and the booking form's quote for that Friday charges it."""
    from django.contrib.auth import get_user_model

    from frontoffice.core.services.establishments import staff_role_grant
    from frontoffice.lodging import services
    from frontoffice.lodging.models import RatePlanDay

    services.rate_plan_create(
        establishment=staff, code="bb", name="Bed & breakfast", prices={"std": "110"}
    )
    desk = get_user_model().objects.get(username="desk")
    staff_role_grant(establishment=staff, user=desk, role=Role.FRONT_OFFICE_MANAGER)
    page.set_viewport_size({"width": 1024, "height": 768})
    log_in(page)
    nav_to(page, "Rates")
    page.wait_for_selector("h1:has-text('Rates')")
    # The page opens on the grid (no field takes the shortcut letters); nothing is wider
    # than the tablet. The change form is one Tab stop away from its label.
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.locator("#id_rate_plan").focus()
    today = staff.today()
    # Not the nights the form offers (today and 13 days on): typed over, digit by digit.
    first, last = today + dt.timedelta(days=1), today + dt.timedelta(days=12)
    page.keyboard.press("Tab")  # From
    page.keyboard.type(first.strftime("%m%d%Y"))  # headless Chromium: month, day, year
    tab_out_of(page, "id_first_night")  # to Until (last night)
    page.keyboard.type(last.strftime("%m%d%Y"))
    assert page.locator("#id_first_night").input_value() == first.isoformat()
    assert page.locator("#id_last_night").input_value() == last.isoformat()
    tab_out_of(page, "id_last_night")  # to the first room type: STD
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # STE stays unchosen
    # Weekdays, all chosen at first: Monday to Thursday and Sunday off.
    for weekday in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        page.keyboard.press("Tab")
        if weekday not in ("Fri", "Sat"):
            page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the price
    assert page.evaluate("document.activeElement.id") == "id_price"
    page.keyboard.type("150")
    page.keyboard.press("Enter")  # not the way to apply it
    page.wait_for_timeout(400)
    assert RatePlanDay.objects.count() == 0 and "/rates/" in page.url
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=Changed:")
    weekend = [
        first + dt.timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + dt.timedelta(days=i)).weekday() in (4, 5)
    ]
    assert page.locator(".alert").first.inner_text() == f"Changed: {len(weekend)} nights."
    for i in range(14):
        day = today + dt.timedelta(days=i)
        cell = page.locator(f"td[data-room-type=std][data-date='{day.isoformat()}'] .price")
        assert cell.inner_text() == ("150.00" if day in weekend else "110.00"), day
        other = page.locator(f"td[data-room-type=ste][data-date='{day.isoformat()}'] .price")
        assert other.inner_text() == "250.00", day
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    # The quote for that Friday charges it.
    friday = next(d for d in weekend if d.weekday() == 4)
    page.goto(
        page.base + f"/e/hotel/reservations/new/?room_type=std&arrival={friday}"
        f"&departure={friday + dt.timedelta(days=1)}"
    )
    page.wait_for_selector("#quote >> text=€100.00")  # the base rate, without a plan
    page.select_option("#id_rate_plan", "bb")
    page.wait_for_selector("#quote >> text=€150.00")
