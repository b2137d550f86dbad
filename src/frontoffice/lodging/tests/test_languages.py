"""Pages in the reader's language: dates, amounts, plurals and the history panel written as
a native speaker writes them (expected strings typed by hand, not produced by babel here)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from frontoffice.core.services import establishments as establishment_services
from frontoffice.lodging import services

P = "/e/hotel"


def _a_tuesday_in_november() -> dt.date:
    """The first Tuesday of next year's November: always bookable (within two years)."""
    day = dt.date(dt.date.today().year + 1, 11, 1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


TUESDAY = _a_tuesday_in_november()
D, Y = TUESDAY.day, TUESDAY.year


@pytest.fixture
def page(desk):
    client = Client()
    client.force_login(desk)

    def get(url, language):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        return re.sub(r"[ \t\r\n]+", " ", response.content.decode())

    return get


@pytest.fixture
def stay(hotel, root):
    return services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=TUESDAY,
        departure=TUESDAY + dt.timedelta(days=2),
        adults=1,
        guest={"last_name": "Kowalska", "first_name": "Anna"},
    )


@pytest.mark.parametrize(
    "language, arrival, total",
    [
        ("en", f"Tuesday, November {D}, {Y}", "€200.00"),
        ("de", f"Dienstag, {D}. November {Y}", "200,00\xa0€"),
        ("pl", f"wtorek, {D} listopada {Y}", "200,00\xa0€"),
        ("nl", f"dinsdag {D} november {Y}", "€\xa0200,00"),
        ("es", f"martes, {D} de noviembre de {Y}", "200,00\xa0€"),
    ],
)
def test_the_reservation_page_writes_dates_and_amounts_as_the_language_does(
    page, stay, language, arrival, total
):
    html = page(f"{P}/reservations/{stay.confirmation}/", language)
    assert arrival in html
    assert total in html
    assert "200.00 EUR" not in html


@pytest.mark.parametrize(
    "currency, rate, expected",
    [("JPY", "10000", "¥20,000"), ("KWD", "100.125", "KWD200.250"), ("EUR", "100", "€200.00")],
)
def test_amounts_have_the_currencys_decimals(root, currency, rate, expected):
    place = establishment_services.establishment_create(
        actor=root,
        code="abroad",
        name="Abroad",
        kind="hotel",
        timezone_name="Asia/Tokyo",
        currency=currency,
        language="en",
    )
    services.room_type_create(
        establishment=place, code="std", name="Standard", capacity=2, base_rate=Decimal(rate)
    )
    services.room_create(establishment=place, number="1", room_type_code="std")
    r = services.reservation_create(
        establishment=place,
        actor=root,
        room_type_code="std",
        arrival=TUESDAY,
        departure=TUESDAY + dt.timedelta(days=2),
        guest={"last_name": "Sato"},
    )
    client = Client()
    client.force_login(root)
    html = client.get(f"/e/abroad/reservations/{r.confirmation}/").content.decode()
    assert expected in html


def test_the_history_panel_speaks_the_pages_language(page, stay, root, hotel):
    services.reservation_modify(
        reservation=stay, actor=root, departure=TUESDAY + dt.timedelta(days=4)
    )
    services.reservation_cancel(reservation=stay, actor=root, reason="Plans changed")
    html = page(f"{P}/reservations/{stay.confirmation}/", "nl")
    assert "Bevestigd → Geannuleerd" in html or "bevestigd → geannuleerd" in html
    assert "€\xa0200,00 → €\xa0400,00" in html
    assert f"{D + 2} nov {Y} → {D + 4} nov {Y}" in html
    assert "confirmed" not in html and "200.00" not in html
    german = page(f"{P}/reservations/{stay.confirmation}/", "de")
    assert "200,00\xa0€ → 400,00\xa0€" in german


def test_the_history_panel_names_the_guests_language_and_country(page, desk, hotel):
    from frontoffice.customers import services as customer_services

    guest = customer_services.customer_create(
        establishment=hotel, actor=desk, last_name="Müller", first_name="Jonas"
    )
    customer_services.customer_update(customer=guest, actor=desk, language="nl", nationality="DE")
    html = page(f"{P}/guests/{guest.pk}/", "nl")
    assert "— → Nederlands" in html
    assert "— → Duitsland" in html
    assert "→ nl" not in html and "→ DE" not in html


def test_plurals_follow_the_language(page, stay):
    polish = page(f"{P}/reservations/?q=Kowalska", "pl")
    assert "1 rezerwacja" in polish


def test_the_locale_follows_the_active_language_not_the_first_one_asked():
    from django.utils import translation

    from frontoffice.core import formats

    with translation.override("de"):
        assert formats.locale().language == "de"
    with translation.override("pl"):
        assert formats.locale().language == "pl"
        assert formats.date(dt.date(2030, 1, 1), "long") == "1 stycznia 2030"


@pytest.mark.parametrize(
    "language, adults, children, expected",
    [
        ("en", 1, 0, "1 adult<"),
        ("en", 2, 1, "2 adults, 1 child<"),
        ("nl", 1, 2, "1 volwassene, 2 kinderen"),
        ("de", 1, 1, "1 Erwachsener, 1 Kind"),
        ("de", 2, 0, "2 Erwachsene<"),
        ("pl", 2, 5, "2 osoby dorosłe, 5 dzieci"),
        ("pl", 1, 1, "1 osoba dorosła, 1 dziecko"),
        ("es", 3, 2, "3 adultos, 2 niños"),
    ],
)
def test_the_party_is_counted_as_the_language_counts(
    root, hotel, page, language, adults, children, expected
):
    if adults + children > 4:
        services.room_type_update(room_type=services.find_room_type(hotel, "ste"), capacity=8)
    r = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="ste",
        arrival=TUESDAY,
        departure=TUESDAY + dt.timedelta(days=1),
        adults=adults,
        children=children,
        guest={"last_name": "Nowak"},
    )
    assert expected in page(f"{P}/reservations/{r.confirmation}/", language)
