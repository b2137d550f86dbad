import pytest

from frontoffice.conftest import Api  # noqa: F401
from frontoffice.customers.models import Customer

G = "/api/v1/establishments/hotel/guests"


def test_guest_create_normalises_and_warns_about_look_alikes(desk_api):
    first = desk_api.post(
        G,
        {
            "first_name": "Jan",
            "last_name": "de Vries",
            "email": "Jan@Example.com",
            "phone": "+31 20 123 4567",
            "nationality": "nl",
            "language": "nl",
        },
    )
    assert first.status_code == 201, first.data
    assert first.data["phone"] == "+31201234567"
    assert first.data["email"] == "jan@example.com"
    assert first.data["nationality"] == "NL"
    assert first.data["possible_duplicates"] == []
    second = desk_api.post(G, {"first_name": "J.", "last_name": "Vries", "phone": "+31201234567"})
    assert [d["id"] for d in second.data["possible_duplicates"]] == [first.data["id"]]
    third = desk_api.post(G, {"first_name": "jan", "last_name": "DE VRIES"})
    assert first.data["id"] in [d["id"] for d in third.data["possible_duplicates"]]


@pytest.mark.parametrize(
    "body",
    [
        {"last_name": ""},
        {"last_name": "x", "phone": "call me"},
        {"last_name": "x", "email": "nope"},
        {"last_name": "x", "nationality": "NLD"},
        {"last_name": "x", "vip_level": 9},
        {"last_name": "x", "language": "fr"},
        {"first_name": "only"},
        {"last_name": "\x00"},
    ],
)
def test_guest_bad_input(desk_api, body):
    response = desk_api.post(G, body)
    assert response.status_code == 422, response.data
    assert Customer.objects.count() == 0


def test_guest_search_read_update_history(desk_api, today):
    from frontoffice.conftest import booking

    made = desk_api.post("/api/v1/establishments/hotel/reservations", booking(today)).data
    gid = made["guest"]["id"]
    assert desk_api.get(G, q="love").data["count"] == 1
    assert desk_api.get(G, q="ada@example.com").data["count"] == 1
    assert desk_api.get(G, q=made["confirmation"]).data["count"] == 1
    assert desk_api.get(G, q="nobody").data["count"] == 0
    r = desk_api.patch(f"{G}/{gid}", {"vip_level": 2, "phone": "+48 22 123 45 67"})
    assert r.status_code == 200 and r.data["vip_level"] == 2 and r.data["phone"] == "+48221234567"
    history = desk_api.get(f"{G}/{gid}/history").data
    assert history[0]["user"] == "desk"
    assert {c["field"] for c in history[0]["changes"]} == {"vip_level", "phone"}
    assert desk_api.get(f"{G}/999999").status_code == 404
    assert desk_api.get(f"{G}/99999999999999999999999").status_code in (404, 422)
    assert desk_api.patch(f"{G}/{gid}", {}).status_code == 422


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Muller", ["Jonas Müller"]),
        ("müller", ["Jonas Müller"]),
        ("MULLER jonas", ["Jonas Müller"]),
        ("zielinski", ["Jan Zieliński"]),
        ("zielinsk", ["Zofia Zielińska", "Jan Zieliński"]),
        ("ZIELINSKA", ["Zofia Zielińska"]),
        ("lopez", ["Lucía López"]),
        ("lucia", ["Lucía López"]),
        ("skarsgard", ["Åsa Skarsgård"]),
        ("lowicz", ["Łukasz Łowicz"]),
        ("example.org", ["Jonas Müller"]),  # part of an email
        ("jonas.m", ["Jonas Müller"]),
        ("nobody", []),
    ],
)
def test_search_ignores_accents_and_case_on_every_engine(desk_api, typed, expected):
    for first, last, email in [
        ("Jonas", "Müller", "jonas.mueller@example.org"),
        ("Zofia", "Zielińska", ""),
        ("Jan", "Zieliński", ""),
        ("Lucía", "López", ""),
        ("Åsa", "Skarsgård", ""),
        ("Łukasz", "Łowicz", ""),
    ]:
        made = desk_api.post(G, {"first_name": first, "last_name": last, "email": email})
        assert made.status_code == 201, made.data
    found = desk_api.get(G, q=typed).data["items"]
    assert sorted(f"{g['first_name']} {g['last_name']}" for g in found) == sorted(expected)


def test_reservations_are_found_by_the_guests_name_without_accents(desk_api, hotel, today):
    from frontoffice.conftest import booking

    body = booking(today, guest={"first_name": "Łukasz", "last_name": "Żółkiewski"})
    made = desk_api.post("/api/v1/establishments/hotel/reservations", body)
    assert made.status_code == 201
    for typed in ("zolkiewski", "ŻÓŁKIEWSKI lukasz"):
        listing = desk_api.get("/api/v1/establishments/hotel/reservations", q=typed).data
        assert [r["confirmation"] for r in listing["items"]] == [made.data["confirmation"]]


def test_a_changed_name_is_found_by_its_new_spelling(desk_api):
    made = desk_api.post(G, {"first_name": "Ann", "last_name": "Smith"}).data
    desk_api.patch(f"{G}/{made['id']}", {"last_name": "Sánchez"})
    assert [g["id"] for g in desk_api.get(G, q="sanchez").data["items"]] == [made["id"]]
    assert desk_api.get(G, q="smith").data["count"] == 0


def test_the_pick_list_says_when_more_guests_match_than_it_shows(desk, hotel):
    from django.test import Client

    from frontoffice.customers import services

    for n in range(9):
        services.customer_create(
            establishment=hotel, actor=None, first_name=f"Daan{n}", last_name="Bakker"
        )
    client = Client()
    client.force_login(desk)
    page = client.get("/e/hotel/guests/search/", {"q": "bakker"}).content.decode()
    assert page.count("data-guest-id=") == 8 and "More guests match" in page
    page = client.get("/e/hotel/guests/search/", {"q": "daan8"}).content.decode()
    assert page.count("data-guest-id=") == 1 and "More guests match" not in page


@pytest.fixture
def dutch_hotel(root):
    from frontoffice.core.services.establishments import establishment_create

    return establishment_create(
        actor=root, code="dutch", name="Dutch hotel", timezone_name="Europe/Amsterdam", country="NL"
    )


def test_local_phone_numbers_in_the_establishments_country(root, dutch_hotel, hotel):
    api = Api(root)
    dutch = "/api/v1/establishments/dutch/guests"
    made = api.post(dutch, {"last_name": "Visser", "phone": "06 12345678"})
    assert made.status_code == 201 and made.data["phone"] == "+31612345678"
    abroad = api.post(dutch, {"last_name": "Evans", "phone": "+44 20 7946 0958"})
    assert abroad.data["phone"] == "+442079460958"
    for typed in ("06 1234 5678", "0612345678", "612345678", "+31 6 12345678"):
        found = api.get(dutch, q=typed).data["items"]
        assert [g["last_name"] for g in found] == ["Visser"], typed
    # Where no country is set, a local number cannot be read.
    refused = api.post(G, {"last_name": "Visser", "phone": "06 12345678"})
    assert refused.status_code == 422 and "international format" in refused.data["detail"]


def test_nationality_is_a_real_country(desk_api):
    assert desk_api.post(G, {"last_name": "x", "nationality": "nl"}).data["nationality"] == "NL"
    refused = desk_api.post(G, {"last_name": "y", "nationality": "XX"})
    assert refused.status_code == 422 and refused.data["field"] == "nationality"


def test_the_guest_pages_show_countries_and_phones_as_people_read_them(root, dutch_hotel):
    from django.test import Client

    from frontoffice.customers import services

    guest = services.customer_create(
        establishment=dutch_hotel,
        actor=None,
        last_name="Visser",
        phone="020 123 4567",
        nationality="DE",
    )
    client = Client()
    client.force_login(root)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    page = client.get(f"/e/dutch/guests/{guest.pk}/").content.decode()
    assert "+31 20 123 4567" in page and "Duitsland" in page
    form = client.get(f"/e/dutch/guests/{guest.pk}/edit/").content.decode()
    assert '<option value="DE" selected>Duitsland</option>' in form
    assert '<option value="NL">Nederland</option>' in form
