"""The folio page in Chromium: a charge and a card payment by keyboard, Enter sends
nothing, the payment asks once."""

import datetime as dt
import re

import pytest

from frontoffice.billing import selectors
from frontoffice.lodging import services
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, page, staff, log_in = shared.browser, shared.page, shared.staff, shared.log_in


@pytest.fixture
def guest_folio(staff):
    from django.contrib.auth import get_user_model

    reservation = services.reservation_create(
        establishment=staff,
        actor=get_user_model().objects.get(username="root"),
        room_type_code="std",
        arrival=staff.today(),
        departure=staff.today() + dt.timedelta(days=1),
        guest={"last_name": "Kowalski", "first_name": "Jan"},
    )
    return reservation.folio


def test_post_a_charge_and_take_a_card_payment(page, guest_folio):
    log_in(page)
    page.goto(f"{page.base}/e/hotel/folios/{guest_folio.pk}/")
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'charge_category'"
    )
    page.select_option("#charge_category", "minibar")
    page.fill("#charge_unit_price", "12.50")
    page.press("#charge_unit_price", "Enter")  # Enter never sends it
    page.wait_for_timeout(300)
    assert selectors.folio_balance(guest_folio) == 0
    page.get_by_role("button", name="Post charge").click()
    page.wait_for_selector("text=The charge was posted.")
    assert page.locator("#balance").inner_text() == "€12.50"
    page.select_option("#payment_method", "card")
    page.fill("#payment_amount", "12.50")
    page.fill("#payment_card_token", "tok_visa")
    page.press("#payment_card_token", "Enter")
    page.wait_for_timeout(300)
    assert "confirm" not in page.content() or page.locator("#confirm").count() == 0
    page.get_by_role("button", name="Take payment…").click()
    page.wait_for_selector("#confirm-button")
    assert selectors.folio_balance(guest_folio) != 0  # asked, not taken
    page.click("#confirm-button")
    page.wait_for_selector("text=The payment was taken.")
    assert page.locator("#balance").inner_text() == "€0.00"
    assert "4242" in page.locator("table.entries").inner_text()
    assert re.search(r"/folios/\d+/$", page.url)
