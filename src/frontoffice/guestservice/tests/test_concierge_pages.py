"""The concierge's pages through Django's test client: who may open them, the catalogue's
filters and htmx results, booking for a guest (asked once when it charges the folio, once
per form), and the panel on the guest's page."""

import re

import pytest
from django.test import Client

from frontoffice.billing.models import Entry
from frontoffice.core import dates
from frontoffice.core.models import Role
from frontoffice.guestservice.models import Attraction, Recommendation
from frontoffice.guestservice.services import concierge
from frontoffice.lodging.tests.test_pages import ROLE_COLUMNS

from .matrix_concierge import PAGE_MATRIX

P = "/e/hotel"
ALWAYS_OPEN = {str(d): [["00:00", "00:00"]] for d in range(7)}


def parse(text):
    header, *lines = [line.split() for line in text.strip().splitlines()]
    roles = [ROLE_COLUMNS[name] for name in header[1:]]
    assert sorted(roles) == sorted(Role.values)
    return [
        (cells[0], {role: mark == "Y" for role, mark in zip(roles, cells[1:], strict=True)})
        for cells in lines
    ]


def logged_in(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def museum(hotel):
    return concierge.attraction_create(
        establishment=hotel,
        name="Rijksmuseum",
        category="museum",
        opening_hours=ALWAYS_OPEN,
        languages=["nl", "en"],
        notes={"en": "The Night Watch.", "nl": "De Nachtwacht."},
    )


@pytest.fixture
def closed_bar(hotel):
    return concierge.attraction_create(
        establishment=hotel, name="Closed bar", category="bar", languages=["de"]
    )


def pages(museum, reservation):
    for template, allowed in parse(PAGE_MATRIX):
        url = template.format(
            code="hotel", attraction_id=museum.pk, guest_id=reservation.customer_id
        )
        yield url, allowed


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, museum, reservation):
    client = logged_in(make_user(role, hotel))
    for url, allowed in pages(museum, reservation):
        status = client.get(url).status_code
        assert status == (200 if allowed[role] else 403), (role, url, status)


def test_outsiders_get_404(make_user, other_hotel, museum, reservation):
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for url, _allowed in pages(museum, reservation):
        assert client.get(url).status_code == 404, url


def test_unknown_guest_or_attraction_is_404(manager, museum):
    client = logged_in(manager)
    assert client.get(f"{P}/concierge/?guest=999999").status_code == 404
    assert client.get(f"{P}/concierge/?guest=abc").status_code == 404
    assert client.get(f"{P}/concierge/999999/").status_code == 404
    assert client.get(f"{P}/concierge/{museum.pk}/book/?guest=999999").status_code == 404


def test_the_nav_link_for_those_who_may(make_user, hotel):
    link = f'href="{P}/concierge/"'
    assert link in logged_in(make_user(Role.CONCIERGE, hotel)).get(f"{P}/").content.decode()
    assert link not in logged_in(make_user(Role.PORTER, hotel)).get(f"{P}/").content.decode()


def test_the_catalogue_filters_and_htmx_results(make_user, hotel, museum, closed_bar):
    client = logged_in(make_user(Role.CONCIERGE, hotel))
    full = client.get(f"{P}/concierge/").content.decode()
    assert "data-autofocus" in full and 'id="results"' in full
    assert "Rijksmuseum" in full and "Closed bar" in full
    assert "The Night Watch." in full
    partial = client.get(f"{P}/concierge/", {"open_now": "on"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "<html" not in html and "Rijksmuseum" in html and "Closed bar" not in html
    assert "Open now" in html
    html = client.get(f"{P}/concierge/", {"language": "de"}, HTTP_HX_REQUEST="true").content
    assert b"Closed bar" in html and b"Rijksmuseum" not in html and b"Closed now" in html
    html = client.get(f"{P}/concierge/", {"q": "NACHTWACHT"}, HTTP_HX_REQUEST="true").content
    assert b"Rijksmuseum" in html and b"Closed bar" not in html


def test_the_catalogue_in_the_pages_language(make_user, hotel, museum, closed_bar):
    concierge.attraction_create(
        establishment=hotel, name="Only Spanish", category="tour", notes={"es": "Hola."}
    )
    html = logged_in(make_user(Role.CONCIERGE, hotel), "nl").get(f"{P}/concierge/").content
    html = html.decode()
    assert "De Nachtwacht." in html and "The Night Watch." not in html
    assert "Hola." in html  # no Dutch nor English note: any


def test_popular_with_similar_guests_first(make_user, hotel, root, museum, reservation):
    concierge.recommendation_create(
        establishment=hotel,
        actor=root,
        customer=reservation.customer,
        attraction=museum,
        kind="booking",
        at=museum.created_at,
    )
    html = (
        logged_in(make_user(Role.CONCIERGE, hotel))
        .get(f"{P}/concierge/?guest={reservation.customer_id}")
        .content.decode()
    )
    assert html.index('id="popular"') < html.index('id="results"')
    assert "Popular with similar guests" in html
    assert f"/concierge/{museum.pk}/book/?guest={reservation.customer_id}" in html


def _form(client, url):
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_book_with_a_charge_asks_once_and_posts_once(make_user, hotel, museum, reservation):
    client = logged_in(make_user(Role.CONCIERGE, hotel))
    url = f"{P}/concierge/{museum.pk}/book/?guest={reservation.customer_id}"
    data = {
        "form_token": _form(client, url),
        "kind": "booking",
        "date": reservation.arrival.isoformat(),
        "time": "19:30",
        "party_size": "2",
        "confirmation": "RM-77",
        "cost": "45.00",
        "reservation": reservation.confirmation,
        "charge_to_folio": "on",
        "notes": "",
    }
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert 'id="confirm"' in asked.content.decode() and "€45.00" in asked.content.decode()
    assert not Recommendation.objects.exists() and not Entry.objects.exists()
    done = client.post(url, {**data, "confirmed": "on"})
    assert done.status_code == 302
    assert done["Location"] == f"{P}/guests/{reservation.customer_id}/"
    again = client.post(url, {**data, "confirmed": "on"})  # a double tap
    assert again.status_code == 302
    item = Recommendation.objects.get()
    local = item.at.astimezone(dates.zone(hotel.timezone))
    assert (item.kind, item.party_size, item.cost, local.hour) == ("booking", 2, 45, 19)
    assert Entry.objects.get().pk == item.charge_id
    # On the guest's page: the booking; its amount is for those who see the account.
    page = client.get(done["Location"]).content.decode()
    assert 'id="guest-recommendations"' in page and "RM-77" in page and "Rijksmuseum" in page
    assert "Balance" not in page and "45.00" not in page
    desk_page = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel)).get(done["Location"])
    assert "€45.00" in desk_page.content.decode()


def test_a_recommendation_without_a_time(make_user, hotel, museum, reservation):
    client = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))
    url = f"{P}/concierge/{museum.pk}/book/?guest={reservation.customer_id}"
    data = {
        "form_token": _form(client, url),
        "kind": "recommendation",
        "date": reservation.arrival.isoformat(),
        "party_size": "1",
    }
    assert client.post(url, data).status_code == 302
    assert Recommendation.objects.get().for_date == reservation.arrival
    refused = client.post(
        url, {**data, "form_token": _form(client, url), "kind": "booking", "party_size": "1"}
    )
    assert refused.status_code == 422 and "needs its time" in refused.content.decode()
    assert Recommendation.objects.count() == 1


def test_keep_the_catalogue(make_user, hotel):
    client = logged_in(make_user(Role.CONCIERGE, hotel))
    data = {
        "name": "Canal cruise",
        "category": "tour",
        "address": "Damrak 5",
        "price_level": "2",
        "languages": "en, NL es",
        "phone": "",
        "website": "cruise.example",
        "active": "on",
        "hours_4": "10:00–22:00, 23.00-01:30",
        "notes_es": "Sale del Damrak.",
    }
    created = client.post(f"{P}/concierge/new/", data)
    assert created.status_code == 302, created.content.decode()[-2000:]
    a = Attraction.objects.get()
    assert a.opening_hours == {"4": [["10:00", "22:00"], ["23:00", "01:30"]]}
    assert a.languages == ["en", "nl", "es"] and a.notes == {"es": "Sale del Damrak."}
    edit = client.get(f"{P}/concierge/{a.pk}/edit/").content.decode()
    assert "10:00–22:00, 23:00–01:30" in edit
    bad = client.post(f"{P}/concierge/{a.pk}/edit/", {**data, "hours_1": "nine to five"})
    assert bad.status_code == 422 and "Write each period" in bad.content.decode()
    bad = client.post(f"{P}/concierge/{a.pk}/edit/", {**data, "hours_1": "09:00-25:00"})
    assert bad.status_code == 422
    a.refresh_from_db()
    assert "1" not in a.opening_hours
