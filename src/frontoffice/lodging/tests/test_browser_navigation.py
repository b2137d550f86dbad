"""The main navigation's menus in a browser: by keyboard (Tab to a menu's name, Enter
opens it, Tab into it, Escape closes it and gives the focus back), one open at a time, a
click elsewhere closes it; on a phone the menu stays on the screen."""

import re

from frontoffice.lodging.tests import test_browser as shared

pytestmark = shared.pytestmark
browser, page, staff, log_in = shared.browser, shared.page, shared.staff, shared.log_in


def _open_menus(page) -> list[str]:
    return page.eval_on_selector_all(
        "header nav details.menu[open] > summary", "els => els.map(e => e.textContent)"
    )


def test_the_menus_work_by_keyboard_and_close_by_themselves(page, staff):
    log_in(page)
    nav = page.locator("header nav")
    front = nav.locator("details.menu", has_text="Front desk")
    assert nav.get_by_role("link", name="Arrivals", exact=True).is_hidden()
    front.locator("summary").focus()
    page.keyboard.press("Enter")
    assert _open_menus(page) == ["Front desk"]
    assert nav.get_by_role("link", name="Arrivals", exact=True).is_visible()
    # Escape closes it and the focus is back on its name.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Arrivals"
    page.keyboard.press("Escape")
    assert _open_menus(page) == []
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # One menu at a time.
    front.locator("summary").click()
    page.locator("header nav details.menu", has_text="Bookings").locator("summary").click()
    assert _open_menus(page) == ["Bookings"]
    # A click elsewhere closes it.
    page.locator("h1").click()
    assert _open_menus(page) == []
    # By keyboard into a page: the menu's name, Enter, Tab, Enter.
    front.locator("summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # In house
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/e/hotel/in-house/$"))
    # The page's menu is marked as the current one.
    assert "current" in front.get_attribute("class")
    assert front.locator("a[aria-current=page]").text_content() == "In house"


def test_the_shortcut_letters_open_pages_inside_closed_menus(page, staff):
    log_in(page)
    page.keyboard.press("a")
    page.wait_for_url(re.compile(r".*/e/hotel/availability/.*"))


def test_on_a_phone_the_nav_fits_and_an_open_menu_stays_on_screen(page, staff):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    for name, link in [("Front desk", "Departures"), ("Billing", "Invoices")]:
        menu = page.locator("header nav details.menu", has_text=name)
        menu.locator("summary").click()
        box = menu.locator(".menu-items").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, name
        assert menu.get_by_role("link", name=link).is_visible()


def test_on_a_tablet_the_last_menu_opens_leftwards_inside_the_screen(page, staff):
    """At 780 px the last menu's name sits near the right edge: its pages open leftwards
    rather than off the screen (app.js flips it)."""
    page.set_viewport_size({"width": 780, "height": 800})
    log_in(page)
    last = page.locator("header nav details.menu").last
    last.locator("summary").click()
    page.wait_for_function(
        "document.querySelector('header nav details.menu:last-of-type[open]') !== null"
    )
    box = last.locator(".menu-items").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 780
    assert page.evaluate("document.documentElement.scrollWidth") <= 780
