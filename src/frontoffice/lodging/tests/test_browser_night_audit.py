"""Browser test of the night audit page: Enter never runs it, the Run button asks once, the
steps run with their progress, the report and the chart are shown at the end."""

import datetime as dt
import re

from django.contrib.auth import get_user_model

from frontoffice.lodging import services
from frontoffice.lodging.models import DailyReport, Reservation
from frontoffice.lodging.tests import test_browser as shared

from .test_night_audit import check_in

pytestmark = shared.pytestmark  # the same markers: browser, needs Chromium
browser, page, staff, log_in = shared.browser, shared.page, shared.staff, shared.log_in


def test_the_night_audit_runs_from_the_page(page, staff):
    hotel = staff
    root = get_user_model().objects.get(username="root")
    today = hotel.business_day()
    stay = services.reservation_create(
        establishment=hotel, actor=root, room_type_code="std", arrival=today,
        departure=today + dt.timedelta(days=2), guest={"last_name": "Inhouse"},
    )  # fmt: skip
    check_in(stay, root)
    due = services.reservation_create(
        establishment=hotel, actor=root, room_type_code="std", arrival=today,
        departure=today + dt.timedelta(days=1), guest={"last_name": "Latecomer"},
    )  # fmt: skip
    log_in(page)
    shared.nav_to(page, "Night audit")
    page.wait_for_url(re.compile(r".*/night-audit/$"))
    assert due.confirmation in page.locator("#pending-arrivals").inner_text()
    # Enter on the checkbox sends nothing (data-enter-safe).
    page.locator("#mark-no-shows").check()
    page.locator("#mark-no-shows").press("Enter")
    page.wait_for_timeout(300)
    assert page.locator("#audit-question").count() == 0
    page.locator("#audit-run").click()
    page.locator("#audit-question").wait_for()
    # Enter on the question's button is a click: the person asked means it. Here: click.
    page.locator("#audit-confirm").click()
    page.locator("#audit-done").wait_for(timeout=20000)
    assert page.locator("#audit-bar").get_attribute("value") == "4"
    assert page.locator(".audit-steps .step.done").count() == 4
    assert page.locator("#fig-no-shows").inner_text() == "1"
    assert page.locator("#daily-report").is_visible()
    assert page.locator(".audit-chart rect.bar").count() >= 30
    assert Reservation.objects.get(pk=due.pk).status == "no_show"
    assert DailyReport.objects.get().business_date == today
