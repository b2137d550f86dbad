"""Browser test of room blocks (issue 8, section 5): a room block's unsold rooms return to
availability after its cut-off. The desk books a guest from the block on its page (Enter
safe, first field focused), sees the block's rooms as sold on the availability page, closes
the cut-off day with the night audit page, and finds the unsold room free again and the
block's pick-up reported."""

import datetime as dt
import re

from django.contrib.auth import get_user_model

from frontoffice.lodging import services
from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, page, staff, log_in = shared.browser, shared.page, shared.staff, shared.log_in


def _free(page, day):
    page.goto(f"{page.base}/e/hotel/availability/?start={day.isoformat()}&days=7")
    row = page.locator("#avail-grid tbody tr", has=page.locator("th", has_text="STD"))
    return row.locator(f'td[data-night="{day.isoformat()}"]').inner_text().strip()


def test_a_blocks_unsold_rooms_return_to_availability_after_its_cut_off(page, staff):
    hotel = staff
    root = get_user_model().objects.get(username="root")
    today = hotel.business_day()
    night = today + dt.timedelta(days=3)
    block = services.block_create(
        establishment=hotel,
        actor=root,
        name="Choir tour",
        cutoff=today,
        rooms=[{"room_type": "std", "date": night, "count": 2}],
    )
    log_in(page)
    # The Groups link leads to the block; the desk books one guest from it.
    shared.nav_to(page, "Groups")
    page.get_by_role("link", name="Choir tour").click()
    page.wait_for_url(re.compile(rf".*/groups/blocks/{block.pk}/$"))
    page.get_by_role("link", name="Book from the block").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_last_name'")
    page.keyboard.type("Tenor")
    # Enter in a field sends nothing: the form is Enter-safe.
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert "/book/" in page.url
    page.locator("#id_arrival").fill(night.isoformat())
    page.locator("#id_departure").fill((night + dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Book").click()
    page.wait_for_url(re.compile(rf".*/groups/blocks/{block.pk}/$"))
    assert "Tenor" in page.locator("#block-reservations").inner_text()
    assert page.locator("#pickup-grid td.num").inner_text().strip() == "2 / 1"
    # Three standard rooms, two held by the block: one free for everyone else.
    assert _free(page, night) == "1"

    shared.nav_to(page, "Night audit")
    page.wait_for_url(re.compile(r".*/night-audit/$"))
    page.locator("#audit-run").click()
    page.locator("#audit-question").wait_for()
    page.locator("#audit-confirm").click()
    page.locator("#audit-done").wait_for(timeout=20000)

    # The cut-off day is closed: the unsold room is on sale again, the guest keeps theirs.
    assert _free(page, night) == "2"
    page.goto(f"{page.base}/e/hotel/groups/blocks/{block.pk}/")
    assert "Released" in page.get_by_role("heading", level=1).inner_text()
    assert "Picked up: 1 of 2 room nights (50" in page.locator("#pickup-total").inner_text()
    assert page.get_by_role("link", name="Book from the block").count() == 0
