"""Browser tests of stays at the desk: an arrival checked in from the arrivals list with a
room picked on the picker, checked out from the departures, and the room rack showing the
room dirty afterwards; a walk-in; on a tablet, with the keyboard where it matters."""

import datetime as dt
import re

import pytest

from frontoffice.lodging import services
from frontoffice.lodging.models import Reservation
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, staff, log_in = shared.browser, shared.staff, shared.log_in


@pytest.fixture
def page(browser, live_server):
    """A tablet-sized tab (1024×768) that fails the test on any script error or CSP
    violation."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1024, "height": 768})
    tab = context.new_page()
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
        guest={"last_name": "Ankunft", "first_name": "Anna"},
    )


def test_arrival_check_in_with_the_picker_then_check_out_and_the_rack(page, arrival):
    log_in(page)
    shared.nav_to(page, "Arrivals")
    page.wait_for_url(re.compile(r".*/arrivals/$"))
    row = page.locator(f"#stay-{arrival.confirmation}")
    row.get_by_role("link", name="Check in").click()
    page.wait_for_url(re.compile(r".*/check-in/$"))
    # The first field (the room picker) has the focus; the ready room is chosen already.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'room'")
    page.get_by_label("102").check()
    # Enter in a field never checks in.
    page.get_by_label("Document number").fill("NX42")
    page.keyboard.press("Enter")
    assert page.url.endswith("/check-in/")
    assert Reservation.objects.get(pk=arrival.pk).status == "confirmed"
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(re.compile(r".*/arrivals/$"))
    assert "checked in to room 102" in page.locator(".alert").inner_text()
    done = Reservation.objects.get(pk=arrival.pk)
    assert done.status == "checked_in" and done.room.number == "102"

    # The guest leaves today instead of tomorrow, asked once.
    shared.nav_to(page, "In house")
    page.locator(f"#stay-{arrival.confirmation}").get_by_role("link", name="Check out").click()
    page.wait_for_url(re.compile(r".*/check-out/$"))
    # One night booked and kept: not an early departure.
    assert "early departure" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Check out").click()
    # Leaving on the day they came, the guest pays the night kept first (posted now).
    page.wait_for_selector("text=not settled")
    from django.contrib.auth import get_user_model

    from frontoffice.billing.services.ledger import payment_take

    payment_take(
        folio=Reservation.objects.get(pk=arrival.pk).folio,
        actor=get_user_model().objects.get(username="root"),
        amount="100.00",
        method="cash",
    )
    page.get_by_role("button", name="Check out").click()
    page.wait_for_url(re.compile(r".*/departures/$"))
    assert Reservation.objects.get(pk=arrival.pk).status == "checked_out"

    shared.nav_to(page, "Rooms")
    page.wait_for_url(re.compile(r".*/rooms/$"))
    tile = page.locator("#room-102")
    assert "dirty" in tile.get_attribute("class") and "vacant" in tile.get_attribute("class")
    assert "Dirty" in tile.inner_text()
    # Housekeeping reports it clean: set from the tile.
    tile.get_by_label("Housekeeping of room 102").select_option("inspected")
    tile.get_by_role("button", name="Set").click()
    page.wait_for_url(re.compile(r".*/rooms/#room-102$"))
    assert "inspected" in page.locator("#room-102").get_attribute("class")
    # The tiles fit the tablet's width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024


def test_a_walk_in_in_the_browser(page, staff):
    log_in(page)
    shared.nav_to(page, "Walk-in")
    page.wait_for_url(re.compile(r".*/walk-in/$"))
    page.wait_for_function("document.activeElement && document.activeElement.name === 'last_name'")
    page.keyboard.type("Spontan")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Room type").select_option("std")
    page.keyboard.press("Enter")  # never books
    assert Reservation.objects.count() == 0
    page.get_by_role("button", name="Book and check in").click()
    page.wait_for_url(re.compile(r".*/reservations/[A-Z0-9]+/$"))
    walk_in = Reservation.objects.get()
    assert walk_in.status == "checked_in" and walk_in.source == "walk_in"
    assert walk_in.arrival == staff.business_day()
    assert "Checked in" in page.locator("h1").inner_text()
