"""Browser test: a desk agent on the phone finds the answer as they type, then sends a guest
a welcome message and sees it in the guest's outbox, sent."""

from __future__ import annotations

import re

from frontoffice.customers import services as customer_services
from frontoffice.lodging.tests.test_browser import (  # noqa: F401
    browser,
    log_in,
    nav_to,
    page,
    pytestmark,
    staff,
)
from frontoffice.procedures import services
from frontoffice.procedures.models import Message


def test_answer_the_phone_then_welcome_a_guest(page, staff):  # noqa: F811
    from django.contrib.auth import get_user_model

    hotel = staff
    root = get_user_model().objects.get(username="root")
    services.answer_create(
        establishment=hotel, actor=root, language="en", topic="Is there parking?",
        answer="Yes, in our garage under the hotel: 35 euros a day.", keywords="car garage",
    )  # fmt: skip
    services.answer_create(
        establishment=hotel, actor=root, language="en", topic="When is breakfast served?",
        answer="From 7:00 to 10:30 in the winter garden.",
    )  # fmt: skip
    for language, subject in (("en", "Welcome, {first_name}"), ("nl", "Welkom, {first_name}")):
        services.template_create(
            establishment=hotel, actor=root, kind="welcome", language=language,
            subject=subject, body="Dear {guest_name},\n\nwelcome to {establishment}.",
        )  # fmt: skip
    guest = customer_services.customer_create(
        establishment=hotel, actor=root, first_name="Jan", last_name="Jansen",
        email="jan@example.com", language="nl",
    )  # fmt: skip
    log_in(page)

    # On the phone: "do you have parking?" The search box has the focus; answers come as
    # the agent types, without pressing Enter.
    nav_to(page, "Answers")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'answer-q'")
    page.keyboard.type("car park", delay=30)
    # The page opens with every answer; the search narrows them to the one asked about.
    page.wait_for_selector("#answer-results >> text=When is breakfast served?", state="detached")
    page.wait_for_selector("#answer-results >> text=35 euros a day")
    assert page.locator("#answer-results .answer").count() == 1
    assert "breakfast" not in page.locator("#answer-results").inner_text()

    # The guest's page: send a welcome in the guest's language (Dutch), asked once.
    page.goto(f"{page.base}/e/hotel/guests/{guest.pk}/")
    page.get_by_role("link", name="Send a message").click()
    page.select_option("#id_template", "welcome")
    page.wait_for_selector("#message-preview >> text=Welkom, Jan")
    page.get_by_role("button", name="Send…").click()
    page.wait_for_selector("text=Send this message to jan@example.com now?")
    assert not Message.objects.exists()
    page.get_by_role("button", name="Send now").click()
    page.wait_for_url(re.compile(rf".*/guests/{guest.pk}/$"))
    page.wait_for_selector("text=The message was sent.")
    panel = page.locator("#guest-messages")
    assert "Welkom, Jan" in panel.inner_text() and "Sent" in panel.inner_text()
    assert Message.objects.get().status == "sent"
