"""Fixtures of procedures' tests: templates in a few languages, a guest with an email."""

from __future__ import annotations

import datetime as dt

import pytest

from frontoffice.customers import services as customer_services
from frontoffice.lodging import services as lodging_services
from frontoffice.procedures import services

WELCOME = {
    "en": ("Welcome, {first_name}", "Dear {guest_name},\n\nWelcome to {establishment}."),
    "nl": ("Welkom, {first_name}", "Beste {guest_name},\n\nWelkom in {establishment}."),
}
CONFIRMATION = {
    "en": (
        "Your booking {confirmation}",
        "Dear {guest_name},\n\nWe look forward to seeing you from {arrival} to {departure} "
        "({nights} nights, {room_type}).",
    ),
    "de": (
        "Ihre Buchung {confirmation}",
        "Guten Tag {guest_name},\n\nwir freuen uns auf Sie vom {arrival} bis {departure}.",
    ),
}


@pytest.fixture
def templates(hotel, root):
    made = {}
    for kind, texts in (("welcome", WELCOME), ("confirmation", CONFIRMATION)):
        for language, (subject, body) in texts.items():
            made[(kind, language)] = services.template_create(
                establishment=hotel,
                actor=root,
                kind=kind,
                language=language,
                subject=subject,
                body=body,
            )
    return made


@pytest.fixture
def guest(hotel, root):
    return customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="Anna",
        last_name="de Vries",
        email="anna@example.com",
        language="nl",
    )


@pytest.fixture
def guest_stay(hotel, root, guest, today):
    return lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today + dt.timedelta(days=3),
        departure=today + dt.timedelta(days=5),
        customer_id=guest.pk,
    )
