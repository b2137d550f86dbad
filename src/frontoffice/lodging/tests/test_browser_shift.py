"""The desk agent's whole shift with one guest, in Chromium on a tablet: the arrival is
checked in with a room from the picker, a charge is posted to the folio, paid by card,
the guest checks out, the receipt is printed, and the room rack shows the room dirty."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from frontoffice.billing import selectors
from frontoffice.billing.models import Receipt
from frontoffice.lodging import services
from frontoffice.lodging.models import Reservation
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, staff, log_in = shared.browser, shared.staff, shared.log_in


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-GB", viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    tab.base = live_server.url
    problems = shared.watch(tab, live_server.url)
    yield tab
    context.close()
    assert problems == []


@pytest.fixture
def arrival(staff):
    from django.contrib.auth import get_user_model

    return services.reservation_create(
        establishment=staff,
        actor=get_user_model().objects.get(username="root"),
        room_type_code="std",
        arrival=staff.business_day(),
        departure=staff.business_day() + dt.timedelta(days=1),
        guest={"last_name": "Schicht", "first_name": "Greta"},
    )


def test_check_in_charge_card_payment_check_out_receipt_and_the_rack(page, arrival):
    log_in(page)
    shared.nav_to(page, "Arrivals")
    page.locator(f"#stay-{arrival.confirmation}").get_by_role("link", name="Check in").click()
    page.wait_for_url(re.compile(r".*/check-in/$"))
    page.get_by_label("102").check()
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(re.compile(r".*/arrivals/$"))
    assert Reservation.objects.get(pk=arrival.pk).room.number == "102"

    # To the reservation, then its folio: a minibar charge and a card payment.
    page.goto(f"{page.base}/e/hotel/reservations/{arrival.confirmation}/")
    page.locator("#folio-link").click()
    page.wait_for_url(re.compile(r".*/folios/\d+/$"))
    page.select_option("#charge_category", "minibar")
    page.fill("#charge_unit_price", "8.40")
    page.get_by_role("button", name="Post charge").click()
    page.wait_for_selector("text=The charge was posted.")
    page.select_option("#payment_method", "card")
    page.fill("#payment_amount", "8.40")
    page.fill("#payment_card_token", "tok_mastercard")
    page.get_by_role("button", name="Take payment…").click()
    page.click("#confirm-button")
    page.wait_for_selector("text=The payment was taken.")
    assert selectors.folio_balance(arrival.folio_id) == 0

    # Check-out from the in-house list (an early departure: the guest leaves today).
    shared.nav_to(page, "In house")
    page.locator(f"#stay-{arrival.confirmation}").get_by_role("link", name="Check out").click()
    page.wait_for_url(re.compile(r".*/check-out/$"))
    page.get_by_role("button", name="Check out").click()
    # Leaving on the day they came, the guest keeps the night: posted now, paid first.
    page.wait_for_selector("text=not settled")
    assert selectors.folio_balance(arrival.folio_id) == Decimal("100.00")
    page.locator("#open-folio").click()
    page.wait_for_url(re.compile(r".*/folios/\d+/$"))
    page.select_option("#payment_method", "cash")
    page.fill("#payment_amount", "100.00")
    page.get_by_role("button", name="Take payment…").click()
    page.click("#confirm-button")
    page.wait_for_selector("text=The payment was taken.")
    page.goto(f"{page.base}/e/hotel/reservations/{arrival.confirmation}/check-out/")
    page.get_by_role("button", name="Check out").click()
    page.wait_for_url(re.compile(r".*/departures/$"))
    assert Reservation.objects.get(pk=arrival.pk).status == "checked_out"

    # The receipt of the card payment, from the folio: the card's last four digits.
    receipt = Receipt.objects.get(entry__folio_id=arrival.folio_id, entry__method="card")
    page.goto(f"{page.base}/e/hotel/folios/{arrival.folio_id}/")
    page.get_by_role("link", name=f"Receipt {receipt.number}").click()
    page.wait_for_url(re.compile(rf".*/receipts/{receipt.number}/$"))
    text = page.locator("main").inner_text()
    assert receipt.number in text and "4444" in text and "8.40" in text

    shared.nav_to(page, "Rooms")
    tile = page.locator("#room-102")
    assert "dirty" in tile.get_attribute("class") and "vacant" in tile.get_attribute("class")


def test_check_out_is_refused_while_the_folio_has_a_balance(page, arrival):
    from django.contrib.auth import get_user_model

    from frontoffice.billing.services import ledger

    root = get_user_model().objects.get(username="root")
    services.reservation_check_in(reservation=arrival, actor=root)
    ledger.charge_post(folio=arrival.folio, actor=root, category="parking", unit_price="25")
    log_in(page)
    page.goto(f"{page.base}/e/hotel/reservations/{arrival.confirmation}/check-out/")
    assert "to be settled before check-out" in page.locator("main").inner_text()
    page.get_by_role("button", name="Check out").click()
    page.wait_for_load_state()
    assert Reservation.objects.get(pk=arrival.pk).status == "checked_in"
    page.locator("#open-folio").click()
    page.wait_for_url(re.compile(r".*/folios/\d+/$"))
