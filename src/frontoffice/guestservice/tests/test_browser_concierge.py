"""Browser test of the concierge, keyboard first: from an in-house guest's page to the
catalogue (search, open now, language), an attraction, a booking charged to the folio
(asked once), the booking on the guest's page and the charge on the folio for the desk."""

import datetime as dt
import re

import pytest

from frontoffice.core.models import Role
from frontoffice.guestservice.models import Recommendation
from frontoffice.guestservice.services import concierge
from frontoffice.lodging import services as lodging_services
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, page, staff, watch = shared.browser, shared.page, shared.staff, shared.watch

ALWAYS = {str(d): [["00:00", "00:00"]] for d in range(7)}


def log_in_as(page, username):
    page.goto(page.base + "/login/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pass-Word-123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/e/hotel/$"), timeout=20000)


@pytest.fixture
def in_house(staff, make_user):
    from django.contrib.auth import get_user_model

    hotel = staff
    root = get_user_model().objects.get(username="root")
    make_user(Role.CONCIERGE, hotel, username="conc")
    for name, languages, hours in [
        ("Rijksmuseum", ["nl", "en"], ALWAYS),
        ("Museum of Bags", ["en"], ALWAYS),  # open, but no Dutch spoken
        ("Closed Museum", ["nl"], {}),  # Dutch, but never open
    ]:
        concierge.attraction_create(
            establishment=hotel,
            name=name,
            category="museum",
            languages=languages,
            opening_hours=hours,
            notes={"en": f"{name} notes."},
        )
    reservation = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=hotel.today(),
        departure=hotel.today() + dt.timedelta(days=2),
        guest={"last_name": "Pagetest", "first_name": "Pia"},
    )
    return lodging_services.reservation_check_in(reservation=reservation, actor=root)


def test_a_concierge_books_for_a_guest_in_house(page, browser, live_server, in_house):
    log_in_as(page, "conc")
    page.goto(f"{page.base}/e/hotel/guests/{in_house.customer_id}/")
    page.locator("#guest-recommendations").get_by_role("link", name="Recommend or book").click()
    page.wait_for_selector("#popular")
    # The search box has the focus; the results follow the filters as they change.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_q'")
    page.keyboard.type("museum")
    page.locator("#id_open_now").check()
    page.select_option("#id_language", "nl")
    results = page.locator("#results")
    results.get_by_role("link", name="Rijksmuseum").wait_for()
    results.get_by_role("link", name="Museum of Bags").wait_for(state="detached")
    assert "Closed Museum" not in results.inner_text()
    assert "Open now" in results.inner_text()
    results.get_by_role("link", name="Rijksmuseum").click()
    page.wait_for_selector("h1:has-text('Rijksmuseum')")
    page.get_by_role("link", name="Recommend or book for Pia Pagetest").click()

    # The booking form: Enter in a field sends nothing; the button does, then asks once.
    page.locator("#id_time").fill("19:30")
    page.locator("#id_party_size").fill("2")
    page.locator("#id_confirmation").fill("RM-1")
    page.locator("#id_cost").fill("45")
    page.locator("#id_charge_to_folio").check()
    page.locator("#id_cost").press("Enter")
    assert not Recommendation.objects.exists()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#confirm")
    assert "€45.00" in page.locator("#confirm-title").inner_text()
    assert not Recommendation.objects.exists()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_selector("text=The booking was saved.")
    panel = page.locator("#guest-recommendations")
    assert "Rijksmuseum" in panel.inner_text() and "RM-1" in panel.inner_text()
    booking = Recommendation.objects.get()
    assert booking.charge_id is not None

    # The desk agent finds the charge on the guest's folio.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    problems = watch(desk, live_server.url)
    log_in_as(desk, "desk")
    desk.goto(f"{desk.base}/e/hotel/folios/{in_house.folio_id}/")
    desk.wait_for_selector("text=Rijksmuseum ×2")
    assert desk.locator("text=€45.00").count() >= 1
    context.close()
    assert problems == []
