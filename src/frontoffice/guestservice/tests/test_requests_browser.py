"""Browser tests of requests: a request taken at the desk reaches the department's live
queue and another role completes it; a porter stores and hands back luggage by tag on a
phone-sized screen."""

import datetime as dt
import re

import pytest

from frontoffice.core.models import Role
from frontoffice.guestservice.models import Luggage, ServiceRequest
from frontoffice.guestservice.services import requests as request_services
from frontoffice.lodging import services as lodging_services
from frontoffice.lodging.tests.test_browser import browser, nav_to, pytestmark, watch  # noqa: F401

PASSWORD = "pass-Word-123"


@pytest.fixture
def hotel_in_house(transactional_db, make_user):
    from frontoffice.conftest import build_hotel

    root = make_user(superuser=True, username="root")
    hotel = build_hotel(root)
    for username, role in [
        ("desk", Role.FRONT_DESK_AGENT),
        ("concierge", Role.CONCIERGE),
        ("porter", Role.PORTER),
    ]:
        make_user(role, hotel, username=username)
    today = hotel.today()
    stay = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Özdemir", "first_name": "Ayla"},
    )
    return lodging_services.reservation_check_in(reservation=stay, actor=root)


def _tab(browser, live_server, username, viewport=(1280, 900)):  # noqa: F811
    context = browser.new_context(
        locale="en-GB", viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    problems = watch(page, live_server.url)
    page.goto(page.base + "/login/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/e/hotel/$"), timeout=20000)
    return context, page, problems


def test_a_request_taken_at_the_desk_is_completed_by_the_concierge(
    browser,  # noqa: F811
    live_server,
    hotel_in_house,
):
    stay = hotel_in_house
    # The concierge has the queue open before the request exists.
    conc_ctx, conc, conc_problems = _tab(browser, live_server, "concierge")
    nav_to(conc, "Requests")
    conc.wait_for_selector("text=No open requests.")

    desk_ctx, desk, desk_problems = _tab(browser, live_server, "desk")
    nav_to(desk, "Requests")
    desk.get_by_role("link", name="New request").click()
    # The guest picker has the focus; pick the guest by room number and name.
    desk.wait_for_function("document.activeElement && document.activeElement.id === 'id_stay'")
    desk.select_option("#id_stay", label=f"{stay.room.number} · Ayla Özdemir")
    desk.select_option("#id_kind", "concierge_booking")
    desk.select_option("#id_priority", "high")
    desk.locator("#id_description").fill("Two tickets for the opera tonight")
    # Enter in a field does not send the form; the button does.
    desk.get_by_role("button", name="Take the request").click()
    desk.wait_for_selector("text=is in the queue of")
    job = ServiceRequest.objects.get()
    assert (job.department.kind, job.priority, job.room_id) == ("concierge", "high", stay.room_id)
    desk.wait_for_selector(f"#request-{job.pk} >> text=Two tickets for the opera tonight")

    # The concierge's queue shows it without a reload (htmx polls every 5 seconds).
    row = conc.locator(f"#request-{job.pk}")
    row.wait_for(timeout=12000)
    assert "Ayla Özdemir" in row.inner_text()
    row.get_by_role("button", name="Assign to me").click()
    conc.locator(f"#request-{job.pk} >> text=Me").wait_for()
    conc.locator(f"#request-{job.pk}").get_by_role("button", name="Start").click()
    conc.locator(f"#request-{job.pk}").get_by_role("button", name="Complete").click()
    conc.wait_for_selector("text=No open requests.")
    job.refresh_from_db()
    assert job.status == "done" and job.assignee.username == "concierge"
    assert job.started_at and job.completed_at
    # And the desk's queue lets it go by itself.
    desk.wait_for_selector(f"#request-{job.pk}", state="detached", timeout=12000)
    for ctx in (conc_ctx, desk_ctx):
        ctx.close()
    assert conc_problems == [] and desk_problems == []


def test_a_porter_stores_and_hands_back_luggage_by_tag_on_a_phone(
    browser,  # noqa: F811
    live_server,
    hotel_in_house,
):
    stay = hotel_in_house
    ctx, page, problems = _tab(browser, live_server, "porter", viewport=(390, 844))
    nav_to(page, "Porter")
    page.wait_for_selector("h1:has-text('My jobs')")
    # The focus is set when the page has loaded; a predicate false at its first look would
    # be polled by eval, which the page's CSP refuses.
    page.wait_for_load_state()
    # Nothing is wider than the phone's screen; the claim tag field has the focus.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_tag'")
    page.select_option("#id_stay", label=f"{stay.room.number} · Ayla Özdemir")
    page.locator("#id_pieces").fill("3")
    page.locator("#id_location").fill("Luggage room, shelf B")
    page.get_by_role("button", name="Store and give a tag").click()
    tag = page.locator("#stored-tag")
    tag.wait_for()
    assert tag.inner_text() == "L-0001"
    assert (
        page.evaluate(
            "parseFloat(getComputedStyle(document.getElementById('stored-tag')).fontSize)"
        )
        >= 40
    )
    label = page.get_by_role("link", name="Print the label").get_attribute("href")
    answer = page.request.get(page.base + label)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")

    # Handed back only against the tag and the guest's name.
    page.locator("#id_tag").fill("L-0001")
    page.locator("#id_last_name").fill("Smith")
    page.get_by_role("button", name="Hand back").click()
    page.wait_for_selector("text=The name does not match the guest of this tag.")
    assert Luggage.objects.get().status == "stored"
    page.locator("#id_tag").fill("l-1")
    page.locator("#id_last_name").fill("ozdemir")
    page.get_by_role("button", name="Hand back").click()
    page.wait_for_selector("text=the luggage is handed back to Ayla Özdemir")
    assert Luggage.objects.get().status == "released"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The queue on the phone: its rows stack, nothing scrolls sideways, the filter has focus.
    job = request_services.request_create(
        establishment=stay.establishment,
        actor=None,
        kind="luggage",
        reservation=stay,
        description="Bags from the car park level minus two to the room, with the golf set",
    )
    page.goto(page.base + "/e/hotel/requests/")
    page.locator(f"#request-{job.pk}").wait_for()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'queue-department'"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ctx.close()
    assert problems == []


def test_completing_with_a_charge_asks_once_and_enter_does_not_post_it(
    browser,  # noqa: F811
    live_server,
    hotel_in_house,
):
    stay = hotel_in_house
    job = request_services.request_create(
        establishment=stay.establishment, actor=None, kind="amenity", reservation=stay
    )
    request_services.request_start(request=job, actor=None)
    ctx, page, problems = _tab(browser, live_server, "desk", viewport=(390, 844))
    page.goto(page.base + "/e/hotel/requests/")
    page.locator(f"#request-{job.pk}").get_by_role("link", name="Complete with charge…").click()
    page.wait_for_url(re.compile(r".*/complete/$"))
    page.wait_for_load_state()
    # The note has the focus; Enter in the price does not send the form.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_note'")
    page.select_option("#id_category", "minibar")
    page.locator("#id_unit_price").fill("7.25")
    page.locator("#id_unit_price").press("Enter")
    page.wait_for_timeout(300)
    assert page.locator("#confirm-button").count() == 0
    page.get_by_role("button", name="Complete", exact=True).click()
    page.wait_for_selector("text=and charge €7.25 to the folio of Ayla Özdemir?")
    page.wait_for_load_state()
    assert ServiceRequest.objects.get().status == "in_progress"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The question's button has the focus: Enter confirms.
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'confirm-button'"
    )
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text=Request {job.pk} updated.")
    job.refresh_from_db()
    assert job.status == "done" and job.charge_entry.amount == 7.25
    ctx.close()
    assert problems == []


def test_a_manager_sets_a_departments_service_levels_on_a_phone(
    browser,  # noqa: F811
    live_server,
    hotel_in_house,
    make_user,
):
    make_user(Role.FRONT_OFFICE_MANAGER, hotel_in_house.establishment, username="manager")
    ctx, page, problems = _tab(browser, live_server, "manager", viewport=(390, 844))
    page.goto(page.base + "/e/hotel/requests/")
    page.get_by_role("link", name="Service levels").click()
    page.wait_for_url(re.compile(r".*/service-levels/$"))
    page.wait_for_load_state()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'levels-department'"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The grid scrolls sideways, and the page says so.
    assert page.locator("#levels-scroll-hint").is_visible()
    assert page.evaluate(
        "document.querySelector('.table-scroll').scrollWidth"
        " > document.querySelector('.table-scroll').clientWidth"
    )
    page.locator("#id_m_amenity_high").fill("0")
    page.locator("#id_m_amenity_low").fill("45")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Give at least one minute.")
    # Choosing another department does not leave the page (and its edits) until "Show".
    url = page.url
    page.locator("#levels-department").select_option(index=1)
    page.wait_for_timeout(300)
    assert page.url == url and page.locator("#id_m_amenity_low").input_value() == "45"
    # The focus is on the cell in error.
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "id_m_amenity_high"
    from frontoffice.guestservice.models import ServiceLevel

    assert not ServiceLevel.objects.exists()
    page.locator("#id_m_amenity_high").fill("7")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=were saved.")
    assert sorted(ServiceLevel.objects.values_list("priority", "minutes")) == [
        ("high", 7),
        ("low", 45),
    ]
    ctx.close()
    assert problems == []
