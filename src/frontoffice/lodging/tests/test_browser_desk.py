"""Browser tests of the desk's keyboard: the header search and shortcuts, the help overlay,
the first field's focus, the price of a change before saving, the cancellation reasons."""

import datetime as dt
import re

import pytest

from frontoffice.lodging import services
from frontoffice.lodging.models import Reservation
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark  # the same markers: browser, needs Chromium
browser, page, staff, log_in = shared.browser, shared.page, shared.staff, shared.log_in


@pytest.fixture
def stay(staff):
    from django.contrib.auth import get_user_model

    return services.reservation_create(
        establishment=staff,
        actor=get_user_model().objects.get(username="root"),
        room_type_code="std",
        arrival=staff.today() + dt.timedelta(days=3),
        departure=staff.today() + dt.timedelta(days=5),
        guest={"last_name": "Żurawska", "first_name": "Zofia"},
    )


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_search_from_the_header_and_jump_by_keyboard(page, stay):
    log_in(page)
    # ? shows the shortcuts; Escape closes them.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    dialog.wait_for()
    assert "New reservation" in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    # / goes to the search box; a name without its accent finds the stay and the guest.
    page.keyboard.press("/")
    assert focused_id(page) == "header-q"
    page.keyboard.type("zurawska")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/find/\?q=zurawska"))
    assert page.locator("main").get_by_role("link", name="Zofia Żurawska").count() == 1
    assert page.locator("main").get_by_role("link", name="Żurawska, Zofia").count() == 1
    assert page.locator("#header-q").input_value() == "zurawska"
    # A confirmation code opens the reservation itself (/ selects what was there).
    page.keyboard.press("/")
    page.keyboard.type(stay.confirmation.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector(f"h1:has-text('{stay.confirmation}')")
    page.wait_for_load_state()
    # Letters open the pages; the new reservation form has its first field focused.
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r".*/reservations/new/$"))
    page.wait_for_function("document.activeElement && document.activeElement.id")
    assert focused_id(page) == "guest-search"
    # Typing in a field is typing, not a shortcut; Escape leaves the field, then it is.
    page.keyboard.type("a")
    assert "/reservations/new/" in page.url
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.wait_for_url(re.compile(r".*/availability/"))
    page.keyboard.press("g")
    page.wait_for_url(re.compile(r".*/guests/$"))
    assert focused_id(page) == "q"


def test_the_help_overlay_opens_by_touch_too(page, staff):
    log_in(page)
    page.get_by_role("button", name="?").click()
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    dialog.wait_for()
    dialog.get_by_role("button", name="Close").click()
    dialog.wait_for(state="hidden")


def test_a_change_shows_its_price_before_it_is_saved(page, stay):
    log_in(page)
    page.goto(f"{page.base}/e/hotel/reservations/{stay.confirmation}/edit/")
    assert focused_id(page) == "id_room_type"
    preview = page.locator("#preview")
    preview.locator("text=€200.00").first.wait_for()
    page.fill("#id_departure", (stay.departure + dt.timedelta(days=1)).isoformat())
    page.locator("#id_departure").dispatch_event("change")
    page.wait_for_selector("#preview [data-testid=new-price]:has-text('€300.00')")
    assert "+€100.00" in preview.inner_text()
    page.select_option("#id_room_type", "ste")
    page.wait_for_selector("#preview [data-testid=new-price]:has-text('€750.00')")
    stay.refresh_from_db()
    assert stay.total_price == 200  # nothing saved yet
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=The reservation was changed.")
    stay.refresh_from_db()
    assert stay.total_price == 750 and stay.room_type.code == "ste"


def test_a_cancellation_reason_is_chosen_with_the_arrow_keys(page, stay):
    log_in(page)
    page.goto(f"{page.base}/e/hotel/reservations/{stay.confirmation}/cancel/")
    assert focused_id(page) == "id_common_0"  # the first reason
    page.keyboard.press("ArrowDown")  # the next: Booked elsewhere
    page.keyboard.press("Enter")  # never sends a cancellation by itself
    page.wait_for_timeout(300)
    assert Reservation.objects.get(pk=stay.pk).status == "confirmed"
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=The reservation was cancelled.")
    assert "Booked elsewhere" in page.locator("main").inner_text()
    stay.refresh_from_db()
    assert stay.status == "cancelled" and stay.cancel_reason == "Booked elsewhere"


GERMAN_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
GERMAN_MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
POLISH_DAYS = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
POLISH_MONTHS_GENITIVE = [
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
]  # fmt: skip


def test_a_german_and_a_polish_desk_read_dates_amounts_and_history_in_their_language(page, stay):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.get(username="root")
    services.reservation_modify(
        reservation=stay, actor=root, departure=stay.departure + dt.timedelta(days=1)
    )
    log_in(page)
    page.goto(f"{page.base}/e/hotel/reservations/{stay.confirmation}/")
    page.select_option("#language", "de")
    page.wait_for_selector("html[lang=de]")
    main = page.locator("main").inner_text()
    a = stay.arrival
    assert f"{GERMAN_DAYS[a.weekday()]}, {a.day}. {GERMAN_MONTHS[a.month - 1]} {a.year}" in main
    assert "300,00\xa0€" in main or "300,00 €" in main
    assert "200,00 € → 300,00 €" in main.replace("\xa0", " ")  # the history panel
    page.select_option("#language", "pl")
    page.wait_for_selector("html[lang=pl]")
    main = page.locator("main").inner_text()
    day = f"{POLISH_DAYS[a.weekday()]}, {a.day} {POLISH_MONTHS_GENITIVE[a.month - 1]} {a.year}"
    assert day in main
    page.select_option("#language", "en")
    page.wait_for_selector("html[lang=en]")


@pytest.mark.parametrize("width, height", [(1024, 768), (1440, 900)])
def test_the_header_leaves_the_screen_to_the_work(page, staff, width, height):
    """Two rows at most, in the longest language, for the role with the most links."""
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.get(username="root")
    root.set_password("pass-Word-123")  # the superuser sees every link
    root.save()  # test data: no service writes a password hash for a fixture
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page.base + "/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-Word-123")
    page.press("#id_password", "Enter")
    page.goto(page.base + "/e/hotel/availability/")
    page.select_option("#language", "pl")
    page.wait_for_selector("html[lang=pl]")
    header = page.locator("header.top").bounding_box()
    assert header["height"] <= 110, header
    assert page.evaluate("document.documentElement.scrollWidth") <= width
