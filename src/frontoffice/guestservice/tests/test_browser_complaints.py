"""Browser test: a complaint by a VIP, taken at the desk, appears on the manager's desk,
escalated, and the manager resolves it with compensation (asked once)."""

import datetime as dt
import re

from django.contrib.auth import get_user_model

from frontoffice.billing.services import folios as folio_services
from frontoffice.billing.services import ledger
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.guestservice.models import Complaint
from frontoffice.lodging import services as lodging_services
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark  # the same markers: browser, needs Chromium
browser, page, staff = shared.browser, shared.page, shared.staff


def log_in_as(page, username):
    page.goto(page.base + "/")
    page.wait_for_url(re.compile(r".*/login/.*"))
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pass-Word-123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/e/hotel/$"), timeout=20000)


def test_a_vips_complaint_appears_on_the_managers_desk(browser, page, staff, make_user):
    hotel = staff
    root = get_user_model().objects.get(username="root")
    make_user(Role.FRONT_OFFICE_MANAGER, hotel, username="boss")
    vip = customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="Victor",
        last_name="Important",
        vip_level=2,
        vip_instructions="The manager greets him in person.",
    )
    today = hotel.today()
    stay = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        customer_id=vip.pk,
    )
    stay = lodging_services.reservation_check_in(
        reservation=stay, actor=root, room_number="101", allow_dirty=True
    )
    ledger.charge_post(folio=stay.folio, actor=root, category="room", unit_price="100.00")
    folio_services.billing_settings_set(establishment=hotel, actor=root, allowance_limit="20")

    # The desk takes the complaint from the guest's page.
    log_in_as(page, "desk")
    page.goto(page.base + f"/e/hotel/guests/{vip.pk}/")
    page.get_by_role("link", name="Take a complaint").click()
    page.wait_for_selector("h1:has-text('Victor Important')")
    assert (
        page.locator(".vip-instructions").first.inner_text() == "The manager greets him in person."
    )
    # The first field has the focus; the stay in house is chosen already.
    assert page.evaluate("document.activeElement.id") == "id_kind"
    assert page.locator("#id_reservation").input_value() == stay.confirmation
    page.select_option("#id_category", "room")
    page.select_option("#id_severity", "low")
    page.locator("#id_description").fill("The minibar was empty.")
    page.locator("#id_follow_up").focus()
    page.keyboard.press("Enter")  # Enter in a field saves nothing
    assert Complaint.objects.count() == 0
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=escalated to the front office manager")
    assert page.locator("h1 .status.escalated").is_visible()
    assert page.locator("textarea[name=resolution]").count() == 0  # the manager's to resolve
    assert page.get_by_role("link", name="Manager's desk").count() == 0

    # The manager, on a tablet, sees it first on the desk with the VIP's instructions.
    context = browser.new_context(locale="en-GB", viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    problems = shared.watch(tab, page.base)
    log_in_as(tab, "boss")
    shared.nav_to(tab, "Manager's desk")
    tab.wait_for_selector('h1:has-text("Manager\'s desk")')
    row = tab.locator("#open-complaints tr.escalated").first
    assert "Victor Important" in row.inner_text() and "VIP 2" in row.inner_text()
    assert "The manager greets him in person." in tab.locator("#vips").inner_text()
    row.get_by_role("link").click()
    tab.wait_for_selector("textarea[name=resolution]")
    tab.locator("#id_resolution").fill("Restocked; one night's drinks on us.")
    tab.locator("#id_compensation").fill("15")
    tab.select_option("#id_satisfaction", "5")
    tab.get_by_role("button", name="Resolve").click()
    # Asked once, with the amount; Confirm has the focus.
    tab.wait_for_selector("#confirm >> text=€15.00")
    assert tab.evaluate("document.activeElement.id") == "confirm-button"
    assert Complaint.objects.get().status == "open"
    tab.keyboard.press("Enter")
    tab.wait_for_selector("text=Resolved.")
    complaint = Complaint.objects.get()
    assert (complaint.status, complaint.compensation) == ("resolved", 15)
    assert complaint.allowance.amount == -15
    shared.nav_to(tab, "Manager's desk")
    tab.wait_for_selector("#open-complaints >> text=No open complaints.")
    context.close()
    assert problems == []
